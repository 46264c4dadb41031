"""Two problems with exact solutions: the 1-D Poisson warm-up and the deck's heat equation.

* −u'' = 4π² sin(2πx) on [0, 1], u(0) = 0, u(1) = 1: exact u = sin(2πx) + x;
* ∂u/∂t = λ ∂²u/∂x² on [0, 1]², u(x, 0) = sin πx, u(0, t) = u(1, t) = 0:
  exact u = e^{−λπ²t} sin πx (forward: λ known; inverse: λ learned from data).

Each comes with its residual r (the PDE as a loss) and a hard constraint u = g + d·N.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .. import validate
from .autodiff import gradient, laplacian
from .geometry import _generator, _points
from .losses import HardConstraint, _dtype_of, _evaluate


# ----------------------------------------------------------------------------- 1-D Poisson (warm-up)
def poisson_1d_exact(x: torch.Tensor) -> torch.Tensor:
    r"""u(x) = sin(2πx) + x, the exact solution of −u'' = 4π² sin(2πx) on [0, 1],
    u(0) = 0, u(1) = 1.  x: (N, 1) → (N,)."""
    _points("x", x, 1)
    return torch.sin(2 * math.pi * x[:, 0]) + x[:, 0]


def poisson_1d_residual(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    r"""r = −u'' − 4π² sin(2πx) at the points x (N, 1); shape (N,)."""
    validate.module("model", model)
    x = _points("x", x, 1).detach().to(_dtype_of(model)).requires_grad_(True)
    return -laplacian(_evaluate(model, x), x) - 4 * math.pi**2 * torch.sin(2 * math.pi * x[:, 0])


def poisson_1d_constraint(net: nn.Module) -> HardConstraint:
    r"""u = x + x(1 − x)·N(x): u(0) = 0 and u(1) = 1 hold exactly."""
    return HardConstraint(net, distance=lambda x: x[:, 0] * (1 - x[:, 0]), boundary_value=lambda x: x[:, 0])


# ----------------------------------------------------------------------------- the heat / diffusion equation
def heat_exact(xt: torch.Tensor | np.ndarray, lam: float = 0.4) -> torch.Tensor | np.ndarray:
    r"""u(x, t) = e^{−λπ²t} sin(πx): solves u_t = λ u_xx on [0, 1], u(x, 0) = sin πx, u(0)=u(1)=0."""
    if isinstance(xt, torch.Tensor):
        _points("xt", xt, 2)
    else:
        xt = validate.finite_array("xt", xt, ndim=2)
        if xt.shape[1] != 2:
            raise ValueError(f"xt must have shape (N, 2) (columns x, t), got {validate.show(xt)}")
    if not isinstance(lam, torch.Tensor):
        lam = validate.non_negative_float("lam", lam)
    lib = torch if isinstance(xt, torch.Tensor) else np
    return lib.exp(-lam * math.pi**2 * xt[:, 1]) * lib.sin(math.pi * xt[:, 0])


def _check_heat_residual(model: nn.Module, xt: torch.Tensor, lam: float | torch.Tensor) -> None:
    validate.module("model", model)
    if isinstance(lam, torch.Tensor):  # a trainable λ (the inverse problem): one number
        if lam.numel() != 1:
            raise ValueError(f"lam must be a number or a one-element tensor, got {validate.show(lam)}")
    else:
        validate.non_negative_float("lam", lam)
    _points("xt", xt, 2)


@validate.checked(_check_heat_residual)
def heat_residual(model: nn.Module, xt: torch.Tensor, lam: float | torch.Tensor) -> torch.Tensor:
    r"""r = ∂u/∂t − λ ∂²u/∂x² at the points xt (N, 2) (columns x, t); shape (N,)."""
    xt = xt.detach().to(_dtype_of(model)).requires_grad_(True)
    u = _evaluate(model, xt)
    g = gradient(u, xt)
    u_xx = torch.autograd.grad(g[:, 0].sum(), xt, create_graph=True)[0][:, 0]
    return g[:, 1] - lam * u_xx


def heat_constraint(net: nn.Module) -> HardConstraint:
    r"""u = sin(πx) + t·x(1 − x)·N(x, t): the initial and boundary conditions hold exactly."""
    return HardConstraint(net, distance=lambda xt: xt[:, 1] * xt[:, 0] * (1 - xt[:, 0]),
                          boundary_value=lambda xt: torch.sin(math.pi * xt[:, 0]))


def heat_samples(n: int = 200, noise: float = 0.01, lam: float = 0.4, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Sparse noisy measurements for the inverse problem.

    n uniform random points (x, t) in [0, 1]² and d = u(x, t) + noise·std(u)·ε, ε ~ N(0, 1)
    (noise = 0.01 is "1 % noise", relative to the spread of the data, as in Raissi et al.),
    u from :func:`heat_exact`.  Returns ``(xt (n, 2), d (n,))``, float64.
    """
    n = validate.positive_int("n", n)
    if not (isinstance(noise, (int, float)) and 0 <= noise < 1):
        raise ValueError(f"noise must be a number in [0, 1), got {noise!r}")
    lam = validate.non_negative_float("lam", lam)
    g = _generator(seed)
    xt = torch.rand(n, 2, generator=g, dtype=torch.float64)
    u = heat_exact(xt, lam)
    return xt, u + noise * u.std() * torch.randn(n, generator=g, dtype=torch.float64)
