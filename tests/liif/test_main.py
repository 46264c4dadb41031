"""Chapter 06 — LIIF: the command line ``python -m inrlib.liif`` (inrlib/liif/__main__.py), and
``upsample`` on your own photo (inrlib/liif/photo.py), end to end on small generated files."""
import datetime
import io
import json
import re
import subprocess
import sys

import ipywidgets
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from inrlib import liif
from inrlib.image_files import as_rgb, decode_uploads
from inrlib.liif import photo
from inrlib.liif.__main__ import main
from inrlib.widgets.liif import ZoomExplorer
from test_image_files import fail_halfway  # tests/ is on the path: the shared helpers of image files


def test_a_bad_argument_is_one_error_line_and_exit_status_2(capsys):
    assert main(["train", "--steps", "0"]) == 2
    assert capsys.readouterr().err.strip() == "error: steps must be a positive integer, got 0"


def test_the_module_runs_as_a_command():
    out = subprocess.run([sys.executable, "-m", "inrlib.liif", "train", "--help"], capture_output=True, text=True,
                         check=True)
    assert "--steps" in out.stdout and "--threads" in out.stdout and "--seed" in out.stdout


# ----------------------------------------------------------------------------- upsample: your own photo
MODES = {1: "L", 3: "RGB", 4: "RGBA"}


def save(path, h=10, w=14, channels=3, seed=0, **options):
    """A small random photo written with Pillow; returns its 8-bit pixels."""
    shape = (h, w) if channels == 1 else (h, w, channels)
    data = np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)
    Image.fromarray(data, MODES[channels]).save(path, **options)
    return data


def upsample(capsys, *args):
    """Run ``upsample`` and return (exit status, the JSON summary or None, standard error)."""
    status = main(["upsample", *map(str, args)])
    out, err = capsys.readouterr()
    return status, (json.loads(out[out.index("{"):]) if status == 0 else None), err


@pytest.fixture(scope="module")
def model():
    return liif.load_pretrained()


@pytest.mark.parametrize("channels, ending", [(1, ".png"), (3, ".png"), (4, ".png"), (3, ".jpg"), (1, ".tiff"),
                                              (4, ".tiff")])
def test_upsample_reads_and_writes_grey_rgb_and_rgba_photos(tmp_path, capsys, channels, ending):
    save(tmp_path / f"in{ending}", channels=channels)
    source, target = tmp_path / f"in{ending}", tmp_path / f"out{ending}"
    status, summary, err = upsample(capsys, source, "--scale", 2.5, "--out", target)
    assert status == 0, err
    assert summary["output_size"] == [25, 35] and summary["input_size"] == [10, 14]
    assert summary["channels"] == {1: "grey", 3: "RGB", 4: "RGBA"}[channels]
    assert "LIIF" in err and "row" in err  # the progress bar, on standard error
    with Image.open(target) as out:
        assert out.mode == MODES[channels] and out.size == (35, 25)


def test_upsample_to_an_exact_size(tmp_path, capsys):
    save(tmp_path / "in.png")
    status, summary, _ = upsample(capsys, tmp_path / "in.png", "--size", "31x17", "--out", tmp_path / "out.png")
    assert status == 0 and summary["output_size"] == [31, 17] and summary["scale"] == [3.1, round(17 / 14, 4)]
    with Image.open(tmp_path / "out.png") as out:
        assert out.size == (17, 31)


def test_the_command_writes_what_the_model_computes(tmp_path, capsys, model):
    data = save(tmp_path / "in.png")
    assert upsample(capsys, tmp_path / "in.png", "--scale", 3, "--out", tmp_path / "out.png")[0] == 0
    expected = liif.upsample(model, data / 255, 3)
    written = np.asarray(Image.open(tmp_path / "out.png"), dtype=np.float32) / 255
    np.testing.assert_allclose(written, expected, atol=0.51 / 255 + 1e-5)


def test_bands_stitch_into_the_whole_image(model, monkeypatch):
    """Upsampling band by band gives the image upsampled in one go (the bands are exact crops)."""
    image = np.random.default_rng(1).random((9, 11, 3), dtype=np.float32)
    monkeypatch.setattr(photo, "BAND_PIXELS", 40)  # bands of one or two rows
    banded = photo.upsample_photo(model, image, 2.3)
    whole = liif.upsample(model, image, 2.3)
    np.testing.assert_allclose(banded / 255, whole, atol=0.51 / 255 + 1e-5)


