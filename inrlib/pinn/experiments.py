"""The lecture's experiments, each a function that trains a PINN from scratch and reports
its error: the 1-D warm-up (soft or hard boundary condition), the heat equation forward and
inverse, and the L-shape with three kinds of boundary treatment."""
from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn

from .. import validate
from ..networks import MLP, count_parameters
from ..training import train
from .geometry import Interval, SpaceTime, lshape
from .losses import PositiveParameter, _evaluate, mse, relative_l2, weighted_loss
from .lshape import lshape_loss, lshape_model, lshape_reference
from .optim import fit
from .problems import (heat_constraint, heat_exact, heat_residual, poisson_1d_constraint, poisson_1d_exact,
                       poisson_1d_residual)


def solve_poisson_1d(n_collocation: int = 32, boundary_weight: float = 1.0, hard: bool = False, width: int = 16,
                     steps: int = 300, lr: float = 1e-2, seed: int = 0) -> dict:
    r"""Train a small PINN on −u'' = 4π² sin(2πx), u(0) = 0, u(1) = 1 with Adam (≈ 0.3 s).

    Soft: loss = mean(r²) + w_b·mean((u − g)²) at the two end points; hard: u from
    :func:`poisson_1d_constraint`, loss = mean(r²).  Returns ``x`` (201,), ``u`` (201,),
    ``exact``, ``error`` (relative L2), ``loss`` (history), ``boundary_error``, ``collocation``.
    """
    n_collocation = validate.positive_int("n_collocation", n_collocation)
    boundary_weight = validate.positive_float("boundary_weight", boundary_weight)
    torch.manual_seed(validate.non_negative_int("seed", seed))
    net = MLP(1, 1, hidden_features=validate.positive_int("width", width), hidden_layers=2, activation="tanh")
    model = poisson_1d_constraint(net) if hard else net
    x = Interval(0, 1).sample_interior(n_collocation, "sobol", seed).float()
    xb = torch.tensor([[0.0], [1.0]])

    def loss(m: nn.Module) -> torch.Tensor:
        terms = {"pde": poisson_1d_residual(m, x)}
        if not hard:
            terms["bc"] = _evaluate(m, xb) - xb[:, 0]
        return weighted_loss(terms, {} if hard else {"bc": boundary_weight})

    history = train(model, loss, validate.positive_int("steps", steps), lr=lr, seed=seed, progress=False,
                    log_every=5)
    xe = torch.linspace(0, 1, 201)[:, None]
    with torch.no_grad():
        u = model(xe)[:, 0]
        exact = poisson_1d_exact(xe)
        ub = model(xb)[:, 0]
    return {"x": xe[:, 0].numpy(), "u": u.numpy(), "exact": exact.numpy(), "error": relative_l2(u, exact),
            "loss": np.array(history.loss), "loss_step": np.array(history.step),
            "boundary_error": float((ub - xb[:, 0]).abs().max()), "collocation": x[:, 0].numpy()}


def solve_heat(lam: float = 0.4, n_collocation: int = 1024, width: int = 20, adam_steps: int = 300,
               lbfgs_steps: int = 300, time_budget: float | None = 30.0, seed: int = 0) -> dict:
    r"""Forward problem: u_t = λ u_xx on [0, 1]², hard-constrained (:func:`heat_constraint`).

    Returns a dict with ``model``, ``fit`` (:class:`FitResult`), ``error`` (relative L2 on a
    101×101 grid against :func:`heat_exact`), ``seconds`` (total, training included).
    """
    lam = validate.non_negative_float("lam", lam)
    n_collocation = validate.positive_int("n_collocation", n_collocation)
    width = validate.positive_int("width", width)
    t0 = time.perf_counter()
    torch.manual_seed(validate.non_negative_int("seed", seed))
    net = MLP(2, 1, hidden_features=width, hidden_layers=2, activation="tanh").double()
    model = heat_constraint(net)
    xt = SpaceTime(Interval(0, 1)).sample_interior(n_collocation, "sobol", seed)
    result = fit(model, lambda m: mse(heat_residual(m, xt, lam)), adam_steps=adam_steps,
                 lbfgs_steps=lbfgs_steps, time_budget=time_budget, seed=seed)
    g = torch.linspace(0, 1, 101, dtype=torch.float64)
    grid = torch.stack(torch.meshgrid(g, g, indexing="ij"), -1).reshape(-1, 2)
    with torch.no_grad():
        error = relative_l2(model(grid), heat_exact(grid, lam))
    return {"model": model, "fit": result, "error": error, "seconds": time.perf_counter() - t0}


