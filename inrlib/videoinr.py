"""Chapter 07 — VideoINR-lite: continuous space-time super-resolution from two frames.

VideoINR (Chen et al., CVPR 2022) represents a video between two low-resolution frames
:math:`I_0, I_1` as a function of space **and** time.  The deck writes it as three equations:

.. math::
    \\mathcal{M}(x_s, x_t) &= f_t(x_s, x_t, I_0, I_1)            && \\text{temporal implicit function: a motion flow}\\\\
    \\mathcal{F}_{st}(x_s, x_t) &= \\mathcal{F}_s(x_s + \\mathcal{M}(x_s, x_t)) && \\text{warping}\\\\
    \\mathcal{F}_s(x_s) &= f_s(z^*, x_s - v^*)                     && \\text{spatial implicit function (chapter 06)}

The published model needs a compiled deformable-convolution operator and 600k GPU steps.
This module keeps the idea in plain PyTorch, small enough for a CPU:

* the **spatial** implicit function is chapter 06's LIIF, shipped weights, frozen;
* the **temporal** implicit function is a small MLP that, from motion features of the two
  frames at :math:`x_s` and the time :math:`t`, predicts a flow to each frame and a blend;
* **warping** queries LIIF of frame 0 at :math:`x_s + \\mathcal{M}_0` and of frame 1 at
  :math:`x_s + \\mathcal{M}_1`, blended with weight :math:`\\alpha`:

.. math:: I(x_s, t) = (1-\\alpha)\\,\\mathcal{F}_s^{(0)}(x_s + \\mathcal{M}_0) + \\alpha\\,\\mathcal{F}_s^{(1)}(x_s + \\mathcal{M}_1),
          \\quad \\mathcal{M}_0 = t\\,d_0,\\; \\mathcal{M}_1 = (1-t)\\,d_1,\\; \\alpha = \\frac{t e^{a}}{t e^{a} + 1 - t}.

At :math:`t = 0` this is exactly :math:`\\mathcal{F}_s^{(0)}(x_s)` (the first frame), at
:math:`t = 1` the second; untrained (:math:`d = a = 0`) it is the linear blend baseline.

Sections, in the lecture's order:

1. :class:`Clip` — videos with exact ground truth at any (x, y, t): real photos under known
   pan, zoom and rotation, with a textured disc moving over them;
2. :func:`warp` — warping an image by a flow with ``grid_sample``;
3. :func:`blend_bicubic`, :func:`blend_liif` — the two baselines;
4. :class:`MotionEncoder`, :class:`VideoINR` — the model;
5. :func:`sample_batch`, :func:`train_videoinr` — training;
6. :func:`evaluate_cell`, :func:`evaluation_table` — the tables;
7. ``python -m inrlib.videoinr train`` — the seeded command for the shipped weights.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import liif, validate
from .metrics import psnr, ssim
from .training import History, train

#: Ground-truth frames of the evaluation clips are this many pixels square.
TRUTH_SIZE = 192
#: Training and in-distribution scales; the out-of-distribution cells of the tables.
SPACE_IN, TIME_IN = 4, 8
OOD_CELLS = ((6, 12), (6, 16), (12, 12), (12, 16))
#: The deck's Table 2 (GoPro, PSNR dB): (time scale, space scale) → (DAIN + LIIF, VideoINR).
PAPER_TABLE2 = {(6, 4): (26.71, 30.78), (6, 6): (23.36, 25.56), (6, 12): (22.01, 24.02),
                (12, 4): (25.14, 27.32), (12, 6): (22.92, 24.68), (12, 12): (21.78, 23.70),
                (16, 4): (24.20, 25.81), (16, 6): (22.80, 23.86), (16, 12): (22.22, 22.88)}


# ----------------------------------------------------------------------------- 1. clips with exact ground truth
def _rotation(angle: torch.Tensor) -> torch.Tensor:
    c, s = torch.cos(angle), torch.sin(angle)
    return torch.stack([torch.stack([c, -s]), torch.stack([s, c])])


@dataclass
class Clip:
    """A continuous video: a photo seen through a moving camera, and a moving textured disc.

    The camera looks at the window of the ``background`` photo centred at
    ``center + t·velocity`` (photo coordinates in [−1, 1]), rotated by ``angle + t·spin``
    (radians) and of half-size ``half_size · zoom**t``.  The disc (radius ``radius`` in view
    coordinates, texture ``texture``) moves from ``disc_start`` to ``disc_start + disc_velocity``.
    Any frame at any time t and any resolution is rendered exactly by :meth:`frame`, and the
    true motion by :meth:`true_flow`.
    """

    background: torch.Tensor  # (3, H, W) in [0, 1]
    texture: torch.Tensor  # (3, h, w) in [0, 1]
    center: tuple[float, float] = (0.0, 0.0)
    velocity: tuple[float, float] = (0.0, 0.0)
    angle: float = 0.0
    spin: float = 0.0
    half_size: float = 0.5
    zoom: float = 1.0
    disc_start: tuple[float, float] = (0.0, 0.0)
    disc_velocity: tuple[float, float] = (0.0, 0.0)
    radius: float = 0.0

    def _camera(self, t: float):
        t = torch.as_tensor(float(t))
        c = torch.tensor(self.center) + t * torch.tensor(self.velocity)
        r = _rotation(self.angle + t * self.spin)
        h, w = self.background.shape[-2:]
        half = self.half_size * self.zoom ** t * torch.tensor([h / w, 1.0])  # square pixels in the view
        return c, r, half

    def view_to_photo(self, t: float, coords: torch.Tensor) -> torch.Tensor:
        """Photo coordinates seen at view coordinates ``coords`` (N, 2) at time t."""
        c, r, half = self._camera(t)
        return c + (coords @ r.T) * half

    def photo_to_view(self, t: float, points: torch.Tensor) -> torch.Tensor:
        """Inverse of :meth:`view_to_photo`."""
        c, r, half = self._camera(t)
        return ((points - c) / half) @ r

    def disc_center(self, t: float) -> torch.Tensor:
        return torch.tensor(self.disc_start) + float(t) * torch.tensor(self.disc_velocity)

    def in_disc(self, t: float, coords: torch.Tensor) -> torch.Tensor:
        return ((coords - self.disc_center(t)) ** 2).sum(-1) < self.radius**2

    def sample(self, t: float, coords: torch.Tensor) -> torch.Tensor:
        """Exact colours (N, 3) at view coordinates (N, 2) at time t (bilinear in the photos)."""
        photo = self.view_to_photo(t, coords)
        out = F.grid_sample(self.background[None], photo.view(1, -1, 1, 2), mode="bilinear",
                            padding_mode="reflection", align_corners=False)[0, :, :, 0].T
        if self.radius > 0:
            inside = self.in_disc(t, coords)
            local = (coords - self.disc_center(t)) / self.radius
            disc = F.grid_sample(self.texture[None], local.view(1, -1, 1, 2), mode="bilinear",
                                 padding_mode="border", align_corners=False)[0, :, :, 0].T
            out = torch.where(inside[:, None], disc, out)
        return out

    def frame(self, t: float, size: int | tuple[int, int]) -> np.ndarray:
        """The frame at time t ∈ [0, 1] rendered at ``size`` (H, W): (H, W, 3) float32."""
        t = check_time(t)
        h, w = (size, size) if isinstance(size, int) else size
        coords = liif.make_query_grid(h, w)[0]
        return self.sample(t, coords).clamp(0, 1).view(h, w, 3).numpy()

    def low_res(self, t: float, size: int, scale: float) -> np.ndarray:
        """The input the model sees: the exact ``size·scale`` frame, antialiased down to ``size``."""
        hr = torch.from_numpy(self.frame(t, round(size * scale))).permute(2, 0, 1)[None]
        return liif.downsample(hr, (size, size))[0].permute(1, 2, 0).numpy()

    def true_flow(self, t: float, coords: torch.Tensor, to: float) -> torch.Tensor:
        """Where the content at view ``coords`` at time t is at time ``to``, minus coords: (N, 2).

        Background: follow the camera, :math:`A(to)^{-1} A(t)\\,x - x`; disc pixels: the
        disc's own translation.
        """
        flow = self.photo_to_view(to, self.view_to_photo(t, coords)) - coords
        if self.radius > 0:
            moved = self.disc_center(to) - self.disc_center(t)
            flow = torch.where(self.in_disc(t, coords)[:, None], moved.expand_as(coords), flow)
        return flow


def check_time(t) -> float:
    """t as a float in [0, 1], else a ValueError naming t."""
    try:
        value = float(t)
    except (TypeError, ValueError):
        raise TypeError(f"t must be a number in [0, 1], got {validate.show(t)}") from None
    if not 0.0 <= value <= 1.0:  # also rejects NaN
        raise ValueError(f"t must lie in [0, 1] (0 = first frame, 1 = second), got {t!r}")
    return value


def _chw(photo: np.ndarray, name: str = "photo") -> torch.Tensor:
    photo = validate.finite_array(name, photo, ndim=3)
    if photo.shape[-1] != 3:
        raise ValueError(f"{name} must be an RGB image of shape (H, W, 3), got {validate.show(photo)}")
    return torch.from_numpy(np.ascontiguousarray(photo)).permute(2, 0, 1).float()


def random_clip(background: np.ndarray, texture: np.ndarray, generator: torch.Generator, *,
                motion: str = "mixed") -> Clip:
    """A clip over ``background`` with random motion of the kind ``motion``: pan, zoom,
    rotation, object (a disc textured with ``texture``) or mixed (all four).

    Magnitudes between the two frames: a pan of up to 4 % of the view, zoom up to ±8 %,
    rotation up to ±4°, the disc moving up to 7.5 % of the view — a few input pixels.
    """
    validate.one_of("motion", motion, ("pan", "zoom", "rotation", "object", "mixed"))
    g = generator

    def u(lo, hi, n=None):
        x = lo + (hi - lo) * torch.rand(() if n is None else (n,), generator=g)
        return x.item() if n is None else tuple(x.tolist())

    clip = Clip(_chw(background, "background"), _chw(texture, "texture"), center=u(-0.2, 0.2, 2), half_size=u(0.45, 0.6))
    if motion in ("pan", "mixed"):
        clip.velocity = tuple(v * 0.08 * clip.half_size for v in u(-1, 1, 2))
    if motion in ("zoom", "mixed"):
        clip.zoom = math.exp(u(-0.08, 0.08))
    if motion in ("rotation", "mixed"):
        clip.spin = math.radians(u(-4, 4))
    if motion in ("object", "mixed"):
        clip.radius = u(0.2, 0.35)
        clip.disc_start = u(-0.4, 0.4, 2)
        clip.disc_velocity = u(-0.15, 0.15, 2)
    return clip


def evaluation_clips(names: tuple[str, ...] = liif.TEST_PHOTOS, per_photo: int = 2, seed: int = 1234) -> list[Clip]:
    """The fixed held-out clips of the tables: ``per_photo`` clips with mixed motion over
    each held-out photo, the disc textured with the next held-out photo."""
    photos = liif.load_photos(names)
    g = torch.Generator().manual_seed(seed)
    return [random_clip(photos[k], photos[(k + 1) % len(photos)], g)
            for k in range(len(photos)) for _ in range(per_photo)]


# ----------------------------------------------------------------------------- 2. warping
def warp(image: torch.Tensor, flow: torch.Tensor, mode: str = "bilinear") -> torch.Tensor:
    """Backward warping: ``out(x) = image(x + flow(x))``.

    image (B, C, H, W); flow (B, H, W, 2) in the (x, y) coordinates of [−1, 1]² (chapter
    06's convention: a flow of 2/W moves by one pixel to the right).  Outside the image the
    border is repeated.
    """
    validate.tensor("image", image, ndim=4)
    validate.tensor("flow", flow, ndim=4)
    validate.one_of("mode", mode, ("bilinear", "nearest", "bicubic"))
    b, _, h, w = image.shape
    if flow.shape != (b, h, w, 2):
        raise ValueError(f"flow must have shape (B, H, W, 2) = {(b, h, w, 2)}, got {tuple(flow.shape)}")
    grid = liif.make_query_grid(h, w)[0].view(1, h, w, 2).to(image) + flow
    return F.grid_sample(image, grid, mode=mode, padding_mode="border", align_corners=False)


# ----------------------------------------------------------------------------- 3. baselines
def _check_frames(frame0, frame1) -> tuple[torch.Tensor, torch.Tensor]:
    a, b = liif._image_tensor("frame0", frame0), liif._image_tensor("frame1", frame1)
    if a.shape != b.shape:
        raise ValueError(f"frame1 must have the size of frame0 {tuple(frame0.shape)}, got {tuple(frame1.shape)}")
    return a, b


def blend_bicubic(frame0, frame1, t: float, size: tuple[int, int]) -> np.ndarray:
    """Baseline (a): :math:`(1-t)\\,\\mathrm{bicubic}(I_0) + t\\,\\mathrm{bicubic}(I_1)`."""
    _check_frames(frame0, frame1)
    t = check_time(t)
    return (1 - t) * liif.bicubic_upsample(frame0, size=size) + t * liif.bicubic_upsample(frame1, size=size)


def blend_liif(frame0, frame1, t: float, size: tuple[int, int], model: liif.LIIF) -> np.ndarray:
    """Baseline (b): :math:`(1-t)\\,\\mathrm{LIIF}(I_0) + t\\,\\mathrm{LIIF}(I_1)` with chapter 06's model."""
    _check_frames(frame0, frame1)
    t = check_time(t)
    return (1 - t) * liif.upsample(model, frame0, size=size) + t * liif.upsample(model, frame1, size=size)


# ----------------------------------------------------------------------------- 4. the model
def cost_volume(features0: torch.Tensor, features1: torch.Tensor, radius: int = 4) -> torch.Tensor:
    r"""Correlation of frame-0 features with frame-1 features displaced by d ∈ [−r, r]²:

    .. math:: C_d(x) = \frac{1}{C}\sum_c φ_0(x)_c\, φ_1(x + d)_c, \qquad (B, C, h, w) → (B, (2r+1)^2, h, w).

    The classic evidence for motion (PWC-Net, RAFT): a peak at d says "what is at x in frame
    0 is at x + d in frame 1".  Outside the image φ₁ is zero.
    """
    validate.tensor("features0", features0, ndim=4)
    validate.tensor("features1", features1, ndim=4)
    if features1.shape != features0.shape:
        raise ValueError(f"features1 must have the shape of features0 {tuple(features0.shape)}, "
                         f"got {validate.show(features1)}")
    radius = validate.non_negative_int("radius", radius)
    h, w = features0.shape[-2:]
    padded = F.pad(features1, (radius, radius, radius, radius))
    out = [(features0 * padded[:, :, dy : dy + h, dx : dx + w]).mean(1)
           for dy in range(2 * radius + 1) for dx in range(2 * radius + 1)]
    return torch.stack(out, 1)


class MotionEncoder(nn.Module):
    """Motion features from two frames.

    A small shared CNN φ describes each frame (unit-length vectors); cost volumes
    (:func:`cost_volume`, radius 4, so cosine similarities)
    at full and half resolution measure displacements of up to about 8 pixels; dilated
    convolutions (dilations 1, 2, 4, 8, 1) turn them, with the frames, into C motion
    features per pixel.  Output (B, C, h, w).
    """

    def __init__(self, channels: int = 32, radius: int = 4):
        super().__init__()
        channels = validate.positive_int("channels", channels)
        self.radius = radius = validate.non_negative_int("radius", radius)
        self.channels_in = 16  # cost_volume averages over channels; × 16 gives the cosine
        self.describe = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 16, 3, padding=1))
        layers, c_in = [], 2 * (2 * radius + 1) ** 2 + 9
        for dilation in (1, 2, 4, 8, 1):
            layers += [nn.Conv2d(c_in, channels, 3, padding=dilation, dilation=dilation), nn.ReLU()]
            c_in = channels
        self.net = nn.Sequential(*layers[:-1])

    def forward(self, frame0: torch.Tensor, frame1: torch.Tensor) -> torch.Tensor:
        # unit-length feature vectors: the correlation becomes a cosine similarity in [−1, 1]
        p0, p1 = (F.normalize(self.describe(f - 0.5), dim=1) for f in (frame0, frame1))
        full = cost_volume(p0, p1, self.radius) * self.channels_in
        q0, q1 = (F.normalize(F.avg_pool2d(p, 2, ceil_mode=True), dim=1) for p in (p0, p1))
        half = cost_volume(q0, q1, self.radius) * self.channels_in
        half = F.interpolate(half, size=full.shape[-2:], mode="bilinear", align_corners=False)
        return self.net(torch.cat([full, half, frame0 - 0.5, frame1 - 0.5, frame1 - frame0], 1))


