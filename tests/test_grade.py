"""`python -m inrlib.course grade`: run students' notebooks headless and report per exercise.

By default the three fastest chapters (01–03) are graded as solutions and as untouched
exercises; set INRLIB_GRADE_ALL=1 to grade all nine chapters both ways (about 3 minutes).
"""
import csv
import os
import re

import nbformat
import pytest

from inrlib import course
from inrlib.checks import grading

FAST = ("01_ztransform", "02_fdm", "03_boundary")
CHAPTERS = [c.stem for c in course.present_chapters()
            if os.environ.get("INRLIB_GRADE_ALL") == "1" or c.stem in FAST]


def _statuses(results):
    return {r.exercise: r.status for r in results}


@pytest.mark.parametrize("stem", CHAPTERS)
def test_every_solution_passes_every_exercise(stem):
    results = grading.grade_notebook(course.ROOT / "solutions" / f"{stem}.ipynb")
    assert results and all(r.status == "passed" for r in results), grading.summary(results)


@pytest.mark.parametrize("stem", CHAPTERS)
def test_an_untouched_exercise_notebook_is_not_attempted_anywhere(stem):
    results = grading.grade_notebook(course.ROOT / "exercises" / f"{stem}.ipynb")
    assert results and all(r.status == "not attempted" for r in results), grading.summary(results)


def _with(source_path, tmp_path, replace):
    """A copy of a solution notebook with the solution code of some cells replaced."""
    nb = nbformat.read(source_path, as_version=4)
    for cell in nb.cells:
        for old, new in replace.items():
            if cell.cell_type == "code" and old in cell.source:
                cell.source = cell.source.replace(old, new)
    path = tmp_path / source_path.name
    nbformat.write(nb, path)
    return path


def test_one_injected_mistake_is_that_exercise_wrong_with_its_hint_and_a_loop_times_out(tmp_path):
    """A student's notebook: simulate swaps the coefficient roles; is_stable never returns;
    a top-level `while True` sits in exercise 4's cell.  The run ends and says so."""
    path = _with(course.ROOT / "solutions" / "01_ztransform.ipynb", tmp_path, {
        "b = np.asarray(output_coeffs, dtype=float)\n    a = np.asarray(input_coeffs, dtype=float)":
            "a = np.asarray(output_coeffs, dtype=float)\n    b = np.asarray(input_coeffs, dtype=float)",
        "return bool(np.all(np.abs(find_poles(output_coeffs)) < 1))": "while True:\n        pass",
        "def two_pole_response(": "while True:\n    pass\n\n\ndef two_pole_response(",
    })
    results = grading.grade_notebook(path, cell_timeout=20)
    status = _statuses(results)
    assert status.pop("simulate") == "wrong"
    assert "swapped the roles" in next(r.hint for r in results if r.exercise == "simulate")
    assert status.pop("is_stable") == "timed out"
    assert status.pop("two_pole_response") == "timed out"
    assert set(status.values()) == {"passed"}, grading.summary(results)
    text = grading.summary(results)
    assert "simulate" in text and "swapped the roles" in text and "timed out" in text


def test_the_command_line_writes_a_summary_and_one_csv_row_per_notebook_and_exercise(tmp_path, capsys):
    crashed = _with(course.ROOT / "solutions" / "02_fdm.ipynb", tmp_path, {
        "def central_difference(": "raise RuntimeError('a student slip at top level')\n\n\ndef central_difference("})
    out = tmp_path / "grades.csv"
    assert course.main(["grade", str(crashed), str(course.ROOT / "exercises" / "02_fdm.ipynb"),
                        "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert re.search(r"02_fdm.ipynb: 5/6 passed", printed) and "0/6 passed" in printed, printed
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 12 and set(rows[0]) == {"notebook", "exercise", "status", "message", "hint"}
    central = [r for r in rows if r["exercise"] == "central_difference" and str(tmp_path) in r["notebook"]]
    assert central[0]["status"] == "crashed" and "RuntimeError: a student slip" in central[0]["message"], central


def test_a_notebook_that_cannot_be_read_is_reported_not_raised(tmp_path):
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{ not json", encoding="utf-8")
    results = grading.grade_notebook(bad)
    assert [r.status for r in results] == ["crashed"]


def test_verdict_lines_are_read_back_from_cell_text():
    text = "(some output)\n✗ simulate: wrong sign\n  Hint: check the sign.\n✓ is_stable: right on 9 systems.\n"
    assert grading.verdicts(text) == [("✗", "simulate", "wrong sign", "check the sign."),
                                      ("✓", "is_stable", "right on 9 systems.", "")]
