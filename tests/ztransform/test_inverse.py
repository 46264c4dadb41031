"""§3 the inverse z-transform by partial fractions, against simulation and SymPy's rsolve (inverse.py)."""
import numpy as np
import pytest
import scipy.signal
import sympy as sp

from inrlib.ztransform import impulse_response, inverse_ztransform, n, sequence_values, transfer_function, z

from .strategies import HALF, THIRD


# ----------------------------------------------------------------------------- 3. inverse transform
SYSTEMS = [  # (output_coeffs, input_coeffs) with exact coefficients: simple, repeated, complex, pole at 0
    ([1, -sp.Rational(5, 6), sp.Rational(1, 6)], [1]),
    ([1, -1, sp.Rational(1, 4)], [1, 2]),
    ([1, -1, HALF], [1]),
    ([1, -HALF], [1, 0, 0, 3]),
    ([1, -sp.Rational(3, 2), sp.Rational(3, 4), -sp.Rational(1, 8)], [2, -1]),
    ([1, 0, -sp.Rational(1, 4)], [0, 1]),
]


@pytest.mark.parametrize("out, inp", SYSTEMS)
def test_inverse_by_partial_fractions_matches_the_simulated_impulse_response(out, inp):
    h = inverse_ztransform(transfer_function(output_coeffs=out, input_coeffs=inp))
    fo, fi = np.array(out, float), np.array(inp, float)
    expected = scipy.signal.lfilter(fi, fo, np.r_[1.0, np.zeros(24)])
    assert np.allclose(sequence_values(h, 25), expected, atol=1e-10)
    assert np.allclose(impulse_response(25, output_coeffs=fo, input_coeffs=fi), expected, atol=1e-12)


@pytest.mark.parametrize("out, inp", SYSTEMS[:3] + SYSTEMS[4:5])
def test_inverse_agrees_with_sympys_rsolve(out, inp):
    """After the input stops (n > M) h satisfies Σ b_k h[n−k] = 0: rsolve's closed form must agree."""
    h = inverse_ztransform(transfer_function(output_coeffs=out, input_coeffs=inp))
    N, M = len(out) - 1, len(inp) - 1
    y = sp.Function("y")
    m = sp.Symbol("m", integer=True)
    start = M + 1 - N
    values = sequence_values(h, M + 1 + 20)
    init = {y(start + i): (sp.nsimplify(values[start + i]) if start + i >= 0 else 0) for i in range(N)}
    rec = sum(c * y(m + N - k) for k, c in enumerate(out))
    closed = sp.rsolve(rec, y(m), {y(k - start): v for k, v in ((key.args[0], val) for key, val in init.items())})
    for k in range(max(0, start), M + 15):
        assert abs(complex(sp.N(closed.subs(m, k - start))) - complex(sp.N(h.subs(n, k)))) < 1e-9


def test_repeated_pole_gives_n_times_p_to_the_n():
    h = inverse_ztransform(1 / (1 - HALF / z) ** 2)
    assert sp.simplify(h - (n + 1) * HALF**n) == 0


@pytest.mark.parametrize("H", [
    1 / (z**3 - z - 1),                                      # one real and two complex poles, no nice radicals
    z**2 / ((z - THIRD) ** 2 * (z**3 - z / 2 - sp.Rational(1, 5))),  # repeated rational pole + irreducible cubic
    (z + 1) / (z**2 * (z**2 + sp.Rational(1, 4))),            # double pole at 0 and a complex pair
    z / (z**2 - z - 1),                                      # golden-ratio poles (quadratic surds)
    0.5 * z**2 / ((z - 0.5) ** 2 * (z - 0.25)),              # float coefficients with a repeated pole
])
def test_inverse_of_poles_without_rational_closed_form_matches_lfilter(H):
    """Poles of cubics/quintics are found numerically; the coefficients must still be right (regression:
    a cubic once hung for minutes in sp.simplify, a float-rooted quintic gave coefficients ~1e14)."""
    num, den = sp.fraction(sp.cancel(H))
    a = [float(c) for c in sp.Poly(num, z).all_coeffs()]
    b = [float(c) for c in sp.Poly(den, z).all_coeffs()]
    a = [0.0] * (len(b) - len(a)) + a
    expected = scipy.signal.lfilter(a, b, np.r_[1.0, np.zeros(19)])
    got = sequence_values(inverse_ztransform(H), 20)
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_inverse_rejects_non_causal_and_non_rational_input():
    with pytest.raises(ValueError, match="H must be causal"):
        inverse_ztransform(z**2 / (z - HALF))
    with pytest.raises(ValueError, match="H must be a rational"):
        inverse_ztransform(sp.exp(1 / z))
    with pytest.raises(TypeError, match="H must be a SymPy expression"):
        inverse_ztransform("1/(1-z)")
