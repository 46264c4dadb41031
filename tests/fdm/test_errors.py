"""§3–4 measured orders and the round-off floor (errors.py)."""
import math

import numpy as np
import pytest

from inrlib import fdm

from .shared import X0


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
