"""Chapter 04, losses.py: hard constraints hold exactly, weighted losses, a positive parameter."""
import math

import pytest
import torch

from inrlib import pinn
from inrlib.networks import MLP

torch.set_num_threads(1)


def test_hard_constraint_holds_exactly_whatever_the_network():
    torch.manual_seed(0)
    model = pinn.heat_constraint(MLP(2, 1, 8, 2, activation="tanh").double())
    x = torch.rand(30, 1, dtype=torch.float64)
    ic = model(torch.cat([x, torch.zeros_like(x)], 1))[:, 0]
    assert torch.allclose(ic, torch.sin(math.pi * x[:, 0]), atol=1e-12)
    t = torch.rand(30, 1, dtype=torch.float64)
    for edge in (0.0, 1.0):
        assert model(torch.cat([torch.full_like(t, edge), t], 1)).abs().max() < 1e-12
    lm = pinn.lshape_model("singular", width=8, depth=1)
    assert lm(pinn.lshape().sample_boundary(100)).abs().max() < 1e-7


def test_weighted_loss_and_positive_parameter():
    r1, r2 = torch.tensor([1.0, 3.0]), torch.tensor([2.0])
    assert float(pinn.weighted_loss({"pde": r1, "bc": r2}, {"bc": 10})) == pytest.approx(5 + 40)
    lam = pinn.PositiveParameter(0.3)
    assert float(lam.value.detach()) == pytest.approx(0.3)
    with torch.no_grad():
        lam.log_value -= 100
    assert float(lam().detach()) > 0 and lam.log() > 0 and len(lam.history) == 1
