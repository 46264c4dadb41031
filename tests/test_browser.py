"""A real browser runs every lecture's explorers: JupyterLab + headless Chromium, via Playwright.

What a class does, end to end, once per lecture (``lectures/00`` … ``08``, quick mode):
JupyterLab opens the lecture, *Run ▸ Run All Above Selected Cell* (the cell after the
lecture's last explorer selected) runs the lecture up to and including its explorers — the
cells after them are never needed by an explorer — the kernel goes idle with those cells
numbered and no traceback.  Then, for each explorer (a cell that ends by showing one):

* every slider's track (its ``.slider-container``) is at least ``MIN_TRACK_PX`` wide in a
  1400 × 1000 window — a slider squeezed by its neighbours cannot be dragged;
* a few key presses on one slider must redraw the explorer's figure (new pixels).

One JupyterLab server and one Chromium serve all lectures; each lecture's kernel is shut
down once its test is done.  Screenshots, and ``browser_report.json`` (track widths and
times), are kept in ``test-artifacts/``.

Needs the system Chromium (Debian: ``apt-get install chromium``) and Playwright's Python
package (``pip install -r requirements.txt``); Playwright's own browser download is never
used.  Missing either, the test is skipped — except when ``CI`` is set, where it fails.
``INRLIB_CHROMIUM=/path/to/chromium`` picks another Chromium binary.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LECTURES = ROOT / "lectures"
#: The slider each explorer's test moves, per lecture, in the order the explorers appear.
SLIDER_TO_MOVE = {
    "00_implicit": ["scale"],
    "01_ztransform": ["pole r", "m (kg)"],
    "02_fdm": ["h", "Δt"],
    "03_boundary": ["value"],          # the first of the four sides' sliders
    "04_pinn": ["points"],
    "05_nerf": ["azimuth °"],
    "06_liif": ["scale ×"],
    "07_videoinr": ["t"],
    "08_limitations": ["N points"],
}
PRESSES = 3           # key presses on the slider (each one a redraw)
MIN_TRACK_PX = 150    # the narrowest slider track a student can still drag
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# JupyterLab settings for this throw-away server: never write the notebook back, render
# every cell (no windowing, so every prompt is in the page), no news/update requests.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}
SERVER_START_S = 60    # JupyterLab answers /api/status
PAGE_S = 90            # the notebook is open and its kernel idle
RUN_S = 240            # the lecture has run up to its explorers (quick mode: ≤ 45 s each)
REDRAW_S = 60          # the explorer shows its new figure (a NeRF view or a PINN fit takes seconds)
RUN_ABOVE_LABEL = re.compile(r"^Run All Above Selected Cell$")
RUN_ALL_LABEL = re.compile(r"^Run All Cells$")  # Run menu; "Restart Kernel and Run All Cells…" is another


def explorer_cells(notebook: Path) -> list[int]:
    """Indices (among all cells) of the code cells that end by showing an explorer they built:
    ``name = SomeExplorer(...)`` … ``name.widget()`` or ``name``."""
    cells = nbformat.read(notebook, as_version=4).cells
    found = []
    for index, cell in enumerate(cells):
        lines = [line for line in cell.source.strip().splitlines() if line.strip()]
        shown = re.fullmatch(r"(\w+)(\.widget\(\))?", lines[-1]) if cell.cell_type == "code" and lines else None
        if shown and re.search(rf"^{shown[1]} = \w+\(", cell.source, re.M):
            found.append(index)
    return found


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(what: str, install: str):
    """Skip locally, fail on CI: CI must really run the browser."""
    message = f"{what} — install it: {install}"
    if on_ci():
        pytest.fail(f"CI is set, so the browser test must run: {message}", pytrace=False)
    pytest.skip(message)


def find_chromium() -> str | None:
    override = os.environ.get("INRLIB_CHROMIUM")
    if override:
        return override if os.access(override, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        where = os.environ.get("INRLIB_CHROMIUM") or "/usr/bin/chromium (or chromium on PATH)"
        missing(f"no Chromium at {where}", "`apt-get install chromium` (Debian/Ubuntu, as root)")
    return path


@pytest.fixture(scope="module")
def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the Python package playwright is not installed",
                "`pip install -r requirements.txt` (never `playwright install`: the system Chromium is used)")
    return sync_playwright


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """One JupyterLab on 127.0.0.1 serving a copy of the lectures; stopped whatever happens.

    The copy keeps the repository's notebooks untouched (no outputs, no checkpoints).
    Yields ``(base_url, token)``.
    """
    tmp_path = tmp_path_factory.mktemp("jupyterlab")
    root = tmp_path / "course"
    shutil.copytree(LECTURES, root / "lectures", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = tmp_path / "lab-settings"
    for plugin, values in LAB_SETTINGS.items():
        file = settings / (plugin + ".jupyterlab-settings")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, INRLIB_QUICK="1", JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    env.pop("MPLBACKEND", None)  # the classroom's inline backend, not conftest's Agg
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
           "--LabApp.news_url=", "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = tmp_path / "jupyterlab.log"
    with open(log_path, "w") as log:
        yield from serve(cmd, env, root, log, log_path, f"http://127.0.0.1:{port}", token)


def serve(cmd: list[str], env: dict, root: Path, log, log_path: Path, base: str, token: str):
    """Start the server, wait until it answers, yield ``(base, token)``, stop it whatever happens."""
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited ({server.returncode}):\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer in {SERVER_START_S} s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()   # SIGTERM: the server shuts its kernels down
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)  # its own session; its kernels exit when their parent dies
            server.wait(timeout=10)


def shut_down_kernels(base: str, token: str) -> None:
    """End every session (and its kernel): the next lecture gets the machine's memory."""
    headers = {"Authorization": f"token {token}"}
    with urllib.request.urlopen(urllib.request.Request(f"{base}/api/sessions", headers=headers), timeout=10) as r:
        sessions = json.load(r)
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}", headers=headers, method="DELETE")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(request, timeout=30).close()


