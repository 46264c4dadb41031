"""Limitation 3 — sometimes, large computation (lecture §3).

Time, network evaluations, multiply-adds and memory of one rendered frame (the paper's
NeRF MLP, the course's MLP, the hash grid of chapter 05) against one finite-difference
solve (chapter 03) of the same number of values.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import torch
from torch import nn

from .. import boundary, nerf, validate
from ..networks import count_parameters


def _check_count_linear_macs(model, *inputs) -> None:
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {validate.show(model)}")
    if not inputs:
        raise ValueError("inputs must contain at least one tensor (the points, shape (N, d))")
    if validate.tensor("inputs[0]", inputs[0], ndim=2).shape[0] < 1:
        raise ValueError(f"inputs[0] must hold at least one point, got {validate.show(inputs[0])}")


@validate.checked(_check_count_linear_macs)
def count_linear_macs(model: nn.Module, *inputs: torch.Tensor) -> dict:
    """Run ``model(*inputs)`` once and count, with forward hooks on every ``nn.Linear``, the
    multiply-adds and the bytes of the layers' outputs, **per input point**:

    .. math:: \\text{MACs} = \\sum_{\\text{Linear layers}} n_{in}\\, n_{out},

    for a layer applied once per point.  ``inputs[0]`` has shape (N, d); returns
    ``{"macs_per_point", "activation_bytes_per_point", "points"}``.
    """
    points = inputs[0].shape[0]
    totals = {"macs": 0, "bytes": 0}

    def hook(layer: nn.Linear, args, output):
        rows = output.numel() // layer.out_features
        totals["macs"] += rows * layer.in_features * layer.out_features
        totals["bytes"] += output.numel() * output.element_size()

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Linear)]
    try:
        with torch.no_grad():
            model(*inputs)
    finally:
        for h in handles:
            h.remove()
    return {"macs_per_point": totals["macs"] / points, "activation_bytes_per_point": totals["bytes"] / points,
            "points": points}


def parameter_bytes(model: nn.Module) -> int:
    """Bytes of the model's parameters (what a checkpoint stores, buffers excluded)."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {validate.show(model)}")
    return sum(p.numel() * p.element_size() for p in model.parameters())


@dataclass
class FrameCost:
    """Cost of producing one ``pixels``-value frame: wall ``seconds``, network ``evaluations``,
    ``macs_per_evaluation`` (Linear layers), hash-table ``lookups_per_evaluation``,
    ``parameters`` (or unknowns), ``memory_bytes`` (parameters, or the sparse matrix and
    vectors), ``activation_bytes_per_evaluation``."""

    name: str
    pixels: int
    seconds: float
    evaluations: int
    macs_per_evaluation: float
    lookups_per_evaluation: int
    parameters: int
    memory_bytes: int
    activation_bytes_per_evaluation: float

    @property
    def total_macs(self) -> float:
        return self.evaluations * self.macs_per_evaluation

    @property
    def microseconds_per_evaluation(self) -> float:
        return 1e6 * self.seconds / self.evaluations if self.evaluations else math.nan


def frame_cost(name: str, field: nerf.Field, size: int, settings: nerf.RenderSettings | None = None,
               occupancy: nerf.OccupancyGrid | None = None, early_stop: float | None = None,
               azimuth: float = 30.0, elevation: float = 30.0) -> FrameCost:
    """Render one ``size``×``size`` view of ``field`` with chapter 05's
    :func:`inrlib.nerf.render_image` and count what it cost.  ``occupancy=None`` and
    ``early_stop=None`` evaluate every sample of every ray that meets the scene box."""
    validate.positive_int("size", size)
    if not isinstance(field, nerf.Field):
        raise TypeError(f"field must be an inrlib.nerf.Field, got {validate.show(field)}")
    focal = nerf.focal_from_fov(size, nerf.CAMERA_ANGLE_X)
    pose = nerf.orbit_pose(azimuth, elevation, nerf.CAMERA_RADIUS)
    nerf.render_image(field, 4, 4, nerf.focal_from_fov(4, nerf.CAMERA_ANGLE_X), pose, settings, occupancy,
                      early_stop=early_stop)  # warm-up: the first call of a model pays one-off costs
    t0 = time.perf_counter()
    out = nerf.render_image(field, size, size, focal, pose, settings, occupancy, early_stop=early_stop)
    seconds = time.perf_counter() - t0
    probe = count_linear_macs(field, torch.zeros(4, 3), torch.ones(4, 3))
    enc = getattr(field, "encoding", None)
    lookups = enc.n_levels * 8 * enc.n_features if isinstance(enc, nerf.HashGridEncoding) else 0
    return FrameCost(name, size * size, seconds, int(out["samples"]), probe["macs_per_point"], lookups,
                     count_parameters(field), parameter_bytes(field), probe["activation_bytes_per_point"])


