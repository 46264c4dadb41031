"""§1 the classic difference formulas against their definitions and SymPy's Taylor expansion (formulas.py)."""
import numpy as np
import pytest
import sympy

from inrlib import fdm

from .shared import X0


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
