"""Chapter 08 — the limitations, measured: finite differences against their bound, PINNs
without one (inrlib/limitations/error_bounds.py).

Every number the chapter reports is checked against an independent reference (analytic
solutions, scipy, hand counts), without timing asserts."""
import math

import numpy as np
import pytest
import scipy.linalg
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

from inrlib import limitations as L
from inrlib import pinn
from inrlib.networks import MLP, count_parameters


def test_exact_solution_solves_the_problem_symbolically():
    x = sympy.symbols("x")
    u = sympy.sin(2 * sympy.pi * x) + x
    f = 4 * sympy.pi**2 * sympy.sin(2 * sympy.pi * x)
    assert sympy.simplify(-sympy.diff(u, x, 2) - f) == 0
    assert u.subs(x, 0) == 0 and u.subs(x, 1) == 1
    assert math.isclose(float(sympy.Abs(sympy.diff(u, x, 4)).subs(x, sympy.Rational(1, 4))), L.U4_MAX)
    xs = np.linspace(0, 1, 7)
    np.testing.assert_allclose(L.poisson_exact(xs), [float(u.subs(x, v)) for v in xs], atol=1e-12)


def _banded_fd(m):
    """Independent 3-point solve of −u'' = f, u(0) = 0, u(1) = 1 with scipy.linalg.solve_banded."""
    h = 1.0 / m
    x = np.linspace(0, 1, m + 1)
    n = m - 1
    ab = np.zeros((3, n))
    ab[0, 1:], ab[1], ab[2, :-1] = -1 / h**2, 2 / h**2, -1 / h**2
    b = 4 * np.pi**2 * np.sin(2 * np.pi * x[1:-1])
    b[-1] += 1.0 / h**2
    u = np.concatenate([[0.0], scipy.linalg.solve_banded((1, 1), ab, b), [1.0]])
    return x, u


def test_fd_convergence_matches_an_independent_solver_and_has_order_two():
    study = L.fd_convergence((8, 16, 32, 64, 128))
    for h, err, rel in zip(study.hs, study.max_errors, study.errors):
        x, u = _banded_fd(round(1 / h))
        exact = np.sin(2 * np.pi * x) + x
        assert math.isclose(err, np.max(np.abs(u - exact)), rel_tol=1e-9)
        assert math.isclose(rel, np.linalg.norm(u - exact) / np.linalg.norm(exact), rel_tol=1e-9)
    assert study.unknowns.tolist() == [7, 15, 31, 63, 127]
    assert abs(study.order - 2.0) < 0.05
    assert np.all(np.diff(study.max_errors) < 0) and L.is_monotone_decreasing(study.max_errors)
    assert np.all(study.max_errors <= study.bounds)                       # the a-priori bound holds
    np.testing.assert_allclose(study.bounds, study.hs**2 * (2 * np.pi) ** 4 / 96)


@given(m=st.integers(4, 300))
def test_the_fd_bound_holds_on_every_grid(m):
    x, u = _banded_fd(m)
    assert np.max(np.abs(u - (np.sin(2 * np.pi * x) + x))) <= L.fd_error_bound(1.0 / m)


@given(h=st.floats(1e-4, 1.0), c=st.floats(1e-3, 1e4))
def test_fd_bound_is_second_order_and_linear_in_u4(h, c):
    assert math.isclose(L.fd_error_bound(h / 2, c), L.fd_error_bound(h, c) / 4, rel_tol=1e-12)
    assert math.isclose(L.fd_error_bound(h, 2 * c), 2 * L.fd_error_bound(h, c), rel_tol=1e-12)


def test_pinn_study_records_each_seed_exactly_as_chapter_04_trains_it():
    study = L.pinn_error_study(n_points=(4, 8), seeds=(0, 1), steps=15, width=8)
    assert study.errors.shape == study.seconds.shape == (2, 2)
    assert study.solutions.shape == (2, 2, 201) and study.x.shape == (201,)
    assert np.all(np.isfinite(study.errors)) and np.all(study.errors > 0) and np.all(study.seconds > 0)
    again = pinn.solve_poisson_1d(n_collocation=8, hard=True, width=8, steps=15, seed=1)
    assert math.isclose(study.errors[1, 1], again["error"], rel_tol=1e-6)
    np.testing.assert_allclose(study.solutions[1, 1], again["u"], rtol=1e-6)
    exact = np.sin(2 * np.pi * study.x) + study.x    # errors are relative L2 against the exact solution
    rel = np.linalg.norm(study.solutions - exact, axis=-1) / np.linalg.norm(exact)
    np.testing.assert_allclose(study.errors, rel, rtol=1e-5)
    np.testing.assert_allclose(study.spread(), study.errors.max(1) / study.errors.min(1))
    assert np.all(study.spread() >= 1)
    torch.manual_seed(0)
    assert study.parameters == count_parameters(MLP(1, 1, 8, 2, "tanh"))


def test_training_curve_entry_k_is_the_run_after_steps_k():
    curve = L.pinn_training_curve(steps=(5, 12), seeds=(0,), n_points=8, width=8)
    assert curve.errors.shape == (2, 1) and np.all(np.isfinite(curve.errors))
    ref = pinn.solve_poisson_1d(n_collocation=8, hard=True, width=8, steps=12, seed=0)["error"]
    assert math.isclose(curve.errors[1, 0], ref, rel_tol=1e-6)


def test_is_monotone_decreasing():
    assert L.is_monotone_decreasing([3, 2, 1]) and not L.is_monotone_decreasing([3, 1, 2])
    assert not L.is_monotone_decreasing([1, 1])
    with pytest.raises(ValueError, match="values"):
        L.is_monotone_decreasing([1.0, float("nan")])
