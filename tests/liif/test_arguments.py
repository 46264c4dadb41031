"""Chapter 06 — LIIF: bad arguments are named."""
import numpy as np
import pytest
import torch

from inrlib import liif

from .helpers import rgb


@pytest.fixture(scope="module")
def tiny():
    return liif.LIIF(blocks=1, channels=4, hidden=8)


@pytest.mark.parametrize("kwargs,match", [
    (dict(scale=0.5), "scale must be ≥ 1"),
    (dict(scale=float("nan")), "scale"),
    (dict(scale=2, size=(4, 4)), "exactly one of scale"),
    (dict(size=(10,)), "size must be a pair"),
    (dict(size=(100_000, 100_000)), "size: an output of"),
    (dict(scale=2, chunk_size=0), "chunk_size"),
])
def test_bad_upsampling_arguments_are_named(tiny, kwargs, match):
    with pytest.raises(ValueError, match=match):
        liif.upsample(tiny, rgb(), **kwargs)


@pytest.mark.parametrize("image,match", [
    (np.full((8, 8, 3), np.nan, np.float32), "image must contain only finite values"),
    (rgb() * 255, r"image must have values in \[0, 1\]"),
    (np.random.rand(8, 8), r"shape \(h, w, 3\)"),
    (np.random.rand(8, 8, 4), r"shape \(h, w, 3\)"),
])
def test_bad_images_are_named(tiny, image, match):
    with pytest.raises(ValueError, match=match):
        liif.upsample(tiny, image, 2)
    with pytest.raises(ValueError, match=match):
        liif.bicubic_upsample(image, 2)


def test_other_bad_input(tiny):
    with pytest.raises(TypeError, match="model must be an inrlib.liif.LIIF"):
        liif.upsample(torch.nn.Linear(2, 3), rgb(), 2)
    with pytest.raises(ValueError, match="image must have 3 channels"):
        tiny.encode(torch.rand(1, 1, 8, 8))
    with pytest.raises(ValueError, match="cells must be given"):
        tiny(torch.rand(1, 3, 8, 8), torch.zeros(1, 5, 2))
    with pytest.raises(ValueError, match="coords must have a last dimension of 2"):
        liif.nearest_latent((4, 4), torch.zeros(5, 3))
    with pytest.raises(ValueError, match="scale_range"):
        liif.sample_batch([rgb(64, 64)], scale_range=(0.5, 2))
    with pytest.raises(ValueError, match="photos: none is at least"):
        liif.sample_batch([rgb(64, 64)], patch=48)
    with pytest.raises(ValueError, match="scale: ×40 leaves"):
        liif.degrade(rgb(50, 50), 40)
    with pytest.raises(ValueError, match="layers must be at least 2"):
        liif.LIIF(layers=1)
    with pytest.raises(ValueError, match="relatives must be a list of 4"):
        liif.local_ensemble_weights([torch.zeros(3, 2)])
