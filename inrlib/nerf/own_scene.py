"""Your own scene (lecture 05 §11): train a hash-grid NeRF on any directory in the standard
layout — the course's scenes, the public synthetic ones, a photographed one — and load it back.

Nothing is tuned per scene: the box, the sample count and the grid's resolution are read off
the cameras and the photos (:mod:`inrlib.nerf.bounds`), and the command prints what it chose.
"""
from __future__ import annotations

import dataclasses
import math
import os
import tempfile
from pathlib import Path

import torch

from .. import validate
from ..settings import seed_everything
from .bounds import frustum_bound, grid_resolution, look_at_centre, recentred
from .cameras import _check_point3
from .dataset import _check_views, load_views
from .fields import HashGridField
from .occupancy import OccupancyGrid
from .rendering import RenderSettings
from .shipped import SUPERSAMPLE, shipped_config
from .train import evaluate_views, train_nerf

#: Samples per unit of length along a ray (the shipped model: 64 across its box of side 2).
SAMPLES_PER_UNIT = 32
#: Held-out views are rendered, and the checkpoint saved, with this many times the training's samples
#: per ray: a finer quadrature of the same integral, as the shipped model is measured (128 samples
#: against its 64). On two scenes trained 180 s: unseen 32.80 → 32.98 dB, Blender-like 32.04 → 32.08.
RENDER_SAMPLES = 2
#: Rays per training step. Against the clock, a step's fixed costs (the occupancy refresh, the
#: optimiser, launching each operation) favour larger steps, its samples smaller ones: in 180 s on
#: one thread (unseen scene) 1024 rays a step reached 32.6 dB, 2048 32.9, 4096 32.4.
BATCH_RAYS = 2048
#: Adam's learning rate, decayed exponentially to ``LEARNING_RATE · LR_DECAY`` over the budget (the
#: shipped model: 1e-2 to 1e-3). A higher start and a lower end, measured in 180 s on one thread (two
#: runs side by side): Blender-like 31.3 → 32.0 dB, unseen 32.6 → 32.8; from 3e-2 to 1e-3, Blender-like
#: 32.2 but unseen 32.1.
LEARNING_RATE = 2e-2
LR_DECAY = 0.05
#: Training leaves out samples whose opacity α = 1 − e^{−σδ} is below this (:func:`render_rays`'
#: ``skip_faint``): the near-empty space inside occupied cells. On the gravel-floor scene a step then
#: kept 6 samples a ray with gradients instead of 25, and no haze grew over the floor (a sample left out
#: gets no gradient): 32.3 dB in 180 s against 30.8 without (one thread). Started at step 256 instead,
#: once the haze had formed, it kept only 28.8 dB.
SKIP_FAINT = 0.01
#: Steps between refreshes of the occupancy grid (the shipped model: 16). A refresh queries the field's
#: density at every cell, a fixed cost that does not depend on the batch; fewer refreshes buy steps.
#: Benchmark rows (each scene alone, 180 s on one thread), every 16 → every 32 steps: unseen 32.9 →
#: 33.2 dB, floor 32.4 → 32.4, Blender-like 32.1 → 32.1, 40 views 32.5 → 32.3; two runs of one scene
#: differ by about ±0.15 dB.
OCCUPANCY_EVERY = 32
#: Photos whose neighbouring pixels differ by less than this (RMS, colours in [0, 1]) are
#: smooth at the pixel scale: one ray through a pixel's centre sees what its 2 × 2 rays see.
SMOOTH_PIXELS = 1 / 16


def pixel_detail(views) -> float:
    """How much the training photos change from one pixel to the next: the RMS difference
    between neighbouring pixels, across and down, over every view and channel."""
    images = views.images  # (N, H, W, 3)
    across, down = images[:, :, 1:] - images[:, :, :-1], images[:, 1:] - images[:, :-1]
    return float(torch.cat([across.reshape(-1), down.reshape(-1)]).pow(2).mean().sqrt())


