"""Training a field on photos, and measuring it on held-out views (lecture 05 §7)."""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .. import validate
from ..metrics import psnr, ssim
from ..settings import seed_everything
from ..training import train
from .dataset import Views, _check_views
from .fields import Field, HashGridField
from .occupancy import OccupancyGrid
from .rendering import RenderSettings, _check_field_settings_occupancy, _check_skips, render_image, render_rays


@dataclass
class TrainResult:
    field: Field
    occupancy: OccupancyGrid
    history: object
    seconds: float
    steps: int


def _check_train_nerf(field, views, *, steps=100000, time_budget=180.0, batch_rays=2048, lr=None, lr_decay=0.1,
                      settings=None, occupancy=None, supersample=1, skip_hidden=1e-3, skip_faint=None,
                      occupancy_every=16, **options) -> None:
    _check_field_settings_occupancy(field, settings, occupancy), _check_views(views)
    _check_skips(skip_hidden, skip_faint)
    rays_per_pixel = validate.positive_int("supersample", supersample) ** 2
    if lr is not None:
        validate.non_negative_float("lr", lr)
    validate.positive_int("occupancy_every", occupancy_every)
    if validate.positive_float("lr_decay", lr_decay) > 1:
        raise ValueError(f"lr_decay must be a factor in (0, 1], got {lr_decay!r}")
    if validate.positive_int("batch_rays", batch_rays) < rays_per_pixel:
        raise ValueError(f"batch_rays must hold at least one pixel's rays ({rays_per_pixel} with supersample = "
                         f"{supersample}), got {batch_rays}")


