"""The deck's Poisson problem −Δu = 1 on the L-shape Ω = [−1, 1]² \\ [0, 1]², u = 0 on ∂Ω.

This file builds on chapter 03 (:mod:`inrlib.boundary`), a stated link between chapters:

* near the re-entrant corner u ≈ c·r^{2/3} sin(2φ/3) — chapter 03's singular function
  :func:`inrlib.boundary.corner_singularity`, with its one angle convention
  (:func:`inrlib.boundary.corner_angle`: φ counter-clockwise from the edge {x = 0, y > 0});
  the corner-singular hard constraint is built from it;
* the PINNs are judged against chapter 03's shipped fine-grid solution
  (:func:`inrlib.boundary.load_lshape_solution`, h = 1/256).
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .. import validate
from ..boundary import corner_angle, corner_singularity, load_lshape_solution
from ..networks import MLP
from .autodiff import laplacian
from .geometry import _points
from .losses import HardConstraint, _dtype_of, _evaluate, weighted_loss


def poisson_residual(model: nn.Module, xy: torch.Tensor, f: float = 1.0) -> torch.Tensor:
    r"""r = −Δu − f at the points xy (N, 2); shape (N,)."""
    validate.module("model", model)
    f = validate.real_number("f", f)
    xy = _points("xy", xy, 2).detach().to(_dtype_of(model)).requires_grad_(True)
    return -laplacian(_evaluate(model, xy), xy) - f


def lshape_corner_feature(xy: torch.Tensor) -> torch.Tensor:
    r"""c(r, φ) = r^{2/3} cos(2φ/3), the harmonic conjugate partner of chapter 03's
    s = r^{2/3} sin(2φ/3) (:func:`inrlib.boundary.corner_singularity`, same angle φ).

    The next corner term of u is r^{4/3} sin(4φ/3) = 2·s·c, so u/s ≈ a + 2b·c + …: a network
    that sees c as an extra input represents u/s with a smooth function of (x, y, c).
    """
    x, y = _points("xy", xy, 2)[:, 0], xy[:, 1]
    r = torch.sqrt(x * x + y * y)
    return r ** (2 / 3) * torch.cos(2 * corner_angle(x, y) / 3)


def _check_lshape_distance(xy: torch.Tensor, kind: str = "singular") -> None:
    validate.one_of("kind", kind, ("generic", "singular"))
    _points("xy", xy, 2)


@validate.checked(_check_lshape_distance)
def lshape_distance(xy: torch.Tensor, kind: str = "singular") -> torch.Tensor:
    r"""A function d(x, y) that vanishes on ∂Ω of the L-shape and is positive inside.

    ``kind="generic"``: d = (1 − x²)(1 − y²) · dist((x, y), [0, 1]²) — what one writes
    without thinking about the corner.  Near the corner d ~ r, so the network has to
    represent u/d ~ r^{2/3}/r = r^{−1/3}: singular, and no smooth network can.
    ``kind="singular"``: d = (1 − x²)(1 − y²) · r^{2/3} sin(2φ/3) — chapter 03's corner
    singular function, so u/d tends to a finite, non-zero limit at the corner.
    """
    x, y = xy[:, 0], xy[:, 1]
    outer = (1 - x * x) * (1 - y * y)
    if kind == "singular":
        return outer * corner_singularity(x, y)
    dx, dy = torch.clamp(-x, min=0), torch.clamp(-y, min=0)
    return outer * torch.sqrt(dx * dx + dy * dy + 1e-30)


class _CornerFeatures(nn.Module):
    """(x, y) → (x, y, r^{2/3} cos(2φ/3)) in front of a network (3 inputs)."""

    in_features, out_features = 2, 3

    def forward(self, xy: torch.Tensor) -> torch.Tensor:
        return torch.cat([xy, lshape_corner_feature(xy)[:, None]], dim=1)


def lshape_model(kind: str = "singular", width: int = 32, depth: int = 3, dtype: torch.dtype = torch.float64,
                 seed: int = 0) -> nn.Module:
    r"""A PINN for −Δu = 1 on the L-shape.

    ``kind``: ``"soft"`` — a plain tanh MLP (the boundary enters the loss);
    ``"generic"`` — hard constraint u = d·N with the generic d of :func:`lshape_distance`;
    ``"singular"`` — u = d_s·N(x, y, c) with d_s ∝ r^{2/3} sin(2φ/3) and the corner feature
    c = r^{2/3} cos(2φ/3) as an extra input (u/d_s ≈ a + 2b·c near the corner).
    """
    validate.one_of("kind", kind, ("soft", "generic", "singular"))
    width, depth = validate.positive_int("width", width), validate.positive_int("depth", depth)
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating torch dtype such as torch.float64, got {validate.show(dtype)}")
    torch.manual_seed(validate.non_negative_int("seed", seed))
    encoding = _CornerFeatures() if kind == "singular" else None
    net = MLP(2, 1, hidden_features=width, hidden_layers=depth, activation="tanh", encoding=encoding).to(dtype)
    if kind == "soft":
        return net
    return HardConstraint(net, distance=lambda xy: lshape_distance(xy, kind))


def lshape_reference(h_sub: int = 2) -> tuple[torch.Tensor, np.ndarray]:
    """Evaluation points and reference values: chapter 03's shipped h = 1/256 FD solution
    (:func:`inrlib.boundary.load_lshape_solution`) at the grid nodes inside Ω, every
    ``h_sub``-th node.  Returns ``(points (M, 2) float64, u (M,))``."""
    h_sub = validate.positive_int("h_sub", h_sub)
    grid, u = load_lshape_solution()
    inside = grid.inside[::h_sub, ::h_sub]
    pts = np.stack([grid.X[::h_sub, ::h_sub][inside], grid.Y[::h_sub, ::h_sub][inside]], axis=1)
    return torch.from_numpy(pts), u[::h_sub, ::h_sub][inside]


def lshape_loss(model: nn.Module, interior: torch.Tensor, boundary: torch.Tensor | None = None,
                boundary_weight: float = 1.0) -> torch.Tensor:
    r"""L = mean(( −Δu − 1)²) over ``interior`` + w_b · mean(u²) over ``boundary`` (soft BC only)."""
    validate.module("model", model)
    _points("interior", interior, 2)
    boundary_weight = validate.non_negative_float("boundary_weight", boundary_weight)
    terms = {"pde": poisson_residual(model, interior)}
    weights = {}
    if boundary is not None:
        terms["bc"] = _evaluate(model, _points("boundary", boundary, 2))
        weights["bc"] = boundary_weight
    return weighted_loss(terms, weights)
