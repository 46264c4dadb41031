"""Grade students' exercise notebooks: ``python -m inrlib.course grade PATH… [--out grades.csv]``.

Each notebook runs headless, top to bottom, in its own fresh kernel, in quick mode, in a
scratch directory, with a time limit per cell and the network blocked (only this machine
can be reached).  Each exercise is then read off the verdict line its check printed
(``✓ name: …`` / ``✗ name: …`` / ``… name: not implemented yet``) and classed as

* ``passed``         the check printed ✓
* ``wrong``          the check printed ✗ (the message and hint are kept)
* ``not attempted``  the check printed "not implemented yet"
* ``timed out``      the student's code ran past a limit (the check's, or the cell's)
* ``crashed``        the student's code raised, or the check cell itself failed

An exercise is a code cell that calls ``check.check_<name>(…)``; a cell with several calls
holds several exercises, in the order of the calls.
"""
from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import nbformat

from .core import FAIL, PASS, TIMEOUT_PHRASE, TODO

STATUSES = ("passed", "wrong", "not attempted", "timed out", "crashed")
CALL = re.compile(r"\bcheck\.check_(\w+)\s*\(")
VERDICT = re.compile(rf"^([{PASS}{FAIL}{TODO}]) ([^:\n]+): (.*)$")

#: Kept out of the kernel: proxies point nowhere and Python sockets may reach only loopback.
_NETWORK_GUARD = '''
import ipaddress as _ip, socket as _socket
def _inr_local(host):
    if isinstance(host, bytes):
        host = host.decode()
    if host in (None, "", "localhost", "localhost.localdomain", _socket.gethostname()):
        return True
    try:
        return _ip.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False
def _inr_refuse(what):
    raise ConnectionRefusedError("network access is blocked while grading: " + str(what))
_inr_connect, _inr_connect_ex, _inr_getaddrinfo = _socket.socket.connect, _socket.socket.connect_ex, _socket.getaddrinfo
def _inr_guarded_connect(self, address):
    if self.family in (_socket.AF_INET, _socket.AF_INET6) and not _inr_local(address[0]):
        _inr_refuse(address)
    return _inr_connect(self, address)
def _inr_guarded_connect_ex(self, address):
    if self.family in (_socket.AF_INET, _socket.AF_INET6) and not _inr_local(address[0]):
        _inr_refuse(address)
    return _inr_connect_ex(self, address)
def _inr_guarded_getaddrinfo(host, *args, **kwargs):
    if not _inr_local(host):
        _inr_refuse(host)
    return _inr_getaddrinfo(host, *args, **kwargs)
_socket.socket.connect, _socket.socket.connect_ex = _inr_guarded_connect, _inr_guarded_connect_ex
_socket.getaddrinfo = _inr_guarded_getaddrinfo
'''


@dataclass
class Result:
    notebook: str
    exercise: str
    status: str
    message: str = ""
    hint: str = ""


@dataclass
class _Cell:
    index: int
    outputs: list = field(default_factory=list)
    timed_out: bool = False
    error: str = ""
    ran: bool = False


def _text(outputs: list) -> str:
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif out.get("output_type") in ("execute_result", "display_data"):
            parts.append(out.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def verdicts(text: str) -> list[tuple[str, str, str, str]]:
    """``(mark, name, message, hint)`` of each verdict line in a cell's printed text."""
    lines, found = text.splitlines(), []
    for k, line in enumerate(lines):
        m = VERDICT.match(line)
        if m:
            hint = ""
            if k + 1 < len(lines) and lines[k + 1].startswith("  Hint: "):
                hint = lines[k + 1][len("  Hint: "):]
            found.append((m.group(1), m.group(2), m.group(3), hint))
    return found


@contextlib.contextmanager
def _kernel_environment(quick: bool):
    """Environment of the grading kernels: quick mode, no display, CPU, no network."""
    scratch = Path(tempfile.mkdtemp(prefix="inr-grade-site-"))
    (scratch / "sitecustomize.py").write_text(_NETWORK_GUARD, encoding="utf-8")
    changes = {"INRLIB_QUICK": "1" if quick else "0", "MPLBACKEND": "Agg", "INRLIB_DEVICE": "cpu",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(scratch), os.environ.get("PYTHONPATH")])),
               "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
               "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
               "HF_HUB_OFFLINE": "1", "TQDM_DISABLE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    saved = {k: os.environ.get(k) for k in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        shutil.rmtree(scratch, ignore_errors=True)


