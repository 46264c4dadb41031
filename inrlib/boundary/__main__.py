"""``python -m inrlib.boundary write-lshape``: rebuild the shipped L-shape reference solution
(deterministic: the same bytes, hence the same sha256, on every machine)."""
from __future__ import annotations

import sys

from .. import checkpoints, cli
from .reference import LSHAPE_FILE, write_lshape_solution


def _write_lshape(args) -> dict:
    path = write_lshape_solution()
    return {"file": str(path), "bytes": path.stat().st_size, "sha256": checkpoints.sha256_of(path)}


def main(argv: list[str] | None = None) -> int:
    parser, commands = cli.parser("python -m inrlib.boundary", "Chapter 03 — boundary conditions")
    commands.add_parser("write-lshape", help=f"solve the L-shape at h = 1/256, rewrite {LSHAPE_FILE.name} "
                                             "and its manifest entry")
    return cli.run(parser, argv, {"write-lshape": _write_lshape})


if __name__ == "__main__":
    sys.exit(main())
