"""Chapter 04, optim.py: Adam then L-BFGS converges on a small problem, stops on a stall;
residual-based resampling."""
import math

import pytest
import torch
from torch import nn

from inrlib import pinn
from inrlib.networks import MLP

torch.set_num_threads(1)


def test_resampling_picks_the_points_with_the_largest_residual():
    cand = torch.linspace(-1, 1, 101, dtype=torch.float64)[:, None]
    chosen = pinn.resample_by_residual(lambda p: p[:, 0] ** 2, cand, 4)
    assert sorted(chosen[:, 0].tolist()) == pytest.approx([-1, -0.98, 0.98, 1])


# ---------------------------------------------------------------- a small problem converges
def test_pinn_solves_a_1d_poisson_problem_below_an_error_bound():
    """−u'' = π² sin(πx) on [0, 1], u(0) = u(1) = 0 (exact: sin πx), soft boundary loss."""
    torch.manual_seed(0)
    net = MLP(1, 1, 16, 2, activation="tanh").double()
    x = pinn.Interval(0, 1).sample_interior(64)
    xb = pinn.Interval(0, 1).sample_boundary(2)

    def loss(m):
        xx = x.clone().requires_grad_(True)
        u = m(xx)
        r = -pinn.laplacian(u, xx) - math.pi**2 * torch.sin(math.pi * xx[:, 0])
        return pinn.weighted_loss({"pde": r, "bc": m(xb)[:, 0]}, {"bc": 10.0})

    result = pinn.fit(net, loss, adam_steps=200, lbfgs_steps=60, lr=1e-2)
    xe = torch.linspace(0, 1, 201, dtype=torch.float64)[:, None]
    with torch.no_grad():
        err = pinn.relative_l2(net(xe), torch.sin(math.pi * xe))
    assert err < 1e-3, err
    assert result.loss[-1] < result.loss[0] * 1e-4


def test_fit_stops_on_an_lbfgs_stall_instead_of_burning_the_budget():
    """A loss that cannot fall (constant in the parameters) stalls at once: fit stops
    after one stage, and a float32 model is first switched to float64."""
    net = nn.Linear(1, 1)
    result = pinn.fit(net, lambda m: (m.weight * 0).sum() + 1.0, adam_steps=0, lbfgs_steps=1000, stage=5)
    assert result.switched_to_float64 and net.weight.dtype == torch.float64
    assert "stalled" in result.stopped and sum(len(h.step) for h in result.lbfgs) <= 10