def run_notebook(path: Path, *, cell_timeout: float = 120.0, quick: bool = True,
                 startup_timeout: float = 60.0) -> tuple[nbformat.NotebookNode, list[_Cell]]:
    """Execute a copy of the notebook in a fresh kernel, cell by cell, never stopping at an
    error or a timeout; returns the executed notebook and what happened in each cell."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    cells = [_Cell(k) for k in range(len(nb.cells))]
    workdir = Path(tempfile.mkdtemp(prefix="inr-grade-"))
    marker = "inrlib-grade: the cell ran past its time limit"
    client = NotebookClient(nb, timeout=int(cell_timeout), startup_timeout=int(startup_timeout),
                            kernel_name="python3", allow_errors=True, interrupt_on_timeout=True,
                            error_on_timeout={"ename": "CellTimeout", "evalue": marker, "traceback": [marker]},
                            resources={"metadata": {"path": str(workdir)}}, record_timing=False)
    try:
        with _kernel_environment(quick), client.setup_kernel():
            for k, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                start = time.monotonic()
                try:
                    client.execute_cell(cell, k)
                except CellExecutionError as exc:  # pragma: no cover - allow_errors keeps these away
                    cells[k].error = str(exc).splitlines()[0] if str(exc) else "error"
                except DeadKernelError:
                    cells[k].error = "the kernel died (out of memory, or os._exit?)"
                    cells[k].ran = True
                    break
                cells[k].ran = True
                cells[k].outputs = list(cell.get("outputs", []))
                for out in cells[k].outputs:
                    if out.get("output_type") == "error":
                        if out.get("ename") == "CellTimeout" or (out.get("ename") == "KeyboardInterrupt" and
                                                                 time.monotonic() - start >= cell_timeout * 0.9):
                            cells[k].timed_out = True
                        elif "raises-exception" not in cell.metadata.get("tags", []):
                            cells[k].error = f"{out.get('ename')}: {out.get('evalue', '')}".strip()[:300]
    except RuntimeError as exc:  # the kernel did not start
        for c in cells:
            c.error = c.error or f"could not run the notebook: {exc}"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return nb, cells


def grade_notebook(path: Path | str, *, cell_timeout: float = 120.0, quick: bool = True) -> list[Result]:
    """One :class:`Result` per exercise of the notebook at ``path``."""
    path = Path(path)
    try:
        nb, cells = run_notebook(path, cell_timeout=cell_timeout, quick=quick)
    except Exception as exc:  # noqa: BLE001 - an unreadable notebook is a result, not a crash of the command
        return [Result(str(path), "(notebook)", "crashed", f"could not read or run it: {exc}")]
    results, span_start = [], 0
    for k, cell in enumerate(nb.cells):
        names = CALL.findall(cell.source) if cell.cell_type == "code" else []
        if not names:
            continue
        span = cells[span_start:k]
        span_start = k + 1
        found = verdicts(_text(cells[k].outputs))
        span_timeout = any(c.timed_out for c in span)
        span_error = next((c.error for c in span if c.error), "")
        for i, name in enumerate(names):
            if i < len(found):
                mark, _, message, hint = found[i]
                if mark == PASS:
                    status = "passed"
                elif span_timeout or TIMEOUT_PHRASE in message:
                    status = "timed out"
                elif mark == TODO:
                    status = "not attempted"
                elif message.startswith("your code raised"):
                    status = "crashed"
                else:
                    status = "wrong"
                results.append(Result(str(path), name, status, message, hint))
            elif cells[k].timed_out or span_timeout:
                results.append(Result(str(path), name, "timed out", "a cell ran past its time limit"))
            elif not cells[k].ran:
                results.append(Result(str(path), name, "crashed", span_error or "the notebook stopped before this check"))
            else:
                results.append(Result(str(path), name, "crashed", span_error or cells[k].error or "no verdict printed"))
    if not results:
        results.append(Result(str(path), "(notebook)", "not attempted", "no exercise checks found in it"))
    return results


def _notebooks(paths: Iterable[str]) -> list[Path]:
    found = []
    for p in map(Path, paths):
        found += sorted(p.glob("*.ipynb")) if p.is_dir() else [p]
    return found


def summary(results: list[Result]) -> str:
    """A readable report: per notebook, one line per exercise, then the counts."""
    lines, by_notebook = [], {}
    for r in results:
        by_notebook.setdefault(r.notebook, []).append(r)
    width = max((len(r.exercise) for r in results), default=10)
    symbol = {"passed": PASS, "wrong": FAIL, "not attempted": TODO, "timed out": "⏱", "crashed": "!"}
    for notebook, rows in by_notebook.items():
        counts = {s: sum(r.status == s for r in rows) for s in STATUSES}
        lines.append(f"{notebook}: {counts['passed']}/{len(rows)} passed")
        for r in rows:
            detail = f" — {r.message}" if r.status not in ("passed", "not attempted") and r.message else ""
            if r.hint and r.status == "wrong":
                detail += f" (hint: {r.hint})"
            lines.append(f"  {symbol[r.status]} {r.exercise:<{width}} {r.status}{detail[:220]}")
    totals = {s: sum(r.status == s for r in results) for s in STATUSES}
    lines.append("total: " + ", ".join(f"{n} {s}" for s, n in totals.items() if n) +
                 f" ({len(results)} exercises in {len(by_notebook)} notebooks)")
    return "\n".join(lines)


def write_csv(results: list[Result], out: Path | str) -> None:
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["notebook", "exercise", "status", "message", "hint"])
        for r in results:
            writer.writerow([r.notebook, r.exercise, r.status, r.message, r.hint])


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m inrlib.course grade",
                                     description="Run students' exercise notebooks headless and report, per "
                                                 "exercise: passed / wrong / not attempted / timed out / crashed.")
    parser.add_argument("paths", nargs="+", help="notebooks, or folders of notebooks")
    parser.add_argument("--out", help="also write a CSV, one row per notebook × exercise")
    parser.add_argument("--cell-timeout", type=float, default=120.0, help="seconds per cell (default 120)")
    parser.add_argument("--full", action="store_true", help="run in full mode instead of quick mode")
    args = parser.parse_args(argv)
    notebooks = _notebooks(args.paths)
    if not notebooks:
        print("no notebooks found", file=sys.stderr)
        return 2
    results = []
    for nb_path in notebooks:
        print(f"grading {nb_path} …", file=sys.stderr, flush=True)
        results += grade_notebook(nb_path, cell_timeout=args.cell_timeout, quick=not args.full)
    print(summary(results))
    if args.out:
        write_csv(results, args.out)
        print(f"wrote {args.out}")
    return 0
