"""Image quality metrics: PSNR and SSIM.

Both accept NumPy arrays or torch tensors of shape (H, W) or (H, W, C), with values in
``[0, data_range]``, and return a Python float.  They are tested against
``skimage.metrics`` on the same images.
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from . import validate


def _as_float64(name: str, image) -> torch.Tensor:
    validate.image_array(name, image)
    t = torch.as_tensor(image).detach().to("cpu", torch.float64)
    if not torch.isfinite(t).all():
        raise ValueError(f"{name} contains NaN or inf values")
    return t


def _pair(pred, target) -> tuple[torch.Tensor, torch.Tensor]:
    p, t = _as_float64("pred", pred), _as_float64("target", target)
    if p.shape != t.shape:
        raise ValueError(f"pred and target must have the same shape, got {tuple(p.shape)} and {tuple(t.shape)}")
    return p, t


def mse(pred, target) -> float:
    """Mean squared error, :math:`\\frac{1}{N}\\sum_i (p_i - t_i)^2`."""
    p, t = _pair(pred, target)
    return float(((p - t) ** 2).mean())


def psnr(pred, target, data_range: float = 1.0) -> float:
    r"""Peak signal-to-noise ratio in dB:

    .. math:: \mathrm{PSNR} = 10 \log_{10} \frac{R^2}{\mathrm{MSE}}

    with R = ``data_range`` (1 for images in [0, 1]).  Identical images give ``inf``.
    """
    data_range = validate.positive_float("data_range", data_range)
    err = mse(pred, target)
    return math.inf if err == 0 else 10.0 * math.log10(data_range**2 / err)


def mse_to_psnr(mse_value: float, data_range: float = 1.0) -> float:
    """PSNR from an MSE already computed (e.g. a training loss)."""
    if isinstance(mse_value, torch.Tensor) and mse_value.numel() == 1:
        mse_value = float(mse_value)  # a training loss straight from the optimiser
    if isinstance(mse_value, bool) or not isinstance(mse_value, (int, float, np.integer, np.floating)):
        raise TypeError(f"mse_value must be a finite non-negative number, got {validate.show(mse_value)}")
    if mse_value < 0 or not math.isfinite(mse_value):
        raise ValueError(f"mse_value must be a finite non-negative number, got {mse_value!r}")
    data_range = validate.positive_float("data_range", data_range)
    return math.inf if mse_value == 0 else 10.0 * math.log10(data_range**2 / mse_value)


def _gaussian_kernel(sigma: float, truncate: float = 3.5) -> torch.Tensor:
    radius = int(truncate * sigma + 0.5)
    x = torch.arange(-radius, radius + 1, dtype=torch.float64)
    k = torch.exp(-0.5 * (x / sigma) ** 2)
    return k / k.sum()


def ssim(pred, target, data_range: float = 1.0, sigma: float = 1.5) -> float:
    r"""Structural similarity (Wang et al. 2004) with an 11×11 Gaussian window (σ = 1.5):

    .. math::
        \mathrm{SSIM}(x, y) = \frac{(2μ_xμ_y + C_1)(2σ_{xy} + C_2)}
                                   {(μ_x^2 + μ_y^2 + C_1)(σ_x^2 + σ_y^2 + C_2)},
        \quad C_1 = (0.01 R)^2,\ C_2 = (0.03 R)^2

    averaged over all window positions that fit inside the image, and over channels.
    Matches ``skimage.metrics.structural_similarity(..., gaussian_weights=True,
    sigma=1.5, use_sample_covariance=False, data_range=R)``.
    """
    data_range = validate.positive_float("data_range", data_range)
    p, t = _pair(pred, target)
    k = _gaussian_kernel(validate.positive_float("sigma", sigma))
    if min(p.shape[0], p.shape[1]) < k.numel():
        raise ValueError(f"images must be at least {k.numel()}×{k.numel()} for SSIM, got {tuple(p.shape)}")
    if p.ndim == 2:
        p, t = p[..., None], t[..., None]
    # (H, W, C) -> (C, 1, H, W): channels are treated independently.
    x, y = p.permute(2, 0, 1)[:, None], t.permute(2, 0, 1)[:, None]
    kh, kw = k.view(1, 1, -1, 1), k.view(1, 1, 1, -1)

    def blur(img: torch.Tensor) -> torch.Tensor:  # separable Gaussian, 'valid' region
        return F.conv2d(F.conv2d(img, kh), kw)

    mu_x, mu_y = blur(x), blur(y)
    var_x = blur(x * x) - mu_x**2
    var_y = blur(y * y) - mu_y**2
    cov = blur(x * y) - mu_x * mu_y
    c1, c2 = (0.01 * data_range) ** 2, (0.03 * data_range) ** 2
    s = ((2 * mu_x * mu_y + c1) * (2 * cov + c2)) / ((mu_x**2 + mu_y**2 + c1) * (var_x + var_y + c2))
    return float(s.mean())
