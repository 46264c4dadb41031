"""Image files (inrlib/image_files.py): reading any common image as [0, 1] floats, writing
through a temporary file so that a failure leaves nothing half-written, the memory check."""
import numpy as np
import pytest
from PIL import Image

from inrlib import image_files


def pixels(h=6, w=8, channels=3, seed=0):
    shape = (h, w) if channels == 1 else (h, w, channels)
    return np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


def leftovers(folder):
    """Hidden temporary files or folders left in ``folder``."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


# ----------------------------------------------------------------------------- reading
@pytest.mark.parametrize("channels, mode", [(1, "L"), (3, "RGB"), (4, "RGBA")])
@pytest.mark.parametrize("ending", [".png", ".tiff"])
def test_grey_rgb_and_rgba_files_read_back_exactly(tmp_path, channels, mode, ending):
    data = pixels(channels=channels)
    Image.fromarray(data, mode).save(tmp_path / f"a{ending}")
    image = image_files.read_image(tmp_path / f"a{ending}")
    assert image.dtype == np.float32 and image.shape == data.shape
    np.testing.assert_allclose(image, data / 255, atol=1e-7)


def test_a_jpeg_reads_as_rgb_close_to_what_was_saved(tmp_path):
    data = np.full((16, 16, 3), (200, 100, 50), np.uint8)
    Image.fromarray(data).save(tmp_path / "a.jpg", quality=95)
    image = image_files.read_image(tmp_path / "a.jpg")
    assert image.shape == (16, 16, 3)
    np.testing.assert_allclose(image, data / 255, atol=3 / 255)


def test_sixteen_bit_and_palette_images_keep_their_meaning(tmp_path):
    deep = (np.arange(24, dtype=np.uint16).reshape(4, 6) * 2000)
    Image.fromarray(deep).save(tmp_path / "deep.png")
    np.testing.assert_allclose(image_files.read_image(tmp_path / "deep.png"), deep / 65535, atol=1e-6)
    palette = Image.fromarray(pixels()).convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    palette.save(tmp_path / "palette.png", transparency=0)
    image = image_files.read_image(tmp_path / "palette.png")
    assert image.shape == (6, 8, 4) and set(np.unique(image[..., 3])) <= {0.0, 1.0}


def test_grey_with_alpha_becomes_rgba_and_32_bit_integers_read_in_the_16_bit_range(tmp_path):
    grey, alpha = pixels(channels=1), pixels(channels=1, seed=1)
    Image.fromarray(np.stack([grey, alpha], -1), "LA").save(tmp_path / "la.png")
    image = image_files.read_image(tmp_path / "la.png")
    assert image.shape == (6, 8, 4)
    np.testing.assert_allclose(image[..., :3], np.stack([grey] * 3, -1) / 255, atol=1e-7)
    np.testing.assert_allclose(image[..., 3], alpha / 255, atol=1e-7)
    wide = Image.fromarray(np.array([[0, 65535, 70000]], np.int32), "I")
    np.testing.assert_allclose(image_files.image_array(wide), [[0, 1, 1]])


def test_as_rgb_repeats_grey_and_drops_alpha():
    grey = pixels(channels=1) / 255
    np.testing.assert_array_equal(image_files.as_rgb(grey), np.stack([grey] * 3, -1).astype(np.float32))
    rgba = pixels(channels=4) / 255
    np.testing.assert_array_equal(image_files.as_rgb(rgba), rgba[..., :3].astype(np.float32))


def test_reading_a_missing_file_or_a_folder_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nothing\.png: no such file"):
        image_files.read_image(tmp_path / "nothing.png")
    with pytest.raises(IsADirectoryError, match="is a directory, not an image file"):
        image_files.read_image(tmp_path)


def test_reading_a_file_that_is_not_an_image_names_it(tmp_path):
    (tmp_path / "notes.png").write_text("not an image at all")
    with pytest.raises(ValueError, match=r"notes\.png: not an image file Pillow can read"):
        image_files.read_image(tmp_path / "notes.png")


def test_reading_a_truncated_image_names_it(tmp_path):
    Image.fromarray(pixels(64, 64)).save(tmp_path / "whole.png")
    (tmp_path / "cut.png").write_bytes((tmp_path / "whole.png").read_bytes()[:200])
    with pytest.raises(ValueError, match=r"cut\.png: a damaged or truncated image file"):
        image_files.read_image(tmp_path / "cut.png")


def test_an_unreadable_file_names_it(tmp_path, monkeypatch):
    (tmp_path / "locked.png").write_bytes(b"x")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(tmp_path), "read_bytes", refuse)
    with pytest.raises(OSError, match=r"locked\.png: cannot be read \(Permission denied\)"):
        image_files.read_image(tmp_path / "locked.png")


def test_an_uploaded_image_decodes_from_its_bytes(tmp_path):
    Image.fromarray(pixels()).save(tmp_path / "a.png")
    image = image_files.decode_image(memoryview((tmp_path / "a.png").read_bytes()), "upload.png")
    np.testing.assert_allclose(image, pixels() / 255, atol=1e-7)
    with pytest.raises(ValueError, match="upload.png: not an image"):
        image_files.decode_image(b"hello", "upload.png")


# ----------------------------------------------------------------------------- writing
@pytest.mark.parametrize("channels", [1, 3, 4])
def test_written_images_read_back(tmp_path, channels):
    image = pixels(channels=channels) / 255
    path = image_files.write_image(tmp_path / "out.png", image)
    np.testing.assert_allclose(image_files.read_image(path), image, atol=1e-6)
    assert leftovers(tmp_path) == []


def test_writing_refuses_an_unknown_ending_alpha_in_a_jpeg_and_a_missing_folder(tmp_path):
    with pytest.raises(ValueError, match=r"out\.xyz: unknown image file ending '\.xyz'"):
        image_files.write_image(tmp_path / "out.xyz", pixels() / 255)
    with pytest.raises(ValueError, match=r"out\.jpg: a \.jpg file cannot hold the alpha channel"):
        image_files.write_image(tmp_path / "out.jpg", pixels(channels=4) / 255)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        image_files.write_image(tmp_path / "no" / "out.png", pixels() / 255)
    assert list(tmp_path.iterdir()) == []


def fail_halfway(monkeypatch):
    """Make every Pillow save write a few bytes and then fail, as a full disk would."""
    def save(self, fp, *args, **kwargs):
        with open(fp, "wb") as f:
            f.write(b"\x89PNG half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", save)


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(tmp_path, monkeypatch):
    target = tmp_path / "out.png"
    target.write_bytes(b"the old file")
    fail_halfway(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        image_files.write_image(target, pixels() / 255)
    with pytest.raises(OSError, match="No space left"):
        image_files.write_gif(tmp_path / "clip.gif", [pixels() / 255] * 2)
    assert target.read_bytes() == b"the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.png"]


def test_a_gif_holds_every_frame(tmp_path):
    frames = [pixels(seed=k) / 255 for k in range(5)]
    path = image_files.write_gif(tmp_path / "clip.gif", frames, seconds_per_frame=0.05)
    with Image.open(path) as gif:
        assert gif.n_frames == 5 and gif.size == (8, 6) and gif.info["loop"] == 0
    with pytest.raises(ValueError, match=r"clip\.png: a GIF file name must end in \.gif"):
        image_files.write_gif(tmp_path / "clip.png", frames)


def test_a_folder_of_frames_appears_whole_or_not_at_all(tmp_path):
    with pytest.raises(RuntimeError):
        with image_files.atomic_folder(tmp_path / "frames") as folder:
            image_files.write_image(folder / "a.png", pixels() / 255)
            raise RuntimeError("stopped halfway")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "frames").mkdir()
    (tmp_path / "frames" / "keep.txt").write_text("mine")
    with image_files.atomic_folder(tmp_path / "frames") as folder:
        image_files.write_image(folder / "a.png", pixels() / 255)
    assert sorted(p.name for p in (tmp_path / "frames").iterdir()) == ["a.png", "keep.txt"]
    assert leftovers(tmp_path) == []


# ----------------------------------------------------------------------------- memory
def test_the_memory_check_names_the_output_and_the_advice():
    image_files.check_memory(1e6, "a small output", "fine")
    assert image_files.available_memory() > 0
    with pytest.raises(ValueError, match=r"a big output needs about .* GiB of memory.*; choose a smaller --scale"):
        image_files.check_memory(1e18, "a big output", "choose a smaller --scale")
