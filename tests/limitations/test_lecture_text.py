"""Lectures 00–03 and 08 teach: predict-then-run prompts, no engineering talk, the deck's numbers right."""
import nbformat
import pytest

from inrlib.course import ROOT

LECTURES = ("00_implicit", "01_ztransform", "02_fdm", "03_boundary", "08_limitations")


def _cells(name):
    return nbformat.read(ROOT / "lectures" / f"{name}.ipynb", as_version=4).cells


@pytest.mark.parametrize("name", LECTURES)
def test_predict_prompts_come_before_the_cell_that_answers_them(name):
    cells = _cells(name)
    prompts = [k for k, c in enumerate(cells) if c.cell_type == "markdown" and "**Predict.**" in c.source]
    assert 2 <= len(prompts) <= 4, f"{name}: {len(prompts)} predict prompts"
    for k in prompts:
        assert k + 1 < len(cells) and cells[k + 1].cell_type == "code", f"{name}: prompt {k} is not followed by its cell"


@pytest.mark.parametrize("name", LECTURES)
def test_no_lecture_text_speaks_of_issues_or_widget_timings(name):
    for cell in _cells(name):
        text = cell.source.lower()
        assert "issue" not in text, cell.source[:80]
        assert "update_seconds" not in text and "redraw_time" not in text, cell.source[:80]


def test_lecture_08_counts_256_network_evaluations_per_ray():
    text = "\n".join(c.source for c in _cells("08_limitations"))
    assert "192" not in text and "64 + (64 + 128) = 256" in text
