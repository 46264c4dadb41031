"""Chapter 07 — VideoINR-lite: the command line ``python -m inrlib.videoinr`` (inrlib/videoinr/__main__.py),
and ``interpolate`` on your own two frames (inrlib/videoinr/frames.py), end to end on small generated files."""
import json
import re
import subprocess
import sys

import ipywidgets
import numpy as np
import pytest
from PIL import Image

from inrlib import liif, videoinr
from inrlib.image_files import decode_uploads
from inrlib.videoinr import frames as frames_module
from inrlib.videoinr.__main__ import main
from inrlib.widgets.videoinr import TwoFramesExplorer
from liif.test_main import upload_value  # tests/ is on the path
from test_image_files import fail_halfway  # tests/ is on the path: the shared helpers of image files


def test_a_bad_argument_is_one_error_line_and_exit_status_2(capsys):
    assert main(["train", "--steps", "-3"]) == 2
    assert capsys.readouterr().err.strip() == "error: steps must be a positive integer, got -3"


def test_the_module_runs_as_a_command():
    out = subprocess.run([sys.executable, "-m", "inrlib.videoinr", "train", "--help"], capture_output=True,
                         text=True, check=True)
    assert "--steps" in out.stdout and "--checkpoint" in out.stdout and "--seed" in out.stdout


# ----------------------------------------------------------------------------- interpolate: your own frames
def save_pair(folder, h=12, w=16, grey=False, shift=1, ending=".png"):
    """Two frames, the second the first moved ``shift`` pixels right; returns their 8-bit pixels."""
    rng = np.random.default_rng(0)
    first = rng.integers(0, 256, (h, w) if grey else (h, w, 3), dtype=np.uint8)
    second = np.roll(first, shift, axis=1)
    for name, data in (("a", first), ("b", second)):
        Image.fromarray(data).save(folder / f"{name}{ending}")
    return first, second


def interpolate(capsys, folder, *args):
    """Run ``interpolate a.png b.png …``; returns (exit status, JSON summary or None, standard error)."""
    status = main(["interpolate", str(folder / "a.png"), str(folder / "b.png"), *map(str, args)])
    out, err = capsys.readouterr()
    return status, (json.loads(out[out.index("{"):]) if status == 0 else None), err


def test_frames_into_a_folder_start_at_frame_0_seen_through_liif(tmp_path, capsys):
    first, _ = save_pair(tmp_path)
    status, summary, err = interpolate(capsys, tmp_path, "--frames", 5, "--scale", 2, "--out", tmp_path / "between")
    assert status == 0, err
    assert summary["times"] == [0, 0.25, 0.5, 0.75, 1] and summary["output_size"] == [24, 32]
    assert summary["files"] == 5 and "VideoINR-lite" in err  # the progress bar, on standard error
    names = sorted(p.name for p in (tmp_path / "between").iterdir())
    assert names == [f"frame_{k:03d}.png" for k in range(5)]
    at_0 = np.asarray(Image.open(tmp_path / "between" / "frame_000.png"), dtype=np.float32) / 255
    model = videoinr.load_pretrained()
    np.testing.assert_allclose(at_0, liif.upsample(model.spatial, first / 255, size=(24, 32)), atol=1 / 255 + 1e-4)