class VideoINR(nn.Module):
    """Spatial implicit function (frozen LIIF) + temporal implicit function (flow and blend).

    ``temporal`` maps [motion features at x_s (C), t, t(1 − t)] to (d₀, d₁, a): flows in
    low-resolution pixels and a blend logit (see the module docstring).  Its last layer
    starts at zero, so the untrained model *is* the linear-blend + LIIF baseline.
    """

    def __init__(self, spatial: liif.LIIF, channels: int = 32, hidden: int = 64, freeze_spatial: bool = True):
        super().__init__()
        if not isinstance(spatial, liif.LIIF):
            raise TypeError(f"spatial must be an inrlib.liif.LIIF, got {type(spatial).__name__}")
        channels, hidden = validate.positive_int("channels", channels), validate.positive_int("hidden", hidden)
        self.spatial = spatial
        if freeze_spatial:
            self.spatial.requires_grad_(False)
        self.motion = MotionEncoder(channels)
        self.temporal = nn.Sequential(nn.Linear(channels + 2, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                      nn.Linear(hidden, 5))
        nn.init.zeros_(self.temporal[-1].weight)
        nn.init.zeros_(self.temporal[-1].bias)

    def encode(self, frame0: torch.Tensor, frame1: torch.Tensor) -> dict:
        """Encode the two frames (B, 3, h, w) once: LIIF states and the motion features."""
        for name, f in (("frame0", frame0), ("frame1", frame1)):
            validate.tensor(name, f, ndim=4)
        if frame0.shape != frame1.shape:
            raise ValueError(f"frame1 must have the shape of frame0 {tuple(frame0.shape)}, got {tuple(frame1.shape)}")
        return {"s0": self.spatial.encode(frame0), "s1": self.spatial.encode(frame1),
                "motion": self.motion(frame0, frame1), "size": frame0.shape[-2:]}

    def motion_at(self, state: dict, coords: torch.Tensor, t: torch.Tensor) -> dict[str, torch.Tensor]:
        """The temporal implicit function: flows M₀, M₁ (B, Q, 2, in [−1, 1] units) and blend α (B, Q, 1)."""
        h, w = state["size"]
        feats = F.grid_sample(state["motion"], coords.unsqueeze(2), mode="bilinear", padding_mode="border",
                              align_corners=False)[..., 0].transpose(1, 2)
        t = t.expand(*coords.shape[:2], 1)
        out = self.temporal(torch.cat([feats, t, t * (1 - t)], -1))
        pixel = coords.new_tensor([2.0 / w, 2.0 / h])
        flow0, flow1 = t * out[..., 0:2] * pixel, (1 - t) * out[..., 2:4] * pixel
        weight = t * torch.exp(out[..., 4:5])
        alpha = weight / (weight + (1 - t)).clamp_min(1e-12)
        return {"flow0": flow0, "flow1": flow1, "alpha": alpha}

    def query(self, state: dict, coords: torch.Tensor, t: float | torch.Tensor,
              cells: torch.Tensor | None = None) -> torch.Tensor:
        """RGB (B, Q, 3) at space coordinates (B, Q, 2) and time t ∈ [0, 1] (a number or (B, 1, 1))."""
        t = torch.as_tensor(t, dtype=coords.dtype).reshape(-1, 1, 1)
        if ((t < 0) | (t > 1)).any():
            raise ValueError(f"t must lie in [0, 1], got {t.flatten().tolist()}")
        m = self.motion_at(state, coords, t)
        rgb0 = self.spatial.query(state["s0"], coords + m["flow0"], cells)
        rgb1 = self.spatial.query(state["s1"], coords + m["flow1"], cells)
        return (1 - m["alpha"]) * rgb0 + m["alpha"] * rgb1

    def forward(self, frame0, frame1, coords, t, cells=None):
        return self.query(self.encode(frame0, frame1), coords, t, cells)


@torch.no_grad()
def render(model: VideoINR, frame0, frame1, t: float, size: tuple[int, int], chunk_size: int = 4096) -> np.ndarray:
    """The frame at time t ∈ [0, 1] at any output ``size`` (H, W) from two (h, w, 3) frames."""
    if not isinstance(model, VideoINR):
        raise TypeError(f"model must be an inrlib.videoinr.VideoINR, got {type(model).__name__}")
    a, b = _check_frames(frame0, frame1)
    t = check_time(t)
    height, width = liif.output_size(a.shape[-2:], size=size)
    if height < a.shape[-2] or width < a.shape[-1]:
        raise ValueError(f"size must be at least the frames' size {tuple(a.shape[-2:])} (scale ≥ 1), got {size}")
    model.eval()
    state = model.encode(a, b)
    coords, cells = liif.make_query_grid(height, width)
    out = torch.empty(height * width, 3)
    for start in range(0, len(coords), validate.positive_int("chunk_size", chunk_size)):
        c = coords[None, start : start + chunk_size]
        out[start : start + c.shape[1]] = model.query(state, c, t, cells[None, start : start + chunk_size])[0]
    return out.clamp(0, 1).view(height, width, 3).numpy()


# ----------------------------------------------------------------------------- 5. training
def sample_batch(photos: list[np.ndarray], batch_size: int = 4, size: int = 48, queries: int = 1024,
                 scale_range: tuple[float, float] = (2.0, 4.0), times: int = TIME_IN,
                 generator: torch.Generator | None = None) -> dict[str, torch.Tensor]:
    """Random clips → two LR frames (B, 3, size, size), query coords/cells (B, Q, 2), times
    (B, 1, 1) from {1/times, …, (times−1)/times}, targets (B, Q, 3) and true flows (B, Q, 2) ×2."""
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
    f0, f1, cs, cl, ts, tg, fl0, fl1 = [], [], [], [], [], [], [], []
    for _ in range(validate.positive_int("batch_size", batch_size)):
        pick = torch.randint(len(photos), (2,), generator=g).tolist()
        clip = random_clip(photos[pick[0]], photos[pick[1]], g)
        s = scale_range[0] + (scale_range[1] - scale_range[0]) * torch.rand((), generator=g).item()
        hr = round(size * s)
        t = torch.randint(1, times, (), generator=g).item() / times
        f0.append(torch.from_numpy(clip.low_res(0.0, size, s)).permute(2, 0, 1))
        f1.append(torch.from_numpy(clip.low_res(1.0, size, s)).permute(2, 0, 1))
        coords, cells = liif.make_query_grid(hr, hr)
        pick = torch.randperm(len(coords), generator=g)[:queries]
        coords, cells = coords[pick], cells[pick]
        cs.append(coords), cl.append(cells), ts.append(torch.tensor([[t]]))
        tg.append(clip.sample(t, coords).clamp(0, 1))
        fl0.append(clip.true_flow(t, coords, 0.0)), fl1.append(clip.true_flow(t, coords, 1.0))
    stack = torch.stack
    return {"frame0": stack(f0), "frame1": stack(f1), "coords": stack(cs), "cells": stack(cl), "t": stack(ts),
            "target": stack(tg), "flow0": stack(fl0), "flow1": stack(fl1)}


def train_videoinr(model: VideoINR, steps: int, photos: list[np.ndarray] | None = None, *, batch_size: int = 4,
                   size: int = 48, queries: int = 1024, lr: float = 1e-3, flow_weight: float = 1.0, seed: int = 0,
                   time_budget: float | None = None, checkpoint: str | Path | None = None, log_every: int = 50,
                   progress: bool = True) -> History:
    """L1 loss on the colours, plus (not in the paper) ``flow_weight`` × L1 to the true flows.

    The generated clips know their exact motion; supervising the flow with it is what lets
    a small temporal function learn in CPU minutes what the paper learns from colours alone
    in 600k GPU steps.  ``flow_weight=0`` is the paper's loss.
    """
    if not isinstance(model, VideoINR):
        raise TypeError(f"model must be an inrlib.videoinr.VideoINR, got {type(model).__name__}")
    steps = validate.positive_int("steps", steps)
    photos = liif.load_photos() if photos is None else photos
    g = torch.Generator().manual_seed(validate.non_negative_int("seed", seed))
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trainable, lr=validate.positive_float("lr", lr))

    def loss_fn(m: VideoINR) -> torch.Tensor:
        b = sample_batch(photos, batch_size, size, queries, generator=g)
        state = m.encode(b["frame0"], b["frame1"])
        rgb = m.query(state, b["coords"], b["t"], b["cells"])
        loss = (rgb - b["target"]).abs().mean()
        if flow_weight > 0:
            mo = m.motion_at(state, b["coords"], b["t"])
            scale = size / 2  # flows in LR pixels
            loss = loss + flow_weight * scale * 0.05 * ((mo["flow0"] - b["flow0"]).abs().mean()
                                                        + (mo["flow1"] - b["flow1"]).abs().mean())
        return loss

    def schedule(step: int) -> float:
        return lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(step, steps) / steps)))

    return train(model, loss_fn, steps, optimizer=optimizer, lr_schedule=schedule, seed=seed,
                 time_budget=time_budget, checkpoint=checkpoint, log_every=log_every, progress=progress,
                 desc="VideoINR")


