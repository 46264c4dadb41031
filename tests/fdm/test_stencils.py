"""§2 stencil weights (Fornberg) against SymPy, exactness on polynomials, orders (stencils.py)."""
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from inrlib import fdm


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
