"""§4 Poles, zeros, stability and the frequency response of a difference equation.

A causal LTI system is stable iff every pole of H(z) lies inside the unit circle; on the
circle z = e^{jω}, H is the frequency response.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import validate
from .difference import _coefficients


def _padded(output_coeffs, input_coeffs) -> tuple[np.ndarray, np.ndarray]:
    b = _coefficients("output_coeffs", output_coeffs, leading_nonzero=True)
    a = _coefficients("input_coeffs", input_coeffs)
    L = max(len(a), len(b))
    return np.pad(a, (0, L - len(a))), np.pad(b, (0, L - len(b)))


def poles_zeros(*, output_coeffs: Sequence[float], input_coeffs: Sequence[float] = (1.0,)) -> tuple[np.ndarray, np.ndarray]:
    """Poles and zeros of H(z) (numerically).

    Multiplying numerator and denominator by z^L, L = max(M, N), turns both into
    polynomials in z: zeros are the roots of a_0 z^L + a_1 z^{L−1} + …, poles the roots of
    b_0 z^L + b_1 z^{L−1} + …  (padding with zeros puts poles/zeros at z = 0).

    Returns
    -------
    (poles, zeros) : complex arrays of shapes (L,) and (L − number of leading zero a_k,)
        (a leading zero a_0 = … = a_{d−1} = 0 is a delay z^{−d}, not a zero of H)
    """
    a, b = _padded(output_coeffs, input_coeffs)
    zeros = np.roots(a) if np.any(a) else np.array([], dtype=complex)
    # np.roots drops leading zeros of a: zeros "at infinity" for a_0 = 0 are not zeros of H
    return np.roots(b).astype(complex), np.asarray(zeros, dtype=complex)


def is_stable(*, output_coeffs: Sequence[float], tol: float = 1e-9) -> bool:
    """A causal LTI system is BIBO-stable iff every pole lies strictly inside |z| = 1.

    (Poles cancelled by zeros are counted too: this judges the difference equation.)
    """
    tol = validate.real_number("tol", tol)
    if not 0 <= tol < 1:
        raise ValueError(f"tol must be in [0, 1), got {tol!r}")
    poles, _ = poles_zeros(output_coeffs=output_coeffs)
    return bool(np.all(np.abs(poles) < 1 - tol))


def frequency_response(*, output_coeffs: Sequence[float], input_coeffs: Sequence[float],
                       n_points: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """H(e^{jω}) on ω = 0, π/n_points, …, π(1 − 1/n_points) (as ``scipy.signal.freqz``).

    .. math:: H(e^{j\\omega}) = \\frac{\\sum_k a_k e^{-j\\omega k}}{\\sum_k b_k e^{-j\\omega k}}

    Returns ``(omega, H)``, both of shape (n_points,).
    """
    b = _coefficients("output_coeffs", output_coeffs, leading_nonzero=True)
    a = _coefficients("input_coeffs", input_coeffs)
    omega = np.pi * np.arange(validate.positive_int("n_points", n_points)) / n_points
    e = np.exp(-1j * omega)
    with np.errstate(divide="ignore", invalid="ignore"):
        H = np.polyval(a[::-1], e) / np.polyval(b[::-1], e)
    return omega, H
