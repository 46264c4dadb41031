"""The course's own machinery: the chapter map and the exercise generator.

Chapter ``NN`` with topic ``t`` has five files that share the name::

    lectures/NN_t.ipynb   exercises/NN_t.ipynb   solutions/NN_t.ipynb
    inrlib/t.py           tests/test_t.py        (or, for a package: inrlib/t/ and tests/t/)

Exercises are generated from solutions (never edited by hand)::

    python -m inrlib.course            # regenerate exercises/ from solutions/
    python -m inrlib.course --check    # exit 1 if exercises/ is out of date
    python -m inrlib.course grade PATH… [--out grades.csv]   # grade students' notebooks

In a solution notebook, code between ``### BEGIN SOLUTION`` and ``### END SOLUTION``
becomes ``# YOUR CODE HERE`` + ``raise NotImplementedError()`` (same indentation), and
in a markdown cell the text between the markers becomes ``*YOUR ANSWER HERE*``.
Outputs and execution counts are stripped.
"""
from __future__ import annotations

import argparse
import copy
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent

#: (number, topic, title) in teaching order — the chapter map of the README.
CHAPTERS = (
    ("00", "implicit", "What is an implicit neural network?"),
    ("01", "ztransform", "Difference equations and the z-transform"),
    ("02", "fdm", "Finite differences"),
    ("03", "boundary", "Boundary conditions"),
    ("04", "pinn", "Physics-informed neural networks"),
    ("05", "nerf", "NeRF: neural radiance fields"),
    ("06", "liif", "LIIF: one model for every scale"),
    ("07", "videoinr", "VideoINR: continuous space-time super-resolution"),
    ("08", "limitations", "Limitations, measured"),
)

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB_CODE = ["# YOUR CODE HERE", "raise NotImplementedError()"]
STUB_MARKDOWN = "*YOUR ANSWER HERE*"


@dataclass(frozen=True)
class Chapter:
    number: str
    topic: str
    title: str

    @property
    def stem(self) -> str:
        return f"{self.number}_{self.topic}"

    def files(self, root: Path = ROOT) -> dict[str, Path]:
        """The chapter's five files (they may not all exist yet). A chapter with several
        concepts has a package ``inrlib/<topic>/`` and a test folder ``tests/<topic>/``
        that mirrors it, in place of ``inrlib/<topic>.py`` and ``tests/test_<topic>.py``."""
        package, tests = root / "inrlib" / self.topic, root / "tests" / self.topic
        return {
            "lecture": root / "lectures" / f"{self.stem}.ipynb",
            "exercise": root / "exercises" / f"{self.stem}.ipynb",
            "solution": root / "solutions" / f"{self.stem}.ipynb",
            "module": package if (package / "__init__.py").exists() else root / "inrlib" / f"{self.topic}.py",
            "test": tests if tests.is_dir() else root / "tests" / f"test_{self.topic}.py",
        }

    def present(self, root: Path = ROOT) -> bool:
        """A chapter is present once any of its five files exists."""
        return any(p.exists() for p in self.files(root).values())


def chapters() -> list[Chapter]:
    return [Chapter(*c) for c in CHAPTERS]


def present_chapters(root: Path = ROOT) -> list[Chapter]:
    return [c for c in chapters() if c.present(root)]


# ----------------------------------------------------------------------------- exercises
def _strip_code(source: str, where: str) -> str:
    lines, out, inside, indent = source.split("\n"), [], False, ""
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped == BEGIN:
            if inside:
                raise ValueError(f"{where}: nested {BEGIN} at line {number}")
            inside, indent = True, line[: len(line) - len(line.lstrip())]
            out += [indent + s for s in STUB_CODE]
        elif stripped == END:
            if not inside:
                raise ValueError(f"{where}: {END} without {BEGIN} at line {number}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{where}: {BEGIN} is never closed")
    return "\n".join(out)


def _strip_markdown(source: str, where: str) -> str:
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if source.count(BEGIN) != source.count(END):
        raise ValueError(f"{where}: unbalanced solution markers")
    return pattern.sub(STUB_MARKDOWN, source)


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Copy of ``nb`` without outputs, execution counts or kernel-run metadata."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
    return nb


def make_exercise(solution: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """The exercise notebook for a solution notebook (see the module docstring)."""
    nb = clean(solution)
    for k, cell in enumerate(nb.cells):
        if BEGIN not in cell.source and END not in cell.source:
            continue
        where = f"{name}, cell {k}"
        cell.source = _strip_code(cell.source, where) if cell.cell_type == "code" else _strip_markdown(cell.source, where)
    nb.metadata["inr_course"] = {"generated_from": f"solutions/{name}",
                                 "note": "generated by `python -m inrlib.course`: edit the solution, not this file"}
    return nb


def exercise_text(solution_path: Path) -> str:
    nb = nbformat.read(solution_path, as_version=4)
    return nbformat.writes(make_exercise(nb, solution_path.name)) + "\n"


def generate_exercises(root: Path = ROOT, check: bool = False) -> list[Path]:
    """Write (or, with ``check``, compare) ``exercises/`` from ``solutions/``.

    Returns the exercise files that were out of date.
    """
    stale = []
    for solution in sorted((root / "solutions").glob("*.ipynb")):
        target = root / "exercises" / solution.name
        text = exercise_text(solution)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(target)
            if not check:
                target.parent.mkdir(exist_ok=True)
                target.write_text(text, encoding="utf-8")
    return stale


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["grade"]:
        from .checks.grading import main as grade_main

        return grade_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m inrlib.course", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that exercises/ is up to date")
    args = parser.parse_args(argv)
    stale = generate_exercises(check=args.check)
    for path in stale:
        print(("out of date: " if args.check else "wrote ") + str(path.relative_to(ROOT)))
    if args.check and stale:
        print("run `python -m inrlib.course` to regenerate the exercises", file=sys.stderr)
        return 1
    if not stale:
        print("exercises/ is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
