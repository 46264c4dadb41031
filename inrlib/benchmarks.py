"""Benchmarks: every chapter's headline numbers, in full mode, written to BENCHMARKS.md.

    python -m inrlib.benchmarks                  # all chapters that have a benchmark
    python -m inrlib.benchmarks --chapter 00     # one chapter (others keep their rows)
    python -m inrlib.benchmarks --notebooks      # also time each lecture/solution in full mode

Each chapter adds one function ``bench_<topic>()`` returning :class:`Row` s — metric,
value, the baseline or target beside it, wall time — and registers it in ``BENCHMARKS``.
Figures quoted in issues and lectures are met here, not in timed unit tests.
"""
from __future__ import annotations

import argparse
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

from .course import ROOT, chapters

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


def machine() -> str:
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"torch {torch.__version__} ({torch.get_num_threads()} threads), Python {platform.python_version()}")


# ----------------------------------------------------------------------------- chapter 00
def bench_implicit() -> list[Row]:
    """128² camera: four networks, SIREN's time to 36 dB, 2× query vs bicubic, a second image."""
    from .data import load_image
    from .implicit import MODEL_KINDS, MODEL_LABELS, bicubic_upsample, fit_image, make_model, render
    from .metrics import psnr

    rows, image, truth = [], load_image("camera", 128), load_image("camera", 256)
    for kind in MODEL_KINDS:
        model = make_model(kind, hidden_features=128, hidden_layers=3)
        history = fit_image(model, image, 500, log_every=10, progress=False)
        final = psnr(render(model, 128, 128), image)
        if kind == "siren":
            reached = [t for t, p in zip(history.seconds, history.metrics["psnr"]) if p >= 36.0]
            t36 = reached[0] if reached else float("inf")
            rows.append(Row("00", "SIREN 128² camera: seconds to 36 dB training PSNR", f"{t36:.1f} s",
                            "target ≤ 30 s", t36, t36 <= 30.0))
            sr, bic = psnr(render(model, 256, 256), truth), psnr(bicubic_upsample(image, 256, 256), truth)
            rows.append(Row("00", "SIREN trained on 128², queried at 256² (PSNR vs true 256²)", f"{sr:.2f} dB",
                            f"bicubic {bic:.2f} dB (issue measured 27.8 vs 29.9)", history.seconds[-1],
                            sr < bic + 1.5))
        rows.append(Row("00", f"{MODEL_LABELS[kind]}, 500 steps, 128² camera (training PSNR)",
                        f"{final:.2f} dB", "ReLU MLP row is the baseline", history.seconds[-1]))
    other = load_image("astronaut", 128, gray=True)
    start = time.perf_counter()
    second = make_model("siren", hidden_features=128, hidden_layers=3)
    h2 = fit_image(second, other, 500, log_every=100, progress=False)
    rows.append(Row("00", "a second image (astronaut) = a second training run", f"{h2.metrics['psnr'][-1]:.2f} dB",
                    "no reuse possible", time.perf_counter() - start))
    return rows


BENCHMARKS: dict[str, Callable[[], list[Row]]] = {"00": bench_implicit}


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
    parser.add_argument("--threads", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    if os.environ.get("INRLIB_QUICK"):
        print("benchmarks run in full mode: unset INRLIB_QUICK", file=sys.stderr)
        return 2
    torch.set_num_threads(args.threads)
    wanted = args.chapter or list(BENCHMARKS)
    unknown = [c for c in wanted if c not in {c.number for c in chapters()}]
    if unknown:
        parser.error(f"--chapter must be one of {[c.number for c in chapters()]}, got {unknown}")
    old = [Row(**r) for r in json.loads(RESULTS_JSON.read_text())] if RESULTS_JSON.exists() else []
    rows = [r for r in old if r.chapter not in wanted]
    for number in wanted:
        if number in BENCHMARKS:
            print(f"chapter {number}: running benchmark …", flush=True)
            rows += BENCHMARKS[number]()
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
