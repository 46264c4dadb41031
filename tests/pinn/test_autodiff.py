"""Chapter 04, autodiff.py: derivatives of a network by autograd, against sympy."""
import numpy as np
import sympy as sp
import torch

from inrlib import pinn

torch.set_num_threads(1)


# ---------------------------------------------------------------- derivatives by autograd (vs sympy)
def test_gradient_laplacian_and_time_derivative_match_sympy():
    X, Y = sp.symbols("x y")
    f = sp.sin(2 * X) * sp.exp(-Y) + X**3 * Y
    fx, fy, lap = sp.diff(f, X), sp.diff(f, Y), sp.diff(f, X, 2) + sp.diff(f, Y, 2)
    num = {k: sp.lambdify((X, Y), v, "numpy") for k, v in {"fx": fx, "fy": fy, "lap": lap, "fxx": sp.diff(f, X, 2)}.items()}
    p = torch.rand(50, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(0)).requires_grad_(True)
    u = torch.sin(2 * p[:, 0]) * torch.exp(-p[:, 1]) + p[:, 0] ** 3 * p[:, 1]
    x, y = p[:, 0].detach().numpy(), p[:, 1].detach().numpy()
    g = pinn.gradient(u, p).detach().numpy()
    assert np.allclose(g[:, 0], num["fx"](x, y)) and np.allclose(g[:, 1], num["fy"](x, y))
    assert np.allclose(pinn.laplacian(u, p).detach().numpy(), num["lap"](x, y))
    assert np.allclose(pinn.time_derivative(u[:, None], p).detach().numpy(), num["fy"](x, y))
    assert np.allclose(pinn.second_derivative_x(u, p).detach().numpy(), num["fxx"](x, y))
    assert np.allclose(pinn.partial(u, p, 0).detach().numpy(), num["fx"](x, y))