def fd_frame_cost(size: int) -> FrameCost:
    """One finite-difference solve that produces ``size``×``size`` values: chapter 03's
    −Δu = 1 on the square with u = 0 on its edge (:func:`inrlib.boundary.solve_dirichlet`),
    ``size``² unknowns.  Memory: the CSR matrix and the right-hand side and solution."""
    size = validate.positive_int("size", size)
    grid = boundary.square_grid(2.0 / (size + 1))
    t0 = time.perf_counter()
    A, b = boundary.assemble_dirichlet(grid, 1.0, 0.0)
    u = boundary.sparse_solve(A, b)
    seconds = time.perf_counter() - t0
    memory = A.data.nbytes + A.indices.nbytes + A.indptr.nbytes + b.nbytes + u.nbytes
    return FrameCost(f"finite differences: −Δu = 1, {size}×{size} unknowns", grid.n_unknowns, seconds, 0, 0.0, 0,
                     grid.n_unknowns, memory, 0.0)


#: The paper's NeRF recipe (Mildenhall et al. 2020, §5.3): two MLPs 256 × 8 with a skip at layer 4;
#: the coarse network is evaluated at N_c = 64 samples per ray, the fine network at N_c + N_f = 64 + 128.
PAPER_COARSE_SAMPLES = 64
PAPER_FINE_SAMPLES = 128
#: Network evaluations per ray: 64 (coarse) + (64 + 128) (fine) = 256.
PAPER_SAMPLES = PAPER_COARSE_SAMPLES + (PAPER_COARSE_SAMPLES + PAPER_FINE_SAMPLES)


def frame_costs(size: int = 64, paper_size: int | None = None, seed: int = 0) -> list[FrameCost]:
    """One frame, four ways:

    1. the paper's NeRF (:class:`inrlib.nerf.NeRFField` 256 × 8, :data:`PAPER_SAMPLES` = 256
       evaluations per ray — 64 coarse + 64 + 128 fine, all of the same size — no empty-space skipping), rendered at ``paper_size`` (default ``size``; the cost of every
       sample is the same, so a smaller frame scales exactly by the number of rays);
    2. the course's MLP NeRF (chapter 05's shipped ablation field, 128 × 4) and
    3. the shipped hash-grid field, both with 64 samples, the shipped occupancy grid and
       early ray termination (chapter 05's fast renderer);
    4. a finite-difference solve with ``size``² unknowns.

    Row 1 is random-weight (its cost does not depend on the weights without skipping).
    """
    size = validate.positive_int("size", size)
    paper_size = size if paper_size is None else validate.positive_int("paper_size", paper_size)
    torch.manual_seed(seed)
    paper = nerf.NeRFField(width=256, depth=8, skip=4)
    hashgrid, occupancy = nerf.load_shipped()
    view = occupancy
    mlp = nerf.load_ablation()["nerf"]["field"]
    first = frame_cost(f"paper NeRF: MLP 256×8, {PAPER_SAMPLES} evaluations/ray, no skipping", paper, paper_size,
                       nerf.RenderSettings(n_samples=PAPER_SAMPLES))
    if paper_size != size:  # every ray costs the same: scale by the number of rays
        ratio = (size / paper_size) ** 2
        first = FrameCost(first.name + f" (measured at {paper_size}×{paper_size}, ×{ratio:g})", size * size,
                          first.seconds * ratio, round(first.evaluations * ratio), first.macs_per_evaluation,
                          0, first.parameters, first.memory_bytes, first.activation_bytes_per_evaluation)
    rows = [first,
            frame_cost("course NeRF: MLP 128×4, 64 samples, occupancy + early stop", mlp, size,
                       nerf.SETTINGS, view, 1e-3),
            frame_cost("hash grid (instant-ngp), 64 samples, occupancy + early stop", hashgrid, size,
                       nerf.SETTINGS, view, 1e-3),
            fd_frame_cost(size)]
    return rows
