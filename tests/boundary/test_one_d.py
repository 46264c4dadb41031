"""Chapter 03, one_d.py: −u'' = f on [0, 1], the matrix and the ghost point."""
import numpy as np
import pytest
import sympy

from inrlib import boundary as bc
from inrlib.boundary import dirichlet, neumann, robin


def test_a_one_sided_neumann_difference_would_be_first_order():
    # the reason for ghost points, in 1-D: replace the ghost row by (u_m − u_{m−1})/h = γ
    from inrlib.checks.boundary import _neumann_one_sided
    f, exact = (lambda x: np.pi**2 / 4 * np.sin(np.pi * x / 2)), (lambda x: np.sin(np.pi * x / 2))
    ms = [8, 16, 32, 64]
    one_sided = [np.abs(_neumann_one_sided(f, 0.0, 0.0, m) - exact(np.linspace(0, 1, m + 1))).max() for m in ms]
    ghost = [np.abs(bc.solve_1d(f, 1 / m, dirichlet(0.0), neumann(0.0))[1] - exact(np.linspace(0, 1, m + 1))).max()
             for m in ms]
    assert 0.9 < bc.convergence_order(1 / np.array(ms), one_sided) < 1.1
    assert 1.9 < bc.convergence_order(1 / np.array(ms), ghost) < 2.1


@pytest.mark.parametrize("left,right", [("dirichlet", "dirichlet"), ("dirichlet", "neumann"),
                                        ("neumann", "dirichlet"), ("robin", "dirichlet"), ("dirichlet", "robin")])
def test_solve_1d_order_two_and_exact_on_quadratics(left, right):
    x = sympy.symbols("x")

    def conditions(expr):
        u, du = sympy.lambdify(x, expr), sympy.lambdify(x, sympy.diff(expr, x))
        make = {"dirichlet": lambda end, n: dirichlet(float(u(end))),
                "neumann": lambda end, n: neumann(float(n * du(end))),
                "robin": lambda end, n: robin(1.5, float(n * du(end) + 1.5 * u(end)))}
        f = sympy.lambdify(x, -sympy.diff(expr, x, 2) + 0 * x)
        return u, (lambda t: f(t) + 0 * t), make[left](0.0, -1), make[right](1.0, +1)

    u, f, L, R = conditions(x**2 - 3 * x + 1)
    xs, uh = bc.solve_1d(f, 1 / 4, L, R)
    assert np.allclose(uh, u(xs), atol=1e-12)
    u, f, L, R = conditions(sympy.exp(x) * sympy.sin(2 * x))
    errors = [np.abs(bc.solve_1d(f, 1 / m, L, R)[1] - u(np.linspace(0, 1, m + 1))).max() for m in (8, 16, 32, 64)]
    assert 1.9 < bc.convergence_order([1 / 8, 1 / 16, 1 / 32, 1 / 64], errors) < 2.1


def test_laplacian_1d_is_d_transpose_d_over_h_squared():
    for n, h in [(1, 0.5), (5, 0.1)]:
        D = np.diff(np.eye(n + 2), axis=0)[:, 1:-1]   # (n+1, n) forward differences with zero ends
        assert np.allclose(bc.laplacian_1d(n, h).toarray(), D.T @ D / h**2)
