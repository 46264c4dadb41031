"""Core image helpers (inrlib/imaging.py, inrlib.data.load_photos), each against an independent
reference: torch's affine_grid for pixel centres, Keys' cubic convolution written out in NumPy
for the bicubic baseline, Pillow's antialiased resize for downsampling."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from inrlib import data, imaging, liif, videoinr


def rgb(h=12, w=16, seed=0):
    return np.random.default_rng(seed).random((h, w, 3), dtype=np.float32)


# ----------------------------------------------------------------------------- the pixel grid
@given(h=st.integers(1, 40), w=st.integers(1, 40))
def test_pixel_coordinates_are_the_centres_grid_sample_reads(h, w):
    """affine_grid with the identity and align_corners=False lays out exactly the pixel centres."""
    reference = F.affine_grid(torch.eye(2, 3)[None], (1, 1, h, w), align_corners=False).reshape(-1, 2)
    torch.testing.assert_close(imaging.pixel_coordinates(h, w), reference, atol=1e-6, rtol=0)


def test_pixel_centres_of_some_indices_are_those_of_the_whole_row():
    whole = imaging.pixel_centres(9)
    torch.testing.assert_close(imaging.pixel_centres(9, range(2, 7)), whole[2:7])
    torch.testing.assert_close(whole, torch.linspace(-1 + 1 / 9, 1 - 1 / 9, 9))
    assert imaging.pixel_centres(9, range(0)).shape == (0,)


def test_query_grid_is_pixel_centres_and_cells():
    coords, cells = liif.make_query_grid(3, 4)
    assert coords.shape == (12, 2) and cells.shape == (12, 2)
    np.testing.assert_allclose(coords[:4, 0], [-0.75, -0.25, 0.25, 0.75])
    np.testing.assert_allclose(coords[::4, 1], [-2 / 3, 0, 2 / 3], atol=1e-6)
    np.testing.assert_allclose(cells, np.tile([0.5, 2 / 3], (12, 1)), rtol=1e-6)


def test_one_pixel_grid_and_one_formula_everywhere():
    assert data.pixel_coordinates is imaging.pixel_coordinates
    assert liif.make_query_grid is imaging.make_query_grid
    torch.testing.assert_close(imaging.pixel_coordinates(5, 7), imaging.make_query_grid(5, 7)[0])


# ----------------------------------------------------------------------------- arrays and tensors
def test_image_tensor_and_to_image_are_inverse():
    img = rgb(5, 7)
    t = imaging.image_tensor("image", img)
    assert t.shape == (1, 3, 5, 7) and t.dtype == torch.float32
    np.testing.assert_array_equal(imaging.to_image(t), img)
    np.testing.assert_array_equal(imaging.to_image(t[0]), img)
    np.testing.assert_array_equal(imaging.image_tensor("image", img.astype(np.float64)).numpy()[0, 1], img[..., 1])


@pytest.mark.parametrize("image,error,match", [
    (np.zeros((8, 8)), ValueError, r"photo must have 3 dimensions, an RGB image of shape \(h, w, 3\)"),
    (np.zeros((8, 8, 4)), ValueError, r"photo must be an RGB image of shape \(h, w, 3\)"),
    (np.full((4, 4, 3), np.nan), ValueError, r"photo must contain only finite values"),
    (np.full((4, 4, 3), 2.0), ValueError, r"photo must have values in \[0, 1\]"),
    ("photo.png", TypeError, r"photo must be an array of real numbers"),
])
def test_image_tensor_names_what_is_wrong(image, error, match):
    with pytest.raises(error, match=match):
        imaging.image_tensor("photo", image)


def test_to_image_refuses_a_batch_of_several_images():
    with pytest.raises(ValueError, match="tensor must hold one image"):
        imaging.to_image(torch.zeros(2, 3, 4, 4))
    with pytest.raises(ValueError, match="tensor must have 3 or 4 dimensions"):
        imaging.to_image(torch.zeros(4, 4))


# ----------------------------------------------------------------------------- resizing
def _keys(x, a=-0.75):
    x = np.abs(x)
    return np.where(x <= 1, (a + 2) * x**3 - (a + 3) * x**2 + 1,
                    np.where(x < 2, a * x**3 - 5 * a * x**2 + 8 * a * x - 4 * a, 0.0))


def _keys_matrix(n_in, n_out):
    """(n_out, n_in) weights of Keys' cubic convolution: output pixel i reads the four input
    pixels around its centre's source position, the border repeated."""
    source = (np.arange(n_out) + 0.5) * n_in / n_out - 0.5
    taps = np.floor(source)[:, None] + np.arange(-1, 3)  # (n_out, 4)
    m = np.zeros((n_out, n_in))
    np.add.at(m, (np.arange(n_out)[:, None], np.clip(taps, 0, n_in - 1).astype(int)), _keys(source[:, None] - taps))
    return m


