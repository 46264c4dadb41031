r"""A PINN for 1-D Maxwell in vacuum, to set beside the conventional solution (:mod:`.yee`).

One network, two outputs: (x, t) ↦ (E, H).  The residuals of both equations (ε = μ = 1),

    r_E = ∂E/∂t + ∂H/∂x,     r_H = ∂H/∂t + ∂E/∂x,

come from autograd; the walls and the initial state are a hard constraint

    E = E₀(x) + t·x(1 − x)·N_E(x, t),     H = H₀(x) + t·N_H(x, t),

so E = 0 at both walls and (E, H) = (E₀, H₀) at t = 0 for every θ; only the residual is
trained.  E₀, H₀ are the standing wave of :func:`.yee.standing_wave` at t = 0.
"""
from __future__ import annotations

import math
import time
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from .. import validate
from ..networks import MLP
from .autodiff import gradient
from .geometry import Interval, SpaceTime, _points
from .losses import _dtype_of, mse, relative_l2
from .optim import fit
from .yee import YeeSolution, _amplitudes, yee


class MaxwellConstraint(nn.Module):
    r"""(x, t) (N, 2) ↦ (E, H) (N, 2) with the walls and the initial state built in.

    E = E₀(x) + t·x(1 − x)·N_E,  H = H₀(x) + t·N_H, where (N_E, N_H) = ``net``(x, t) and
    E₀ = Σ_k a_k sin(kπx), H₀ = 0 (``amplitudes`` = (a_1, a_2, …)).
    """

    def __init__(self, net: nn.Module, amplitudes: Sequence[float] = (1.0, 0.5)):
        super().__init__()
        self.net = validate.module("net", net)
        self.amplitudes = tuple(float(a) for a in _amplitudes(amplitudes))

    def initial_E(self, x: torch.Tensor) -> torch.Tensor:
        """E₀(x) = Σ_k a_k sin(kπx), x (N,) → (N,)."""
        return sum(a * torch.sin(k * math.pi * x) for k, a in enumerate(self.amplitudes, 1))

    def forward(self, xt: torch.Tensor) -> torch.Tensor:
        x, t = xt[:, 0], xt[:, 1]
        n = self.net(xt)
        E = self.initial_E(x) + t * x * (1 - x) * n[:, 0]
        H = t * n[:, 1]
        return torch.stack([E, H], 1)


def _check_maxwell_residual(model: nn.Module, xt: torch.Tensor) -> None:
    validate.module("model", model)
    _points("xt", xt, 2)


@validate.checked(_check_maxwell_residual)
def maxwell_residual(model: nn.Module, xt: torch.Tensor) -> torch.Tensor:
    r"""(r_E, r_H) = (E_t + H_x, H_t + E_x) at the points xt (N, 2) (columns x, t); shape (N, 2).

    ``model`` maps (N, 2) to (N, 2) = (E, H).  Zero for an exact solution of Maxwell's equations.
    """
    xt = xt.detach().to(_dtype_of(model)).requires_grad_(True)
    fields = model(xt)
    dE, dH = gradient(fields[:, 0], xt), gradient(fields[:, 1], xt)  # columns ∂/∂x, ∂/∂t
    return torch.stack([dE[:, 1] + dH[:, 0], dH[:, 1] + dE[:, 0]], 1)


def pinn_fields(model: nn.Module, solution: YeeSolution) -> tuple[np.ndarray, np.ndarray]:
    """The PINN's E and H at the points of Yee's staggered grid: arrays shaped like
    ``solution.E`` and ``solution.H``."""
    validate.module("model", model)
    if not isinstance(solution, YeeSolution):
        raise TypeError(f"solution must be a YeeSolution (from pinn.yee), got {type(solution).__name__}")

    def at(x: np.ndarray, t: np.ndarray, column: int) -> np.ndarray:
        X, T = np.meshgrid(x, t)
        xt = torch.from_numpy(np.stack([X.ravel(), T.ravel()], 1)).to(_dtype_of(model))
        with torch.no_grad():
            return model(xt)[:, column].reshape(X.shape).double().numpy()

    return at(solution.x_E, solution.t_E, 0), at(solution.x_H, solution.t_H, 1)


def solve_maxwell_pinn(amplitudes: Sequence[float] = (1.0, 0.5), t_end: float = 1.0,
                       n_collocation: int = 1000, width: int = 32, depth: int = 3, adam_steps: int = 500,
                       lbfgs_steps: int = 500, time_budget: float | None = 60.0, n_cells: int = 200,
                       seed: int = 0) -> dict:
    r"""Train the Maxwell PINN on [0, 1] × [0, t_end] and compare it with Yee's FDTD solution.

    float64 tanh MLP (``depth`` hidden layers of ``width``) under :class:`MaxwellConstraint`;
    loss mean(r_E²) + mean(r_H²) at Sobol collocation points; Adam then L-BFGS (:func:`fit`).
    Returns ``model``, ``fit``, ``fdtd`` (the :func:`.yee.yee` solution, ``n_cells`` cells,
    S = 0.5), ``E``, ``H`` (the PINN on the same grid), ``error`` (relative L2 of (E, H)
    against FDTD), ``fdtd_seconds`` and ``seconds`` (PINN training and evaluation).
    """
    t_end = validate.positive_float("t_end", t_end)
    n_collocation = validate.positive_int("n_collocation", n_collocation)
    t0 = time.perf_counter()
    torch.manual_seed(validate.non_negative_int("seed", seed))
    net = MLP(2, 2, hidden_features=validate.positive_int("width", width),
              hidden_layers=validate.positive_int("depth", depth), activation="tanh").double()
    model = MaxwellConstraint(net, amplitudes)
    xt = SpaceTime(Interval(0, 1), 0.0, t_end).sample_interior(n_collocation, "sobol", seed)
    result = fit(model, lambda m: mse(maxwell_residual(m, xt)), adam_steps=adam_steps, lbfgs_steps=lbfgs_steps,
                 time_budget=time_budget, seed=seed)
    seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    fdtd = yee(validate.positive_int("n_cells", n_cells), 0.5, t_end, amplitudes)
    fdtd_seconds = time.perf_counter() - t1
    E, H = pinn_fields(model, fdtd)
    error = relative_l2(np.concatenate([E.ravel(), H.ravel()]), np.concatenate([fdtd.E.ravel(), fdtd.H.ravel()]))
    return {"model": model, "fit": result, "fdtd": fdtd, "E": E, "H": H, "error": error, "seconds": seconds,
            "fdtd_seconds": fdtd_seconds}
