"""§6 FTCS and the θ-scheme: von Neumann factors, the implicit step, the stability limit (heat_schemes.py)."""
import math
import warnings

import numpy as np
import pytest

from inrlib import fdm


# ----------------------------------------------------------------------------- 5. the heat equation
def _amplification(theta, r, k, n):
    """Per-step factor of sine mode k for the θ-scheme (von Neumann, exact on the grid)."""
    s = 4 * math.sin(k * math.pi / (2 * n)) ** 2
    return (1 - (1 - theta) * r * s) / (1 + theta * r * s)


@pytest.mark.parametrize("method", list(fdm.HEAT_METHODS))
@pytest.mark.parametrize("r", [0.3, 0.5, 2.0])
@pytest.mark.parametrize("k", [1, 5, 15])
def test_every_scheme_multiplies_a_sine_mode_by_its_von_neumann_factor(method, r, k):
    n = 16
    x = fdm.heat_grid(n)
    u0 = np.sin(k * math.pi * x)
    dx = x[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fdm.StabilityWarning)
        sol = fdm.solve_heat(u0, 1.0, dx, r * dx**2, 3, method)
    g = _amplification(fdm.HEAT_METHODS[method], r, k, n)
    assert np.allclose(sol.final, g**3 * u0, rtol=1e-10, atol=1e-12 * max(1.0, abs(g) ** 3))


def test_implicit_step_equals_a_dense_solve_with_dirichlet_ends():
    rng = np.random.default_rng(0)
    u = rng.standard_normal(9)
    r = 3.0
    n = u.size - 2
    A = -2 * np.eye(n) + np.eye(n, k=1) + np.eye(n, k=-1)
    b = np.zeros(n)
    b[0], b[-1] = u[0], u[-1]
    want = np.linalg.solve(np.eye(n) - r * A, u[1:-1] + r * b)
    got = fdm.theta_step(u, r, 1.0)
    assert np.allclose(got[1:-1], want) and got[0] == u[0] and got[-1] == u[-1]
    sol = fdm.solve_heat(u, 1.0, 0.1, r * 0.01, 1, "backward_euler")
    assert np.allclose(sol.final, got)
    assert np.allclose(fdm.theta_step(u, 0.4, 0.0), fdm.ftcs_step(u, 0.4))


def test_largest_stable_dt_is_the_limit():
    assert fdm.largest_stable_dt(0.1, 2.0) == pytest.approx(0.0025)
    assert fdm.stability_number(2.0, 0.0025, 0.1) == pytest.approx(0.5)