@pytest.mark.parametrize("shape,size", [((6, 9), (12, 18)), ((5, 7), (13, 20)), ((4, 4), (4, 4))])
def test_bicubic_upsample_is_keys_cubic_convolution(shape, size):
    img = rgb(*shape, seed=3)
    rows, cols = _keys_matrix(shape[0], size[0]), _keys_matrix(shape[1], size[1])
    reference = np.clip(np.einsum("ih,hwc,jw->ijc", rows, img.astype(np.float64), cols), 0, 1)
    np.testing.assert_allclose(imaging.bicubic_upsample(img, size=size), reference, atol=1e-5)
    assert liif.bicubic_upsample is imaging.bicubic_upsample


@pytest.mark.parametrize("scale,expected", [(2.5, (30, 40)), (7.3, (88, 117)), (1.0, (12, 16))])
def test_output_size_rounds_the_scaled_size(scale, expected):
    assert imaging.output_size((12, 16), scale) == expected
    assert imaging.bicubic_upsample(rgb(), scale).shape == expected + (3,)
    assert imaging.output_size((12, 16), size=(5, 6)) == (5, 6)


@pytest.mark.parametrize("kwargs,match", [(dict(), "exactly one of scale"), (dict(scale=2, size=(4, 4)), "exactly one"),
                                          (dict(scale=0.5), "scale must be ≥ 1"),
                                          (dict(size=(4,)), "size must be a pair")])
def test_output_size_names_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        imaging.output_size((12, 16), **kwargs)


@pytest.mark.parametrize("shape,size", [((64, 48), (16, 12)), ((50, 61), (12, 15)), ((30, 30), (30, 30))])
def test_downsample_is_pillows_antialiased_bicubic(shape, size):
    """torch's antialiased bicubic is Pillow's resampling filter (a = −0.5, widened by the scale)."""
    img = rgb(*shape, seed=5)
    ours = imaging.to_image(imaging.downsample(imaging.image_tensor("image", img), size))
    reference = np.stack([np.asarray(Image.fromarray(img[..., c], mode="F").resize(size[::-1], Image.BICUBIC))
                          for c in range(3)], -1)
    np.testing.assert_allclose(ours, np.clip(reference, 0, 1), atol=2e-4)


def test_videoinr_frames_and_liif_inputs_share_one_downsampling():
    assert liif.downsample is imaging.downsample
    clip = videoinr.evaluation_clips(per_photo=1)[0]
    expected = imaging.to_image(imaging.downsample(imaging.image_tensor("frame", clip.frame(0.3, 96)), (24, 24)))
    np.testing.assert_array_equal(clip.low_res(0.3, 24, 4), expected)


# ----------------------------------------------------------------------------- photos
def test_load_photos_keeps_whole_rgb_photos_within_max_side():
    camera, chelsea = data.load_photos(("camera", "chelsea"), max_side=128)
    assert camera.shape == (128, 128, 3) and np.array_equal(camera[..., 0], camera[..., 2])  # grey → RGB
    assert max(chelsea.shape[:2]) == 128 and chelsea.shape[2] == 3 and chelsea.dtype == np.float32
    full = data.load_photos(("chelsea",), max_side=None)[0]
    assert full.shape == data.load_image("chelsea", size=None, square=False).shape
    assert liif.load_photos is data.load_photos
    with pytest.raises(TypeError, match="names must be a tuple"):
        data.load_photos("chelsea")
    with pytest.raises(ValueError, match="max_side"):
        data.load_photos(("chelsea",), max_side=0)


# ----------------------------------------------------------------------------- fitting within a size
def test_fit_within_shrinks_the_longer_side_and_keeps_the_aspect_ratio():
    image = torch.rand(1, 3, 300, 700)
    small = imaging.fit_within(image, 512)
    assert small.shape == (1, 3, 219, 512)
    torch.testing.assert_close(small, imaging.downsample(image, (219, 512)))
    assert imaging.fit_within(image, 700) is image  # already fits: unchanged
    assert imaging.fit_within(torch.rand(1, 3, 1000, 3), 10).shape == (1, 3, 10, 2)  # each side at least 2
    with pytest.raises(ValueError, match="max_side must be a positive integer"):
        imaging.fit_within(image, 0)
