"""Training (lecture §5) and the shipped weights: random clips over chapter 06's training
photos, L1 on the colours plus the end-point error of the flows against the clips' exact
motion; the seeded command that made ``videoinr_lite`` (on chapter 06's shipped LIIF)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from .. import liif, validate
from ..checkpoints import load_state_dict
from ..data import load_photos
from ..imaging import make_query_grid, pixel_coordinates
from ..training import History, train
from .clips import random_clip
from .model import VideoINR
from .motion import resize_flow

#: Time scale of training: t is drawn from {1/8, …, 7/8}.
TIME_IN = 8
#: Sizes of the training frames (pixels), one drawn per batch: the motion is the same in view
#: units, so smaller frames see it in fewer pixels.
TRAIN_SIZES = (16, 32, 48, 48)


def sample_batch(photos: list[np.ndarray], batch_size: int = 4, size: int = 48, queries: int = 1024,
                 scale_range: tuple[float, float] = (2.0, 4.0), times: int = TIME_IN,
                 generator: torch.Generator | None = None) -> dict[str, torch.Tensor]:
    """Random clips → two LR frames (B, 3, size, size), query coords/cells (B, Q, 2), times
    (B, 1, 1) from {1/times, …, (times−1)/times}, targets (B, Q, 3), the true flows of the
    queries to each frame (B, Q, 2, [−1, 1] units) and the true dense flows frame 0 → 1 and
    1 → 0 at the LR pixel centres (B, 2, size, size, in LR pixels)."""
    if not isinstance(photos, (list, tuple)) or not photos or not all(isinstance(p, np.ndarray) for p in photos):
        raise TypeError(f"photos must be a non-empty list of (H, W, 3) arrays (see liif.load_photos), "
                        f"got {validate.show(photos)}")
    size, queries = validate.positive_int("size", size), validate.positive_int("queries", queries)
    low, high = validate.number_pair("scale_range", scale_range)
    if not 0 < low <= high:
        raise ValueError(f"scale_range must satisfy 0 < low ≤ high, got {scale_range}")
    times = validate.positive_int("times", times)
    if times < 2:
        raise ValueError(f"times must be at least 2 (the frames sit at 0 and 1), got {times}")
    g = generator if generator is not None else torch.Generator().manual_seed(0)
    f0, f1, cs, cl, ts, tg, fl0, fl1, d01, d10 = [], [], [], [], [], [], [], [], [], []
    grid = pixel_coordinates(size, size)
    for _ in range(validate.positive_int("batch_size", batch_size)):
        pick = torch.randint(len(photos), (2,), generator=g).tolist()
        clip = random_clip(photos[pick[0]], photos[pick[1]], g)
        s = scale_range[0] + (scale_range[1] - scale_range[0]) * torch.rand((), generator=g).item()
        hr = round(size * s)
        t = torch.randint(1, times, (), generator=g).item() / times
        f0.append(torch.from_numpy(clip.low_res(0.0, size, s)).permute(2, 0, 1))
        f1.append(torch.from_numpy(clip.low_res(1.0, size, s)).permute(2, 0, 1))
        coords, cells = make_query_grid(hr, hr)
        pick = torch.randperm(len(coords), generator=g)[:queries]
        coords, cells = coords[pick], cells[pick]
        cs.append(coords), cl.append(cells), ts.append(torch.tensor([[t]]))
        tg.append(clip.sample(t, coords).clamp(0, 1))
        fl0.append(clip.true_flow(t, coords, 0.0)), fl1.append(clip.true_flow(t, coords, 1.0))
        for dense, start, end in ((d01, 0.0, 1.0), (d10, 1.0, 0.0)):
            dense.append((clip.true_flow(start, grid, end) * size / 2).T.reshape(2, size, size))
    stack = torch.stack
    return {"frame0": stack(f0), "frame1": stack(f1), "coords": stack(cs), "cells": stack(cl), "t": stack(ts),
            "target": stack(tg), "flow0": stack(fl0), "flow1": stack(fl1), "flow01": stack(d01), "flow10": stack(d10)}


def end_point_error(flow: torch.Tensor, true: torch.Tensor, dim: int = -1) -> torch.Tensor:
    r"""End-point error, weighted by how much each point moves against the rest of its frame:

    .. math:: E = \frac{\sum_x w(x)\,|F(x) - F^*(x)|}{\sum_x w(x)}, \qquad
              w(x) = 1 + \big|F^*(x) - \mathrm{median}_y\, F^*(y)\big|,

    the median per example and per component (the dominant motion, the camera's), in the
    flows' units (pixels).  A plain mean would hardly see a small fast object — the disc is a
    few percent of the pixels — so its error would stay large while the background's is small;
    weighted, its share of the loss is several times its share of the pixels (on the held-out
    clips about a fifth of the weight, for a sixteenth of the pixels).

    flow, true: the 2 components along ``dim``, examples along dim 0 (B, 2, h, w) or (B, Q, 2)."""
    true, flow = true.movedim(dim, -1).flatten(1, -2), flow.movedim(dim, -1).flatten(1, -2)  # (B, N, 2)
    weight = 1 + (true - true.median(1, keepdim=True).values).norm(dim=-1)
    error = ((flow - true).pow(2).sum(-1) + 1e-8).sqrt()
    return (weight * error).sum() / weight.sum()


def pyramid_error(flows: list[torch.Tensor], true: torch.Tensor) -> torch.Tensor:
    """Sum over the levels of the end-point error (pixels of each level) of a flow pyramid
    (finest first; the estimator's start may be among them) against the true flow
    (B, 2, h, w), averaged down to each level."""
    total = 0.0
    for flow in flows:
        total = total + end_point_error(flow, resize_flow(true, flow.shape[-2:]), dim=1)
    return total


def _check_train_videoinr(model, steps, photos=None, *, batch_size=4, sizes=TRAIN_SIZES, queries=1024, lr=1e-3,
                          flow_weight=0.02, seed=0, time_budget=None, checkpoint=None, log_every=50,
                          progress=True) -> None:
    if not isinstance(model, VideoINR):
        raise TypeError(f"model must be an inrlib.videoinr.VideoINR, got {type(model).__name__}")
    validate.positive_int("steps", steps)
    validate.non_negative_int("seed", seed)
    validate.positive_float("lr", lr)
    validate.non_negative_float("flow_weight", flow_weight)
    if not isinstance(sizes, (list, tuple)) or not sizes or not all(isinstance(n, int) and n >= 8 for n in sizes):
        raise ValueError(f"sizes must be a non-empty list of frame sizes ≥ 8 pixels, got {sizes!r}")


@validate.checked(_check_train_videoinr)
def train_videoinr(model: VideoINR, steps: int, photos: list[np.ndarray] | None = None, *, batch_size: int = 4,
                   sizes: tuple[int, ...] = TRAIN_SIZES, queries: int = 1024, lr: float = 1e-3,
                   flow_weight: float = 0.02, seed: int = 0,
                   time_budget: float | None = None, checkpoint: str | Path | None = None, log_every: int = 50,
                   progress: bool = True) -> History:
    """L1 loss on the colours, plus (not in the paper) ``flow_weight`` × the end-point errors
    (pixels, weighted towards what moves against the camera: :func:`end_point_error`) of the
    flows: both dense flow pyramids with the estimator's start, and each query's flows to the
    two frames.

    The generated clips know their exact motion; supervising the flow with it is what lets
    a small model learn in CPU minutes what the paper learns from colours alone in 600k GPU
    steps.  ``flow_weight=0`` is the paper's loss.  Each batch has frames of one size drawn
    from ``sizes``.
    """
    photos = load_photos(liif.TRAIN_PHOTOS) if photos is None else photos
    g = torch.Generator().manual_seed(seed)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trainable, lr=lr)

    def loss_fn(m: VideoINR) -> torch.Tensor:
        size = sizes[torch.randint(len(sizes), (), generator=g).item()]
        b = sample_batch(photos, batch_size, size, queries, generator=g)
        state = m.encode(b["frame0"], b["frame1"])
        rgb = m.query(state, b["coords"], b["t"], b["cells"])
        loss = (rgb - b["target"]).abs().mean()
        if flow_weight > 0:
            n = len(b["frame0"])
            levels = [*state["pyramids"], state["start"]]  # every level, and the coarsest level's start
            dense = (pyramid_error([f[:n] for f in levels], b["flow01"])
                     + pyramid_error([f[n:] for f in levels], b["flow10"]))
            mo = m.motion_at(state, b["coords"], b["t"])
            pixels = size / 2  # [−1, 1] units → LR pixels
            queried = end_point_error(mo["flow0"] * pixels, b["flow0"] * pixels) + \
                end_point_error(mo["flow1"] * pixels, b["flow1"] * pixels)
            loss = loss + flow_weight * (dense + queried)
        return loss

    return train(model, loss_fn, steps, optimizer=optimizer, lr_schedule=liif.cosine_decay(lr, steps),
                 seed=seed, time_budget=time_budget, checkpoint=checkpoint, log_every=log_every,
                 progress=progress, desc="VideoINR")


# ----------------------------------------------------------------------------- shipped weights
CHECKPOINT_NAME = "videoinr_lite"
TRAIN_COMMAND = "python -m inrlib.videoinr train --seed 0"


def make_model(spatial: liif.LIIF | None = None) -> VideoINR:
    """The course configuration, on chapter 06's shipped LIIF."""
    return VideoINR(liif.load_pretrained() if spatial is None else spatial)


def load_pretrained() -> VideoINR:
    """Shipped temporal weights (sha256-verified, ``weights_only``) on chapter 06's shipped LIIF."""
    model = make_model()
    missing, unexpected = model.load_state_dict(load_state_dict(CHECKPOINT_NAME), strict=False)
    if unexpected or any(not k.startswith("spatial.") for k in missing):
        raise ValueError(f"checkpoint {CHECKPOINT_NAME!r} does not fit the model (missing {missing}, unexpected {unexpected})")
    return model.eval()
