"""§5 the properties table, symbolically and numerically, and the initial/final value theorems (properties.py)."""
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from inrlib.ztransform import (PROPERTIES, ROC, TABLE, ZTransform, accumulation, conjugation, convolution,
                               differencing, downsampling, evaluate_sequence_ztransform, final_value,
                               final_value_theorem_applies, finite_ztransform, initial_value, inverse_ztransform,
                               linearity, modulation, n, sequence_values, simulate, time_reversal,
                               transfer_function, translation, upsampling, z, z_differentiation, ztransform)

from .strategies import FAST, HALF, THIRD, sequences


# ----------------------------------------------------------------------------- 5. the properties table
def _sym_equal(a, b) -> bool:
    return sp.simplify(sp.together(a - b)) == 0


def test_properties_table_symbolically_on_geometric_sequences():
    X = ztransform(HALF**n)
    Y = ztransform(THIRD**n)
    assert _sym_equal(linearity(X, Y, 2, -5).expr, ztransform(2 * HALF**n - 5 * THIRD**n).expr)
    assert _sym_equal(modulation(X, 3).expr, ztransform(sp.Rational(3, 2) ** n).expr)
    assert _sym_equal(z_differentiation(X).expr, ztransform(n * HALF**n).expr)
    conv = (HALF ** (n + 1) - THIRD ** (n + 1)) / (HALF - THIRD)  # Σ_k (1/2)^k (1/3)^(n−k)
    assert _sym_equal(convolution(X, Y).expr, ztransform(conv).expr)
    assert _sym_equal(accumulation(X).expr, ztransform((1 - HALF ** (n + 1)) / (1 - HALF)).expr)
    assert _sym_equal(downsampling(X, 2).expr, ztransform(sp.Rational(1, 4) ** n).expr)
    assert _sym_equal(upsampling(X, 2).expr.subs(z, 3), ztransform(HALF**n).expr.subs(z, 9))
    c = HALF + sp.I / 3
    Xc = ZTransform(z / (z - c), ROC(sp.Abs(c)))
    assert _sym_equal(conjugation(Xc).expr, z / (z - sp.conjugate(c)))
    # time reversal: x[−n] = (1/2)^(−n) for n ≤ 0 sums to Σ_m (z/2)^m = 1/(1 − z/2), |z| < 2
    m = sp.Symbol("m", integer=True, nonnegative=True)
    direct = sp.summation((z / 2) ** m, (m, 0, sp.oo)).args[0][0]
    assert _sym_equal(time_reversal(X).expr, direct)
    # differencing: x[n] − x[n−1] = δ[n] − (1/2)^n u[n−1]·(…): check on a finite sequence instead
    F = finite_ztransform([1, 2, 3])
    assert _sym_equal(differencing(F).expr, finite_ztransform([1, 1, 1, -3]).expr)
    assert _sym_equal(translation(F, 2).expr, finite_ztransform([0, 0, 1, 2, 3]).expr)


def test_properties_table_roc_column():
    X, Y = ztransform(HALF**n), ztransform(2**n)
    assert str(linearity(X, Y).roc) == "2 < |z|"
    assert str(modulation(X, 3).roc) == "3/2 < |z|"
    assert str(modulation(X, -3).roc) == "3/2 < |z|"
    assert str(time_reversal(X).roc) == "|z| < 2"
    assert sp.simplify(upsampling(X, 2).roc.inner - 1 / sp.sqrt(2)) == 0
    assert downsampling(X, 3).roc.inner == sp.Rational(1, 8)
    assert conjugation(X).roc == X.roc and z_differentiation(X).roc == X.roc
    assert convolution(X, Y).roc.inner == 2
    assert differencing(X).roc.inner == HALF and accumulation(X).roc.inner == 1
    assert translation(X, 3).roc == X.roc
    assert list(PROPERTIES) == ["Linearity", "Translation", "Modulation", "Time Reversal", "Upsampling",
                                "Downsampling", "Conjugation", "Convolution", "Z-Domain Diff.", "Differencing",
                                "Accumulation"]


@st.composite
def z_points(draw, low=0.5, high=2.0):
    return draw(st.floats(low, high)) * np.exp(1j * draw(st.floats(0, 2 * np.pi)))


def _Z(values, zval, start=0):
    return evaluate_sequence_ztransform(np.asarray(values), zval, start)


def _num(X: ZTransform, zval):
    return complex(sp.lambdify(z, X.expr, "numpy")(complex(zval)))


