"""§4 poles, zeros, stability and the frequency response, against scipy.signal (poles.py)."""
import numpy as np
import scipy.signal
from hypothesis import given
from hypothesis import strategies as st

from inrlib.ztransform import frequency_response, impulse_response, is_stable, poles_zeros

from .strategies import FAST, coeff, stable_systems


# ----------------------------------------------------------------------------- 4. poles, stability, frequency
@FAST
@given(st.lists(coeff, min_size=2, max_size=4), st.lists(coeff, min_size=1, max_size=4))
def test_poles_and_zeros_match_tf2zpk(out, inp):
    if abs(out[0]) < 0.1 or abs(inp[0]) < 0.1:
        return  # tf2zpk strips (near-)zero leading coefficients; a_0 = 0 is tested below
    poles, zeros = poles_zeros(output_coeffs=out, input_coeffs=inp)
    L = max(len(out), len(inp))
    b = np.pad(inp, (0, L - len(inp)))
    a = np.pad(out, (0, L - len(out)))
    zz, pp, _ = scipy.signal.tf2zpk(b, a)
    assert np.allclose(np.sort_complex(poles), np.sort_complex(pp), atol=1e-6)
    assert np.allclose(np.sort_complex(zeros), np.sort_complex(zz), atol=1e-6)


def test_a_zero_leading_input_coefficient_means_a_delay_not_a_zero():
    poles, zeros = poles_zeros(output_coeffs=[1.0, -0.5], input_coeffs=[0.0, 1.0])  # H = 1/(z − 0.5)
    assert np.allclose(poles, [0.5]) and zeros.size == 0


@FAST
@given(st.lists(st.floats(-1.5, 1.5), min_size=1, max_size=3))
def test_stability_iff_poles_inside_the_unit_circle_and_bounded_response(radii):
    if any(0.9 < abs(r) < 1.1 for r in radii):
        return  # too close to the circle to tell from 800 samples (a triple pole at 0.95 decays slowly)
    out = np.real(np.poly(radii))
    stable = is_stable(output_coeffs=out)
    assert stable == all(abs(r) < 1 for r in radii)
    h = impulse_response(800, output_coeffs=out, input_coeffs=[1.0])
    tail = np.nan_to_num(np.abs(h[-50:]), nan=np.inf)
    assert (np.max(tail) < 1e-3) == stable


@FAST
@given(stable_systems())
def test_frequency_response_matches_freqz(system):
    out, inp = system
    w, H = frequency_response(output_coeffs=out, input_coeffs=inp, n_points=64)
    w2, H2 = scipy.signal.freqz(inp, out, worN=64)
    assert np.allclose(w, w2) and np.allclose(H, H2, atol=1e-9)
