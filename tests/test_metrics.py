import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings as hsettings, strategies as st
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from inrlib.data import load_image
from inrlib.metrics import mse, mse_to_psnr, psnr, ssim


def _noisy(img, sigma, seed=0):
    rng = np.random.default_rng(seed)
    return np.clip(img + sigma * rng.standard_normal(img.shape), 0, 1).astype(np.float32)


@pytest.mark.parametrize("name", ["camera", "astronaut"])
@pytest.mark.parametrize("sigma", [0.01, 0.1])
def test_psnr_and_ssim_match_scikit_image_on_real_photos(name, sigma):
    img = load_image(name, 64)
    noisy = _noisy(img, sigma)
    channel_axis = -1 if img.ndim == 3 else None
    assert psnr(noisy, img) == pytest.approx(peak_signal_noise_ratio(img, noisy, data_range=1.0), abs=1e-6)
    ref = structural_similarity(img, noisy, data_range=1.0, gaussian_weights=True, sigma=1.5,
                                use_sample_covariance=False, channel_axis=channel_axis)
    assert ssim(noisy, img) == pytest.approx(ref, abs=1e-6)
    assert ssim(torch.from_numpy(noisy), torch.from_numpy(img)) == pytest.approx(ref, abs=1e-6)


def test_ssim_with_another_data_range_matches_scikit_image():
    img = load_image("camera", 32) * 255
    noisy = np.clip(img + np.random.default_rng(1).normal(0, 10, img.shape), 0, 255)
    ref = structural_similarity(img, noisy, data_range=255, gaussian_weights=True, sigma=1.5,
                                use_sample_covariance=False)
    assert ssim(noisy, img, data_range=255) == pytest.approx(ref, abs=1e-6)


@given(st.floats(1e-4, 0.5), st.floats(0.5, 255))
@hsettings(max_examples=25, deadline=None)
def test_psnr_law(err, data_range):
    # A constant error e gives MSE = e², so PSNR = 20 log10(R / e) exactly.
    a = np.zeros((4, 4))
    assert psnr(a + err, a, data_range) == pytest.approx(20 * math.log10(data_range / err), rel=1e-9)
    assert mse_to_psnr(err**2, data_range) == pytest.approx(20 * math.log10(data_range / err), rel=1e-9)


def test_identical_images():
    img = load_image("camera", 16)
    assert psnr(img, img) == math.inf and mse(img, img) == 0.0
    assert ssim(img, img) == pytest.approx(1.0)


def test_bad_inputs():
    a = np.zeros((16, 16))
    with pytest.raises(ValueError, match="same shape"):
        psnr(a, np.zeros((16, 15)))
    with pytest.raises(ValueError, match="pred contains NaN"):
        psnr(a * np.nan, a)
    with pytest.raises(ValueError, match="data_range must be a positive"):
        psnr(a, a, data_range=0)
    with pytest.raises(TypeError, match="target must be a numpy array or torch tensor"):
        ssim(a, [[0.0]])
    with pytest.raises(ValueError, match="at least 11"):
        ssim(np.zeros((8, 8)), np.zeros((8, 8)))