# ----------------------------------------------------------------------------- 6. evaluation
def evaluate_cell(model: VideoINR, clips: list[Clip], space: float, time_scale: int,
                  baseline_model: liif.LIIF | None = None, frames=None) -> dict[str, float]:
    """Mean PSNR/SSIM of the intermediate frames t = k/time_scale (k = 1 … time_scale − 1) of
    every clip at space scale ``space`` (input TRUTH_SIZE/space pixels, truth TRUTH_SIZE):
    VideoINR-lite, blend + bicubic, blend + LIIF.  ``frames``: only these k (a lecture's
    shorter version of the same protocol)."""
    if not isinstance(model, VideoINR):
        raise TypeError(f"model must be a VideoINR (see make_model / load_pretrained), got {validate.show(model)}")
    if baseline_model is not None and not isinstance(baseline_model, liif.LIIF):
        raise TypeError(f"baseline_model must be a liif.LIIF or None, got {validate.show(baseline_model)}")
    if not isinstance(clips, (list, tuple)) or not clips or not all(isinstance(c, Clip) for c in clips):
        raise TypeError(f"clips must be a non-empty list of Clip (see evaluation_clips), got {validate.show(clips)}")
    space = validate.positive_float("space", space)
    time_scale = validate.positive_int("time_scale", time_scale)
    spatial = model.spatial if baseline_model is None else baseline_model
    ks = range(1, time_scale) if frames is None else list(frames)
    if not all(isinstance(k, int) and 0 < k < time_scale for k in ks):
        raise ValueError(f"frames must be integers k with 0 < k < time_scale={time_scale}, got {frames!r}")
    lr_size = round(TRUTH_SIZE / space)
    scores: dict[str, list[float]] = {}
    for clip in clips:
        f0, f1 = clip.low_res(0.0, lr_size, TRUTH_SIZE / lr_size), clip.low_res(1.0, lr_size, TRUTH_SIZE / lr_size)
        base_bic = [liif.bicubic_upsample(f, size=(TRUTH_SIZE, TRUTH_SIZE)) for f in (f0, f1)]
        base_liif = [liif.upsample(spatial, f, size=(TRUTH_SIZE, TRUTH_SIZE)) for f in (f0, f1)]
        for k in ks:
            t = k / time_scale
            truth = clip.frame(t, TRUTH_SIZE)
            outputs = {"videoinr": render(model, f0, f1, t, (TRUTH_SIZE, TRUTH_SIZE)),
                       "blend_bicubic": (1 - t) * base_bic[0] + t * base_bic[1],
                       "blend_liif": (1 - t) * base_liif[0] + t * base_liif[1]}
            for name, out in outputs.items():
                scores.setdefault(f"{name}_psnr", []).append(psnr(out, truth))
                scores.setdefault(f"{name}_ssim", []).append(ssim(out, truth))
    return {"space": float(space), "time": int(time_scale), **{k: float(np.mean(v)) for k, v in scores.items()}}


