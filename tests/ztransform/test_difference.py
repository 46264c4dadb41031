"""§1 difference equations ↔ H(z), and §6 linearity and time invariance of the simulation (difference.py)."""
import numpy as np
import pytest
import scipy.signal
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from inrlib.ztransform import scipy_ba, simulate, transfer_function, z

from .strategies import FAST, HALF, coeff, stable_systems


# ----------------------------------------------------------------------------- 1. difference equation ↔ H(z)
@FAST
@given(stable_systems(), st.lists(coeff, min_size=1, max_size=40))
def test_simulate_matches_lfilter_with_the_names_swapped(system, x):
    out, inp = system
    mine = simulate(x, output_coeffs=out, input_coeffs=inp)
    theirs = scipy.signal.lfilter(inp, out, x)  # scipy: lfilter(b=numerator=input, a=denominator=output)
    assert np.allclose(mine, theirs, atol=1e-10)
    assert np.allclose(mine, scipy.signal.lfilter(*scipy_ba(output_coeffs=out, input_coeffs=inp), x), atol=1e-10)


def test_simulate_divides_by_the_leading_output_coefficient_and_unstable_systems_blow_up_quietly():
    x = np.r_[1.0, np.zeros(9)]
    assert np.allclose(simulate(x, output_coeffs=[2.0, -1.0], input_coeffs=[4.0]), 2 * 0.5 ** np.arange(10))
    y = simulate(np.ones(3000), output_coeffs=[1.0, -3.0], input_coeffs=[1.0])
    assert not np.all(np.isfinite(y)) or np.max(np.abs(y)) > 1e100


def test_transfer_function_is_exact_and_matches_freqz():
    out, inp = [1, -HALF, sp.Rational(1, 4)], [1, 2, 1]
    H = transfer_function(output_coeffs=out, input_coeffs=inp)
    assert sp.simplify(H - (1 + 2 / z + z**-2) / (1 - HALF / z + z**-2 / 4)) == 0
    w, h = scipy.signal.freqz(np.array(inp, float), np.array(out, float), worN=16)
    f = sp.lambdify(z, H, "numpy")
    assert np.allclose(f(np.exp(1j * w)), h)


def test_the_deck_convention_is_the_opposite_of_scipy():
    b_out, a_in = [1.0, -0.5], [1.0, 1.0]
    assert [list(v) for v in scipy_ba(output_coeffs=b_out, input_coeffs=a_in)] == [a_in, b_out]
    with pytest.raises(TypeError):
        simulate([1.0], [1.0, -0.5], [1.0])  # positional coefficients are refused: names are required


# ----------------------------------------------------------------------------- LTI: amplitude and shift
@FAST
@given(stable_systems(), st.lists(coeff, min_size=1, max_size=30), st.lists(coeff, min_size=1, max_size=30),
       st.floats(-100, 100), st.integers(0, 5))
def test_linearity_and_time_invariance_of_the_simulation(system, x1, x2, gain, shift):
    out, inp = system
    L = max(len(x1), len(x2))
    x1, x2 = np.pad(x1, (0, L - len(x1))), np.pad(x2, (0, L - len(x2)))
    S = lambda x: simulate(x, output_coeffs=out, input_coeffs=inp)  # noqa: E731
    y1 = S(x1)
    assert np.allclose(S(gain * x1), gain * y1, atol=1e-8 * (1 + abs(gain)))
    assert np.allclose(S(x1 + x2), y1 + S(x2), atol=1e-9)
    assert np.allclose(S(np.r_[np.zeros(shift), x1])[shift:], y1, atol=1e-12)
