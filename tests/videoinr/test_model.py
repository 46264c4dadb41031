"""Chapter 07 — VideoINR-lite: the model at its boundary times and untrained (inrlib/videoinr/model.py)."""
import numpy as np
import torch

from inrlib import liif, videoinr
from inrlib.metrics import psnr

from .helpers import _frames


def test_t0_and_t1_reproduce_the_input_frames_for_any_temporal_weights(spatial):
    torch.manual_seed(0)
    model = videoinr.VideoINR(spatial)
    for name, p in model.named_parameters():  # any flows and temporal function, not only zero-initialised ones
        if not name.startswith("spatial."):
            torch.nn.init.normal_(p, std=0.3)
    _, f0, f1 = _frames()
    for t, frame in ((0.0, f0), (1.0, f1)):
        out = videoinr.render(model, f0, f1, t, (40, 40))
        np.testing.assert_allclose(out, liif.upsample(spatial, frame, size=(40, 40)), atol=1e-5)
        assert psnr(videoinr.render(model, f0, f1, t, (16, 16)), frame) > 35  # scale 1: the frame itself


def test_an_untrained_model_is_the_linear_blend_of_liif(spatial):
    model = videoinr.VideoINR(spatial)
    _, f0, f1 = _frames(1)
    f0, f1 = 0.2 + 0.6 * f0, 0.2 + 0.6 * f1  # away from 0 and 1: render clamps after blending, the baseline before
    out = videoinr.render(model, f0, f1, 0.3, (48, 48))
    np.testing.assert_allclose(out, videoinr.blend_liif(f0, f1, 0.3, (48, 48), spatial), atol=1e-4)
