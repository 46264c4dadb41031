import numpy as np
import pytest
import torch
import torch.nn.functional as F

from inrlib.data import (AVAILABLE_IMAGES, image_to_samples, load_image, pixel_coordinates,
                         samples_to_image)


@pytest.mark.parametrize("name", AVAILABLE_IMAGES)
def test_every_bundled_photo_loads_offline(name):
    img = load_image(name, 32)
    assert img.dtype == np.float32 and img.shape[:2] == (32, 32)
    assert img.ndim == 2 or img.shape[-1] == 3
    assert 0.0 <= img.min() and img.max() <= 1.0 and img.std() > 0.01


def test_gray_and_colour_options():
    assert load_image("astronaut", 16, gray=True).shape == (16, 16)
    assert load_image("camera", 16, gray=False).shape == (16, 16, 3)
    assert load_image("coffee", None, square=False).shape == (400, 600, 3)
    assert load_image("coffee", (20, 30), square=False).shape == (20, 30, 3)
    with pytest.raises(ValueError, match="name must be one of"):
        load_image("lena")
    with pytest.raises(ValueError, match="size must be an int or a pair"):
        load_image("camera", (1, 2, 3))


def test_pixel_coordinates_are_centres_in_grid_sample_convention():
    coords = pixel_coordinates(3, 4)
    assert coords.shape == (12, 2)
    assert torch.allclose(coords[0], torch.tensor([-0.75, -2 / 3]))  # (x, y) of pixel (0, 0)
    assert torch.allclose(coords[-1], torch.tensor([0.75, 2 / 3]))
    # Sampling an image at its own pixel centres with grid_sample(align_corners=False)
    # must return the image exactly: the same convention as torch.
    img = torch.rand(1, 1, 3, 4)
    grid = coords.view(1, 3, 4, 2)
    assert torch.allclose(F.grid_sample(img, grid, align_corners=False), img, atol=1e-6)


def test_image_samples_roundtrip():
    img = load_image("astronaut", 8)
    coords, values = image_to_samples(img)
    assert coords.shape == (64, 2) and values.shape == (64, 3)
    assert np.array_equal(samples_to_image(values, 8, 8), img)
    gray = load_image("camera", 8)
    assert np.array_equal(samples_to_image(image_to_samples(gray)[1], 8, 8), gray)
    with pytest.raises(ValueError, match="height\\*width = 63"):
        samples_to_image(values, 7, 9)
    with pytest.raises(ValueError, match="image must have shape"):
        image_to_samples(np.zeros((4, 4, 7)))