def test_grey_is_the_mean_colour_and_alpha_is_bicubic(model):
    rng = np.random.default_rng(2)
    grey = rng.random((8, 10), dtype=np.float32)
    colour = liif.upsample(model, np.repeat(grey[..., None], 3, -1), 2)
    np.testing.assert_allclose(photo.upsample_photo(model, grey, 2) / 255, colour.mean(-1), atol=0.51 / 255 + 1e-5)
    rgba = rng.random((8, 10, 4), dtype=np.float32)
    out = photo.upsample_photo(model, rgba, 2)
    alpha = F.interpolate(torch.from_numpy(rgba[..., 3])[None, None], size=(16, 20), mode="bicubic",
                          align_corners=False).clamp(0, 1)[0, 0].numpy()
    np.testing.assert_allclose(out[..., 3] / 255, alpha, atol=0.51 / 255 + 1e-5)
    np.testing.assert_allclose(out[..., :3] / 255, liif.upsample(model, rgba[..., :3], 2), atol=0.51 / 255 + 1e-5)


@pytest.mark.parametrize("args, message", [
    (["missing.png", "--scale", "2"], r"missing\.png: no such file"),
    (["notes.png", "--scale", "2"], r"notes\.png: not an image file Pillow can read"),
    (["in.png", "--scale", "0.5"], "--scale must be a number ≥ 1"),
    (["in.png", "--scale", "nan"], "--scale must be a number ≥ 1"),
    (["in.png", "--size", "20by30"], "--size must be HxW"),
    (["in.png", "--size", "0x30"], "--size must be HxW"),
    (["in.png", "--scale", "1e6"], r"an output of 10000000×14000000 pixels needs about .* GiB of memory.*"
                                   r"choose a smaller --scale or --size"),
    (["in.png", "--size", "1000000x1000000"], "choose a smaller --scale or --size"),
])
def test_bad_input_is_one_error_line_naming_the_file_or_option(tmp_path, capsys, args, message):
    save(tmp_path / "in.png")
    (tmp_path / "notes.png").write_text("a text file, not a photo")
    status = main(["upsample", str(tmp_path / args[0]), *args[1:], "--out", str(tmp_path / "out.png")])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and err[-1].startswith("error: ")
    assert re.search(message, err[-1]), err[-1]
    assert not (tmp_path / "out.png").exists()


def test_alpha_into_a_jpeg_is_refused_before_any_work(tmp_path, capsys):
    save(tmp_path / "in.png", channels=4)
    status, _, err = upsample(capsys, tmp_path / "in.png", "--scale", "2", "--out", tmp_path / "out.jpg")
    assert status == 2 and "out.jpg: a .jpg file cannot hold the alpha channel" in err and "LIIF" not in err


def test_scale_and_size_together_or_neither_are_refused(tmp_path):
    for args in (["--scale", "2", "--size", "4x4"], []):
        with pytest.raises(SystemExit) as exit_:
            main(["upsample", str(tmp_path / "in.png"), *args, "--out", str(tmp_path / "o.png")])
        assert exit_.value.code == 2


def test_a_failed_write_leaves_no_partial_output(tmp_path, capsys, monkeypatch):
    save(tmp_path / "in.png")
    fail_halfway(monkeypatch)
    status, _, err = upsample(capsys, tmp_path / "in.png", "--scale", "2", "--out", tmp_path / "out.png")
    assert status == 2 and "No space left on device" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.png"]


def test_upsample_runs_as_a_command(tmp_path):
    save(tmp_path / "in.png")
    out = subprocess.run([sys.executable, "-m", "inrlib.liif", "upsample", str(tmp_path / "in.png"), "--scale", "2",
                          "--out", str(tmp_path / "out.png")], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["output_size"] == [20, 28] and (tmp_path / "out.png").exists()


# ----------------------------------------------------------------------------- the lecture's upload cell
def upload_value(*named_images):
    """What an ipywidgets ``FileUpload`` holds after the student chose these (name, 8-bit image) files."""
    value = []
    for name, data in named_images:
        buffer = io.BytesIO()
        Image.fromarray(data).save(buffer, format="PNG")
        value.append({"name": name, "type": "image/png", "size": buffer.tell(), "content": memoryview(buffer.getvalue()),
                      "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)})
    return tuple(value)


def test_an_uploaded_photo_opens_the_zoom_explorer_shrunk_to_its_largest_side(model):
    upload = ipywidgets.FileUpload()
    assert decode_uploads(upload.value) == []  # nothing chosen: the lecture's cell only says what to do
    data = np.random.default_rng(5).integers(0, 256, (300, 700), dtype=np.uint8)  # a grey photo, wider than 512
    upload.value = upload_value(("mine.png", data))
    (name, image), = decode_uploads(upload.value)
    explorer = ZoomExplorer(as_rgb(image), model=model, crop=32)
    assert name == "mine.png" and explorer.photo.shape == (219, 512, 3)
    result = explorer.compute(3.0)
    assert result["liif"].shape == (32, 32, 3) and np.isfinite(result["liif_psnr"])
    with pytest.raises(ValueError, match="photo must have 3 dimensions"):
        ZoomExplorer(image, model=model)
