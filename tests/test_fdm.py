"""Chapter 02: finite differences — formulas, stencils, measured orders, IVPs, the heat equation."""
import math
import warnings

import numpy as np
import pytest
import scipy.integrate
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from inrlib import fdm

X0 = 0.7


# ----------------------------------------------------------------------------- 1. classic formulas
def _sympy_leading_term(formula_expr, derivative):
    """Expand a difference quotient in h with sympy; return (order, coefficient of h^p f^(m+p))."""
    x, h = sympy.symbols("x h")
    f = sympy.Function("f")
    series = sympy.series(formula_expr(f, x, h), h, 0, 5).removeO().doit()
    series = sympy.expand(series - sympy.diff(f(x), x, derivative))
    for p in range(1, 5):
        c = sympy.simplify(series.coeff(h, p))
        if c != 0:
            return p, c.subs(sympy.diff(f(x), x, derivative + p), 1)
    raise AssertionError("no error term")


@pytest.mark.parametrize("name, expr", [
    ("forward", lambda f, x, h: (f(x + h) - f(x)) / h),
    ("backward", lambda f, x, h: (f(x) - f(x - h)) / h),
    ("central", lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h)),
    ("second", lambda f, x, h: (f(x + h) - 2 * f(x) + f(x - h)) / h**2),
])
def test_classic_formulas_match_their_definition_and_sympy_taylor_expansion(name, expr):
    formula, m, order = fdm.FORMULAS[name]
    h = 0.1
    got = formula(np.sin, np.array([0.3, X0, 2.0]), h)
    want = expr(np.sin, np.array([0.3, X0, 2.0]), h)
    assert np.allclose(got, want, rtol=1e-13)
    p, c = _sympy_leading_term(expr, m)
    assert p == order
    offsets = {"forward": [0, 1], "backward": [-1, 0], "central": [-1, 1], "second": [-1, 0, 1]}[name]
    assert fdm.stencil_order(offsets, m) == (p, pytest.approx(float(c)))


def test_float32_in_float32_out():
    x = np.float32(1.0)
    assert fdm.central_difference(np.sin, x, 1e-2).dtype == np.float32
    assert fdm.second_difference(np.sin, np.array([1.0, 2.0]), 1e-2).dtype == np.float64


# ----------------------------------------------------------------------------- 2. any stencil
@pytest.mark.parametrize("offsets, m", [
    ([-1, 0, 1], 1), ([-1, 0, 1], 2), ([0, 1, 2], 1), ([0, 1, 2, 3], 2), ([-2, -1, 0, 1, 2], 1),
    ([-2, -1, 0, 1, 2], 4), ([-0.5, 0.5], 1), ([0, 0.3, 1.7, 2.0], 1), ([-3, -1, 0, 2], 0),
])
def test_stencil_weights_equal_sympys_finite_diff_weights(offsets, m):
    exact = sympy.finite_diff_weights(m, [sympy.nsimplify(s) for s in offsets], 0)[m][-1]
    assert np.allclose(fdm.stencil_weights(offsets, m), [float(w) for w in exact], rtol=1e-12, atol=1e-12)


def test_stencil_weights_reproduce_the_classic_formulas_and_scale_with_h():
    assert np.allclose(fdm.stencil_weights([0, 1], 1), [-1, 1])
    assert np.allclose(fdm.stencil_weights([-1, 0, 1], 1), [-0.5, 0, 0.5])
    assert np.allclose(fdm.stencil_weights([-1, 0, 1], 2, h=0.1), [100, -200, 100])
    assert np.allclose(fdm.stencil_weights([-2, -1, 0, 1, 2], 2), [-1 / 12, 4 / 3, -5 / 2, 4 / 3, -1 / 12])
    assert fdm.stencil_order([-2, -1, 0, 1, 2], 2)[0] == 4


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 6), data=st.data())
def test_a_stencil_is_exact_on_polynomials_of_degree_below_its_size(n, data):
    offsets = data.draw(st.lists(st.integers(-4, 4), min_size=n, max_size=n, unique=True))
    m = data.draw(st.integers(0, n - 1))
    coeffs = data.draw(st.lists(st.floats(-2, 2), min_size=n, max_size=n))
    poly = np.polynomial.Polynomial(coeffs)              # degree n − 1
    x0, h = 0.3, 0.5
    got = fdm.apply_stencil(poly, x0, h, offsets, m)
    assert got == pytest.approx(poly.deriv(m)(x0), abs=1e-8 * (1 + max(map(abs, coeffs))) * 4**n)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=3, max_size=6, unique=True))
