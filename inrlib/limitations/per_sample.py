"""Limitation 1 — repetitive training for each sample (lecture §1).

Fitting one photo (chapter 00) or one scene (chapter 05) is paid again for every new
sample; a generalisable model (chapter 06's LIIF) pays once for training and then one
forward pass per sample.  :func:`break_even_images` says after how many images it has
paid for itself.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

import numpy as np
import torch

from .. import implicit, liif, nerf, validate
from ..checkpoints import read_manifest
from ..data import center_crop_square, load_photos
from ..imaging import downsample, image_tensor, to_image
from ..metrics import psnr

#: The held-out photo of the cost comparison (LIIF never saw it in training).
PHOTO = "coffee"
#: Steps of the shipped hash-grid NeRF (``python -m inrlib.nerf train --seed 0``).
SHIPPED_NERF_STEPS = 3000


def held_out_photo(size: int) -> np.ndarray:
    """The held-out photo :data:`PHOTO` (centre square, RGB) at ``size``×``size``, float32 in [0, 1]."""
    size = validate.positive_int("size", size)
    if size < 8:
        raise ValueError(f"size must be at least 8 pixels, got {size}")
    square = center_crop_square(load_photos((PHOTO,), max_side=None)[0])
    return to_image(downsample(image_tensor("photo", square), (size, size)))


def image_fit_cost(image: np.ndarray, steps: int, *, hidden_features: int = 64, hidden_layers: int = 3,
                   seed: int = 0) -> dict:
    """Chapter 00's recipe on one image: fit a SIREN to every pixel for ``steps`` Adam steps.

    ``image`` (H, W, 3) in [0, 1].  Returns ``{"seconds", "steps", "psnr"}`` (PSNR of the
    fitted function at the image's own pixels) and ``"model"``.  The cost is paid again for
    every new image: the weights *are* the image.
    """
    validate.image_array("image", image)
    if np.asarray(image).ndim != 3 or np.asarray(image).shape[-1] != 3:
        raise ValueError(f"image must be an RGB array (H, W, 3), got {validate.show(image)}")
    steps = validate.positive_int("steps", steps)
    model = implicit.make_model("siren", 2, 3, hidden_features, hidden_layers, seed=seed)
    t0 = time.perf_counter()
    implicit.fit_image(model, image, steps, progress=False, log_every=steps, seed=seed)
    seconds = time.perf_counter() - t0
    fitted = implicit.render(model, image.shape[0], image.shape[1])
    return {"seconds": seconds, "steps": steps, "psnr": psnr(fitted, np.asarray(image)), "model": model}


def liif_forward_cost(image: np.ndarray, model: liif.LIIF | None = None, scale: float = 1.0) -> dict:
    """One forward pass of the shipped LIIF (chapter 06) on a new image: no training.

    With ``scale`` = 1 the image itself is encoded and queried at its own pixels — the same
    job as :func:`image_fit_cost` (a continuous function of this image); with ``scale`` = s
    the input is the image shrunk s times (:func:`inrlib.liif.degrade`) and LIIF brings it
    back.  Returns ``{"seconds", "psnr", "scale"}``.
    """
    validate.image_array("image", image)
    scale = validate.positive_float("scale", scale)
    model = liif.load_pretrained() if model is None else model
    image = np.asarray(image, dtype=np.float32)
    lr, hr = (image, image) if scale == 1.0 else liif.degrade(image, scale)
    t0 = time.perf_counter()
    out = liif.upsample(model, lr, size=hr.shape[:2])
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "psnr": psnr(out, hr), "scale": scale}


def scene_step_cost(steps: int = 3, *, batch_rays: int = 2048, scene_size: int = 32, n_views: int = 8,
                    seed: int = 0) -> dict:
    """Seconds per training step of chapter 05's hash-grid NeRF (its shipped configuration).

    A fresh field is trained for ``steps`` steps of ``batch_rays`` rays on the course scene,
    skipping empty space with the shipped occupancy grid (kept fixed: the cost of a step late
    in training).  The cost of a step does not depend on the photos' size (it draws
    ``batch_rays`` rays), so a small copy of the scene (``scene_size``, ``n_views``) is used.
    The first step (warm-up) is not counted.  Returns ``{"seconds_per_step",
    "estimated_fit_seconds"}`` (× :data:`SHIPPED_NERF_STEPS`) and ``"steps"``.
    """
    steps = validate.positive_int("steps", steps)
    if steps < 2:
        raise ValueError(f"steps must be at least 2 (the first one is a warm-up), got {steps}")
    directory = nerf.make_scene("course", size=validate.positive_int("scene_size", scene_size),
                                n_train=validate.positive_int("n_views", n_views), n_val=1, n_test=1)
    views = nerf.load_views(directory, "train")
    _, occupancy = nerf.load_shipped()
    torch.manual_seed(seed)
    field = nerf.HashGridField(**nerf.shipped_config())
    result = nerf.train_nerf(field, views, steps=steps, time_budget=None,
                             batch_rays=validate.positive_int("batch_rays", batch_rays),
                             settings=nerf.SETTINGS, occupancy=occupancy, update_occupancy=False,
                             supersample=nerf.SUPERSAMPLE, seed=seed, log_every=1, progress=False)
    seconds = result.history.seconds
    per_step = (seconds[-1] - seconds[0]) / (len(seconds) - 1)
    return {"seconds_per_step": per_step, "estimated_fit_seconds": per_step * SHIPPED_NERF_STEPS,
            "steps": steps}


def liif_training_seconds() -> float:
    """The one-off training time of the shipped LIIF, read from the checkpoint manifest
    (``"… N min on one CPU thread"``); NaN if the manifest does not say."""
    text = read_manifest()[liif.CHECKPOINT_NAME].get("description", "")
    found = re.search(r"(\d+(?:\.\d+)?) min on one CPU thread", text)
    return float(found.group(1)) * 60 if found else math.nan


def _check_break_even_images(train_seconds, fit_seconds, forward_seconds) -> None:
    validate.positive_float("train_seconds", train_seconds)
    fit_seconds = validate.positive_float("fit_seconds", fit_seconds)
    forward_seconds = validate.positive_float("forward_seconds", forward_seconds)
    if fit_seconds <= forward_seconds:
        raise ValueError(f"fit_seconds must exceed forward_seconds for a break-even to exist, got "
                         f"fit_seconds={fit_seconds:g} ≤ forward_seconds={forward_seconds:g}")


@validate.checked(_check_break_even_images)
def break_even_images(train_seconds: float, fit_seconds: float, forward_seconds: float) -> int:
    """Smallest number of images n for which training a generalisable model once and running
    it n times costs no more than fitting every image separately:

    .. math:: T_{train} + n\\,T_{forward} \\le n\\,T_{fit} \\iff n \\ge \\frac{T_{train}}{T_{fit} - T_{forward}} .

    Raises ``ValueError`` when ``fit_seconds`` ≤ ``forward_seconds`` (it never breaks even).
    """
    return max(1, math.ceil(train_seconds / (fit_seconds - forward_seconds) - 1e-12))


@dataclass
class PerSampleCosts:
    """What one more sample costs: fit an image, fit a scene, or one LIIF forward pass."""

    image_size: int
    fit_steps: int
    fit_seconds: float
    fit_psnr: float
    liif_seconds: float
    liif_psnr: float
    liif_x4_seconds: float
    liif_x4_psnr: float
    nerf_step_seconds: float
    nerf_fit_seconds: float
    liif_train_seconds: float

    @property
    def speedup(self) -> float:
        """How many LIIF forward passes cost as much as fitting one image."""
        return self.fit_seconds / self.liif_seconds

    def rows(self) -> list[tuple[str, str, float, str]]:
        """Table rows ``(chapter, what, seconds, quality)`` for the lecture."""
        s = self.image_size
        return [
            ("00", f"fit a SIREN to one new {s}×{s} photo ({self.fit_steps} steps)", self.fit_seconds,
             f"{self.fit_psnr:.1f} dB at its pixels"),
            ("05", f"fit one scene (hash grid, {SHIPPED_NERF_STEPS} steps × {self.nerf_step_seconds:.2f} s, estimated)",
             self.nerf_fit_seconds, "29.6 dB held-out (shipped model)"),
            ("06", f"LIIF on the new {s}×{s} photo (one forward pass, ×1)", self.liif_seconds,
             f"{self.liif_psnr:.1f} dB at its pixels"),
            ("06", "LIIF from its ×4 smaller copy (one forward pass)", self.liif_x4_seconds,
             f"{self.liif_x4_psnr:.1f} dB"),
            ("06", "train LIIF once (shipped weights, from the manifest)", self.liif_train_seconds, "—"),
        ]


def time_per_sample_costs(image_size: int = 64, fit_steps: int = 300, nerf_steps: int = 3,
                          seed: int = 0) -> PerSampleCosts:
    """Measure the three costs of "repetitive training for each sample" (see module docstring).

    The fit and the LIIF forward pass are each timed after one warm-up call (the first call
    in a process pays one-off allocation costs).
    """
    image = held_out_photo(image_size)
    image_fit_cost(image, 1, seed=seed)  # warm-up: the first training step of a process pays one-off costs
    fit = image_fit_cost(image, fit_steps, seed=seed)
    model = liif.load_pretrained()
    liif_forward_cost(image, model)  # warm-up
    one = liif_forward_cost(image, model)
    four = liif_forward_cost(image, model, scale=4.0)
    scene = scene_step_cost(nerf_steps, seed=seed)
    return PerSampleCosts(image_size, fit["steps"], fit["seconds"], fit["psnr"], one["seconds"], one["psnr"],
                          four["seconds"], four["psnr"], scene["seconds_per_step"], scene["estimated_fit_seconds"],
                          liif_training_seconds())
