"""The benchmark protocol (lecture §8–§9): degrade a held-out photo, upsample it back, score
LIIF against bicubic with the border shaved; the deck's Table 1 for comparison."""
from __future__ import annotations

import math

import numpy as np

from .. import validate
from ..data import load_photos
from ..imaging import bicubic_upsample, downsample, image_tensor, to_image
from ..metrics import psnr, ssim
from .model import LIIF
from .sampling import TEST_PHOTOS
from .upsampling import upsample

SCALES_IN = (2, 3, 4)
SCALES_OUT = (6, 12, 18, 24, 30)
#: The deck's Table 1 (DIV2K validation, PSNR dB): bicubic and EDSR-baseline-LIIF.
PAPER_TABLE = {
    "scales": SCALES_IN + SCALES_OUT,
    "bicubic": (31.01, 28.22, 26.66, 24.82, 22.27, 21.00, 20.19, 19.59),
    "EDSR-baseline-LIIF": (34.67, 30.96, 29.00, 26.75, 23.71, 22.17, 21.18, 20.48),
}


def degrade(photo: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """The benchmark's input and ground truth for one photo at one scale.

    The LR size is ⌊H/s⌋ × ⌊W/s⌋; the ground truth is the top-left crop of
    round(h·s) × round(w·s) pixels (so its size is an exact multiple for integer s), and
    the input is its antialiased bicubic downsampling.  Returns ``(lr, hr)``.
    """
    hr = image_tensor("photo", photo)
    scale = validate.positive_float("scale", scale)
    if scale < 1:
        raise ValueError(f"scale must be ≥ 1, got {scale:g}")
    h, w = math.floor(hr.shape[-2] / scale), math.floor(hr.shape[-1] / scale)
    if min(h, w) < 2:
        raise ValueError(f"scale: ×{scale:g} leaves a {h}×{w} input of a {tuple(hr.shape[-2:])} photo")
    hr = hr[..., : round(h * scale), : round(w * scale)]
    lr = downsample(hr, (h, w))
    return to_image(lr), to_image(hr)


def shaved(image: np.ndarray, border: int) -> np.ndarray:
    """Drop ``border`` pixels on every side (the benchmark sets' protocol: border = scale)."""
    validate.image_array("image", image)
    border = validate.non_negative_int("border", border)
    if 2 * border >= min(image.shape[:2]):
        raise ValueError(f"border must be less than half the image side, got {border} for {validate.show(image)}")
    return image[border:-border, border:-border] if border > 0 else image


def evaluate_scale(model: LIIF, photo: np.ndarray, scale: float, **upsample_kwargs) -> dict[str, float]:
    """PSNR/SSIM of LIIF and bicubic on one photo at one scale, RGB, border ⌈scale⌉ shaved."""
    lr, hr = degrade(photo, scale)
    border = math.ceil(scale)
    ours = upsample(model, lr, size=hr.shape[:2], **upsample_kwargs)
    base = bicubic_upsample(lr, size=hr.shape[:2])
    truth = shaved(hr, border)
    return {"liif_psnr": psnr(shaved(ours, border), truth), "bicubic_psnr": psnr(shaved(base, border), truth),
            "liif_ssim": ssim(shaved(ours, border), truth), "bicubic_ssim": ssim(shaved(base, border), truth)}


def evaluation_table(model: LIIF, photos: tuple[str, ...] = TEST_PHOTOS, scales=SCALES_IN + SCALES_OUT,
                     **upsample_kwargs) -> list[dict[str, float]]:
    """Mean PSNR/SSIM over held-out photos at each scale: one row per scale."""
    images = load_photos(photos)
    rows = []
    for scale in scales:
        per_photo = [evaluate_scale(model, img, scale, **upsample_kwargs) for img in images]
        row = {"scale": float(scale)}
        for key in per_photo[0]:
            row[key] = float(np.mean([p[key] for p in per_photo]))
        rows.append(row)
    return rows