@pytest.fixture(scope="module")
def browser(chromium, playwright_api):
    with playwright_api() as p:
        chrome = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield chrome
        finally:
            chrome.close()


@pytest.fixture(scope="module")
def report():
    """Track widths and times of every lecture, printed and kept in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    for stale in [*ARTIFACTS.glob("browser_*.png"), ARTIFACTS / "browser_report.json"]:
        stale.unlink(missing_ok=True)   # only this run's pictures remain
    start, lectures = time.monotonic(), {}
    yield lectures
    total = time.monotonic() - start
    (ARTIFACTS / "browser_report.json").write_text(json.dumps({"total_s": round(total, 1), "lectures": lectures},
                                                              indent=2, ensure_ascii=False))
    print(f"\nbrowser test: {len(lectures)} lectures in {total:.0f} s (server and browser start included)")


# JavaScript predicates evaluated in the page -------------------------------------------------
KERNEL_IDLE = """() => {
  const s = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
  return s !== null && s.getAttribute('data-status') === 'idle';
}"""
RUN_FINISHED = """() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
  return !prompts.some(p => p.textContent.includes('*')) && (KERNEL_IDLE)();
}""".replace("KERNEL_IDLE", KERNEL_IDLE)
CELLS_STARTED = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
  .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""
PROMPTS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
  .map(c => c.classList.contains('jp-CodeCell') ? c.querySelector('.jp-InputPrompt').textContent.trim() : null)"""
# Everything that shows the explorer's state: the slider readouts and the figure's image(s).
EXPLORER_STATE = """el => [...el.querySelectorAll('.widget-readout'), ...el.querySelectorAll('img')]
  .map(e => e.tagName === 'IMG' ? e.getAttribute('src') : e.textContent.trim()).join('|')"""
TRACKS = """el => [...el.querySelectorAll('.widget-slider')].map(s => ({
  label: s.querySelector('.widget-label').textContent.trim(),
  track: Math.round(s.querySelector('.slider-container').getBoundingClientRect().width),
  slider: Math.round(s.getBoundingClientRect().width)}))"""