def test_weights_of_a_derivative_sum_to_zero_and_order_is_at_least_n_minus_m(offsets):
    w = fdm.stencil_weights(offsets, 1)
    assert abs(w.sum()) < 1e-10                          # a constant has derivative 0
    assert fdm.stencil_order(offsets, 1)[0] >= len(offsets) - 1


# ----------------------------------------------------------------------------- 3. measured orders
@pytest.mark.parametrize("name", list(fdm.FORMULAS))
def test_measured_orders_are_1_1_2_2(name):
    _, m, order = fdm.FORMULAS[name]
    exact = math.cos(X0) if m == 1 else -math.sin(X0)
    hs = np.logspace(-3, -1, 9)
    errors = fdm.difference_errors(name, np.sin, exact, X0, hs)
    assert fdm.fit_order(hs, errors) == pytest.approx(order, abs=0.05)


@pytest.mark.parametrize("dtype, eps", [(np.float32, 1.2e-7), (np.float64, 2.2e-16)])
def test_round_off_floor_error_rises_again_below_the_best_h(dtype, eps):
    hs = np.logspace(-12, -0.5, 47)
    errors = fdm.difference_errors("central", np.sin, math.cos(1.0), 1.0, hs, dtype)
    h_best, e_best = fdm.best_step(hs, errors)
    predicted = fdm.predicted_best_step(2, 1, eps)
    assert predicted / 10 < h_best < predicted * 10
    assert errors[0] > 100 * e_best                      # smallest h: round-off dominates
    assert errors[-1] > 100 * e_best                     # largest h: truncation dominates
    if dtype is np.float32:
        assert e_best > 1e-9
    else:
        assert e_best < 1e-9


def test_fit_order_recovers_a_known_power_law():
    hs = np.array([0.1, 0.05, 0.025])
    assert fdm.fit_order(hs, 3 * hs**2.5) == pytest.approx(2.5)


# ----------------------------------------------------------------------------- 4. initial value problems
@pytest.mark.parametrize("method, order", [("euler", 1), ("heun", 2)])
def test_ivp_orders_against_the_exact_solution(method, order):
    ns = np.array([20, 40, 80, 160])
    errors = []
    for n in ns:
        t, u = fdm.integrate(lambda t, u: -2 * u + np.sin(t), 1.0, 2.0, n, method)
        exact = 1.2 * np.exp(-2 * t) + (2 * np.sin(t) - np.cos(t)) / 5
        errors.append(np.max(np.abs(u - exact)))
    assert fdm.fit_order(2.0 / ns, errors) == pytest.approx(order, abs=0.1)


def test_heun_on_a_system_matches_scipy_solve_ivp():
    def pendulum(t, u):
        return np.array([u[1], -np.sin(u[0])])

    t, u = fdm.integrate(pendulum, [1.0, 0.0], 5.0, 2000, "heun")
    ref = scipy.integrate.solve_ivp(pendulum, (0, 5), [1.0, 0.0], rtol=1e-11, atol=1e-12, t_eval=t)
    assert u.shape == (2001, 2) and np.max(np.abs(u - ref.y.T)) < 1e-5


def test_the_initial_value_selects_the_solution():
    _, a = fdm.integrate(lambda t, u: -u, 1.0, 1.0, 10)
    _, b = fdm.integrate(lambda t, u: -u, 2.0, 1.0, 10)
    assert np.allclose(b, 2 * a) and a[0] == 1.0


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