@FAST
@given(sequences, sequences, z_points(), st.floats(-2, 2), st.floats(-2, 2))
def test_linearity_and_convolution_numerically(x1, x2, zval, c1, c2):
    X1, X2 = finite_ztransform(x1), finite_ztransform(x2)
    L = max(len(x1), len(x2))
    combo = c1 * np.pad(x1, (0, L - len(x1))) + c2 * np.pad(x2, (0, L - len(x2)))
    assert abs(_Z(combo, zval) - _num(linearity(X1, X2, c1, c2), zval)) < 1e-8
    assert abs(_Z(np.convolve(x1, x2), zval) - _num(convolution(X1, X2), zval)) < 1e-8


@FAST
@given(sequences, z_points(), st.integers(0, 4), st.floats(0.3, 2.0), st.integers(1, 3))
def test_single_sequence_rows_numerically(x, zval, n0, a, M):
    x = np.asarray(x)
    X = finite_ztransform(list(x))
    k = np.arange(len(x))
    reach = max(abs(zval), 1 / abs(zval), abs(a) * len(x)) ** (M * len(x) + n0)  # largest |term| possible
    tol = 1e-10 * (1 + np.max(np.abs(x))) * reach
    assert abs(_Z(np.r_[np.zeros(n0), x], zval) - _num(translation(X, n0), zval)) < tol
    assert abs(_Z(a**k * x, zval) - _num(modulation(X, a), zval)) < tol
    assert abs(_Z(x[::-1], zval, start=-(len(x) - 1)) - _num(time_reversal(X), zval)) < tol
    up = np.zeros(M * len(x))
    up[::M] = x
    assert abs(_Z(up, zval) - _num(upsampling(X, M), zval)) < tol
    assert abs(_Z(x[::M], zval) - _num(downsampling(X, M), zval)) < tol
    assert abs(_Z(k * x, zval) - _num(z_differentiation(X), zval)) < tol
    assert abs(_Z(np.r_[x, 0] - np.r_[0, x], zval) - _num(differencing(X), zval)) < tol


@FAST
@given(sequences, sequences, z_points(1.3, 2.0))
def test_conjugation_and_accumulation_numerically(re, im, zval):
    L = min(len(re), len(im))
    x = np.asarray(re[:L]) + 1j * np.asarray(im[:L])
    Xc = ZTransform(sum(complex(v) * z ** (-i) for i, v in enumerate(x)), ROC())
    assert abs(_Z(np.conj(x), zval) - _num(conjugation(Xc), zval)) < 1e-8
    X = finite_ztransform(list(np.real(x)))
    acc = np.cumsum(np.r_[np.real(x), np.zeros(300)])  # Σ_{k≤n} x[k], truncated; |z| ≥ 1.3 makes the tail tiny
    assert abs(_Z(acc, zval) - _num(accumulation(X), zval)) < 1e-8


def test_initial_and_final_value_theorems():
    for name, seq, pair in TABLE:
        assert sp.simplify(initial_value(pair) - seq.subs(n, 0)) == 0, name
    X = ztransform(1 - HALF**n)
    assert final_value_theorem_applies(X) and final_value(X) == 1
    # step response of a stable system → H(1) (DC gain), checked against simulation
    out, inp = [1.0, -0.9, 0.2], [0.5, 0.25]
    H = transfer_function(output_coeffs=out, input_coeffs=inp)
    Y = ZTransform(H * z / (z - 1), ROC(sp.Integer(1)))
    y = simulate(np.ones(300), output_coeffs=out, input_coeffs=inp)
    assert abs(float(final_value(Y)) - y[-1]) < 1e-10 and abs(y[-1] - 0.75 / 0.3) < 1e-10


@pytest.mark.parametrize("seq", [(-1) ** n, 2**n, sp.cos(sp.pi * n / 2), n])
def test_final_value_theorem_counter_examples_are_refused(seq):
    X = ztransform(seq)
    assert not final_value_theorem_applies(X)
    with pytest.raises(ValueError, match="final value theorem does not apply"):
        final_value(X)


def test_the_formula_alone_gives_a_wrong_final_value_for_an_oscillation():
    X = ztransform((-1) ** n)
    assert final_value(X, check=False) == 0  # but x[n] = ±1 forever: no limit
    assert set(sequence_values(inverse_ztransform(X.expr), 6)) == {1.0, -1.0}
