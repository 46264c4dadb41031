"""Shared hypothesis strategies and settings for the chapter 01 tests."""
import numpy as np
import sympy as sp
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HALF, THIRD = sp.Rational(1, 2), sp.Rational(1, 3)

coeff = st.floats(-2, 2, allow_nan=False, width=64)
sequences = st.lists(coeff, min_size=1, max_size=8)


@st.composite
def stable_systems(draw):
    """Random causal systems with poles of radius ≤ 0.9 (real coefficients)."""
    n_poles = draw(st.integers(1, 3))
    poles = []
    for _ in range(n_poles):
        r = draw(st.floats(0.0, 0.9))
        poles.append(r * draw(st.sampled_from([-1.0, 1.0])))
    out = np.real(np.poly(poles))
    inp = np.array(draw(st.lists(coeff, min_size=1, max_size=4)))
    return out, inp
