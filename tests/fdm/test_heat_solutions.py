"""§6 solving the heat equation: FTCS blow-up and its warning, convergence, the exact solution (heat_solutions.py)."""
import math
import warnings

import numpy as np
import pytest

from inrlib import fdm


def test_ftcs_warns_above_the_limit_and_blows_up_without_crashing():
    x = fdm.heat_grid(40)
    dx = x[1]
    u0 = np.sin(math.pi * x) + 0.01 * np.sin(39 * math.pi * x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                   # no warning at r = 0.5
        stable = fdm.solve_heat(u0, 1.0, dx, 0.5 * dx**2, 800)
    assert not stable.blew_up and np.max(np.abs(stable.final)) < 1
    with pytest.warns(fdm.StabilityWarning, match=r"r = lam·dt/dx² = 0\.6.*limit r ≤ 0\.5.*dt ≤ 0\.0003125"):
        unstable = fdm.solve_heat(u0, 1.0, dx, 0.6 * dx**2, 800)
    assert unstable.blew_up
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fdm.StabilityWarning)
        huge = fdm.solve_heat(u0, 1.0, dx, 5 * dx**2, 5000)   # overflows to inf/NaN, quietly
    assert huge.blew_up
    for method in ("crank_nicolson", "backward_euler"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            implicit = fdm.solve_heat(u0, 1.0, dx, 5 * dx**2, 100, method)
        assert not implicit.blew_up and np.max(np.abs(implicit.final)) <= 1.02


def test_heat_solution_converges_to_the_exact_sine_mode_in_space_and_time():
    ns = np.array([8, 16, 32])
    for method in ("ftcs", "crank_nicolson"):
        errs = [fdm.heat_error(method, n, int(np.ceil(0.1 / (0.4 / n**2)))) for n in ns]
        assert fdm.fit_order(1 / ns, errs) == pytest.approx(2, abs=0.1)
    steps = np.array([10, 20, 40])
    for method, order in (("backward_euler", 1), ("crank_nicolson", 2)):
        errs = [fdm.heat_error(method, 32, n, reference="semidiscrete") for n in steps]
        assert fdm.fit_order(0.1 / steps, errs) == pytest.approx(order, abs=0.1)


def test_heat_exact_solves_the_pde():
    x, t, lam = np.linspace(0, 1, 7), 0.03, 0.7
    modes = [(1, 1.0), (3, -0.4)]
    dt, dx = 1e-5, 1e-4
    u_t = (fdm.heat_exact(x, t + dt, lam, modes) - fdm.heat_exact(x, t - dt, lam, modes)) / (2 * dt)
    u_xx = (fdm.heat_exact(x + dx, t, lam, modes) - 2 * fdm.heat_exact(x, t, lam, modes)
            + fdm.heat_exact(x - dx, t, lam, modes)) / dx**2
    assert np.allclose(u_t, lam * u_xx, atol=1e-4)
    assert np.allclose(fdm.heat_exact(np.array([0.0, 1.0]), t, lam, modes), 0, atol=1e-12)