def solve_heat_inverse(xt_data: torch.Tensor, u_data: torch.Tensor, lam_init: float = 1.0,
                       n_collocation: int = 1024, width: int = 20, adam_steps: int = 500,
                       lbfgs_steps: int = 300, time_budget: float | None = 30.0, data_weight: float = 1.0,
                       seed: int = 0) -> dict:
    r"""Inverse problem: find λ in u_t = λ u_xx from measurements (xt_data, u_data).

    Loss = mean(r²) + w_d · mean((u_θ − u_data)²) with λ = exp(s) trainable
    (:class:`PositiveParameter`); initial and boundary conditions are hard constraints.
    Returns ``model``, ``lam`` (the PositiveParameter, its ``history`` logged at every loss
    evaluation), ``estimate`` (float), ``fit``, ``seconds``.
    """
    xt_data = SpaceTime(Interval(0, 1)).require_inside(xt_data, "xt_data")
    u_data = validate.tensor("u_data", u_data).reshape(-1)
    if u_data.shape[0] != xt_data.shape[0]:
        raise ValueError(f"u_data must have one value per row of xt_data ({xt_data.shape[0]}), got {u_data.shape[0]}")
    lam_init = validate.positive_float("lam_init", lam_init)
    n_collocation = validate.positive_int("n_collocation", n_collocation)
    width = validate.positive_int("width", width)
    data_weight = validate.non_negative_float("data_weight", data_weight)
    t0 = time.perf_counter()
    torch.manual_seed(validate.non_negative_int("seed", seed))
    model = heat_constraint(MLP(2, 1, hidden_features=width, hidden_layers=2, activation="tanh").double())
    lam = PositiveParameter(lam_init)
    xt = SpaceTime(Interval(0, 1)).sample_interior(n_collocation, "sobol", seed)
    xd, ud = xt_data.double(), u_data.double()

    def loss(m: nn.Module) -> torch.Tensor:
        lam.log()  # λ at every loss evaluation: its convergence can be plotted
        return weighted_loss({"pde": heat_residual(m, xt, lam.value), "data": _evaluate(m, xd) - ud},
                             {"data": data_weight})

    result = fit(model, loss, adam_steps=adam_steps, lbfgs_steps=lbfgs_steps, time_budget=time_budget,
                 parameters=list(model.parameters()) + [lam.log_value], seed=seed)
    lam.log()
    return {"model": model, "lam": lam, "estimate": float(lam.value.detach()), "fit": result,
            "seconds": time.perf_counter() - t0}


def solve_lshape_pinn(kind: str = "singular", n_collocation: int = 1500, n_boundary: int = 400,
                      boundary_weight: float = 10.0, width: int = 32, depth: int = 3, adam_steps: int = 300,
                      lbfgs_steps: int = 500, time_budget: float | None = 60.0, seed: int = 0) -> dict:
    r"""−Δu = 1 on the L-shape with u = 0 on ∂Ω, by a PINN of ``kind`` (see :func:`lshape_model`).

    Returns ``model``, ``fit``, ``error`` (relative L2 against chapter 03's fine FD solution
    at its h = 1/128 sub-grid nodes inside Ω), ``parameters``, ``points`` (collocation +
    boundary), ``seconds``.
    """
    n_collocation = validate.positive_int("n_collocation", n_collocation)
    n_boundary = validate.positive_int("n_boundary", n_boundary)
    boundary_weight = validate.non_negative_float("boundary_weight", boundary_weight)
    t0 = time.perf_counter()
    model = lshape_model(kind, width, depth, seed=seed)
    omega = lshape()
    interior = omega.sample_interior(n_collocation, "sobol", seed)
    boundary = omega.sample_boundary(n_boundary, "sobol", seed) if kind == "soft" else None
    result = fit(model, lambda m: lshape_loss(m, interior, boundary, boundary_weight), adam_steps=adam_steps,
                 lbfgs_steps=lbfgs_steps, time_budget=time_budget, seed=seed)
    pts, ref = lshape_reference()
    with torch.no_grad():
        error = relative_l2(model(pts), ref)
    return {"model": model, "fit": result, "error": error, "parameters": count_parameters(model),
            "points": n_collocation + (n_boundary if boundary is not None else 0),
            "seconds": time.perf_counter() - t0}
