"""Benchmarks: every chapter's headline numbers, in full mode, written to BENCHMARKS.md.

    python -m inrlib.benchmarks                  # all chapters that have a benchmark
    python -m inrlib.benchmarks --chapter 00     # one chapter (the others keep their rows)
    python -m inrlib.benchmarks --notebooks      # also time each lecture/solution in full mode

Each chapter adds one module ``inrlib/benchmarks/<topic>.py`` whose ``run()`` returns
:class:`Row` s — metric, value, the baseline or target beside it, wall time, pass/fail.
Figures quoted in issues and lectures are met here, not in timed unit tests.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import torch

from ..checkpoints import MAX_BYTES, read_manifest
from ..course import ROOT, chapters
from ..settings import set_threads

RESULTS_JSON = ROOT / "benchmarks.json"
REPORT = ROOT / "BENCHMARKS.md"


@dataclass
class Row:
    chapter: str
    metric: str
    value: str
    baseline: str
    seconds: float
    passed: bool | None = None  # None: informational, no target


def shipped_weights_row(chapter: str, name: str) -> Row:
    """The row every chapter with shipped weights starts with: size, command, description."""
    entry = read_manifest()[name]
    return Row(chapter, f"shipped weights `{name}`", f"{entry['bytes'] / 2**20:.2f} MB",
               f"`{entry['command']}`: {entry['description']}", 0.0, entry["bytes"] <= MAX_BYTES)


def machine() -> str:
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"torch {torch.__version__} ({torch.get_num_threads()} threads), Python {platform.python_version()}")


def chapter_benchmark(topic: str) -> Callable[[], list[Row]] | None:
    """``run`` of ``inrlib.benchmarks.<topic>``, or None if the chapter has no benchmark yet."""
    try:
        module = importlib.import_module(f"{__name__}.{topic}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{topic}":
            return None
        raise
    return module.run


# ----------------------------------------------------------------------------- notebooks
def time_notebook(path: Path, timeout: int = 900) -> Row:
    """Run one notebook top to bottom in full mode; its wall time against the 5-minute budget."""
    env = {k: v for k, v in os.environ.items() if k != "INRLIB_QUICK"}
    env.setdefault("MPLBACKEND", "Agg")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                           "--stdout", f"--ExecutePreprocessor.timeout={timeout}", str(path)],
                          env=env, capture_output=True, text=True, cwd=path.parent)
    seconds = time.perf_counter() - start
    ok = proc.returncode == 0 and seconds <= 300
    status = "ran" if proc.returncode == 0 else "FAILED"
    return Row(path.stem[:2], f"{path.parent.name}/{path.name} full mode, top to bottom", f"{status} in {seconds:.0f} s",
               "budget ≤ 300 s", seconds, ok)


def write_report(rows: list[Row]) -> None:
    lines = ["# Benchmarks", "",
             "Written by `python -m inrlib.benchmarks` (full mode). Do not edit by hand.", "",
             f"Machine: {machine()}  ", f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
             "| ch | metric | value | baseline / target | wall time | ok |",
             "|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: r.chapter):
        mark = "" if r.passed is None else ("✓" if r.passed else "✗")
        lines.append(f"| {r.chapter} | {r.metric} | {r.value} | {r.baseline} | {r.seconds:.1f} s | {mark} |")
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inrlib.benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapter", action="append", help="chapter number(s) to run, e.g. 00")
    parser.add_argument("--notebooks", action="store_true", help="also time lectures and solutions in full mode")
    parser.add_argument("--threads", type=int, default=None,
                        help="PyTorch CPU threads (default: inrlib.settings.default_threads())")
    args = parser.parse_args(argv)
    if os.environ.get("INRLIB_QUICK"):
        print("benchmarks run in full mode: unset INRLIB_QUICK", file=sys.stderr)
        return 2
    set_threads(args.threads)
    by_number = {c.number: c for c in chapters()}
    wanted = args.chapter or [c.number for c in chapters() if chapter_benchmark(c.topic)]
    unknown = [c for c in wanted if c not in by_number]
    if unknown:
        parser.error(f"--chapter must be one of {[c.number for c in chapters()]}, got {unknown}")
    old = [Row(**r) for r in json.loads(RESULTS_JSON.read_text())] if RESULTS_JSON.exists() else []
    rows = [r for r in old if r.chapter not in wanted]
    for number in wanted:
        run = chapter_benchmark(by_number[number].topic)
        if run is not None:
            print(f"chapter {number}: running benchmark …", flush=True)
            rows += run()
        if args.notebooks:
            for chapter in chapters():
                if chapter.number == number:
                    for kind in ("lecture", "solution"):
                        path = chapter.files()[kind]
                        if path.exists():
                            print(f"timing {path.relative_to(ROOT)} …", flush=True)
                            rows.append(time_notebook(path))
    RESULTS_JSON.write_text(json.dumps([asdict(r) for r in rows], indent=1), encoding="utf-8")
    write_report(rows)
    for r in rows:
        print(f"  [{r.chapter}] {r.metric}: {r.value} ({r.baseline}) {'' if r.passed is None else '✓' if r.passed else '✗'}")
    print(f"wrote {REPORT.relative_to(ROOT)}")
    return 0 if all(r.passed is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
