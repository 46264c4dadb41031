"""Chapter 08 — the limitations, measured: what one more sample costs (inrlib/limitations/per_sample.py).

Every number the chapter reports is checked against an independent reference (analytic
solutions, scipy, hand counts), without timing asserts."""
import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from inrlib import limitations as L


def test_image_fit_and_liif_forward_report_finite_measurements():
    image = L.held_out_photo(16)
    assert image.shape == (16, 16, 3) and image.dtype == np.float32 and 0 <= image.min() and image.max() <= 1
    fit = L.image_fit_cost(image, 3, hidden_features=16, hidden_layers=1)
    assert fit["steps"] == 3 and fit["seconds"] > 0 and np.isfinite(fit["psnr"])
    image = L.held_out_photo(32)
    one, four = L.liif_forward_cost(image), L.liif_forward_cost(image, scale=4.0)
    assert one["seconds"] > 0 and one["scale"] == 1.0
    assert one["psnr"] > four["psnr"] + 3     # encoding the image itself beats rebuilding it from 16× fewer pixels


def test_scene_step_cost_extrapolates_to_the_shipped_recipe():
    out = L.scene_step_cost(2, batch_rays=32)
    assert out["seconds_per_step"] > 0
    assert math.isclose(out["estimated_fit_seconds"], out["seconds_per_step"] * L.SHIPPED_NERF_STEPS)


def test_liif_training_seconds_come_from_the_manifest():
    from inrlib.checkpoints import read_manifest

    text = read_manifest()["liif_edsr_small"]["description"]
    minutes = float(text.split(" min on one CPU thread")[0].split()[-1])
    assert L.liif_training_seconds() == minutes * 60


@given(t=st.floats(1e-3, 1e5), fit=st.floats(1e-3, 1e3), frac=st.floats(0.0, 0.99))
def test_break_even_is_the_smallest_n_that_pays(t, fit, frac):
    forward = max(fit * frac, 1e-6)
    if forward >= fit:
        return
    n = L.break_even_images(t, fit, forward)
    assert isinstance(n, int) and n >= 1
    assert t + n * forward <= n * fit * (1 + 1e-9)
    if n > 1:
        assert t + (n - 1) * forward > (n - 1) * fit
