"""Open the course in JupyterLab: ``python -m inrlib.lab [--quick] [jupyter options]``.

The repository is the root of the file browser (lectures/, exercises/, solutions/ side by
side) and the first lecture opens.  ``--quick`` starts the kernels in quick mode
(``INRLIB_QUICK=1``).  Any other option goes to ``jupyter lab`` (``--port 8889``,
``--no-browser`` …).  As root — containers, cloud VMs — ``--allow-root`` is added, since
JupyterLab refuses to start otherwise.
"""
from __future__ import annotations

import os
import sys

from .course import ROOT, chapters


def command(extra: list[str] | None = None) -> list[str]:
    """The ``jupyter lab`` command line this module runs."""
    first = chapters()[0].files()["lecture"]
    args = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT}", str(first)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    return args + list(extra or [])


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--quick" in argv:
        argv.remove("--quick")
        os.environ["INRLIB_QUICK"] = "1"
    args = command(argv)
    print("starting:", " ".join(args), flush=True)
    os.execv(args[0], args)  # replace this process: Ctrl-C goes straight to JupyterLab
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
