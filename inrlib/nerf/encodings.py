"""The multiresolution hash encoding (lecture 05 §7).

Positional encoding, the paper's other encoding, is :class:`inrlib.networks.PositionalEncoding`.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from .. import validate


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


