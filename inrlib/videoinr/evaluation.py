"""The deck's tables at laptop scale (lecture §7): VideoINR-lite against the three baselines
on held-out clips, every intermediate frame t = k/T at space scale s, RGB PSNR and SSIM."""
from __future__ import annotations

import numpy as np
import torch

from .. import liif, validate
from ..data import load_photos
from ..imaging import bicubic_upsample, make_query_grid, pixel_coordinates
from ..metrics import psnr, ssim
from .baselines import classical_flows, hs_liif
from .clips import Clip, random_clip
from .model import VideoINR, render
from .train import TIME_IN

#: Ground-truth frames of the evaluation clips are this many pixels square.
TRUTH_SIZE = 192
#: Training (in-distribution) space scale; the out-of-distribution cells (space, time) of the tables.
SPACE_IN = 4
OOD_CELLS = ((6, 12), (6, 16), (12, 12), (12, 16))
#: The deck's Table 2 (GoPro, PSNR dB): (time scale, space scale) → (DAIN + LIIF, VideoINR).
PAPER_TABLE2 = {(6, 4): (26.71, 30.78), (6, 6): (23.36, 25.56), (6, 12): (22.01, 24.02),
                (12, 4): (25.14, 27.32), (12, 6): (22.92, 24.68), (12, 12): (21.78, 23.70),
                (16, 4): (24.20, 25.81), (16, 6): (22.80, 23.86), (16, 12): (22.22, 22.88)}


def evaluation_clips(names: tuple[str, ...] = liif.TEST_PHOTOS, per_photo: int = 2, seed: int = 1234) -> list[Clip]:
    """The fixed held-out clips of the tables: ``per_photo`` clips with mixed motion over
    each held-out photo, the disc textured with the next held-out photo."""
    photos = load_photos(names)
    g = torch.Generator().manual_seed(seed)
    return [random_clip(photos[k], photos[(k + 1) % len(photos)], g)
            for k in range(len(photos)) for _ in range(per_photo)]


def _check_evaluate_cell(model, clips, space, time_scale, baseline_model=None, frames=None) -> None:
    _check_model(model)
    if baseline_model is not None and not isinstance(baseline_model, liif.LIIF):
        raise TypeError(f"baseline_model must be a liif.LIIF or None, got {validate.show(baseline_model)}")
    if not isinstance(clips, (list, tuple)) or not clips or not all(isinstance(c, Clip) for c in clips):
        raise TypeError(f"clips must be a non-empty list of Clip (see evaluation_clips), got {validate.show(clips)}")
    validate.positive_float("space", space)
    time_scale = validate.positive_int("time_scale", time_scale)
    if frames is not None and not all(isinstance(k, int) and 0 < k < time_scale for k in frames):
        raise ValueError(f"frames must be integers k with 0 < k < time_scale={time_scale}, got {frames!r}")


def _check_model(model) -> None:
    if not isinstance(model, VideoINR):
        raise TypeError(f"model must be a VideoINR (see make_model / load_pretrained), got {validate.show(model)}")


@validate.checked(_check_evaluate_cell)
def evaluate_cell(model: VideoINR, clips: list[Clip], space: float, time_scale: int,
                  baseline_model: liif.LIIF | None = None, frames=None) -> dict[str, float]:
    """Mean PSNR/SSIM of the intermediate frames t = k/time_scale (k = 1 … time_scale − 1) of
    every clip at space scale ``space`` (input TRUTH_SIZE/space pixels, truth TRUTH_SIZE):
    VideoINR-lite, blend + bicubic, blend + LIIF, Horn–Schunck flow interpolation + LIIF.  ``frames``: only these k (a lecture's
    shorter version of the same protocol)."""
    spatial = model.spatial if baseline_model is None else baseline_model
    ks = range(1, time_scale) if frames is None else list(frames)
    lr_size = round(TRUTH_SIZE / space)
    scores: dict[str, list[float]] = {}
    for clip in clips:
        f0, f1 = clip.low_res(0.0, lr_size, TRUTH_SIZE / lr_size), clip.low_res(1.0, lr_size, TRUTH_SIZE / lr_size)
        base_bic = [bicubic_upsample(f, size=(TRUTH_SIZE, TRUTH_SIZE)) for f in (f0, f1)]
        base_liif = [liif.upsample(spatial, f, size=(TRUTH_SIZE, TRUTH_SIZE)) for f in (f0, f1)]
        flows = classical_flows(f0, f1)
        for k in ks:
            t = k / time_scale
            truth = clip.frame(t, TRUTH_SIZE)
            outputs = {"videoinr": render(model, f0, f1, t, (TRUTH_SIZE, TRUTH_SIZE)),
                       "blend_bicubic": (1 - t) * base_bic[0] + t * base_bic[1],
                       "blend_liif": (1 - t) * base_liif[0] + t * base_liif[1],
                       "hs_liif": hs_liif(f0, f1, t, (TRUTH_SIZE, TRUTH_SIZE), spatial, flows)}
            for name, out in outputs.items():
                scores.setdefault(f"{name}_psnr", []).append(psnr(out, truth))
                scores.setdefault(f"{name}_ssim", []).append(ssim(out, truth))
    return {"space": float(space), "time": int(time_scale), **{k: float(np.mean(v)) for k, v in scores.items()}}


def evaluation_table(model: VideoINR, cells=((SPACE_IN, TIME_IN),) + OOD_CELLS,
                     clips: list[Clip] | None = None) -> list[dict[str, float]]:
    """One row per (space, time) cell on the held-out clips."""
    _check_model(model)
    clips = evaluation_clips() if clips is None else clips
    return [evaluate_cell(model, clips, s, t) for s, t in cells]


@torch.no_grad()
def flow_errors(model: VideoINR, clips: list[Clip] | None = None, size: int = 48, t: float = 0.5) -> dict[str, float]:
    """End-point errors (pixels of the ``size``-pixel inputs, space ×4) against the true motion,
    mean over the clips:

    * ``object`` / ``background``: the model's flow :math:`\\mathcal{M}_0(x_s, t)` to frame 0 at
      the pixel centres inside the moving disc at time t / outside it;
    * ``dense_object`` and ``hs_object``: the dense flow frame 0 → 1 of the model and of
      Horn–Schunck (the baseline's) at the pixels of the disc in frame 0.
    """
    _check_model(model)
    clips = evaluation_clips() if clips is None else clips
    coords, _ = make_query_grid(size, size)
    grid = pixel_coordinates(size, size)
    errors: dict[str, list[float]] = {}
    for clip in clips:
        f0, f1 = clip.low_res(0.0, size, 4), clip.low_res(1.0, size, 4)
        a, b = (torch.from_numpy(f).permute(2, 0, 1)[None] for f in (f0, f1))
        state = model.encode(a, b)
        predicted = model.motion_at(state, coords[None], torch.tensor(float(t)).view(1, 1, 1))["flow0"][0] * size / 2
        error = (predicted - clip.true_flow(t, coords, 0.0) * size / 2).norm(dim=-1)
        disc = clip.in_disc(t, coords)
        true01 = clip.true_flow(0.0, grid, 1.0) * size / 2
        disc0 = clip.in_disc(0.0, grid)
        for name, flow in (("dense_object", state["flow01"]), ("hs_object", classical_flows(f0, f1)[0])):
            errors.setdefault(name, []).append(float((flow[0].flatten(1).T - true01).norm(dim=-1)[disc0].mean()))
        errors.setdefault("object", []).append(float(error[disc].mean()))
        errors.setdefault("background", []).append(float(error[~disc].mean()))
    return {k: float(np.mean(v)) for k, v in errors.items()}
