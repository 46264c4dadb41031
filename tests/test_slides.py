"""Every lecture exports to a reveal.js deck with one horizontal section per topic."""
import re

import nbformat
import pytest
from nbconvert import SlidesExporter

from inrlib import course

LECTURES = [c.files()["lecture"] for c in course.present_chapters() if c.files()["lecture"].exists()]


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_exports_to_slides_with_one_section_per_topic(path):
    nb = nbformat.read(path, as_version=4)
    headings = [c.source.splitlines()[0] for c in nb.cells
                if c.cell_type == "markdown" and c.source.startswith(("# ", "## "))]
    html, _ = SlidesExporter().from_notebook_node(nb)
    body = html[html.index('<div class="slides">'):]
    # reveal.js: each slide is a <section> holding its vertical <section>s (subslides)
    depth, top = 0, 0
    for tag in re.finditer(r"<(/?)section\b", body):
        if tag.group(1):
            depth -= 1
        else:
            top += depth == 0
            depth += 1
    assert depth == 0, "unbalanced <section> tags"
    assert top == len(headings), f"{top} top-level sections for {len(headings)} '#'/'##' headings"
    title = headings[0].removeprefix("# ").strip()
    assert re.search(re.escape(title.split("·")[-1].strip()[:20]), body), "the title slide is missing"
    assert headings[-1].startswith("## Summary")
