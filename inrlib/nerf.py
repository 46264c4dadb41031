"""Chapter 05: NeRF — neural radiance fields (Mildenhall et al., ECCV 2020).

A NeRF is an implicit neural network of five variables: a point ``x = (x, y, z)`` and a
viewing direction ``d`` give a density ``σ(x)`` and a colour ``c(x, d)``.  An image is made
by *volume rendering*: along the ray ``r(t) = o + t d`` of every pixel,

    C(r) = ∫ T(t) σ(r(t)) c(r(t), d) dt,      T(t) = exp(−∫_{t_n}^{t} σ(r(s)) ds),

and training fits the network so that rendered pixels match photographs taken from known
cameras.  The module reads top to bottom in the order of the lecture, in the parts that
the field's clearest codebases keep apart:

1. **cameras and rays** — pinhole intrinsics, camera-to-world poses, look-at, ray generation;
2. **encodings** — positional encoding (from :mod:`inrlib.networks`) and a multiresolution
   hash grid (instant-ngp, Müller et al. 2022) in pure PyTorch;
3. **fields** — networks giving ``(σ, c)``: the paper's MLP (with and without view
   dependence, with and without positional encoding), a SIREN field, a hash-grid field;
4. **ray samplers** — stratified, hierarchical (inverse CDF), and an occupancy grid that
   skips empty space;
5. **renderers** — alpha-compositing weights, colour/depth/opacity maps, chunked rendering
   with early ray termination;
6. **data** — the standard synthetic-scene layout (``transforms_{train,val,test}.json`` +
   PNGs) and a procedural scene generator with exact ground truth;
7. **training** — a seeded command, ``python -m inrlib.nerf train --seed 0``.

Conventions (those of the public synthetic scenes): world ``z`` is up; a camera looks along
its own ``−z`` axis with ``+y`` up and ``+x`` to the right (OpenGL/Blender); a pose is the
4×4 camera-to-world matrix ``[R | o]``; pixel ``(i, j)`` (row, column) is sampled at its centre.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import validate
from .networks import PositionalEncoding, Siren
from .settings import seed_everything

# ============================================================================ 1. cameras and rays


def focal_from_fov(width: int, camera_angle_x: float) -> float:
    r"""Focal length in pixels of a pinhole camera, :math:`f = \frac{W/2}{\tan(θ_x/2)}`.

    ``camera_angle_x`` is the horizontal field of view θ_x in radians (the key of the same
    name in ``transforms_*.json``).
    """
    width = validate.positive_int("width", width)
    angle = validate.positive_float("camera_angle_x", camera_angle_x)
    if angle >= math.pi:
        raise ValueError(f"camera_angle_x must be in (0, π) radians, got {camera_angle_x!r}")
    return 0.5 * width / math.tan(0.5 * angle)


def check_pose(name: str, pose, atol: float = 1e-3) -> torch.Tensor:
    """``pose`` as a float32 (4, 4) or (N, 4, 4) tensor, after checking it is a rigid
    transform: rotation block ``R`` with ``RᵀR = I`` and ``det R = +1``, last row ``(0, 0, 0, 1)``.
    """
    atol = validate.non_negative_float("atol", atol)
    try:
        p = torch.as_tensor(np.asarray(pose, dtype=np.float64) if not isinstance(pose, torch.Tensor) else pose)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 4×4 matrix of numbers, got {validate.show(pose)}") from exc
    p = p.to(torch.float64)
    if p.shape[-2:] != (4, 4) or p.ndim not in (2, 3):
        raise ValueError(f"{name} must have shape (4, 4) or (N, 4, 4), got {validate.show(p)}")
    if not torch.isfinite(p).all():
        raise ValueError(f"{name} must contain only finite numbers")
    q = p.reshape(-1, 4, 4)
    R = q[:, :3, :3]
    orth = (R.transpose(1, 2) @ R - torch.eye(3, dtype=p.dtype)).abs().amax(dim=(1, 2))
    bottom = (q[:, 3] - torch.tensor([0, 0, 0, 1.0], dtype=p.dtype)).abs().amax(dim=1)
    det = torch.linalg.det(R)
    bad = (orth > atol) | (bottom > atol) | ((det - 1).abs() > atol)
    if bad.any():
        k = int(torch.nonzero(bad)[0])
        which = f"{name}[{k}]" if p.ndim == 3 else name
        raise ValueError(f"{which} is not a rigid transform: expected a rotation (RᵀR = I, det R = 1) and last "
                         f"row (0, 0, 0, 1); got max |RᵀR − I| = {float(orth[k]):.3g}, det R = {float(det[k]):.4g}, "
                         f"last row {q[k, 3].tolist()}")
    return p.to(torch.float32)


def _check_point3(name: str, value) -> None:
    """``value`` must be 3 finite numbers (a sequence, array or tensor of shape (3,))."""
    arr = validate.finite_array(name, value.detach().cpu() if isinstance(value, torch.Tensor) else value)
    if arr.shape != (3,):
        raise ValueError(f"{name} must be 3 numbers (x, y, z), got {validate.show(value)}")


def look_at(eye, target=(0.0, 0.0, 0.0), up=(0.0, 0.0, 1.0)) -> torch.Tensor:
    """Camera-to-world pose (4, 4) of a camera at ``eye`` looking at ``target``.

    Columns of the rotation are the camera's right, up and backward axes in world
    coordinates (the camera looks along its −z axis); the last column is ``eye``.
    """
    for name, v in (("eye", eye), ("target", target), ("up", up)):
        _check_point3(name, v)
    eye, target, up = (torch.as_tensor(v, dtype=torch.float64) for v in (eye, target, up))
    back = eye - target
    if back.norm() < 1e-9:
        raise ValueError(f"eye and target must differ, got eye = target = {eye.tolist()}")
    back = back / back.norm()
    right = torch.linalg.cross(up, back)
    if right.norm() < 1e-9:  # looking straight along `up`: any perpendicular will do
        right = torch.linalg.cross(torch.tensor([0.0, 1.0, 0.0], dtype=torch.float64), back)
    right = right / right.norm()
    cam_up = torch.linalg.cross(back, right)
    pose = torch.eye(4, dtype=torch.float64)
    pose[:3, 0], pose[:3, 1], pose[:3, 2], pose[:3, 3] = right, cam_up, back, eye
    return pose.float()


def orbit_pose(azimuth_deg: float, elevation_deg: float, radius: float) -> torch.Tensor:
    """Pose (4, 4) of a camera on a sphere of ``radius`` around the origin, looking at it.

    Azimuth is measured in the xy-plane from +x, elevation up from that plane (degrees).
    """
    radius = validate.positive_float("radius", radius)
    azimuth_deg = validate.real_number("azimuth_deg", azimuth_deg)
    elevation_deg = validate.real_number("elevation_deg", elevation_deg)
    if not -90 < float(elevation_deg) < 90:
        raise ValueError(f"elevation_deg must be strictly between -90 and 90, got {elevation_deg!r}")
    az, el = math.radians(float(azimuth_deg)), math.radians(float(elevation_deg))
    eye = radius * torch.tensor([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)])
    return look_at(eye)


def get_rays(height: int, width: int, focal: float, pose) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Rays through the pixel centres of a pinhole camera.

    In camera coordinates the ray of pixel (row i, column j) has direction
    :math:`d_c = \big((j + ½ − W/2)/f,\; −(i + ½ − H/2)/f,\; −1\big)`; in world coordinates
    :math:`d = R\,d_c` and the origin is the camera centre :math:`o` (last column of the pose).
    Directions are **not** normalised, so ``t`` along a ray is depth along the optical axis.

    Returns
    -------
    origins, directions : tensors of shape (H, W, 3)
    """
    h, w = validate.positive_int("height", height), validate.positive_int("width", width)
    focal = validate.positive_float("focal", focal)
    pose = check_pose("pose", pose)
    if pose.ndim != 2:
        raise ValueError(f"pose must be a single (4, 4) matrix, got {validate.show(pose)}")
    i, j = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    dirs_cam = torch.stack([(j + 0.5 - 0.5 * w) / focal, -(i + 0.5 - 0.5 * h) / focal, -torch.ones_like(i)], -1)
    directions = dirs_cam @ pose[:3, :3].T
    origins = pose[:3, 3].expand(h, w, 3).clone()
    return origins, directions


