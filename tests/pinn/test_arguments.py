"""Chapter 04: bad input gives clear errors naming the argument (across the package)."""
import math

import pytest
import torch

from inrlib import pinn
from inrlib.networks import MLP

torch.set_num_threads(1)


# ---------------------------------------------------------------- bad input
def test_bad_input_gives_clear_errors():
    omega = pinn.lshape()
    with pytest.raises(ValueError, match="points"):
        omega.inside(torch.zeros(5, 3))
    with pytest.raises(ValueError, match="n must be"):
        omega.sample_interior(0)
    with pytest.raises(ValueError, match="method"):
        omega.sample_interior(5, method="grid")
    with pytest.raises(ValueError, match="counter-clockwise"):
        pinn.Polygon([(0, 0), (0, 1), (1, 0)])
    with pytest.raises(ValueError, match="a < b"):
        pinn.Interval(1, 0)
    p = torch.rand(5, 2)
    with pytest.raises(ValueError, match="requires_grad"):
        pinn.gradient(p.sum(1), p)
    q = p.clone().requires_grad_(True)
    with pytest.raises(ValueError, match="u must have shape"):
        pinn.gradient(q.sum(), q)
    with pytest.raises(ValueError, match="xy must have last dimension 2"):
        pinn.poisson_residual(MLP(2, 1, 4, 1), torch.rand(5, 3))
    with pytest.raises(ValueError, match="one value per point"):
        pinn.poisson_residual(MLP(2, 3, 4, 1), torch.rand(5, 2))
    with pytest.raises(ValueError, match="residual_fn must return one value per collocation point"):
        pinn.resample_by_residual(lambda c: c, torch.rand(10, 2), 3)
    with pytest.raises(ValueError, match="'bc' residual is not finite"):
        pinn.weighted_loss({"pde": torch.ones(3), "bc": torch.tensor([math.nan])})
    with pytest.raises(ValueError, match="weights"):
        pinn.weighted_loss({"pde": torch.ones(3)}, {"bd": 1.0})
    with pytest.raises(ValueError, match="init"):
        pinn.PositiveParameter(-1.0)
    with pytest.raises(ValueError, match="kind"):
        pinn.lshape_model("hard")
    with pytest.raises(ValueError, match=r"points: 1 of 2 points lie outside the polygon, e.g. \(0.5, 0.5\)"):
        omega.require_inside(torch.tensor([[-0.5, -0.5], [0.5, 0.5]]))
    with pytest.raises(ValueError, match="xt_data: 1 of 5 points lie outside the space-time domain"):
        pinn.solve_heat_inverse(torch.cat([torch.rand(4, 2), torch.tensor([[0.5, 1.5]])]), torch.rand(5))
    with pytest.raises(ValueError, match="u_data"):
        pinn.solve_heat_inverse(torch.rand(5, 2), torch.rand(4))
