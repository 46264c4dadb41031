"""§5 Euler and Heun: orders, systems against scipy's solve_ivp, the initial value (ivp.py)."""
import numpy as np
import pytest
import scipy.integrate

from inrlib import fdm


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