@pytest.mark.parametrize("lecture", sorted(SLIDER_TO_MOVE))
def test_lecture_explorers_answer_in_jupyterlab(lecture, browser, jupyterlab, report):
    base, token = jupyterlab
    notebook = Path("lectures") / f"{lecture}.ipynb"
    cells = explorer_cells(ROOT / notebook)
    assert len(cells) == len(SLIDER_TO_MOVE[lecture]), \
        f"{notebook} shows {len(cells)} explorers (cells {cells}); name a slider to move for each in SLIDER_TO_MOVE"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(30_000)
    started, explorers = time.monotonic(), []
    try:
        run_up_to(page, base, token, notebook, cells[-1])
        ran = time.monotonic() - started
        for number, (cell, label) in enumerate(zip(cells, SLIDER_TO_MOVE[lecture]), 1):
            explorers.append(check_explorer(page, lecture, number, cell, label))
        page.screenshot(path=str(ARTIFACTS / f"browser_{lecture}.png"))
    except (Exception, pytest.fail.Exception):
        failed = ARTIFACTS / f"browser_{lecture}_failure.png"
        with contextlib.suppress(Exception):  # never hide the real failure
            page.screenshot(path=str(failed))
            print(f"screenshot at failure: {failed}")
        raise
    finally:
        page.close()
        with contextlib.suppress(OSError):
            shut_down_kernels(base, token)
    report[lecture] = {"run_s": round(ran, 1), "total_s": round(time.monotonic() - started, 1),
                       "explorers": explorers}
    print(f"{notebook}: ran up to its explorers in {ran:.1f} s (page load included); "
          f"{len(explorers)} explorer(s) answered; {time.monotonic() - started:.1f} s in all")


def run_menu(page, label: re.Pattern) -> None:
    """Run ▸ ``label``, as a teacher would; retried while JupyterLab is still wiring the menu."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for attempt in range(3):
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        item = page.locator(".lm-Menu-item", has=page.locator(".lm-Menu-itemLabel", has_text=label))
        item.wait_for(timeout=10_000)
        if item.get_attribute("aria-disabled") != "true":
            item.click()
            try:
                page.wait_for_function(CELLS_STARTED, timeout=15_000, polling=250)
                return
            except PlaywrightTimeoutError:
                print(f"Run ▸ {label.pattern}: no cell started within 15 s")
        else:
            page.keyboard.press("Escape")
        print(f"Run ▸ {label.pattern} did not start (attempt {attempt + 1}); retrying")
        time.sleep(2)
    pytest.fail(f"Run ▸ {label.pattern} never started the lecture; prompts: {page.evaluate(PROMPTS)}")


def run_up_to(page, base: str, token: str, notebook: Path, last: int) -> None:
    """Open ``notebook`` and run its cells up to and including cell ``last``; none may fail."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    # A workspace of its own: only this notebook open (no tab of an earlier lecture restored).
    page.goto(f"{base}/lab/workspaces/{notebook.stem}/tree/{notebook.as_posix()}?reset&token={token}",
              timeout=PAGE_S * 1000)
    cells = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell")
    count = len(nbformat.read(ROOT / notebook, as_version=4).cells)
    page.wait_for_function(f"() => document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell').length"
                           f" === {count}", timeout=PAGE_S * 1000)
    page.wait_for_function(KERNEL_IDLE, timeout=PAGE_S * 1000)
    assert page.locator(".jp-NotebookPanel").count() == 1, "another notebook is open beside the lecture"
    if last + 1 < count:   # select the cell after the last explorer: run everything above it
        cells.first.click()
        page.keyboard.press("Escape")        # command mode: the arrow keys move the selection
        for _ in range(last + 1):
            page.keyboard.press("ArrowDown")
        page.wait_for_function("el => el.classList.contains('jp-mod-active')",
                               arg=cells.nth(last + 1).element_handle(), timeout=10_000)
        run_menu(page, RUN_ABOVE_LABEL)
    else:
        cells.first.click()   # the notebook is the current widget
        run_menu(page, RUN_ALL_LABEL)
    try:
        page.wait_for_function(RUN_FINISHED, timeout=RUN_S * 1000, polling=500)
    except PlaywrightTimeoutError:
        pytest.fail(f"{notebook} was still running after {RUN_S} s; prompts: {page.evaluate(PROMPTS)}")
    prompts = [p for p in page.evaluate(PROMPTS)[:last + 1] if p is not None]
    assert all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), f"not every cell up to {last} ran: {prompts}"
    tracebacks = page.locator(".jp-OutputArea-output", has_text="Traceback (most recent call last)")
    assert tracebacks.count() == 0, f"a cell raised:\n{tracebacks.first.inner_text()[:2000]}"