def rays_per_pixel_side(detail: float) -> int:
    """Training rays per pixel side for photos of this :func:`pixel_detail`: :data:`SUPERSAMPLE`
    (2 × 2 rays over the pixel's square, the camera's box filter) for photos with detail at the
    pixel scale; one ray through the centre for photos smooth at that scale (:data:`SMOOTH_PIXELS`),
    so each step covers 4× the pixels. Measured in 180 s on one thread: 200 × 200 photos (detail 0.056) 31.2 dB with 2 × 2
    rays, 32.3 dB with one; 64 × 64 photos (0.10) 31.9 dB with 2 × 2, 29.8 dB with one."""
    return 1 if detail < SMOOTH_PIXELS else SUPERSAMPLE


def _check_scene_settings(views, bound=None, centre=None) -> None:
    _check_views(views)
    if bound is not None:
        validate.positive_float("bound", bound)
    if centre is not None:
        _check_point3("centre", centre)


@validate.checked(_check_scene_settings)
def scene_settings(views, bound: float | None = None, centre: torch.Tensor | None = None) -> dict:
    """What the training of a scene needs, from its training views: the ``centre`` the cameras
    look at, the box ``bound``, near and far, the samples per ray (to train, and to render), the hash
    grid's finest resolution, the photos' :func:`pixel_detail` and the training rays per pixel side.
    A given ``bound`` (or ``centre``) is used as it is."""
    centre = look_at_centre(views.poses) if centre is None else torch.as_tensor(centre, dtype=torch.float32)
    bound = frustum_bound(views, centre) if bound is None else float(bound)
    distances = (views.poses[:, :3, 3] - centre).norm(dim=-1)
    detail, n_samples = pixel_detail(views), math.ceil(SAMPLES_PER_UNIT * 2 * bound)
    return {"centre": [float(c) for c in centre], "bound": bound,
            "near": max(0.0, float(distances.min()) - math.sqrt(3) * bound),
            "far": float(distances.max()) + math.sqrt(3) * bound,
            "n_samples": n_samples, "render_samples": RENDER_SAMPLES * n_samples,
            "max_resolution": grid_resolution(recentred(views, centre), bound),
            "pixel_detail": detail, "supersample": rays_per_pixel_side(detail)}