@validate.checked(_check_train_nerf)
def train_nerf(field: Field, views: Views, *, steps: int = 100000, time_budget: float | None = 180.0,
               batch_rays: int = 2048, lr: float | None = None, lr_decay: float = 0.1,
               settings: RenderSettings | None = None, occupancy: OccupancyGrid | None = None,
               update_occupancy: bool = True, occupancy_every: int = 16, skip_hidden: float | None = 1e-3,
               skip_faint: float | None = None, random_background: bool = True, supersample: int = 1,
               fused_adam: bool = False, seed: int = 0, evaluate: Callable | None = None, log_every: int = 50,
               progress: bool = True, desc: str = "NeRF") -> TrainResult:
    """Fit ``field`` to the training views with :func:`inrlib.training.train`.

    Each step draws random pixels of all views (``batch_rays`` rays: one per pixel, or s² with
    ``supersample``, below), renders them with stratified
    (jittered) samples, skipping cells the occupancy grid marks empty, and minimises the
    mean squared colour error. At steps 4 and 8, then every ``occupancy_every`` steps, the grid is
    refreshed from the field's density (``update_occupancy``; pass a fixed grid with ``update_occupancy=False``).
    Adam with ``lr`` (default 1e-2 for the hash grid, 5e-4 for MLPs) decayed exponentially to
    ``lr · lr_decay`` over the budget; ``fused_adam`` updates all parameters in one kernel (the same
    maths, about half the time on a CPU: 2.6 ms a step against 4.9 for the hash grid of your own
    scenes). ``skip_hidden`` and ``skip_faint``: see :func:`render_rays`. A sample left out gets no
    gradient, so with ``skip_faint`` a haze fainter than it never grows: the gravel-floor scene's
    floor stays clear (lecture 05 §11).

    ``random_background`` (instant-ngp's trick, used when the views have alpha): each ray's
    target is composited on a random colour, and the render on the same colour. Against a
    fixed white background a faint white haze costs nothing in the training views, yet it
    veils the objects seen from elsewhere; against random colours every bit of haze costs.

    ``supersample`` s > 1 renders each training pixel as the camera made it: s × s rays over
    the pixel's square (:func:`pixel_rays`), averaged, compared with the pixel's value. One ray
    through the centre would ask the field for the colour of a single point where the photo
    holds the average over a footprint — which differs from view to view at every edge and
    texture detail, so no 3-D field can fit them all (the idea behind mip-NeRF, done by brute
    force). ``batch_rays`` still counts rays: a step draws ``batch_rays // s²`` pixels.
    """
    settings, rays_per_pixel = settings or RenderSettings(), supersample ** 2
    origins, directions = views.pixel_rays(supersample)  # (pixels, s², 3)
    target, n_pixels, batch_pixels = views.images.reshape(-1, 3), origins.shape[0], batch_rays // rays_per_pixel
    occupancy = occupancy if occupancy is not None else OccupancyGrid(bound=settings.bound)
    is_grid = isinstance(field, HashGridField)
    lr = lr if lr is not None else (1e-2 if is_grid else 5e-4)
    opt = torch.optim.Adam(field.parameters(), lr=lr, eps=1e-15 if is_grid else 1e-8, betas=(0.9, 0.99),
                           fused=fused_adam or None)
    gen = seed_everything(seed)
    step_size = 2 * math.sqrt(3) * settings.bound / settings.n_samples
    state = {"step": 0, "t0": time.perf_counter()}

    def loss_fn(model):
        state["step"] += 1
        if update_occupancy and (state["step"] % occupancy_every == 0 or state["step"] in (4, 8)):
            model.eval()
            occupancy.update(model.density, step_size)
            model.train()
        idx = torch.randint(0, n_pixels, (batch_pixels,), generator=gen)
        background, wanted = None, target[idx]
        if random_background and views.alphas is not None:
            background = torch.rand(batch_pixels, 3, generator=gen)
            wanted = views.on_background(idx, background)
            background = background.repeat_interleave(rays_per_pixel, dim=0)  # the same colour for a pixel's rays
        out = render_rays(model, origins[idx].reshape(-1, 3), directions[idx].reshape(-1, 3), settings, occupancy,
                          perturb=True, skip_hidden=skip_hidden, skip_faint=skip_faint, background=background)
        pixels = out["rgb"].reshape(batch_pixels, rays_per_pixel, 3).mean(dim=1)  # the pixel's box filter
        loss = F.mse_loss(pixels, wanted)
        if out["samples"] == 0:  # every sample skipped: nothing to learn from this step, a zero gradient
            loss = loss + 0.0 * sum(p.sum() for p in model.parameters())
        return loss

    def schedule(step: int) -> float:  # exponential decay to lr · lr_decay over the time budget (or steps)
        frac = (time.perf_counter() - state["t0"]) / time_budget if time_budget else step / steps
        return lr * lr_decay ** min(max(frac, 0.0), 1.0)

    t0 = time.perf_counter()
    history = train(field, loss_fn, steps, optimizer=opt, lr_schedule=schedule, seed=None, log_every=log_every,
                    evaluate=evaluate, time_budget=time_budget, progress=progress, desc=desc)
    return TrainResult(field, occupancy, history, time.perf_counter() - t0, state["step"])


def evaluate_views(field: Field, views: Views, occupancy: OccupancyGrid | None = None,
                   settings: RenderSettings | None = None, limit: int | None = None, supersample: int = 1) -> dict:
    """Render every view of ``views`` (or the first ``limit``; ``supersample`` rays² per pixel,
    see :func:`render_image`) and compare with the photos: mean PSNR and SSIM
    (:mod:`inrlib.metrics`), and the renders."""
    _check_field_settings_occupancy(field, settings, occupancy)
    _check_views(views)
    if limit is not None:
        limit = validate.positive_int("limit", limit)
    n = views.images.shape[0] if limit is None else min(limit, views.images.shape[0])
    renders, ps, ss = [], [], []
    for k in range(n):
        r = render_image(field, views.height, views.width, views.focal, views.poses[k], settings, occupancy,
                         supersample=supersample)
        renders.append(r)
        ps.append(psnr(np.clip(r["rgb"], 0, 1), views.images[k].numpy()))
        ss.append(ssim(np.clip(r["rgb"], 0, 1), views.images[k].numpy()))
    return {"psnr": float(np.mean(ps)), "ssim": float(np.mean(ss)), "psnrs": ps, "renders": renders}
