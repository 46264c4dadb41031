"""Chapter 04, experiments.py: the inverse problem recovers λ."""
import pytest
import torch

from inrlib import pinn

torch.set_num_threads(1)


def test_inverse_problem_recovers_the_diffusivity_from_clean_data():
    xt, u = pinn.heat_samples(100, noise=0.0, lam=0.4, seed=0)
    out = pinn.solve_heat_inverse(xt, u, lam_init=1.0, n_collocation=256, width=12, adam_steps=100,
                                  lbfgs_steps=60, time_budget=8.0)
    assert abs(out["estimate"] - 0.4) / 0.4 < 0.03, out["estimate"]
    assert out["lam"].history[0] == pytest.approx(1.0)
