"""Skipping empty space (lecture 05 §6): instant-ngp's occupancy grid."""
from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from .. import validate


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

