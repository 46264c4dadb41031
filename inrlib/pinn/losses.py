"""Losses and constraints: the PDE residual, boundary, initial and data terms, each with a
weight — or a **hard constraint** u = g + d·N, which makes the boundary term unnecessary.

    L = Σ_k w_k · mean(r_k²),   k ∈ {pde, bc, ic, data}
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from .. import validate


def mse(r: torch.Tensor) -> torch.Tensor:
    """Mean of squares (the loss of one residual term); raises if r has non-finite values."""
    validate.tensor("r", r)
    return (r.reshape(-1) ** 2).mean()


def weighted_loss(terms: dict[str, torch.Tensor], weights: dict[str, float] | None = None) -> torch.Tensor:
    r"""L = Σ_k w_k · mean(r_k²) over named residuals ``terms`` ({"pde": r, "bc": r_b, …}).

    Missing weights are 1.  A residual that is not finite raises a ``ValueError`` naming
    the term, so a broken term is found at once.
    """
    if not isinstance(terms, dict):
        raise TypeError(f"terms must be a dict of named residuals, e.g. {{'pde': r}}, got {validate.show(terms)}")
    if weights is not None and not isinstance(weights, dict):
        raise TypeError(f"weights must be a dict of numbers per term name, e.g. {{'bc': 10.0}}, got {validate.show(weights)}")
    weights = {k: w if isinstance(w, torch.Tensor) else validate.non_negative_float(f"weights[{k!r}]", w)
               for k, w in (weights or {}).items()}
    unknown = set(weights) - set(terms)
    if unknown:
        raise ValueError(f"weights has names {sorted(unknown)} that are not in terms {sorted(terms)}")
    total = 0.0
    for name, r in terms.items():
        validate.tensor(f"terms[{name!r}]", r)
        value = mse(r)
        if not torch.isfinite(value):
            raise ValueError(f"the {name!r} residual is not finite (NaN or inf)")
        total = total + float(weights.get(name, 1.0)) * value
    return total


class HardConstraint(nn.Module):
    r"""u(x) = g(x) + d(x) · N(x): the boundary values hold *exactly*.

    ``distance`` d vanishes on the boundary (where the condition is imposed) and is
    non-zero inside; ``boundary_value`` g is any smooth extension of the boundary data.
    Only the interior residual is left to train.

    Parameters
    ----------
    net : nn.Module
        (N, d) → (N, 1).
    distance, boundary_value : callable
        (N, d) tensor → (N,) tensor.  ``boundary_value=None`` means g = 0.
    """

    def __init__(self, net: nn.Module, distance: Callable[[torch.Tensor], torch.Tensor],
                 boundary_value: Callable[[torch.Tensor], torch.Tensor] | None = None):
        super().__init__()
        if not isinstance(net, nn.Module):
            raise TypeError(f"net must be a torch.nn.Module, got {type(net).__name__}")
        if not callable(distance):
            raise TypeError(f"distance must be callable, got {type(distance).__name__}")
        if boundary_value is not None and not callable(boundary_value):
            raise TypeError(f"boundary_value must be callable or None, got {type(boundary_value).__name__}")
        self.net, self.distance, self.boundary_value = net, distance, boundary_value

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = self.net(x).reshape(-1)
        u = self.distance(x) * n
        if self.boundary_value is not None:
            u = u + self.boundary_value(x)
        return u[:, None]


class PositiveParameter(nn.Module):
    r"""A trainable coefficient kept positive: λ = exp(s), s trainable (starts at log ``init``).

    ``history`` records λ each time :meth:`log` is called, to plot its convergence.
    """

    def __init__(self, init: float):
        super().__init__()
        init = validate.positive_float("init", init)
        self.log_value = nn.Parameter(torch.tensor(math.log(init), dtype=torch.float64))
        self.history: list[float] = []

    @property
    def value(self) -> torch.Tensor:
        return self.log_value.exp()

    def forward(self) -> torch.Tensor:
        return self.value

    def log(self) -> float:
        v = float(self.value.detach())
        self.history.append(v)
        return v


def relative_l2(prediction: np.ndarray | torch.Tensor, reference: np.ndarray | torch.Tensor) -> float:
    r"""‖u_θ − u‖₂ / ‖u‖₂ over the same points (the error measure of every table here)."""
    p = validate.finite_array("prediction", prediction.detach().cpu().numpy() if isinstance(prediction, torch.Tensor)
                              else prediction).astype(float).ravel()
    r = validate.finite_array("reference", reference.detach().cpu().numpy() if isinstance(reference, torch.Tensor)
                              else reference).astype(float).ravel()
    if p.shape != r.shape:
        raise ValueError(f"prediction and reference must have the same number of values, got {p.size} and {r.size}")
    return float(np.linalg.norm(p - r) / np.linalg.norm(r))


def _dtype_of(model: nn.Module) -> torch.dtype:
    """The dtype of the model's parameters (points are cast to it before evaluation)."""
    return next(model.parameters()).dtype


def _evaluate(model: nn.Module, points: torch.Tensor) -> torch.Tensor:
    """u_θ at points (N, d) → (N,), in the model's dtype, checking the output shape."""
    out = model(points.to(_dtype_of(model)))
    if out.shape not in {(points.shape[0],), (points.shape[0], 1)}:
        raise ValueError(f"the model must return one value per point, shape ({points.shape[0]}, 1), "
                         f"got {validate.show(out)}")
    return out.reshape(-1)


def check_residual(residual: torch.Tensor, points: torch.Tensor, name: str = "residual") -> torch.Tensor:
    """The residual as (N,), or a ValueError if it is not one finite value per point."""
    validate.tensor("points", points, ndim=2)
    if not isinstance(residual, torch.Tensor):
        raise TypeError(f"{name} must return a torch.Tensor, got {type(residual).__name__}")
    if residual.shape not in {(points.shape[0],), (points.shape[0], 1)}:
        raise ValueError(f"{name} must return one value per collocation point, shape ({points.shape[0]},), "
                         f"got {validate.show(residual)}")
    if not torch.all(torch.isfinite(residual.detach())):
        raise ValueError(f"{name} returned non-finite values")
    return residual.reshape(-1)
