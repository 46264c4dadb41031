"""A real browser runs a lecture: JupyterLab + headless Chromium, driven by Playwright.

What a class does, end to end: JupyterLab opens ``lectures/01_ztransform.ipynb`` (quick mode),
*Run ▸ Run All Cells* runs it, the kernel goes idle with every cell numbered and no
traceback, then a key press on the pole–zero explorer's "pole r" slider must redraw its
figure (new image, new pixels).  A screenshot is kept in ``test-artifacts/``.

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

import pytest

ROOT = Path(__file__).resolve().parents[1]
LECTURE = Path("lectures/01_ztransform.ipynb")  # fast in quick mode; analytic widget (~60 ms)
SLIDER = "pole r"                                # PoleZeroExplorer's first slider
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
PAGE_S = 60            # the notebook is open and its kernel idle
RUN_ALL_S = 90         # every cell of the lecture has run (quick mode: ~10 s)
RUN_ALL_LABEL = re.compile(r"^Run All Cells$")  # Run menu; "Restart Kernel and Run All Cells…" is another
REDRAW_S = 20          # the widget shows the new figure


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


@pytest.fixture
def chromium() -> str:
    path = find_chromium()
    if path is None:
        where = os.environ.get("INRLIB_CHROMIUM") or "/usr/bin/chromium (or chromium on PATH)"
        missing(f"no Chromium at {where}", "`apt-get install chromium` (Debian/Ubuntu, as root)")
    return path


@pytest.fixture
def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the Python package playwright is not installed",
                "`pip install -r requirements.txt` (never `playwright install`: the system Chromium is used)")
    return sync_playwright


@pytest.fixture
def jupyterlab(tmp_path):
    """A JupyterLab on 127.0.0.1 serving a copy of the lecture; stopped whatever happens.

    The copy keeps the repository's notebook untouched (no outputs, no checkpoints).
    Yields ``(base_url, token)``.
    """
    root = tmp_path / "course"
    (root / LECTURE.parent).mkdir(parents=True)
    shutil.copy(ROOT / LECTURE, root / LECTURE)
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
PROMPTS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
  .map(p => p.textContent.trim())"""


def test_lecture_runs_in_jupyterlab_and_its_widget_answers(chromium, playwright_api, jupyterlab):
    base, token = jupyterlab
    ARTIFACTS.mkdir(exist_ok=True)
    for stale in ARTIFACTS.glob(f"browser_{LECTURE.stem}*.png"):  # only this run's pictures remain
        stale.unlink()
    shot = ARTIFACTS / f"browser_{LECTURE.stem}.png"
    with playwright_api() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
                                    timeout=60_000)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            try:
                run_lecture_and_move_slider(page, base, token, shot)
            except (Exception, pytest.fail.Exception):
                failed = ARTIFACTS / f"browser_{LECTURE.stem}_failure.png"
                with contextlib.suppress(Exception):  # never hide the real failure
                    page.screenshot(path=str(failed))
                    print(f"screenshot at failure: {failed}")
                raise
        finally:
            browser.close()


def run_all_cells(page) -> None:
    """Run ▸ Run All Cells, as a teacher would; retried while JupyterLab is still wiring the menu."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.locator(".jp-NotebookPanel .jp-Cell").first.click()  # the notebook is the current widget
    for attempt in range(3):
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        item = page.locator(".lm-Menu-item", has=page.locator(".lm-Menu-itemLabel", has_text=RUN_ALL_LABEL))
        item.wait_for(timeout=10_000)
        if item.get_attribute("aria-disabled") != "true":
            item.click()
            try:
                page.wait_for_function(CELLS_STARTED, timeout=15_000, polling=250)
                return
            except PlaywrightTimeoutError:
                print("Run All Cells: no cell started within 15 s")
        else:
            page.keyboard.press("Escape")
        print(f"Run All Cells did not start (attempt {attempt + 1}); retrying")
        time.sleep(2)
    pytest.fail(f"Run ▸ Run All Cells never started the lecture; prompts: {page.evaluate(PROMPTS)}")


def settled(readout, image, quiet_s: float = 1.0) -> tuple[str, str]:
    """(readout text, image src) once neither has changed for ``quiet_s`` seconds."""
    deadline = time.monotonic() + REDRAW_S
    state, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = (readout.inner_text().strip(), image.get_attribute("src"))
        if now != state:
            state, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return state
        time.sleep(0.2)
    pytest.fail(f"the widget kept changing for {REDRAW_S} s (last readout {state[0]!r})")


def run_lecture_and_move_slider(page, base: str, token: str, shot: Path) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    t0 = time.monotonic()
    page.goto(f"{base}/lab/tree/{LECTURE.as_posix()}?token={token}", timeout=PAGE_S * 1000)
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=PAGE_S * 1000)
    page.wait_for_function(KERNEL_IDLE, timeout=PAGE_S * 1000)

    run_all_cells(page)
    try:
        page.wait_for_function(RUN_FINISHED, timeout=RUN_ALL_S * 1000, polling=500)
    except PlaywrightTimeoutError:
        pytest.fail(f"the lecture was still running after {RUN_ALL_S} s; prompts: {page.evaluate(PROMPTS)}")
    prompts = page.evaluate(PROMPTS)
    assert all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), f"not every cell ran: {prompts}"
    print(f"{LECTURE}: ran in the browser in {time.monotonic() - t0:.1f} s (page load included)")
    tracebacks = page.locator(".jp-OutputArea-output", has_text="Traceback (most recent call last)")
    assert tracebacks.count() == 0, f"a cell raised:\n{tracebacks.first.inner_text()[:2000]}"

    # The pole–zero explorer: its slider and its figure (an ipywidgets Image)
    slider = page.locator(".widget-slider", has=page.locator(".widget-label", has_text=SLIDER))
    assert slider.count() == 1, f"expected one '{SLIDER}' slider, found {slider.count()}"
    explorer = page.locator(".jp-OutputArea-output", has=slider)
    image = explorer.locator("img")
    image.wait_for(timeout=REDRAW_S * 1000)
    readout = slider.locator(".widget-readout")
    explorer.scroll_into_view_if_needed()
    first = settled(readout, image)    # a later cell sweeps this slider: let the last echo land
    before = {"readout": first[0], "src": first[1],
              "pixels": image.screenshot(path=str(shot.with_name(shot.stem + "_widget_before.png")))}

    handle = slider.locator(".noUi-handle")
    handle.focus()
    for _ in range(15):  # 15 steps of 0.01 towards the origin (the lecture leaves r near 1)
        handle.press("ArrowLeft")
    page.wait_for_function("([el, old]) => el.textContent.trim() !== old",
                           arg=[readout.element_handle(), before["readout"]], timeout=REDRAW_S * 1000)
    page.wait_for_function("([el, old]) => el.getAttribute('src') !== old",
                           arg=[image.element_handle(), before["src"]], timeout=REDRAW_S * 1000)
    page.wait_for_function(KERNEL_IDLE, timeout=REDRAW_S * 1000)
    last = settled(readout, image)     # the last of the 15 redraws has arrived
    after = {"readout": last[0], "src": last[1],
             "pixels": image.screenshot(path=str(shot.with_name(shot.stem + "_widget_after.png")))}

    assert float(after["readout"]) < float(before["readout"]), (before["readout"], after["readout"])
    assert after["src"] != before["src"], "the widget's image was not replaced"
    assert after["pixels"] != before["pixels"], "the widget's figure looks the same after the slider moved"
    page.screenshot(path=str(shot))
    print(f"slider '{SLIDER}': {before['readout']} → {after['readout']}; screenshot: {shot}")