def test_largest_stable_dt_is_the_limit():
    assert fdm.largest_stable_dt(0.1, 2.0) == pytest.approx(0.0025)
    assert fdm.stability_number(2.0, 0.0025, 0.1) == pytest.approx(0.5)


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


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("call, match", [
    (lambda: fdm.central_difference(np.sin, 1.0, 0.0), "h must be a positive finite number, got 0"),
    (lambda: fdm.forward_difference(np.sin, 1.0, -1e-3), "h must be a positive"),
    (lambda: fdm.second_difference(np.sin, 1.0, float("nan")), "h must be a positive finite"),
    (lambda: fdm.backward_difference(np.sin, [1.0, np.inf], 0.1), "x must contain only finite values"),
    (lambda: fdm.central_difference("sin", 1.0, 0.1), "f must be a function"),
    (lambda: fdm.stencil_weights([0, 1, 1], 1), "offsets must be distinct"),
    (lambda: fdm.stencil_weights([0, 1], 2), "derivative=2 needs at least 3 offsets"),
    (lambda: fdm.stencil_weights([0, np.nan], 1), "offsets must contain only finite"),
    (lambda: fdm.stencil_weights([-1, 0, 1], -1), "derivative must be a non-negative integer"),
    (lambda: fdm.difference_errors("upwind", np.sin, 1.0, 1.0, [0.1]), "formula must be one of"),
    (lambda: fdm.difference_errors("central", np.sin, 1.0, 1.0, [0.1, -0.1]), "hs must contain only positive"),
    (lambda: fdm.fit_order([0.1, 0.2], [0.0, 1.0]), "errors must be positive"),
    (lambda: fdm.integrate(lambda t, u: -u, np.nan, 1.0, 10), "u0 must contain only finite"),
    (lambda: fdm.integrate(lambda t, u: -u, 1.0, 1.0, 0), "n_steps must be a positive integer"),
    (lambda: fdm.integrate(lambda t, u: -u, 1.0, 1.0, 10, "rk4"), "method must be one of"),
    (lambda: fdm.solve_heat(np.zeros(5), 1.0, 0.0, 1e-3, 3), "dx must be a positive finite number"),
    (lambda: fdm.solve_heat(np.zeros(5), 1.0, 0.1, -1e-3, 3), "dt must be a positive finite number"),
    (lambda: fdm.solve_heat(np.zeros(5), -1.0, 0.1, 1e-3, 3), "lam must be a positive finite number"),
    (lambda: fdm.solve_heat([0, np.inf, 0], 1.0, 0.1, 1e-3, 3), "u0 must contain only finite"),
    (lambda: fdm.solve_heat(np.zeros(5), 1.0, 0.1, 1e-3, 3, "leapfrog"), "method must be one of"),
    (lambda: fdm.heat_grid(1), "n_intervals must be at least 2"),
    (lambda: fdm.theta_step(np.zeros(5), 1.0, 1.5), "theta must lie in"),
    (lambda: fdm.theta_matrices(5, 0.3, "half"), "theta must be a number"),
    (lambda: fdm.ftcs_step([0.0, 1.0, 0.0], 0.3), "u must be a 1-D float array"),
    (lambda: fdm.ftcs_step(np.zeros(5), "big"), "r must be a number"),
    (lambda: fdm.ftcs_step(np.zeros(5), -0.1), "r must be ≥ 0"),
    (lambda: fdm.heat_exact(np.zeros(3), "now"), "t must be a time"),
    (lambda: fdm.heat_exact(np.zeros(3), 0.1, modes=[(1,)]), "modes must be pairs"),
    (lambda: fdm.heat_exact(np.zeros(3), 0.1, modes=[(1, "big")]), "modes amplitude"),
    (lambda: fdm.best_step([0.1, 0.2], [np.nan, np.nan]), "errors must contain"),
    (lambda: fdm.semidiscrete_decay(1, 0.0), "dx must be a positive"),
    (lambda: fdm.integrate(lambda t, u: "fast", 1.0, 1.0, 10), "rhs"),
])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