def evaluation_table(model: VideoINR, cells=((SPACE_IN, TIME_IN),) + OOD_CELLS,
                     clips: list[Clip] | None = None) -> list[dict[str, float]]:
    """One row per (space, time) cell on the held-out clips."""
    if not isinstance(model, VideoINR):
        raise TypeError(f"model must be a VideoINR (see make_model / load_pretrained), got {validate.show(model)}")
    clips = evaluation_clips() if clips is None else clips
    return [evaluate_cell(model, clips, s, t) for s, t in cells]


# ----------------------------------------------------------------------------- 7. shipped weights
CHECKPOINT_NAME = "videoinr_lite"
TRAIN_COMMAND = "python -m inrlib.videoinr train --seed 0"


def make_model(spatial: liif.LIIF | None = None) -> VideoINR:
    """The course configuration, on chapter 06's shipped LIIF."""
    return VideoINR(liif.load_pretrained() if spatial is None else spatial)


def load_pretrained() -> VideoINR:
    """Shipped temporal weights (sha256-verified, ``weights_only``) on chapter 06's shipped LIIF."""
    from .checkpoints import load_state_dict

    model = make_model()
    missing, unexpected = model.load_state_dict(load_state_dict(CHECKPOINT_NAME), strict=False)
    if unexpected or any(not k.startswith("spatial.") for k in missing):
        raise ValueError(f"checkpoint {CHECKPOINT_NAME!r} does not fit the model (missing {missing}, unexpected {unexpected})")
    return model.eval()


