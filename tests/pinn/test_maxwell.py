"""The Maxwell PINN (inrlib/pinn/maxwell.py): its residual vanishes on the exact solution,
its constraint holds the walls and the initial state, and a tiny run gives finite fields on
Yee's grid.  The accuracy target (≤ 1e-2 against FDTD in 60 s) is in the benchmark."""
import math

import numpy as np
import pytest
import torch
from torch import nn

from inrlib import pinn

torch.set_num_threads(1)


class Exact(nn.Module):
    """The standing wave as a 'model' (x, t) → (E, H), with a dummy parameter for the dtype."""

    def __init__(self):
        super().__init__()
        self.dummy = nn.Parameter(torch.zeros((), dtype=torch.float64))

    def forward(self, xt):
        x, t = xt[:, 0], xt[:, 1]
        w = math.pi
        E = torch.sin(w * x) * torch.cos(w * t) + 0.5 * torch.sin(2 * w * x) * torch.cos(2 * w * t)
        H = -torch.cos(w * x) * torch.sin(w * t) - 0.5 * torch.cos(2 * w * x) * torch.sin(2 * w * t)
        return torch.stack([E, H], 1) + 0 * self.dummy


def test_residual_of_the_exact_solution_is_zero():
    xt = torch.rand(200, 2, dtype=torch.float64)
    r = pinn.maxwell_residual(Exact(), xt)
    assert r.shape == (200, 2) and r.abs().max() < 1e-12
    E, H = Exact()(xt).detach().T.numpy()
    E_ref, H_ref = pinn.standing_wave(xt[:, 0].numpy(), xt[:, 1].numpy())
    assert np.allclose(E, E_ref) and np.allclose(H, H_ref)


def test_residual_of_a_wrong_field_is_not_zero():
    class Reflected(Exact):  # H with the wrong sign: a wave that breaks both equations
        def forward(self, xt):
            return super().forward(xt) * torch.tensor([1.0, -1.0], dtype=torch.float64)
    assert pinn.maxwell_residual(Reflected(), torch.rand(50, 2, dtype=torch.float64)).abs().max() > 0.1


def test_constraint_holds_walls_and_initial_state_for_any_network():
    torch.manual_seed(0)
    model = pinn.MaxwellConstraint(nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2)).double())
    t = torch.rand(20, dtype=torch.float64)
    walls = torch.cat([torch.stack([torch.zeros(20, dtype=torch.float64), t], 1),
                       torch.stack([torch.ones(20, dtype=torch.float64), t], 1)])
    assert model(walls)[:, 0].abs().max() < 1e-12
    x = torch.rand(20, dtype=torch.float64)
    at0 = model(torch.stack([x, torch.zeros_like(x)], 1))
    E0, H0 = pinn.standing_wave(x.numpy(), 0.0)
    assert np.allclose(at0[:, 0].detach().numpy(), E0) and at0[:, 1].abs().max() == 0.0


def test_a_tiny_run_gives_finite_fields_on_the_yee_grid():
    out = pinn.solve_maxwell_pinn(n_collocation=64, width=8, depth=1, adam_steps=5, lbfgs_steps=1, n_cells=20,
                                  time_budget=None)
    assert out["E"].shape == out["fdtd"].E.shape and out["H"].shape == out["fdtd"].H.shape
    assert np.isfinite(out["E"]).all() and np.isfinite(out["H"]).all() and np.isfinite(out["error"])
    assert out["seconds"] > 0 and out["fdtd_seconds"] > 0


def test_arguments_are_checked():
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        pinn.maxwell_residual(None, torch.rand(5, 2))
    with pytest.raises(ValueError, match="xt must have last dimension 2"):
        pinn.maxwell_residual(Exact(), torch.rand(5, 3))
    with pytest.raises(TypeError, match="solution must be a YeeSolution"):
        pinn.pinn_fields(Exact(), "grid")
