"""Course-level checks: the shape every chapter shares (see ../shared/COURSE.md)."""
import json

import nbformat
import pytest

from inrlib import course

NOTEBOOK_DIRS = ("lectures", "exercises", "solutions")
ALL_NOTEBOOKS = sorted(p for d in NOTEBOOK_DIRS for p in (course.ROOT / d).glob("*.ipynb"))
PRESENT = course.present_chapters()


def test_at_least_one_chapter_and_every_notebook_belongs_to_a_chapter():
    assert PRESENT, "no chapter found"
    stems = {c.stem for c in course.chapters()}
    strays = [str(p) for p in ALL_NOTEBOOKS if p.stem not in stems]
    assert not strays, f"notebooks outside the chapter map {stems}: {strays}"


@pytest.mark.parametrize("chapter", PRESENT, ids=lambda c: c.stem)
def test_every_present_chapter_has_all_five_files(chapter):
    missing = [f"{kind}: {path.relative_to(course.ROOT)}" for kind, path in chapter.files().items()
               if not path.exists()]
    assert not missing, f"chapter {chapter.stem} is missing " + ", ".join(missing)


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebooks_are_committed_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [k for k, c in enumerate(nb["cells"])
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts — clear them before committing"


def test_exercises_are_generated_from_the_solutions():
    stale = course.generate_exercises(check=True)
    assert not stale, f"out of date: {[str(p) for p in stale]} — run `python -m inrlib.course`"
    assert sorted(p.name for p in (course.ROOT / "exercises").glob("*.ipynb")) == \
        sorted(p.name for p in (course.ROOT / "solutions").glob("*.ipynb"))


@pytest.mark.parametrize("path", sorted((course.ROOT / "exercises").glob("*.ipynb")), ids=lambda p: p.name)
def test_exercises_hide_every_solution_and_have_four_to_eight_checks(path):
    text = path.read_text(encoding="utf-8")
    assert course.BEGIN not in text and course.END not in text
    nb = nbformat.read(path, as_version=4)
    stubs = [c for c in nb.cells if c.cell_type == "code" and "raise NotImplementedError()" in c.source]
    checks = [c for c in nb.cells if c.cell_type == "code" and "check." in c.source and "check_" in c.source]
    assert 4 <= len(stubs) and 4 <= len(checks) <= 12, (len(stubs), len(checks))
    for cell in nb.cells:  # a stub raising at top level must carry the raises-exception tag
        if cell.cell_type == "code" and any(line.startswith("raise NotImplementedError") for line in cell.source.splitlines()):
            assert "raises-exception" in cell.metadata.get("tags", []), cell.source[:80]
        assert "NBVAL_RAISES_EXCEPTION" not in cell.source


@pytest.mark.parametrize("path", sorted((course.ROOT / "lectures").glob("*.ipynb")), ids=lambda p: p.name)
def test_lectures_open_and_close_as_the_design_says(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0].source.lower()
    assert first.startswith("# ") and "learning objectives" in first and "prerequisites" in first and "time" in first
    assert "summary" in nb.cells[-1].source.lower() and "exercises/" in nb.cells[-1].source
    assert any("widgets" in c.source for c in nb.cells if c.cell_type == "code"), "a lecture needs a widget explorer"
    assert any("assert " in c.source for c in nb.cells if c.cell_type == "code"), "key claims must be asserted"
    slides = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
    assert all(slides) and slides.count("slide") >= 3, "every cell needs slide metadata for nbconvert --to slides"


def test_exercise_generator_replaces_marked_blocks_keeping_indentation():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("def f(x):\n    y = 1\n    ### BEGIN SOLUTION\n    return x + y\n    ### END SOLUTION\n"),
        nbformat.v4.new_markdown_cell("Answer:\n### BEGIN SOLUTION\nbecause.\n### END SOLUTION"),
        nbformat.v4.new_code_cell("print(1)"),
    ])
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb.cells[2].execution_count = 3
    ex = course.make_exercise(nb)
    assert ex.cells[0].source == "def f(x):\n    y = 1\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
    assert ex.cells[1].source == "Answer:\n*YOUR ANSWER HERE*"
    assert ex.cells[2].outputs == [] and ex.cells[2].execution_count is None
    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n")])
    with pytest.raises(ValueError, match="never closed"):
        course.make_exercise(broken)


def test_readme_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    readme = (course.ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = section.split("```")[1::2]
    commands = [line for b in blocks for line in b.strip().splitlines()[1:] if line.strip()]
    assert len(commands) == 2, commands
    ci = (course.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci


def test_lab_launcher_opens_the_repository_with_the_first_lecture(monkeypatch):
    from inrlib import lab

    args = lab.command(["--port", "8899"])
    assert args[1:4] == ["-m", "jupyter", "lab"]
    assert f"--ServerApp.root_dir={course.ROOT}" in args
    assert args[5].endswith("lectures/00_implicit.ipynb") and args[-2:] == ["--port", "8899"]
    monkeypatch.setattr(lab.os, "geteuid", lambda: 0)
    assert "--allow-root" in lab.command()
    monkeypatch.setattr(lab.os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab.command()


def test_benchmarks_refuse_quick_mode_and_find_chapter_modules(capsys):
    from inrlib import benchmarks

    assert benchmarks.main([]) == 2  # the test suite runs in quick mode; benchmarks are full-size
    assert "full mode" in capsys.readouterr().err
    assert benchmarks.chapter_benchmark("implicit") is not None
    assert benchmarks.chapter_benchmark("no_such_topic") is None


@pytest.mark.parametrize("chapter", PRESENT, ids=lambda c: c.stem)
def test_readme_chapter_map_links_every_present_chapter(chapter):
    readme = (course.ROOT / "README.md").read_text(encoding="utf-8")
    for path in chapter.files().values():
        rel = path.relative_to(course.ROOT).as_posix()
        assert f"]({rel})" in readme, f"README's chapter map should link {rel}"


def test_requirements_pin_every_dependency_and_install_inrlib():
    lines = [line.split("#")[0].strip() for line in (course.ROOT / "requirements.txt").read_text().splitlines()]
    lines = [line for line in lines if line]
    assert lines[-1] == "-e ."
    pins = dict(line.split("==") for line in lines[:-1])
    assert all(v and v[0].isdigit() for v in pins.values()), "every dependency is pinned with =="
    assert pins["torch"] == "2.13.0" and "torchvision" not in pins
    for needed in ("jupyterlab", "matplotlib", "ipywidgets", "nbval", "sympy", "numpy", "scipy", "scikit-image"):
        assert needed in pins
