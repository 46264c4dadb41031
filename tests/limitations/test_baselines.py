"""Every baseline beside a benchmark figure says where it comes from: a theory, a paper, a library, the
course's design or "measured here" (chapter 08 measures the whole course; these are chapters 00–03 and 08)."""
import ast
from pathlib import Path

import pytest

import inrlib.benchmarks

MODULES = ("implicit", "ztransform", "fdm", "boundary", "limitations")
SOURCES = ("theory", "measured here", "course design", "the deck", "scipy", "sympy", "simulated", "the defining sum",
           "lu et al.", "instant-ngp", "manifest")


def _baselines(module: str) -> list[tuple[int, str]]:
    path = Path(inrlib.benchmarks.__file__).parent / f"{module}.py"
    source = path.read_text()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Row" and len(node.args) > 3:
            found.append((node.lineno, ast.get_source_segment(source, node.args[3])))
    return found


@pytest.mark.parametrize("module", MODULES)
def test_every_baseline_cites_its_source(module):
    baselines = _baselines(module)
    assert baselines, f"no Row in inrlib/benchmarks/{module}.py"
    for line, text in baselines:
        assert any(s in text.lower() for s in SOURCES), f"{module}.py:{line}: {text} cites no source"
        assert "issue" not in text.lower(), f"{module}.py:{line}: {text}"


@pytest.mark.parametrize("module", MODULES)
def test_benchmark_modules_speak_to_students(module):
    text = (Path(inrlib.benchmarks.__file__).parent / f"{module}.py").read_text().lower()
    assert "issue" not in text