def settled(explorer, quiet_s: float = 1.0) -> str:
    """The explorer's state (readouts and image sources) once it has not changed for ``quiet_s`` s."""
    deadline = time.monotonic() + REDRAW_S
    state, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = explorer.evaluate(EXPLORER_STATE)
        if now != state:
            state, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return state
        time.sleep(0.2)
    pytest.fail(f"the explorer kept changing for {REDRAW_S} s")


def check_explorer(page, lecture: str, number: int, cell: int, label: str) -> dict:
    """Measure the explorer's slider tracks, move its ``label`` slider, see the figure change."""
    output = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").nth(cell).locator(".jp-OutputArea-output",
                                                                                       has=page.locator(".widget-slider"))
    assert output.count() == 1, f"cell {cell} shows no explorer with sliders ({output.count()} outputs)"
    explorer = output.locator(".widget-vbox").first   # the explorer's box: rows of controls, then the figure
    figure = explorer.locator(":scope > .widget-output, :scope > img.widget-image").first  # Output or Image
    explorer.locator(":scope > .widget-output img, :scope > img.widget-image").first.wait_for(timeout=REDRAW_S * 1000)
    explorer.scroll_into_view_if_needed()

    tracks = explorer.evaluate(TRACKS)
    narrow = [t for t in tracks if t["track"] < MIN_TRACK_PX]
    assert not narrow, f"{lecture} explorer {number}: slider tracks narrower than {MIN_TRACK_PX} px: {narrow}"

    slider = explorer.locator(".widget-slider", has=page.locator(".widget-label", has_text=re.compile(
        rf"^{re.escape(label)}$"))).first
    readout = slider.locator(".widget-readout")
    stem = f"browser_{lecture}_{number}"
    before = {"state": settled(explorer), "readout": readout.inner_text().strip(),
              "pixels": figure.screenshot(path=str(ARTIFACTS / f"{stem}_before.png"))}

    handle = slider.locator(".noUi-handle")
    now, low, high = (float(handle.get_attribute(f"aria-value{k}")) for k in ("now", "min", "max"))
    key = "ArrowRight" if high - now >= now - low else "ArrowLeft"   # towards the farther end
    handle.focus()
    for _ in range(PRESSES):
        handle.press(key)
    page.wait_for_function("([el, old]) => el.textContent.trim() !== old",
                           arg=[readout.element_handle(), before["readout"]], timeout=REDRAW_S * 1000)
    page.wait_for_function(f"([el, old]) => ({EXPLORER_STATE})(el) !== old",
                           arg=[explorer.element_handle(), before["state"]], timeout=REDRAW_S * 1000)
    page.wait_for_function(KERNEL_IDLE, timeout=REDRAW_S * 1000)
    after = {"state": settled(explorer), "readout": readout.inner_text().strip(),
             "pixels": figure.screenshot(path=str(ARTIFACTS / f"{stem}_after.png"))}

    assert after["readout"] != before["readout"], "the slider's readout did not move"
    assert after["pixels"] != before["pixels"], f"{lecture} explorer {number}: the figure looks the same " \
                                                f"after '{label}' moved {before['readout']} → {after['readout']}"
    print(f"{lecture} explorer {number}: tracks {[(t['label'], t['track']) for t in tracks]} px; "
          f"'{label}' {before['readout']} → {after['readout']}")
    return {"cell": cell, "moved": label, "from": before["readout"], "to": after["readout"], "tracks": tracks}


def test_sliders_inside_boxes_keep_a_draggable_width():
    """Without a browser: the explorer shell widens every slider, those in a column of
    per-side controls too (a box's children), so the browser's track check holds."""
    from inrlib.widgets import SLIDER_MIN_WIDTH, sliders
    from inrlib.widgets.boundary import BoundaryExplorer

    explorer = BoundaryExplorer(n=8)
    box = explorer.widget()
    found = list(sliders(explorer._controls.values()))
    assert [s.description for s in found] == ["value"] * 4
    assert all(s.layout.min_width == SLIDER_MIN_WIDTH for s in found)
    assert all(row.layout.flex_flow == "row wrap" for row in box.children[:-1])