# ----------------------------------------------------------------------------- widgets
def test_stencil_explorer_follows_the_h_slider_quickly():
    from inrlib.widgets.fdm import StencilExplorer

    explorer = StencilExplorer()
    box = explorer.widget()
    first = dict(explorer.result)
    explorer.h_slider.value = explorer.h_values[-1]                  # the smallest h
    moved = explorer.result
    assert moved["h"] < first["h"] and moved["errors"]["central"] != first["errors"]["central"]
    explorer.dtype.value = "float32"
    small32 = explorer.result["errors"]["central"]
    assert small32 > moved["errors"]["central"]                        # round-off is worse in float32
    explorer.compute(1e-3, "float64")
    assert box.children


def test_heat_explorer_shows_blow_up_above_the_limit_quickly():
    from inrlib.widgets.fdm import HeatExplorer

    explorer = HeatExplorer()
    box = explorer.widget()
    assert explorer.result["r"] <= 0.5 and not explorer.result["blew_up"]
    explorer.dt_slider.value = explorer.dt_values[-1]
    assert explorer.result["r"] > 0.5 and explorer.result["blew_up"] and explorer.result["warning"]
    explorer.method.value = "crank_nicolson"
    assert not explorer.result["blew_up"]
    assert explorer.compute(explorer.limit * 1.2, "ftcs")["blew_up"] and box.children


# ----------------------------------------------------------------------------- exercise checks
from inrlib.checks import fdm as checks  # noqa: E402


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _crash(*args, **kwargs):
    return [1, 2][5]


ALL_CHECKS = [checks.check_central_difference, checks.check_fit_order, checks.check_predicted_best_h,
              checks.check_largest_stable_dt, checks.check_implicit_step, checks.check_stencil_weights]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("student", [_stub, _crash, lambda *a: float("nan"), lambda *a: "text",
                                     lambda *a: np.zeros((3, 3)), None], ids=range(6))
def test_checks_never_crash_on_bad_student_code(check, student, capsys):
    assert check(student) is False
    out = capsys.readouterr().out
    assert out.startswith(("✗", "…")) and "Traceback" not in out


def test_checks_accept_the_references(capsys):
    assert checks.check_central_difference(checks.reference_central_difference)
    assert checks.check_fit_order(checks.reference_fit_order)
    assert checks.check_predicted_best_h(checks.reference_predicted_best_h)
    assert checks.check_largest_stable_dt(checks.reference_largest_stable_dt)
    assert checks.check_implicit_step(checks.reference_implicit_step)
    assert checks.check_stencil_weights(checks.reference_stencil_weights)
    assert capsys.readouterr().out.count("✓") == 6


def test_checks_give_specific_hints(capsys):
    assert not checks.check_central_difference(lambda f, x, h: (f(x + h) - f(x - h)) / h)
    assert "2h" in capsys.readouterr().out
    assert not checks.check_central_difference(lambda f, x, h: (f(x + h) - f(x)) / h)
    assert "forward difference" in capsys.readouterr().out
    assert not checks.check_fit_order(lambda hs, e: float(np.polyfit(np.log(e), np.log(hs), 1)[0]))
    assert "swapped" in capsys.readouterr().out
    assert not checks.check_largest_stable_dt(lambda dx, lam: dx / (2 * lam))
    assert "squared" in capsys.readouterr().out
    assert not checks.check_implicit_step(lambda u, r: fdm.ftcs_step(np.asarray(u, float), r))
    assert "explicit" in capsys.readouterr().out
    assert not checks.check_implicit_step(lambda u, r: fdm.theta_step(u, r, 0.5))
    assert "Crank" in capsys.readouterr().out
    assert not checks.check_stencil_weights(
        lambda s, m: np.linalg.solve(np.vander(np.asarray(s, float), increasing=True).T,
                                     np.eye(len(s))[m]))
    assert "factorial" in capsys.readouterr().out