def main(argv: list[str] | None = None) -> None:
    from .checkpoints import save_state_dict, training_command

    args = training_command(argv, "python -m inrlib.videoinr", __doc__.split("\n")[0], 3000, "videoinr_train.pt")
    if args.command == "train":
        model = make_model()
        history = train_videoinr(model, args.steps, seed=args.seed, checkpoint=args.checkpoint, progress=False,
                                 log_every=50)
        minutes = history.seconds[-1] / 60
        temporal = {k: v for k, v in model.state_dict().items() if not k.startswith("spatial.")}
        path = save_state_dict(CHECKPOINT_NAME, temporal, command=TRAIN_COMMAND,
                               description=f"temporal function only ({sum(v.numel() for v in temporal.values()):,} "
                                           f"numbers), {args.steps} steps, {minutes:.0f} min on one CPU thread; "
                                           f"spatial = {liif.CHECKPOINT_NAME}")
        print(f"trained {history.step[-1]} steps in {minutes:.0f} min, final loss {history.final_loss:.4f}; saved {path}")
    for row in evaluation_table(load_pretrained()):
        print(f"space ×{row['space']:g} time ×{row['time']}: VideoINR-lite {row['videoinr_psnr']:.2f} | "
              f"blend+LIIF {row['blend_liif_psnr']:.2f} | blend+bicubic {row['blend_bicubic_psnr']:.2f} dB")


if __name__ == "__main__":
    main()
