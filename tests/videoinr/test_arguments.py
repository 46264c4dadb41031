"""Chapter 07 — VideoINR-lite: bad arguments are named."""
import pytest
import torch

from inrlib import videoinr

from .helpers import noise_photo


@pytest.mark.parametrize("t", [-0.1, 1.5, float("nan")])
def test_time_outside_0_1_is_refused(spatial, t):
    model = videoinr.VideoINR(spatial)
    f = noise_photo(8, 8)
    with pytest.raises(ValueError, match=r"t must lie in \[0, 1\]"):
        videoinr.render(model, f, f, t, (16, 16))
    with pytest.raises(ValueError, match=r"t must lie in \[0, 1\]"):
        videoinr.blend_bicubic(f, f, t, (16, 16))
    with pytest.raises(ValueError, match=r"t must lie in \[0, 1\]"):
        videoinr.Clip(torch.zeros(3, 8, 8), torch.zeros(3, 8, 8)).frame(t, 8)


def test_other_bad_input(spatial):
    model = videoinr.VideoINR(spatial)
    with pytest.raises(ValueError, match="frame1 must have the size of frame0"):
        videoinr.render(model, noise_photo(8, 8), noise_photo(8, 10), 0.5, (16, 16))
    with pytest.raises(ValueError, match="frame1 must have the size of frame0"):
        videoinr.blend_bicubic(noise_photo(8, 8), noise_photo(9, 8), 0.5, (16, 16))
    with pytest.raises(ValueError, match="size must be at least"):
        videoinr.render(model, noise_photo(8, 8), noise_photo(8, 8), 0.5, (4, 4))
    with pytest.raises(TypeError, match="t must be a number"):
        videoinr.render(model, noise_photo(8, 8), noise_photo(8, 8), "half", (16, 16))
    with pytest.raises(ValueError, match="flow must have shape"):
        videoinr.warp(torch.rand(1, 3, 4, 4), torch.zeros(1, 4, 4, 3))
    with pytest.raises(TypeError, match="spatial must be an inrlib.liif.LIIF"):
        videoinr.VideoINR(torch.nn.Linear(2, 2))
    with pytest.raises(ValueError, match="motion must be one of"):
        videoinr.random_clip(noise_photo(), noise_photo(), torch.Generator(), motion="shake")