def test_frames_into_an_existing_folder_join_what_is_there(tmp_path, capsys):
    save_pair(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    assert interpolate(capsys, tmp_path, "--frames", 2, "--out", tmp_path / "out")[0] == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["frame_000.png", "frame_001.png", "notes.txt"]


def test_a_gif_of_grey_jpeg_frames(tmp_path, capsys):
    save_pair(tmp_path, grey=True, ending=".jpg")
    status = main(["interpolate", str(tmp_path / "a.jpg"), str(tmp_path / "b.jpg"), "--frames", "4", "--scale", "1.5",
                   "--out", str(tmp_path / "clip.gif"), "--fps", "20"])
    assert status == 0, capsys.readouterr().err
    with Image.open(tmp_path / "clip.gif") as gif:
        assert gif.n_frames == 4 and gif.size == (24, 18) and gif.info["duration"] == 50


def test_grey_frames_stay_grey_and_rgba_frames_lose_their_alpha(tmp_path):
    model = videoinr.load_pretrained()
    grey = np.random.default_rng(3).random((10, 12), dtype=np.float32)
    out = list(frames_module.interpolate(model, grey, grey, 3, 1.5))
    assert [t for t, _ in out] == [0, 0.5, 1] and all(f.shape == (15, 18) for _, f in out)
    rgba = np.random.default_rng(4).random((10, 12, 4), dtype=np.float32)
    (_, with_alpha), = list(frames_module.interpolate(model, rgba, rgba, 2))[:1]
    (_, without), = list(frames_module.interpolate(model, rgba[..., :3], rgba[..., :3], 2))[:1]
    np.testing.assert_array_equal(with_alpha, without)


def test_frames_of_different_sizes_name_both_files(tmp_path, capsys):
    save_pair(tmp_path)
    Image.fromarray(np.zeros((12, 15, 3), np.uint8)).save(tmp_path / "b.png")
    status, _, err = interpolate(capsys, tmp_path, "--frames", 3, "--out", tmp_path / "clip.gif")
    assert status == 2
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    assert f"error: the frames must have the same size: {a} is 12×16, {b} is 12×15 pixels (height×width)" in err
    assert not (tmp_path / "clip.gif").exists()


@pytest.mark.parametrize("change, args, message", [
    ("missing", ["--frames", "3"], r"b\.png: no such file"),
    ("text", ["--frames", "3"], r"b\.png: not an image file Pillow can read"),
    (None, ["--frames", "1"], "--frames must be at least 2"),
    (None, ["--frames", "3", "--scale", "0.5"], "--scale must be a number ≥ 1"),
    (None, ["--frames", "3", "--scale", "inf"], "--scale must be a number ≥ 1"),
    (None, ["--frames", "3", "--fps", "0"], "--fps must be a positive number"),
    (None, ["--frames", "100000", "--scale", "5000"], r"100000 frames from 12×16 inputs at ×5000 needs about .* GiB.*"
                                                     r"fewer --frames"),
])
@pytest.mark.parametrize("out", ["clip.gif", "frames"])
def test_bad_input_is_one_error_line_and_writes_nothing(tmp_path, capsys, change, args, message, out):
    save_pair(tmp_path)
    if change == "missing":
        (tmp_path / "b.png").unlink()
    elif change == "text":
        (tmp_path / "b.png").write_text("not a frame")
    status, _, err = interpolate(capsys, tmp_path, *args, "--out", tmp_path / out)
    assert status == 2
    assert re.search(message, err.strip().splitlines()[-1]), err
    assert not (tmp_path / out).exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_run_that_fails_halfway_leaves_no_folder_and_no_gif(tmp_path, capsys, monkeypatch):
    save_pair(tmp_path)
    real_render, calls = frames_module.render, []

    def render_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ValueError("stopped on the third frame")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(frames_module, "render", render_then_fail)
    for out in ("frames", "clip.gif"):
        calls.clear()
        status, _, err = interpolate(capsys, tmp_path, "--frames", 4, "--out", tmp_path / out)
        assert status == 2 and "stopped on the third frame" in err
    monkeypatch.undo()
    fail_halfway(monkeypatch)
    assert interpolate(capsys, tmp_path, "--frames", 2, "--out", tmp_path / "clip.gif")[0] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]


def test_interpolate_runs_as_a_command(tmp_path):
    save_pair(tmp_path)
    out = subprocess.run([sys.executable, "-m", "inrlib.videoinr", "interpolate", str(tmp_path / "a.png"),
                          str(tmp_path / "b.png"), "--frames", "3", "--out", str(tmp_path / "clip.gif")],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["frames"] == 3 and (tmp_path / "clip.gif").exists()


# ----------------------------------------------------------------------------- the lecture's upload cell
def test_two_uploaded_frames_open_the_two_frames_explorer(tmp_path):
    first, second = save_pair(tmp_path, h=40, w=200)
    upload = ipywidgets.FileUpload(multiple=True)
    upload.value = upload_value(("b.png", second), ("a.png", first))
    (name0, frame0), (name1, frame1) = decode_uploads(upload.value)  # name order: a.png is t = 0
    assert (name0, name1) == ("a.png", "b.png")
    explorer = TwoFramesExplorer(frame0, frame1, max_side=96)
    assert explorer.frame0.shape == (19, 96, 3)
    result = explorer.compute(0.5, 2.0)
    assert result["videoinr"].shape == result["blend"].shape == (38, 192, 3)
    explorer.widget()
    explorer.t.value = 0.0
    np.testing.assert_allclose(explorer.result["videoinr"], explorer.result["blend"], atol=1e-5)  # t = 0: frame 0
    with pytest.raises(ValueError, match=r"the frames must have the same size: a\.png is 40×200, c\.png is 40×199"):
        videoinr.check_same_size(frame0, frame1[:, :-1], "a.png", "c.png")