def pixel_rays(height: int, width: int, focal: float, pose, supersample: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
    r"""The ``s × s`` rays of every pixel (``s = supersample``): a pixel is a little square of
    the sensor, and its value is the light averaged over that square, not the light along one
    line through its centre.

    Sub-pixel (a, b) of pixel (i, j) is pixel (s·i + a, s·j + b) of the same camera with s
    times the resolution and focal length, so its camera-frame direction is
    :math:`\big((j + (b + ½)/s − W/2)/f,\; −(i + (a + ½)/s − H/2)/f,\; −1\big)` — an s × s
    grid over the pixel's square, centred on it. ``s = 1`` is :func:`get_rays`.

    Returns
    -------
    origins, directions : tensors of shape (H, W, s², 3)
    """
    h, w = validate.positive_int("height", height), validate.positive_int("width", width)
    s = validate.positive_int("supersample", supersample)
    origins, directions = get_rays(h * s, w * s, validate.positive_float("focal", focal) * s, pose)

    def per_pixel(rays: torch.Tensor) -> torch.Tensor:  # (sH, sW, 3) → (H, W, s², 3)
        return rays.reshape(h, s, w, s, 3).permute(0, 2, 1, 3, 4).reshape(h, w, s * s, 3)

    return per_pixel(origins), per_pixel(directions)


def ray_box_intersection(origins: torch.Tensor, directions: torch.Tensor, bound: float) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Entry and exit ``t`` of rays through the cube :math:`[-b, b]^3` (slab method).

    For each axis k the ray is inside the slab for :math:`t ∈ [(±b − o_k)/d_k]`; the ray is
    inside the cube on the intersection of the three intervals. Rays that miss get
    ``t_exit ≤ t_entry``. Shapes: (..., 3) → two tensors of shape (...).
    """
    validate.tensor("origins", origins, last_dim=3, floating=False, finite=True)
    validate.tensor("directions", directions, last_dim=3, floating=False, finite=True)
    try:
        torch.broadcast_shapes(origins.shape, directions.shape)
    except RuntimeError:
        raise ValueError(f"directions must have the shape of origins (..., 3), got {validate.show(directions)} "
                         f"for origins of shape {tuple(origins.shape)}") from None
    bound = validate.positive_float("bound", bound)
    inv = 1.0 / torch.where(directions.abs() < 1e-12, torch.full_like(directions, 1e-12), directions)
    t0, t1 = (-bound - origins) * inv, (bound - origins) * inv
    t_entry = torch.minimum(t0, t1).amax(dim=-1)
    t_exit = torch.maximum(t0, t1).amin(dim=-1)
    return t_entry, t_exit


# ============================================================================ 2. encodings


class HashGridEncoding(nn.Module):
    r"""Multiresolution hash encoding (Müller et al. 2022, "Instant neural graphics primitives").

    Level ``l`` of ``n_levels`` is a grid of resolution
    :math:`N_l = \lfloor N_{min} b^l \rfloor`, :math:`b = (N_{max}/N_{min})^{1/(L-1)}`, over the
    cube ``[-bound, bound]³``. Each grid vertex owns a ``n_features``-vector in a table of
    ``2**log2_table_size`` rows: coarse levels that fit are indexed densely, finer ones by the
    spatial hash (eq. 4)

    .. math:: h(\mathbf v) = \big(\textstyle\bigoplus_{k=1}^{3} v_k π_k\big) \bmod T,
              \quad π = (1,\ 2654435761,\ 805459861).

    The feature at a point is the trilinear interpolation of its cell's 8 vertices; the
    levels are concatenated. Everything is vectorised over points, levels and corners.

    Shapes: ``(..., 3)`` → ``(..., n_levels · n_features)``.
    """

    PRIMES = (1, 2654435761, 805459861)
    def __init__(self, n_levels: int = 8, n_features: int = 2, log2_table_size: int = 15,
                 min_resolution: int = 16, max_resolution: int = 256, bound: float = 1.0):
        super().__init__()
        self.n_levels = validate.positive_int("n_levels", n_levels)
        self.n_features = validate.positive_int("n_features", n_features)
        self.table_size = 2 ** validate.positive_int("log2_table_size", log2_table_size)
        min_resolution = validate.positive_int("min_resolution", min_resolution)
        max_resolution = validate.positive_int("max_resolution", max_resolution)
        if max_resolution < min_resolution:
            raise ValueError(f"max_resolution must be ≥ min_resolution={min_resolution}, got {max_resolution}")
        self.bound = validate.positive_float("bound", bound)
        self.in_features, self.out_features = 3, self.n_levels * self.n_features
        growth = (max_resolution / min_resolution) ** (1 / max(self.n_levels - 1, 1))
        self.level_resolutions = [math.floor(min_resolution * growth**l) for l in range(self.n_levels)]
        res = torch.tensor(self.level_resolutions)
        self.register_buffer("resolutions", res, persistent=False)
        dense = (res + 1) ** 3 <= self.table_size
        self.register_buffer("dense", dense, persistent=False)
        side = res + 1
        primes = torch.tensor([p if p < 2**31 else p - 2**32 for p in self.PRIMES])  # same bits in int32
        mult = torch.where(dense[:, None], torch.stack([torch.ones_like(side), side, side * side], -1), primes[None])
        self.register_buffer("multipliers", mult.int(), persistent=False)  # (L, 3)
        self.table = nn.Parameter(torch.empty(self.n_levels * self.table_size, self.n_features).uniform_(-1e-4, 1e-4))
        self._volume_rows: dict[int, torch.Tensor] = {}  # level → table rows of all its vertices

    def rows(self, level: int, vertices: torch.Tensor) -> torch.Tensor:
        """Table row of each integer vertex (..., 3) of ``level``: dense index
        :math:`v_0 + v_1 s + v_2 s^2` (s = N_l + 1) where the level fits, else the hash.
        int32 arithmetic wraps modulo 2³², which keeps the low bits of the hash exact."""
        p = vertices.int() * self.multipliers[level]
        index = p[..., 0] + p[..., 1] + p[..., 2] if self.dense[level] else p[..., 0] ^ p[..., 1] ^ p[..., 2]
        return (index & (self.table_size - 1)) + level * self.table_size

    def interpolate_points(self, level: int, u: torch.Tensor) -> torch.Tensor:
        """Trilinear interpolation, point by point: each of the N points (u in [0, 1]³) looks up
        its cell's 8 corners in the table and weights them by Π_k (1 − f_k or f_k). (N, F).

        Both the row (:meth:`rows`) and the weight are separable over the axes, so they are
        formed for the two choices per axis (v_k or v_k + 1) and combined by broadcasting."""
        r = self.level_resolutions[level]
        scaled = u * r
        cell = torch.clamp(scaled.floor(), max=r - 1)
        frac = scaled - cell  # position inside the cell, in [0, 1]³
        v = cell.int()
        p = torch.stack([v, v + 1], dim=-1) * self.multipliers[level][:, None]  # (N, 3, 2): v_k·s_k or v_k·π_k
        w = torch.stack([1 - frac, frac], dim=-1)  # (N, 3, 2): the weight of each choice
        a, b, c = p[:, 0, :, None, None], p[:, 1, None, :, None], p[:, 2, None, None, :]
        index = a + b + c if self.dense[level] else a ^ b ^ c  # (N, 2, 2, 2): the 8 corners
        rows = (index & (self.table_size - 1)) + level * self.table_size
        weights = w[:, 0, :, None, None] * w[:, 1, None, :, None] * w[:, 2, None, None, :]
        return (weights.reshape(-1, 8, 1) * self.table[rows.reshape(-1, 8)]).sum(dim=1)

    def level_volume(self, level: int) -> torch.Tensor:
        """All (N_l + 1)³ vertices of ``level`` gathered from the table into a dense volume
        (1, F, N_l + 1, N_l + 1, N_l + 1), indexed [v₂, v₁, v₀] as ``grid_sample`` expects.
        The vertices' rows never change, so they are computed once per level and kept."""
        side = self.level_resolutions[level] + 1
        rows = self._volume_rows.get(level)
        if rows is None or rows.device != self.table.device:
            axis = torch.arange(side, dtype=torch.int32, device=self.table.device)
            v2, v1, v0 = torch.meshgrid(axis, axis, axis, indexing="ij")
            rows = self._volume_rows[level] = self.rows(level, torch.stack([v0, v1, v2], dim=-1)).reshape(-1).long()
        volume = self.table.index_select(0, rows)  # (side³, F)
        return volume.reshape(side, side, side, self.n_features).permute(3, 0, 1, 2)[None]

    def interpolate_volume(self, level: int, u: torch.Tensor) -> torch.Tensor:
        """The same trilinear interpolation with :func:`torch.nn.functional.grid_sample` on
        :meth:`level_volume` (``align_corners=True`` puts vertex ``v`` at u = v / N_l). (N, F)."""
        grid = (2 * u - 1).reshape(1, 1, 1, -1, 3)  # grid_sample's (x, y, z) = our axes (0, 1, 2)
        volume = self.level_volume(level)
        return F.grid_sample(volume, grid, mode="bilinear", align_corners=True).reshape(self.n_features, -1).t()

    def forward(self, x: torch.Tensor, method: str = "auto") -> torch.Tensor:
        """Encode points x (..., 3) → (..., L·F): per level, the trilinear interpolation of the
        table features at the point's cell corners; the levels concatenated.

        ``method`` picks how, not what (both give the same numbers): ``"points"`` gathers 8
        rows per point; ``"volume"`` gathers the whole level once and interpolates it with
        ``grid_sample``, one fused kernel — on a CPU several times faster whenever the level has
        fewer vertices than the batch has corners, (N_l + 1)³ ≤ 8·N. ``"auto"`` chooses so.
        """
        validate.tensor("x", x, last_dim=3)
        validate.one_of("method", method, ("auto", "points", "volume"))
        shape, n = x.shape[:-1], x.shape[:-1].numel()
        u = ((x.reshape(-1, 3) + self.bound) / (2 * self.bound)).clamp(0, 1)  # (N, 3) in [0, 1]
        features = []
        for level, r in enumerate(self.level_resolutions):
            use_volume = method == "volume" or (method == "auto" and (r + 1) ** 3 <= 8 * n)
            interpolate = self.interpolate_volume if use_volume else self.interpolate_points
            features.append(interpolate(level, u))
        return torch.cat(features, dim=-1).reshape(*shape, self.out_features)


# ============================================================================ 3. fields


class Field(nn.Module):
    """Base class: ``field(x, d) -> (sigma, rgb)`` with ``sigma`` (N,) ≥ 0 and ``rgb`` (N, 3)
    in (0, 1); ``field.density(x)`` gives σ alone (used by the occupancy grid)."""

    view_dependent: bool = True

    def density(self, x: torch.Tensor) -> torch.Tensor:
        return self.forward(x, torch.zeros_like(x))[0]


def _exp_density(raw: torch.Tensor) -> torch.Tensor:
    # instant-ngp's activation: σ = e^raw reaches the large densities of an opaque surface
    # (σδ ≫ 1) with raw of only a few units; clamped so σ stays finite
    return torch.exp((raw - 1.0).clamp(max=15.0))


def _density_activation(raw: torch.Tensor) -> torch.Tensor:
    # softplus keeps σ ≥ 0 with a gradient everywhere (the paper's ReLU can die); the shift
    # starts the field almost empty, as a scene mostly is.
    return F.softplus(raw - 1.0)


class NeRFField(Field):
    r"""The paper's MLP (Mildenhall et al. 2020, Fig. 7), with its size as parameters.

    ``γ(x)`` → ``depth`` ReLU layers of ``width`` (``γ(x)`` concatenated again after layer
    ``skip``) → σ and a feature vector; the feature and ``γ(d)`` → one ReLU layer of
    ``width/2`` → RGB. ``view_dependent=False`` drops ``d`` (the ablation "no view
    dependence"); ``pos_frequencies=0`` feeds raw ``x`` ("no positional encoding").
    The paper uses L = 10 for x, 4 for d, width 256, depth 8, skip after layer 4.
    """

    def __init__(self, pos_frequencies: int = 10, dir_frequencies: int = 4, width: int = 256, depth: int = 8,
                 skip: int = 4, view_dependent: bool = True):
        super().__init__()
        validate.non_negative_int("pos_frequencies", pos_frequencies)
        validate.non_negative_int("dir_frequencies", dir_frequencies)
        self.pos_encoding = PositionalEncoding(3, pos_frequencies)
        self.dir_encoding = PositionalEncoding(3, dir_frequencies)
        width, depth = validate.positive_int("width", width), validate.positive_int("depth", depth)
        self.skip = validate.non_negative_int("skip", skip)
        self.view_dependent = bool(view_dependent)
        enc = self.pos_encoding.out_features
        self.layers = nn.ModuleList()
        for k in range(depth):
            fan_in = enc if k == 0 else width + (enc if k == self.skip and k > 0 else 0)
            self.layers.append(nn.Linear(fan_in, width))
        self.sigma_out = nn.Linear(width, 1)
        self.feature = nn.Linear(width, width)
        dir_in = self.dir_encoding.out_features if self.view_dependent else 0
        self.color = nn.Sequential(nn.Linear(width + dir_in, width // 2), nn.ReLU(), nn.Linear(width // 2, 3))

    def trunk(self, x: torch.Tensor) -> torch.Tensor:
        e = self.pos_encoding(x)
        h = e
        for k, layer in enumerate(self.layers):
            if k == self.skip and k > 0:
                h = torch.cat([h, e], dim=-1)
            h = F.relu(layer(h))
        return h

    def density(self, x: torch.Tensor) -> torch.Tensor:
        return _density_activation(self.sigma_out(self.trunk(x))[..., 0])

    def forward(self, x: torch.Tensor, d: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.trunk(x)
        sigma = _density_activation(self.sigma_out(h)[..., 0])
        f = self.feature(h)
        if self.view_dependent:
            f = torch.cat([f, self.dir_encoding(F.normalize(d, dim=-1))], dim=-1)
        return sigma, torch.sigmoid(self.color(f))


class SirenField(Field):
    r"""A SIREN trunk (:class:`inrlib.networks.Siren`, sine activations, ω₀) on raw ``x``
    giving σ and a feature vector; the feature and ``γ(d)`` → a small ReLU head → RGB
    (the deck's "NeRF – improved: SIREN")."""

    def __init__(self, width: int = 128, depth: int = 3, omega_0: float = 30.0, n_features: int = 32,
                 dir_frequencies: int = 4, bound: float = 1.0):
        super().__init__()
        self.bound = validate.positive_float("bound", bound)
        validate.positive_int("width", width)
        validate.non_negative_int("depth", depth)
        validate.positive_float("omega_0", omega_0)
        validate.non_negative_int("n_features", n_features)
        validate.non_negative_int("dir_frequencies", dir_frequencies)
        self.trunk = Siren(3, 1 + n_features, hidden_features=width, hidden_layers=depth, first_omega_0=omega_0)
        self.dir_encoding = PositionalEncoding(3, dir_frequencies)
        self.color = nn.Sequential(nn.Linear(n_features + self.dir_encoding.out_features, 64), nn.ReLU(),
                                   nn.Linear(64, 3))

    def density(self, x: torch.Tensor) -> torch.Tensor:
        return _density_activation(self.trunk(x / self.bound)[..., 0])

    def forward(self, x, d):
        h = self.trunk(x / self.bound)
        f = torch.cat([h[..., 1:], self.dir_encoding(F.normalize(d, dim=-1))], dim=-1)
        return _density_activation(h[..., 0]), torch.sigmoid(self.color(f))


class HashGridField(Field):
    r"""instant-ngp's field: :class:`HashGridEncoding` → a tiny MLP giving σ and 15 geometry
    features; those and ``γ(d)`` → a tiny MLP giving RGB. Almost all parameters sit in the
    hash table, and each point touches only 8 rows per level, so a step is cheap."""

    def __init__(self, n_levels: int = 8, n_features: int = 2, log2_table_size: int = 15,
                 min_resolution: int = 16, max_resolution: int = 256, bound: float = 1.0,
                 width: int = 64, dir_frequencies: int = 4):
        super().__init__()
        validate.positive_int("width", width)
        validate.non_negative_int("dir_frequencies", dir_frequencies)
        self.encoding = HashGridEncoding(n_levels, n_features, log2_table_size, min_resolution, max_resolution, bound)
        self.dir_encoding = PositionalEncoding(3, dir_frequencies)
        self.sigma_net = nn.Sequential(nn.Linear(self.encoding.out_features, width), nn.ReLU(), nn.Linear(width, 16))
        self.color = nn.Sequential(nn.Linear(15 + self.dir_encoding.out_features, width), nn.ReLU(),
                                   nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 3))
        self.config = {"n_levels": n_levels, "n_features": n_features, "log2_table_size": log2_table_size,
                       "min_resolution": min_resolution, "max_resolution": max_resolution, "bound": bound,
                       "width": width, "dir_frequencies": dir_frequencies}

    def density(self, x):
        return _exp_density(self.sigma_net(self.encoding(x))[..., 0])

    def forward(self, x, d):
        h = self.sigma_net(self.encoding(x))
        f = torch.cat([h[..., 1:], self.dir_encoding(F.normalize(d, dim=-1))], dim=-1)
        return _exp_density(h[..., 0]), torch.sigmoid(self.color(f))


def make_field(kind: str, **kwargs) -> Field:
    """A field by name: ``"hashgrid"``, ``"nerf"`` (MLP + PE + view direction),
    ``"nerf-noview"``, ``"nerf-nope"`` (no positional encoding) or ``"siren"``.

    The MLP variants default to a laptop-sized network (width 128, depth 4, skip 2).
    """
    validate.one_of("kind", kind, FIELD_KINDS)
    if kind == "hashgrid":
        return HashGridField(**kwargs)
    if kind == "siren":
        return SirenField(**kwargs)
    base = {"width": 128, "depth": 4, "skip": 2}
    base.update({"nerf-noview": {"view_dependent": False}, "nerf-nope": {"pos_frequencies": 0}}.get(kind, {}))
    base.update(kwargs)
    return NeRFField(**base)


FIELD_KINDS = ("hashgrid", "nerf", "nerf-noview", "nerf-nope", "siren")

# ============================================================================ 4. ray samplers


def _distance(name: str, value) -> torch.Tensor:
    """``value`` (a number or a tensor of shape (R,)) as a float32 tensor, else an error naming ``name``."""
    expected = f"{name} must be a number or a tensor of shape (R,), got {validate.show(value)}"
    if isinstance(value, torch.Tensor):
        if value.dtype.is_complex or value.dtype == torch.bool:
            raise TypeError(expected)
        t = torch.as_tensor(value, dtype=torch.float32)
    else:
        if value is None or isinstance(value, (bool, str, bytes)):
            raise TypeError(expected)
        try:
            t = torch.as_tensor(np.asarray(value, dtype=np.float64), dtype=torch.float32)
        except (TypeError, ValueError):
            raise TypeError(expected) from None
    if t.ndim > 1:
        raise ValueError(expected)
    if not torch.isfinite(t).all():
        raise ValueError(f"{name} must be finite (no NaN or inf), got {validate.show(value)}")
    return t


def _check_near_far(near, far) -> tuple[torch.Tensor, torch.Tensor]:
    near_t, far_t = _distance("near", near), _distance("far", far)
    if near_t.ndim == 1 and far_t.ndim == 1 and near_t.shape != far_t.shape \
            and 1 not in (near_t.shape[0], far_t.shape[0]):
        raise ValueError(f"far must have the shape of near, got far {validate.show(far)} "
                         f"and near {validate.show(near)}")
    if not (torch.isfinite(near_t).all() and torch.isfinite(far_t).all()):
        raise ValueError(f"near and far must be finite, got near={validate.show(near)}, far={validate.show(far)}")
    if (near_t < 0).any():
        raise ValueError(f"near must be ≥ 0, got {validate.show(near)}")
    return near_t, far_t


def stratified_samples(near, far, n_samples: int, n_rays: int | None = None, perturb: bool = True,
                       generator: torch.Generator | None = None) -> torch.Tensor:
    r"""Stratified sampling (paper eq. 2): split ``[near, far]`` into ``n_samples`` equal bins
    and draw one ``t`` uniformly in each (``perturb=False``: the bin midpoints)

    .. math:: t_i \sim \mathcal U\Big[t_n + \tfrac{i-1}{N}(t_f - t_n),\; t_n + \tfrac{i}{N}(t_f - t_n)\Big].

    ``near``/``far`` are numbers or tensors of shape (R,). Returns ``t`` of shape (R, n_samples),
    increasing along each ray.
    """
    n = validate.positive_int("n_samples", n_samples)
    near_t, far_t = _check_near_far(near, far)
    if (near_t >= far_t).any():
        raise ValueError(f"near must be < far, got near={validate.show(near)}, far={validate.show(far)}")
    if near_t.ndim == 0 and far_t.ndim == 0:
        rays = validate.positive_int("n_rays", n_rays if n_rays is not None else 1)
        near_t, far_t = near_t.expand(rays), far_t.expand(rays)
    near_t, far_t = torch.broadcast_tensors(near_t, far_t)
    u = torch.rand(near_t.shape[0], n, generator=generator) if perturb else torch.full((near_t.shape[0], n), 0.5)
    frac = (torch.arange(n, dtype=torch.float32) + u) / n
    return near_t[:, None] + (far_t - near_t)[:, None] * frac


def sample_pdf(bins: torch.Tensor, weights: torch.Tensor, n_samples: int, deterministic: bool = False,
               generator: torch.Generator | None = None) -> torch.Tensor:
    r"""Hierarchical sampling (paper Sec. 5.2): draw ``n_samples`` new ``t`` from the
    piecewise-constant PDF :math:`\hat w_i = w_i / \sum_j w_j` on the bins of the coarse
    samples, by inverse transform sampling: ``u ~ U[0, 1]``, find the bin where the CDF
    crosses ``u``, interpolate linearly inside it.

    Parameters
    ----------
    bins : (R, B + 1) bin edges, increasing along each ray
    weights : (R, B) non-negative weights (a small constant is added so a ray with all zero
        weights samples uniformly)
    deterministic : use evenly spaced ``u`` instead of random ones

    Returns
    -------
    (R, n_samples) samples, sorted along each ray.
    """
    n = validate.positive_int("n_samples", n_samples)
    validate.tensor("bins", bins, ndim=2)
    validate.tensor("weights", weights, ndim=2)
    if bins.shape != (weights.shape[0], weights.shape[1] + 1):
        raise ValueError(f"bins must have shape (R, B + 1) = {(weights.shape[0], weights.shape[1] + 1)} for weights of "
                         f"shape {tuple(weights.shape)}, got {tuple(bins.shape)}")
    w = weights.detach().clamp(min=0) + 1e-5
    pdf = w / w.sum(dim=-1, keepdim=True)
    cdf = torch.cat([torch.zeros_like(pdf[:, :1]), pdf.cumsum(dim=-1)], dim=-1).clamp(max=1.0)  # (R, B + 1)
    if deterministic:
        u = torch.linspace(0.0, 1.0, n + 2)[1:-1].expand(cdf.shape[0], n).contiguous()
    else:
        u = torch.rand(cdf.shape[0], n, generator=generator)
    idx = torch.searchsorted(cdf.contiguous(), u, right=True).clamp(1, cdf.shape[1] - 1)
    lo, hi = idx - 1, idx
    cdf_lo, cdf_hi = cdf.gather(1, lo), cdf.gather(1, hi)
    bin_lo, bin_hi = bins.detach().gather(1, lo), bins.detach().gather(1, hi)
    frac = ((u - cdf_lo) / (cdf_hi - cdf_lo).clamp(min=1e-12)).clamp(0, 1)
    return (bin_lo + frac * (bin_hi - bin_lo)).sort(dim=-1).values


class OccupancyGrid(nn.Module):
    r"""A coarse boolean grid over ``[-bound, bound]³`` marking where the density is not
    negligible, so samples in empty space are skipped (instant-ngp's empty-space skipping).

    :meth:`update` evaluates σ at each cell's corners and one jittered point inside it, keeps
    a decaying running maximum ``m ← max(decay·m, σ)`` and marks a cell occupied when ``m·step > threshold``
    (its opacity over one sampling step, ``1 − exp(−σδ) ≈ σδ``, is not negligible).
    """

    def __init__(self, resolution: int = 32, bound: float = 1.0, threshold: float = 0.01):
        super().__init__()
        self.resolution = validate.positive_int("resolution", resolution)
        self.bound = validate.positive_float("bound", bound)
        self.threshold = validate.positive_float("threshold", threshold)
        r = self.resolution
        self.register_buffer("density", torch.zeros(r, r, r))  # running max of σ per cell
        self.register_buffer("occupied", torch.ones(r, r, r, dtype=torch.bool))  # start: all occupied

    def cell_index(self, x: torch.Tensor) -> torch.Tensor:
        """Flat index (...,) of the cell containing each point x (..., 3)."""
        r = self.resolution
        ijk = ((x + self.bound) / (2 * self.bound) * r).long().clamp(0, r - 1)
        return (ijk[..., 0] * r + ijk[..., 1]) * r + ijk[..., 2]

    def query(self, x: torch.Tensor) -> torch.Tensor:
        """True where x (..., 3) lies in an occupied cell (and inside the box)."""
        inside = (x.abs() <= self.bound).all(dim=-1)
        return inside & self.occupied.reshape(-1)[self.cell_index(x)]

    @torch.no_grad()
    def update(self, density_fn: Callable[[torch.Tensor], torch.Tensor], step_size: float, decay: float = 0.6,
               chunk: int = 65536) -> float:
        """Refresh the grid from ``density_fn`` (points (N, 3) → σ (N,)); returns the
        occupied fraction.

        A cell's new value is the largest σ among its 8 corners and one jittered point
        inside it. The corners matter: a surface that only grazes a cell misses most interior
        points, but a smooth field is already dense at a corner near it, so one refresh
        finds every cell a surface crosses — without a margin of whole cells around them."""
        r = self.resolution

        def sigma_at(x):
            return torch.cat([density_fn(x[k:k + chunk]) for k in range(0, x.shape[0], chunk)])

        def lattice(n):
            return torch.stack(torch.meshgrid(*[torch.arange(n)] * 3, indexing="ij"), -1).reshape(-1, 3).float()

        inner = sigma_at(((lattice(r) + torch.rand(r**3, 3)) / r * 2 - 1) * self.bound).reshape(r, r, r)
        corners = sigma_at((lattice(r + 1) / r * 2 - 1) * self.bound).reshape(1, 1, r + 1, r + 1, r + 1)
        sigma = torch.maximum(inner, F.max_pool3d(corners, 2, stride=1)[0, 0])  # max over each cell's 8 corners
        self.density.copy_(torch.maximum(self.density * decay, sigma))
        # instant-ngp's rule: a cell is occupied when its opacity over one step exceeds the
        # threshold, or the mean — so an untrained, hazy field is never declared all empty
        opacity = self.density * step_size
        self.occupied.copy_(opacity > min(self.threshold, float(opacity.mean())))
        return float(self.occupied.float().mean())


# ============================================================================ 5. renderers


def compositing_weights(sigma: torch.Tensor, deltas: torch.Tensor) -> torch.Tensor:
    r"""Volume-rendering weights (paper eq. 3):

    .. math::
        α_i = 1 - e^{-σ_i δ_i}, \qquad T_i = \prod_{j<i} (1 - α_j) = e^{-\sum_{j<i} σ_j δ_j},
        \qquad w_i = T_i α_i ,

    so that :math:`\hat C = \sum_i w_i c_i` and :math:`1 - \sum_i w_i = e^{-\sum_i σ_i δ_i}`
    is the light that passes the whole ray. Shapes: (R, S), (R, S) → (R, S).
    """
    validate.tensor("sigma", sigma)
    validate.tensor("deltas", deltas)
    try:
        torch.broadcast_shapes(sigma.shape, deltas.shape)
    except RuntimeError:
        raise ValueError(f"deltas must have the shape of sigma {tuple(sigma.shape)} (R, S), "
                         f"got {validate.show(deltas)}") from None
    tau = sigma * deltas  # optical thickness of each segment
    alpha = 1.0 - torch.exp(-tau)
    transmittance = torch.exp(-torch.cumsum(tau, dim=-1) + tau)  # exclusive sum: Σ_{j<i}
    return transmittance * alpha


def deltas_from_t(t: torch.Tensor, last: float = 1e10) -> torch.Tensor:
    """Distances between consecutive samples, ``δ_i = t_{i+1} − t_i`` (the last one
    ``last``, as in the paper's code). Shape (R, S) → (R, S)."""
    validate.tensor("t", t, ndim=2, finite=True)
    last = validate.non_negative_float("last", last)
    return torch.cat([t[:, 1:] - t[:, :-1], torch.full_like(t[:, :1], last)], dim=-1)


def composite(weights: torch.Tensor, rgb: torch.Tensor, t: torch.Tensor, background: float | torch.Tensor = 1.0
              ) -> dict[str, torch.Tensor]:
    r"""Colour, depth and opacity of each ray from the weights (R, S), colours (R, S, 3) and
    sample positions t (R, S):

    .. math:: \hat C = \sum_i w_i c_i + (1 - \textstyle\sum_i w_i)\, c_{bg}, \quad
              \hat D = \sum_i w_i t_i, \quad A = \sum_i w_i .

    ``background`` 1.0 is white (the public synthetic scenes), 0.0 black; a tensor (R, 3)
    gives each ray its own colour.
    """
    validate.tensor("weights", weights, ndim=(1, 2, 3, 4), finite=True)
    validate.tensor("rgb", rgb, last_dim=3, finite=True)
    validate.tensor("t", t, finite=True)
    for name, v, shape in (("rgb", rgb, weights.shape + (3,)), ("t", t, weights.shape)):
        try:
            torch.broadcast_shapes(shape, v.shape)
        except RuntimeError:
            raise ValueError(f"{name} must have shape {tuple(shape)} to match weights, "
                             f"got {validate.show(v)}") from None
    if isinstance(background, torch.Tensor):
        validate.tensor("background", background, finite=True)
        try:
            torch.broadcast_shapes(weights.shape[:-1] + (3,), background.shape)
        except RuntimeError:
            raise ValueError(f"background must be a number or a tensor of shape {tuple(weights.shape[:-1]) + (3,)}, "
                             f"got {validate.show(background)}") from None
    else:
        validate.real_number("background", background)
    return _composite(weights, rgb, t, background)


def _composite(weights: torch.Tensor, rgb: torch.Tensor, t: torch.Tensor, background: float | torch.Tensor
               ) -> dict[str, torch.Tensor]:
    # composite without the argument checks (render_rays has checked everything already)
    opacity = weights.sum(dim=-1)
    color = (weights[..., None] * rgb).sum(dim=-2) + (1.0 - opacity)[..., None] * background
    depth = (weights * t).sum(dim=-1)
    return {"rgb": color, "depth": depth, "opacity": opacity}


@dataclass
class RenderSettings:
    """How rays are sampled: ``n_samples`` stratified samples between the ray's entry and
    exit of the box ``[-bound, bound]³`` (and within ``[near, far]``); ``background`` colour."""

    n_samples: int = 128
    bound: float = 1.0
    near: float = 0.0
    far: float = 1e3
    background: float = 1.0

    def __post_init__(self):
        validate.positive_int("n_samples", self.n_samples)
        validate.positive_float("bound", self.bound)
        near = validate.non_negative_float("near", self.near)
        if not (isinstance(self.far, float) and self.far == math.inf):  # far = inf: the box alone bounds rays
            validate.real_number("far", self.far)
        if not self.far > near:
            raise ValueError(f"far must be > near = {self.near!r}, got {self.far!r}")
        validate.real_number("background", self.background)


def _check_field_settings_occupancy(field, settings, occupancy) -> None:
    """The arguments every renderer shares: a :class:`Field`, and ``None`` or the right record."""
    if not isinstance(field, Field):
        raise TypeError(f"field must be an inrlib.nerf.Field (e.g. HashGridField), got {validate.show(field)}")
    if settings is not None and not isinstance(settings, RenderSettings):
        raise TypeError(f"settings must be a RenderSettings or None, got {validate.show(settings)}")
    if occupancy is not None and not isinstance(occupancy, OccupancyGrid):
        raise TypeError(f"occupancy must be an OccupancyGrid or None, got {validate.show(occupancy)}")


def _ray_segments(origins, directions, settings: RenderSettings):
    t0, t1 = ray_box_intersection(origins, directions, settings.bound)
    t0, t1 = t0.clamp(min=settings.near), t1.clamp(max=settings.far)
    hit = t1 > t0
    # rays that miss the box get a dummy segment [0, 1]; their samples are masked out
    t0, t1 = torch.where(hit, t0, torch.zeros_like(t0)), torch.where(hit, t1, torch.ones_like(t1))
    return t0, t1, hit


def render_rays(field: Field, origins: torch.Tensor, directions: torch.Tensor, settings: RenderSettings | None = None,
                occupancy: OccupancyGrid | None = None, perturb: bool = False, early_stop: float | None = None,
                depth_chunk: int = 32, skip_hidden: float | None = None, background: torch.Tensor | None = None
                ) -> dict[str, torch.Tensor]:
    """Render a batch of rays (R, 3) with stratified samples inside the scene box.

    Three ways to spend fewer network evaluations, none of which changes the image by more
    than the threshold it is given:

    * ``occupancy``: samples in cells the grid marks empty are skipped (σ = 0 there);
    * ``early_stop`` (render time, e.g. 1e-3): samples are processed in chunks of
      ``depth_chunk`` along the rays and a ray stops once its transmittance falls below
      ``early_stop`` — the rest of it is invisible;
    * ``skip_hidden`` (training, e.g. 1e-3): a first pass without gradients computes σ at
      the kept samples; only samples whose transmittance is above ``skip_hidden`` (not
      hidden behind a surface) are evaluated again with gradients.

    ``background`` (R, 3), if given, replaces ``settings.background`` ray by ray.

    Returns ``{"rgb": (R, 3), "depth": (R,), "opacity": (R,), "samples": int}`` where
    ``samples`` counts network evaluations (with gradients).
    """
    _check_field_settings_occupancy(field, settings, occupancy)
    settings = settings or RenderSettings()
    validate.tensor("origins", origins, ndim=2, last_dim=3)
    validate.tensor("directions", directions, ndim=2, last_dim=3)
    n = validate.positive_int("n_samples", settings.n_samples)
    depth_chunk = validate.positive_int("depth_chunk", depth_chunk)
    if early_stop is not None and not 0 < validate.positive_float("early_stop", early_stop) < 1:
        raise ValueError(f"early_stop must be a transmittance in (0, 1) or None, got {early_stop!r}")
    if skip_hidden is not None and not 0 <= validate.non_negative_float("skip_hidden", skip_hidden) < 1:
        raise ValueError(f"skip_hidden must be a transmittance in [0, 1) or None, got {skip_hidden!r}")
    if background is not None:
        rows = max(origins.shape[0], directions.shape[0])
        validate.tensor("background", background, ndim=2, last_dim=3, finite=True)
        if background.shape[0] != rows:
            raise ValueError(f"background must have shape (R, 3) = ({rows}, 3), one colour per ray, "
                             f"got {validate.show(background)}")
    t0, t1, hit = _ray_segments(origins, directions, settings)
    t = stratified_samples(t0, t1, n, perturb=perturb)  # (R, S)
    # equal bins; δ is a length in the world, so scale the step in t by |d| (d is not a unit vector)
    delta = ((t1 - t0) / n * directions.norm(dim=-1))[:, None].expand_as(t)
    x = origins[:, None, :] + t[..., None] * directions[:, None, :]  # (R, S, 3)
    keep = hit[:, None].expand_as(t)
    if occupancy is not None:
        keep = keep & occupancy.query(x)
    sigma = torch.zeros_like(t)
    rgb = torch.zeros(*t.shape, 3, dtype=t.dtype)
    d = directions[:, None, :].expand_as(x)
    evaluated = 0
    if early_stop is None:
        if skip_hidden is not None and keep.any():
            with torch.no_grad():
                tau = sigma.index_put((keep,), field.density(x[keep])) * delta
                transmittance = torch.exp(-(torch.cumsum(tau, dim=-1) - tau))
            keep = keep & (transmittance > skip_hidden)
        if keep.any():
            s, c = field(x[keep], d[keep])
            sigma = sigma.index_put((keep,), s)
            rgb = rgb.index_put((keep,), c)
            evaluated = int(keep.sum())
        weights = compositing_weights(sigma, delta)
    else:
        tau_before = torch.zeros(t.shape[0])  # Σ σδ so far, per ray
        with torch.no_grad():
            for k in range(0, n, depth_chunk):
                sl = slice(k, k + depth_chunk)
                alive = tau_before < -math.log(early_stop)  # transmittance above early_stop
                m = keep[:, sl] & alive[:, None]
                if m.any():
                    s, c = field(x[:, sl][m], d[:, sl][m])
                    sigma[:, sl][m] = s
                    rgb[:, sl][m] = c
                    evaluated += int(m.sum())
                tau_before = tau_before + (sigma[:, sl] * delta[:, sl]).sum(dim=1)
        weights = compositing_weights(sigma, delta)
    out = _composite(weights, rgb, t, settings.background if background is None else background)
    out["samples"] = evaluated
    return out


@torch.no_grad()
def render_image(field: Field, height: int, width: int, focal: float, pose, settings: RenderSettings | None = None,
                 occupancy: OccupancyGrid | None = None, chunk: int = 4096, early_stop: float | None = 1e-3,
                 supersample: int = 1) -> dict[str, np.ndarray]:
    """Render a whole view in chunks of ``chunk`` rays, so memory stays bounded at any size.

    ``supersample`` s > 1 treats a pixel as the little square it is on a sensor: s × s rays
    per pixel (:func:`pixel_rays`), averaged — how the course's ground-truth photos are made (s = 2).

    Returns ``{"rgb": (H, W, 3), "depth": (H, W), "opacity": (H, W)}`` as NumPy arrays and
    ``"samples"``, the number of network evaluations.
    """
    _check_field_settings_occupancy(field, settings, occupancy)
    chunk = validate.positive_int("chunk", chunk)
    s = validate.positive_int("supersample", supersample)
    if early_stop is not None and not 0 < validate.positive_float("early_stop", early_stop) < 1:
        raise ValueError(f"early_stop must be a transmittance in (0, 1) or None, got {early_stop!r}")
    origins, directions = pixel_rays(height, width, focal, pose, s)
    o, d = origins.reshape(-1, 3), directions.reshape(-1, 3)
    was_training = field.training
    field.eval()
    parts = [render_rays(field, o[k:k + chunk], d[k:k + chunk], settings, occupancy, early_stop=early_stop)
             for k in range(0, o.shape[0], chunk)]
    field.train(was_training)
    # the s² rays of a pixel are consecutive: average them (the pixel's box filter)
    out = {key: torch.cat([p[key] for p in parts]).reshape(height, width, s * s, -1).mean(dim=2).squeeze(-1).numpy()
           for key in ("rgb", "depth", "opacity")}
    out["samples"] = sum(p["samples"] for p in parts)
    return out


# ============================================================================ 6. data: the standard layout


@dataclass
class Views:
    """One split of a scene: ``images`` (N, H, W, 3) float32 in [0, 1] (alpha composited on
    the background), ``poses`` (N, 4, 4) camera-to-world, ``focal`` in pixels, ``files``."""

    images: torch.Tensor
    poses: torch.Tensor
    focal: float
    camera_angle_x: float
    files: list[str]
    alphas: torch.Tensor | None = None  # (N, H, W) coverage, when the PNGs have an alpha channel
    background: float = 1.0  # the colour the images were composited on

    @property
    def height(self) -> int:
        return self.images.shape[1]

    @property
    def width(self) -> int:
        return self.images.shape[2]

    def rays(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """All rays of all views, one per pixel: origins, directions (N·H·W, 3) and target colours."""
        origins, directions = self.pixel_rays(1)
        return origins[:, 0], directions[:, 0], self.images.reshape(-1, 3)

    def pixel_rays(self, supersample: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
        """The s × s rays of every pixel of all views (:func:`pixel_rays`): origins and
        directions (N·H·W, s², 3), in the order of :meth:`rays`' targets."""
        s = validate.positive_int("supersample", supersample)
        os_, ds = zip(*(pixel_rays(self.height, self.width, self.focal, p, s) for p in self.poses))
        return torch.stack(os_).reshape(-1, s * s, 3), torch.stack(ds).reshape(-1, s * s, 3)

    def on_background(self, index: torch.Tensor, background: torch.Tensor) -> torch.Tensor:
        """Target colours of the pixels ``index`` (into :meth:`rays`) composited on other
        background colours (B, 3): C = C_stored + (1 − α)(b − b_stored). Needs ``alphas``."""
        if self.alphas is None:
            raise ValueError("on_background needs views loaded from RGBA images (alphas is None)")
        transparency = 1.0 - self.alphas.reshape(-1)[index][:, None]
        return self.images.reshape(-1, 3)[index] + transparency * (background - self.background)


SPLITS = ("train", "val", "test")


def _check_views(views) -> None:
    if not isinstance(views, Views):
        raise TypeError(f"views must be an inrlib.nerf.Views (see load_views), got {validate.show(views)}")


def _read_png(path: Path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as im:
        im = im.convert("RGBA") if im.mode in ("RGBA", "LA", "P") else im.convert("RGB")
        return np.asarray(im, dtype=np.float32) / 255.0


def load_views(directory: str | os.PathLike, split: str = "train", background: float = 1.0) -> Views:
    """Load one split of a scene in the standard synthetic layout::

        directory/transforms_<split>.json   {"camera_angle_x": θ, "frames": [
                                              {"file_path": "./train/r_0", "transform_matrix": 4×4}, …]}
        directory/train/r_0.png …           RGB or RGBA (alpha is composited on ``background``)

    ``file_path`` may omit the ``.png`` extension, as in the public scenes. Errors name the
    file and what is wrong: missing, malformed JSON, missing keys, an image of another
    size, a pose that is not a rigid transform.
    """
    validate.path("directory", directory)
    validate.one_of("split", split, SPLITS)
    validate.real_number("background", background)
    directory = Path(directory)
    path = directory / f"transforms_{split}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: a scene directory must contain transforms_{split}.json")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(meta, dict) or "camera_angle_x" not in meta or "frames" not in meta:
        raise ValueError(f"{path} must be an object with keys 'camera_angle_x' and 'frames'")
    if not isinstance(meta["frames"], list) or not meta["frames"]:
        raise ValueError(f"{path}: 'frames' must be a non-empty list")
    images, poses, files, alphas = [], [], [], []
    for k, frame in enumerate(meta["frames"]):
        if not isinstance(frame, dict) or "file_path" not in frame or "transform_matrix" not in frame:
            raise ValueError(f"{path}: frames[{k}] must have keys 'file_path' and 'transform_matrix'")
        file = directory / frame["file_path"]
        if file.suffix.lower() != ".png":
            file = file.with_name(file.name + ".png")
        if not file.is_file():
            raise FileNotFoundError(f"{path}: frames[{k}] refers to {file}, which does not exist")
        img = _read_png(file)
        alphas.append(img[..., 3] if img.shape[-1] == 4 else None)
        if img.shape[-1] == 4:
            img = img[..., :3] * img[..., 3:] + background * (1 - img[..., 3:])
        if images and img.shape != images[0].shape:
            raise ValueError(f"{file} has size {img.shape[1]}×{img.shape[0]} but {files[0]} has size "
                             f"{images[0].shape[1]}×{images[0].shape[0]}: all images of a split must have the same size")
        try:
            pose = check_pose(f"{path.name} frames[{k}].transform_matrix", frame["transform_matrix"])
        except TypeError as exc:
            raise ValueError(f"{path}: {exc}") from None
        images.append(img)
        poses.append(pose)
        files.append(str(file))
    try:
        angle = float(meta["camera_angle_x"])
        focal = focal_from_fov(images[0].shape[1], angle)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{path}: camera_angle_x must be an angle in (0, π) radians, got "
                         f"{meta['camera_angle_x']!r}") from exc
    alpha = torch.from_numpy(np.stack(alphas)).float() if all(a is not None for a in alphas) else None
    return Views(torch.from_numpy(np.stack(images)).float(), torch.stack(poses), focal, angle, files, alpha, background)


def write_views(directory: str | os.PathLike, split: str, images: np.ndarray, poses, camera_angle_x: float,
                alphas: np.ndarray | None = None) -> Path:
    """Write one split in the standard layout (the inverse of :func:`load_views`).

    ``images`` (N, H, W, 3) in [0, 1]; ``alphas`` (N, H, W) optional (RGBA PNGs). Returns the
    path of ``transforms_<split>.json``.
    """
    from PIL import Image

    validate.one_of("split", split, SPLITS)
    directory = Path(directory)
    (directory / split).mkdir(parents=True, exist_ok=True)
    poses = check_pose("poses", poses)
    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 4 or images.shape[-1] != 3 or images.shape[0] != poses.shape[0]:
        raise ValueError(f"images must have shape (N, H, W, 3) with N = {poses.shape[0]} poses, got {images.shape}")
    frames = []
    for k, (img, pose) in enumerate(zip(images, poses)):
        arr = img if alphas is None else np.concatenate([img, np.asarray(alphas[k])[..., None]], -1)
        Image.fromarray(np.round(np.clip(arr, 0, 1) * 255).astype(np.uint8)).save(directory / split / f"r_{k}.png")
        frames.append({"file_path": f"./{split}/r_{k}", "transform_matrix": pose.double().tolist()})
    path = directory / f"transforms_{split}.json"
    path.write_text(json.dumps({"camera_angle_x": float(camera_angle_x), "frames": frames}, indent=1), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- the procedural scene


@dataclass(frozen=True)
class Sphere:
    center: tuple[float, float, float]
    radius: float
    photo: str


@dataclass(frozen=True)
class Box:
    center: tuple[float, float, float]
    half_size: tuple[float, float, float]
    photo: str
    angle_deg: float = 0.0  # rotation about the vertical axis


#: The course scene (two textured spheres and a cube) and a second one NeRF never sees
#: during development (other shapes, other photos).
SCENES: dict[str, tuple] = {
    "course": (Sphere((-0.3, -0.35, -0.15), 0.45, "astronaut"), Sphere((0.45, 0.3, 0.25), 0.35, "coffee"),
               Box((-0.15, 0.5, -0.35), (0.3, 0.3, 0.3), "chelsea", 30.0)),
    "unseen": (Box((0.1, -0.2, -0.3), (0.55, 0.35, 0.25), "rocket", -20.0), Sphere((-0.35, 0.4, 0.2), 0.4, "grace_hopper"),
               Sphere((0.5, 0.35, 0.35), 0.22, "coins"), Box((-0.4, -0.5, 0.35), (0.2, 0.2, 0.2), "immunohistochemistry", 45.0)),
}

#: Texture detail: photo texels per unit of surface. A pixel of a 64×64 view covers about
#: 0.035 units at the scene's centre, so 32 texels per unit is detail at the pixel scale —
#: fine enough for positional encoding to matter, not so fine that views alias differently.
TEXELS_PER_UNIT = 32
LIGHT = np.array([0.5, 0.3, 0.8]) / np.linalg.norm([0.5, 0.3, 0.8])
CAMERA_ANGLE_X = 0.6911112070083618  # the public synthetic scenes' field of view
CAMERA_RADIUS = 3.5


def _texture(photo: str, size: tuple[int, int]) -> np.ndarray:
    from .data import load_image

    img = load_image(photo, size=size, gray=False, square=False)
    return img.astype(np.float64)


def _bilinear(tex: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Texture lookup at (u, v) ∈ [0, 1]² (u along columns, v along rows), bilinear, clamped."""
    h, w = tex.shape[:2]
    x, y = np.clip(u * w - 0.5, 0, w - 1), np.clip(v * h - 0.5, 0, h - 1)
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    x1, y1 = np.minimum(x0 + 1, w - 1), np.minimum(y0 + 1, h - 1)
    fx, fy = (x - x0)[..., None], (y - y0)[..., None]
    return ((1 - fx) * (1 - fy) * tex[y0, x0] + fx * (1 - fy) * tex[y0, x1]
            + (1 - fx) * fy * tex[y1, x0] + fx * fy * tex[y1, x1])


def _rotz(angle_deg: float) -> np.ndarray:
    a = math.radians(angle_deg)
    return np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1.0]])


def _hit_sphere(o, d, s: Sphere):
    oc = o - np.array(s.center)
    a = (d * d).sum(-1)
    b = 2 * (oc * d).sum(-1)
    c = (oc * oc).sum(-1) - s.radius**2
    disc = b * b - 4 * a * c
    t = np.where(disc >= 0, (-b - np.sqrt(np.maximum(disc, 0))) / (2 * a), np.inf)
    t = np.where(t > 0, t, np.inf)
    p = o + t[..., None] * d
    n = (p - np.array(s.center)) / s.radius
    k = TEXELS_PER_UNIT * s.radius
    tex = _texture(s.photo, (max(4, round(math.pi * k)), max(8, round(2 * math.pi * k))))
    n_safe = np.nan_to_num(n)
    u = 0.5 + np.arctan2(n_safe[..., 1], n_safe[..., 0]) / (2 * np.pi)
    v = np.arccos(np.clip(n_safe[..., 2], -1, 1)) / np.pi
    return t, n_safe, _bilinear(tex, u, v)


def _hit_box(o, d, b: Box):
    R = _rotz(b.angle_deg)
    lo = (o - np.array(b.center)) @ R  # into the box's frame (R orthonormal: R⁻¹ = Rᵀ)
    ld = d @ R
    half = np.array(b.half_size)
    inv = 1 / np.where(np.abs(ld) < 1e-12, 1e-12, ld)
    t0, t1 = (-half - lo) * inv, (half - lo) * inv
    tn, tf = np.minimum(t0, t1).max(-1), np.maximum(t0, t1).min(-1)
    t = np.where((tf >= tn) & (tn > 0), tn, np.inf)
    p = lo + np.where(np.isfinite(t)[..., None], np.where(np.isfinite(t), t, 0.0)[..., None] * ld, 0.0)
    q = p / half
    axis = np.abs(q).argmax(-1)
    n_local = np.zeros_like(q)
    np.put_along_axis(n_local, axis[..., None], np.sign(np.take_along_axis(q, axis[..., None], -1)), -1)
    # face coordinates: the two axes other than the normal's, mapped to [0, 1]
    other = np.array([[1, 2], [0, 2], [0, 1]])[axis]
    u = (np.take_along_axis(q, other[..., :1], -1)[..., 0] + 1) / 2
    v = 1 - (np.take_along_axis(q, other[..., 1:], -1)[..., 0] + 1) / 2
    side = max(4, round(TEXELS_PER_UNIT * 2 * max(b.half_size)))
    tex = _texture(b.photo, (side, side))
    return t, n_local @ R.T, _bilinear(tex, u, v)


def render_ground_truth(scene: Sequence, height: int, width: int, focal: float, pose, supersample: int = 2
                        ) -> tuple[np.ndarray, np.ndarray]:
    r"""Exact image of an analytic scene by ray casting: the nearest surface hit by each
    pixel's ray, its photo texture, lit by a directional light (ambient + Lambert + a
    Blinn–Phong highlight, which depends on the view direction):

    .. math:: c = ρ\,(0.35 + 0.65\max(0, n·l)) + 0.25 \max(0, n·h)^{24}, \quad h = \frac{l + v}{|l + v|}.

    Each pixel averages ``supersample²`` rays (anti-aliasing, as a camera's pixel does).
    Returns ``rgb`` (H, W, 3) on a white background and ``alpha`` (H, W) (coverage).
    """
    s = validate.positive_int("supersample", supersample)
    if s > 1:
        rgb, alpha = render_ground_truth(scene, height * s, width * s, focal * s, pose, supersample=1)
        rgb = rgb.reshape(height, s, width, s, 3).mean(axis=(1, 3))
        alpha = alpha.reshape(height, s, width, s).mean(axis=(1, 3))
        # the PNG stores colour and coverage separately: un-composite the white background
        fg = np.where(alpha[..., None] > 0, (rgb - (1 - alpha[..., None])) / np.maximum(alpha[..., None], 1e-6), 1.0)
        return np.clip(fg, 0, 1).astype(np.float32), alpha.astype(np.float32)
    o, d = (a.reshape(-1, 3).double().numpy() for a in get_rays(height, width, focal, pose))
    best_t = np.full(o.shape[0], np.inf)
    normal, albedo = np.zeros_like(o), np.zeros_like(o)
    for shape in scene:
        t, n, c = (_hit_sphere if isinstance(shape, Sphere) else _hit_box)(o, d, shape)
        closer = t < best_t
        best_t[closer], normal[closer], albedo[closer] = t[closer], n[closer], c[closer]
    hit = np.isfinite(best_t)
    v = -d / np.linalg.norm(d, axis=-1, keepdims=True)
    h = (LIGHT + v) / np.linalg.norm(LIGHT + v, axis=-1, keepdims=True)
    lambert = np.maximum((normal * LIGHT).sum(-1), 0)
    spec = np.maximum((normal * h).sum(-1), 0) ** 24 * (lambert > 0)
    rgb = albedo * (0.35 + 0.65 * lambert)[:, None] + 0.25 * spec[:, None]
    rgb = np.where(hit[:, None], np.clip(rgb, 0, 1), 1.0)
    return rgb.reshape(height, width, 3).astype(np.float32), hit.reshape(height, width).astype(np.float32)


def camera_poses(split: str, n: int, seed: int = 0) -> torch.Tensor:
    """Cameras of the standard synthetic layout on a sphere of radius 4 looking at the
    origin: ``train``/``val`` spread over the upper hemisphere (elevation 5°–75°, seeded),
    ``test`` on an orbit at 30° elevation. Shape (n, 4, 4)."""
    validate.one_of("split", split, SPLITS)
    n = validate.positive_int("n", n)
    seed = validate.non_negative_int("seed", seed)
    if split == "test":
        return torch.stack([orbit_pose(360.0 * k / n, 30.0, CAMERA_RADIUS) for k in range(n)])
    rng = np.random.default_rng(seed + (0 if split == "train" else 1000))
    lo, hi = math.sin(math.radians(5)), math.sin(math.radians(75))
    el = np.degrees(np.arcsin(rng.uniform(lo, hi, n)))  # uniform over the sphere's area
    az = rng.uniform(0, 360, n)
    return torch.stack([orbit_pose(a, e, CAMERA_RADIUS) for a, e in zip(az, el)])


def cache_directory() -> Path:
    """Where generated scenes are cached: ``$INRLIB_CACHE`` or ``~/.cache/inrlib``."""
    return Path(os.environ.get("INRLIB_CACHE", Path.home() / ".cache" / "inrlib"))


def make_scene(name: str = "course", size: int = 64, n_train: int = 100, n_val: int = 8, n_test: int = 16,
               directory: str | os.PathLike | None = None, seed: int = 0) -> Path:
    """Generate a procedural scene in the standard layout (cached) and return its directory.

    The scene ``name`` (one of :data:`SCENES`) is rendered exactly by
    :func:`render_ground_truth` from :func:`camera_poses` into RGBA PNGs + transforms files.
    A directory that already holds the same scene (same parameters) is reused.
    """
    validate.one_of("name", name, SCENES)
    size = validate.positive_int("size", size)
    counts = {s: validate.positive_int(f"n_{s}", c) for s, c in zip(SPLITS, (n_train, n_val, n_test))}
    stamp = hashlib.sha256(repr((SCENE_VERSION, SCENES[name], size, counts, seed)).encode()).hexdigest()[:12]
    directory = Path(directory) if directory is not None else cache_directory() / "nerf" / f"{name}_{size}_{stamp}"
    marker = directory / ".complete"
    if marker.is_file() and marker.read_text() == stamp:
        return directory
    focal = focal_from_fov(size, CAMERA_ANGLE_X)
    for split in SPLITS:
        poses = camera_poses(split, counts[split], seed)
        renders = [render_ground_truth(SCENES[name], size, size, focal, p) for p in poses]
        write_views(directory, split, np.stack([r[0] for r in renders]), poses, CAMERA_ANGLE_X,
                    alphas=np.stack([r[1] for r in renders]))
    marker.write_text(stamp)
    return directory


SCENE_VERSION = 2

# ============================================================================ 7. training


@dataclass
class TrainResult:
    field: Field
    occupancy: OccupancyGrid
    history: object
    seconds: float
    steps: int


def train_nerf(field: Field, views: Views, *, steps: int = 100000, time_budget: float | None = 180.0,
               batch_rays: int = 2048, lr: float | None = None, settings: RenderSettings | None = None,
               occupancy: OccupancyGrid | None = None, update_occupancy: bool = True, occupancy_every: int = 16,
               skip_hidden: float | None = 1e-3, random_background: bool = True, supersample: int = 1,
               seed: int = 0, evaluate: Callable | None = None, log_every: int = 50, progress: bool = True,
               desc: str = "NeRF") -> TrainResult:
    """Fit ``field`` to the training views with :func:`inrlib.training.train`.

    Each step draws random pixels of all views (``batch_rays`` rays: one per pixel, or s² with
    ``supersample``, below), renders them with stratified
    (jittered) samples, skipping cells the occupancy grid marks empty, and minimises the
    mean squared colour error. Every ``occupancy_every`` steps the grid is refreshed from
    the field's density (``update_occupancy``; pass a fixed grid with ``update_occupancy=False``).
    Adam with ``lr`` (default 1e-2 for the hash grid, 5e-4 for MLPs) decayed ×0.1 over the budget.

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
    from .training import train

    _check_field_settings_occupancy(field, settings, occupancy)
    _check_views(views)
    settings = settings or RenderSettings()
    batch_rays = validate.positive_int("batch_rays", batch_rays)
    rays_per_pixel = validate.positive_int("supersample", supersample) ** 2
    if batch_rays < rays_per_pixel:
        raise ValueError(f"batch_rays must hold at least one pixel's rays ({rays_per_pixel} with supersample = "
                         f"{supersample}), got {batch_rays}")
    origins, directions = views.pixel_rays(supersample)  # (pixels, s², 3)
    target, n_pixels, batch_pixels = views.images.reshape(-1, 3), origins.shape[0], batch_rays // rays_per_pixel
    occupancy = occupancy if occupancy is not None else OccupancyGrid(bound=settings.bound)
    is_grid = isinstance(field, HashGridField)
    lr = lr if lr is not None else (1e-2 if is_grid else 5e-4)
    opt = torch.optim.Adam(field.parameters(), lr=lr, eps=1e-15 if is_grid else 1e-8, betas=(0.9, 0.99))
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
                          perturb=True, skip_hidden=skip_hidden, background=background)
        pixels = out["rgb"].reshape(batch_pixels, rays_per_pixel, 3).mean(dim=1)  # the pixel's box filter
        return F.mse_loss(pixels, wanted)

    def schedule(step: int) -> float:  # exponential decay to lr/10 over the time budget (or steps)
        frac = (time.perf_counter() - state["t0"]) / time_budget if time_budget else step / steps
        return lr * 0.1 ** min(max(frac, 0.0), 1.0)

    t0 = time.perf_counter()
    history = train(field, loss_fn, steps, optimizer=opt, lr_schedule=schedule, seed=None, log_every=log_every,
                    evaluate=evaluate, time_budget=time_budget, progress=progress, desc=desc)
    return TrainResult(field, occupancy, history, time.perf_counter() - t0, state["step"])


def evaluate_views(field: Field, views: Views, occupancy: OccupancyGrid | None = None,
                   settings: RenderSettings | None = None, limit: int | None = None, supersample: int = 1) -> dict:
    """Render every view of ``views`` (or the first ``limit``; ``supersample`` rays² per pixel,
    see :func:`render_image`) and compare with the photos: mean PSNR and SSIM
    (:mod:`inrlib.metrics`), and the renders."""
    from .metrics import psnr, ssim

    _check_field_settings_occupancy(field, settings, occupancy)
    _check_views(views)
    if limit is not None:
        limit = validate.positive_int("limit", limit)
    validate.positive_int("supersample", supersample)
    n = views.images.shape[0] if limit is None else min(limit, views.images.shape[0])
    renders, ps, ss = [], [], []
    for k in range(n):
        r = render_image(field, views.height, views.width, views.focal, views.poses[k], settings, occupancy,
                         supersample=supersample)
        renders.append(r)
        ps.append(psnr(np.clip(r["rgb"], 0, 1), views.images[k].numpy()))
        ss.append(ssim(np.clip(r["rgb"], 0, 1), views.images[k].numpy()))
    return {"psnr": float(np.mean(ps)), "ssim": float(np.mean(ss)), "psnrs": ps, "renders": renders}


# ---------------------------------------------------------------------------- the shipped model
CHECKPOINT = "nerf_hashgrid_course"


def shipped_config() -> dict:
    """Construction arguments of the shipped hash-grid field."""
    return {"n_levels": 8, "n_features": 2, "log2_table_size": 15, "min_resolution": 16, "max_resolution": 64,
            "bound": 1.0, "width": 64, "dir_frequencies": 4}


#: Sampling used to train the hash-grid field: 64 stratified samples per ray inside the box.
TRAIN_SETTINGS = RenderSettings(n_samples=64)
#: Rays per pixel side for the hash grid: trained and evaluated with 2 × 2 rays per pixel,
#: the camera model the course's photos are made with (:func:`pixel_rays`).
SUPERSAMPLE = 2
#: Fast novel views (the widget): the training sampling, with the trained occupancy grid.
VIEW_SETTINGS = RenderSettings(n_samples=64)


def load_shipped() -> tuple[HashGridField, OccupancyGrid]:
    """The shipped hash-grid field trained on the course scene and its occupancy grid,
    loaded with ``weights_only=True`` after the sha256 check of the manifest."""
    from .checkpoints import load_state_dict

    state = load_state_dict(CHECKPOINT)
    field = HashGridField(**shipped_config())
    occ = OccupancyGrid(resolution=int(state["occupancy.occupied"].shape[0]), bound=1.0)
    field.load_state_dict({k[len("field."):]: v for k, v in state.items() if k.startswith("field.")})
    occ.occupied.copy_(state["occupancy.occupied"])
    occ.density.copy_(state["occupancy.density"].float())
    field.eval()
    return field, occ


def train_command(scene: str = "course", seed: int = 0, steps: int = 3000, time_budget: float | None = None,
                  save: bool = True, size: int = 64, batch_rays: int = 2048, progress: bool = False) -> dict:
    """What ``python -m inrlib.nerf train`` does: generate (or reuse) the scene, train the
    hash-grid field for ``steps`` steps (or until ``time_budget`` seconds) with
    :data:`SUPERSAMPLE`² rays per pixel, report the held-out PSNR/SSIM on the test views
    (rendered the same way; ``psnr_one_ray``: with one ray per pixel) and, with ``save``, write
    the shipped checkpoint."""
    directory = make_scene(scene, size=size)
    train_views, test_views = load_views(directory, "train"), load_views(directory, "test")
    seed_everything(seed)
    field = HashGridField(**shipped_config())
    result = train_nerf(field, train_views, steps=steps, time_budget=time_budget, batch_rays=batch_rays,
                        settings=TRAIN_SETTINGS, supersample=SUPERSAMPLE, seed=seed, progress=progress)
    scores = evaluate_views(field, test_views, result.occupancy, supersample=SUPERSAMPLE)
    one_ray = evaluate_views(field, test_views, result.occupancy)
    out = {"scene": scene, "seed": seed, "psnr": scores["psnr"], "ssim": scores["ssim"],
           "psnr_one_ray": one_ray["psnr"], "steps": result.steps,
           "train_seconds": result.seconds, "occupied": float(result.occupancy.occupied.float().mean()),
           "field": field, "occupancy": result.occupancy, "history": result.history}
    if save:
        from .checkpoints import save_state_dict

        state = {f"field.{k}": v for k, v in field.state_dict().items()}
        state["occupancy.occupied"] = result.occupancy.occupied.clone()
        state["occupancy.density"] = result.occupancy.density.half().clone()
        save_state_dict(CHECKPOINT, state, command=f"python -m inrlib.nerf train --seed {seed}",
                        description=f"hash-grid NeRF on the course scene ({size}×{size}, {len(train_views.files)} "
                                    f"views, {result.steps} steps of {batch_rays} rays ({SUPERSAMPLE}×{SUPERSAMPLE} per pixel) "
                                    f"in {result.seconds:.0f} s on "
                                    f"{torch.get_num_threads()} CPU thread(s)); held-out test PSNR "
                                    f"{scores['psnr']:.2f} dB, SSIM {scores['ssim']:.3f} ({one_ray['psnr']:.2f} dB with one ray "
                                    f"per pixel)")
    return out


#: The deck's ablation and "NeRF – improved" candidates, trained by ``python -m inrlib.nerf ablation``.
ABLATION = {"nerf": "complete model (MLP + PE + view dependence)", "nerf-noview": "no view dependence",
            "nerf-nope": "no positional encoding", "siren": "SIREN"}
ABLATION_CHECKPOINT = "nerf_ablation"
ABLATION_LR = {"nerf": 1e-3, "nerf-noview": 1e-3, "nerf-nope": 1e-3, "siren": 5e-4}


def train_ablation(seed: int = 0, steps: int = 600, batch_rays: int = 1024, save: bool = True,
                   progress: bool = False) -> dict:
    """Train the MLP variants of the paper's ablation and a SIREN field on the course scene,
    each for ``steps`` steps of ``batch_rays`` rays, all skipping empty space with the shipped
    hash grid's occupancy grid (kept fixed). Saves one checkpoint with every field and its
    history (wall-clock seconds, loss), and returns ``{kind: {"psnr", "ssim", "steps", "seconds"}}``
    (PSNR/SSIM on the first 8 test views)."""
    _, occupancy = load_shipped()
    directory = make_scene("course")
    train_views, test_views = load_views(directory, "train"), load_views(directory, "test")
    state, out = {}, {}
    for kind in ABLATION:
        seed_everything(seed)
        field = make_field(kind)
        result = train_nerf(field, train_views, steps=steps, time_budget=None, batch_rays=batch_rays,
                            lr=ABLATION_LR[kind], occupancy=occupancy, update_occupancy=False,
                            settings=TRAIN_SETTINGS, skip_hidden=None, seed=seed, progress=progress, desc=kind)
        scores = evaluate_views(field, test_views, occupancy, limit=8)
        out[kind] = {"psnr": scores["psnr"], "ssim": scores["ssim"], "steps": result.steps, "seconds": result.seconds}
        state.update({f"{kind}.{k}": v for k, v in field.state_dict().items()})
        state[f"{kind}.history.seconds"] = torch.tensor(result.history.seconds)
        state[f"{kind}.history.loss"] = torch.tensor(result.history.loss)
        state[f"{kind}.history.step"] = torch.tensor(result.history.step)
        print(json.dumps({kind: out[kind]}), flush=True)
    if save:
        from .checkpoints import save_state_dict

        save_state_dict(ABLATION_CHECKPOINT, state, command=f"python -m inrlib.nerf ablation --seed {seed}",
                        description=f"the paper's ablation (MLP width 128, depth 4) + SIREN on the course scene, "
                                    f"{steps} steps of {batch_rays} rays each, shipped occupancy grid; held-out PSNR "
                                    + ", ".join(f"{k} {v['psnr']:.2f} dB" for k, v in out.items()) + " (8 test views)")
    return out


def load_ablation() -> dict[str, dict]:
    """The shipped ablation fields: ``{kind: {"field": Field, "seconds", "loss", "step"}}``
    (the history of its training run), verified by sha256 and loaded with ``weights_only=True``."""
    from .checkpoints import load_state_dict

    state = load_state_dict(ABLATION_CHECKPOINT)
    out = {}
    for kind in ABLATION:
        field = make_field(kind)
        prefix = f"{kind}."
        field.load_state_dict({k[len(prefix):]: v for k, v in state.items()
                               if k.startswith(prefix) and ".history." not in k})
        field.eval()
        out[kind] = {"field": field, **{key: state[f"{kind}.history.{key}"].numpy() for key in ("seconds", "loss", "step")}}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inrlib.nerf", description="NeRF on the course's procedural scenes")
    sub = parser.add_subparsers(dest="command", required=True)
    tr = sub.add_parser("train", help="train the hash-grid field (and save the shipped checkpoint for 'course')")
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--scene", choices=sorted(SCENES), default="course")
    tr.add_argument("--steps", type=int, default=3000, help="training steps (default 3000)")
    tr.add_argument("--time-budget", type=float, default=None, help="stop after this many seconds instead")
    tr.add_argument("--no-save", action="store_true", help="do not write the checkpoint")
    tr.add_argument("--threads", type=int, default=1)
    ab = sub.add_parser("ablation", help="train the ablation MLPs and SIREN (needs the shipped hash grid)")
    ab.add_argument("--seed", type=int, default=0)
    ab.add_argument("--steps", type=int, default=600, help="training steps per model (default 600)")
    ab.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.command == "ablation":
        train_ablation(args.seed, args.steps, progress=sys.stderr.isatty())
        return 0
    out = train_command(args.scene, args.seed, args.steps, args.time_budget,
                        save=not args.no_save and args.scene == "course", progress=sys.stderr.isatty())
    print(json.dumps({k: v for k, v in out.items() if k not in ("field", "occupancy", "history")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