def fit_scene(directory: str | os.PathLike, *, downscale: int = 1, bound: float | None = None,
              steps: int | None = None, time_budget: float | None = 180.0, out: str | os.PathLike | None = None,
              seed: int = 0, test_limit: int | None = None, progress: bool = False, log=print) -> dict:
    """Train the hash-grid field on ``directory``'s train split (``steps`` steps, or until
    ``time_budget`` seconds), measure it on its test split (the first ``test_limit`` views,
    default all; 2 × 2 rays per pixel, and one), and with ``out`` save a checkpoint
    :func:`load_trained` reads. Returns the summary."""
    train_views = load_views(directory, "train", downscale=downscale)
    test_views = load_views(directory, "test", downscale=downscale)
    chosen = scene_settings(train_views, bound)
    log(f"scene {directory}: {len(train_views.files)} training views of {train_views.width}×{train_views.height}"
        f"{'' if train_views.alphas is not None else ' (no alpha)'}; centre {[round(c, 3) for c in chosen['centre']]}, "
        f"bound {chosen['bound']:.3f}{' (given)' if bound is not None else ' (from the cameras)'}, near "
        f"{chosen['near']:.2f}, far {chosen['far']:.2f}, {chosen['n_samples']} samples per ray "
        f"({chosen['render_samples']} to render), grid up to {chosen['max_resolution']}³, "
        f"{chosen['supersample']}×{chosen['supersample']} training ray(s) per pixel "
        f"(pixel-scale detail {chosen['pixel_detail']:.3f})")
    centre = torch.tensor(chosen["centre"])
    train_views, test_views = recentred(train_views, centre), recentred(test_views, centre)
    settings = RenderSettings(n_samples=chosen["n_samples"], bound=chosen["bound"], near=chosen["near"],
                              far=chosen["far"])
    config = {**shipped_config(), "bound": chosen["bound"], "max_resolution": chosen["max_resolution"]}
    seed_everything(seed)
    field = HashGridField(**config)
    run = train_nerf(field, train_views, steps=steps or 10**9, time_budget=time_budget, batch_rays=BATCH_RAYS,
                     lr=LEARNING_RATE, lr_decay=LR_DECAY, settings=settings, supersample=chosen["supersample"],
                     skip_faint=SKIP_FAINT, occupancy_every=OCCUPANCY_EVERY, fused_adam=True, seed=seed,
                     progress=progress)
    render = dataclasses.replace(settings, n_samples=chosen["render_samples"])
    scores = evaluate_views(field, test_views, run.occupancy, render, test_limit, supersample=SUPERSAMPLE)
    one_ray = evaluate_views(field, test_views, run.occupancy, render, test_limit)
    summary = {"scene": str(directory), "views": len(train_views.files),
               "size": [train_views.height, train_views.width], "camera_angle_x": train_views.camera_angle_x,
               "alpha": train_views.alphas is not None,
               **{k: chosen[k] for k in ("bound", "near", "far", "centre", "n_samples", "render_samples")},
               "steps": run.steps, "seconds": round(run.seconds, 1), "psnr": scores["psnr"], "ssim": scores["ssim"],
               "psnr_one_ray": one_ray["psnr"], "rays_per_pixel": chosen["supersample"] ** 2,
               "occupied": float(run.occupancy.occupied.float().mean())}
    if out is not None:
        save_trained(out, field, run.occupancy, render, chosen["centre"], summary)
        summary["checkpoint"] = str(out)
    return summary


def save_trained(path: str | os.PathLike, field: HashGridField, occupancy: OccupancyGrid, settings: RenderSettings,
                 centre, summary: dict) -> Path:
    """Write a trained scene (weights, grid, settings, summary) to ``path``: first to a
    temporary file beside it, then renamed, so an interrupted write leaves nothing half-written."""
    path = Path(validate.path("out", path))
    if path.parent and not path.parent.is_dir():
        raise FileNotFoundError(f"out: the folder {path.parent} does not exist")
    state = {"field": field.state_dict(), "config": field.config,
             "occupancy": {"occupied": occupancy.occupied.clone(), "density": occupancy.density.clone()},
             "settings": {k: getattr(settings, k) for k in ("n_samples", "bound", "near", "far", "background")},
             "centre": list(centre), "summary": {k: v for k, v in summary.items() if k != "checkpoint"}}
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        torch.save(state, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def load_trained(path: str | os.PathLike) -> tuple[HashGridField, OccupancyGrid, RenderSettings, dict]:
    """A scene saved by :func:`fit_scene` (``python -m inrlib.nerf train --data DIR --out FILE``):
    the field, its occupancy grid, the render settings and the training summary, ready for
    :func:`render_image` or ``NerfViewer.from_checkpoint``. Loaded with ``weights_only=True``.
    Poses are in the scene's recentred frame: subtract ``summary["centre"]`` from a camera's position."""
    path = Path(validate.path("path", path))
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
        field = HashGridField(**state["config"])
        field.load_state_dict(state["field"])
    except (KeyError, RuntimeError, TypeError, ValueError, EOFError) as exc:
        raise ValueError(f"{path} is not a scene saved by 'python -m inrlib.nerf train --data' ({exc})") from None
    occupancy = OccupancyGrid(resolution=state["occupancy"]["occupied"].shape[0], bound=state["config"]["bound"])
    occupancy.occupied.copy_(state["occupancy"]["occupied"])
    occupancy.density.copy_(state["occupancy"]["density"])
    field.eval()
    return field, occupancy, RenderSettings(**state["settings"]), dict(state["summary"])
