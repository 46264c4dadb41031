"""§1 A difference equation is a system: its coefficients, H(z), and running it.

.. math:: \\sum_{k=0}^{N} b_k\\, y[n-k] = \\sum_{k=0}^{M} a_k\\, x[n-k], \\qquad
          H(z) = \\frac{\\sum_{k=0}^{M} a_k z^{-k}}{\\sum_{k=0}^{N} b_k z^{-k}}

``output_coeffs`` are the deck's :math:`b_k` (multiplying y), ``input_coeffs`` its :math:`a_k`
(multiplying x) — the opposite of scipy's ``lfilter(b, a, x)``; :func:`scipy_ba` converts.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import sympy as sp

from .. import validate
from .symbols import z


def _coefficients(name: str, value: Any, *, leading_nonzero: bool = False) -> np.ndarray:
    """``value`` as a 1-D float array of finite numbers, else an error naming ``name``."""
    if isinstance(value, (str, bytes)) or np.ndim(value) == 0 and not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a 1-D sequence of numbers, got {validate.show(value)}")
    try:
        arr = np.asarray([float(v) if isinstance(v, sp.Basic) else v for v in value], dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 1-D sequence of real numbers, got {validate.show(value)}") from exc
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got {validate.show(value)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite numbers, got {validate.show(value)}")
    if leading_nonzero and arr[0] == 0:
        raise ValueError(f"{name}[0] (the coefficient of y[n]) must be non-zero, got {validate.show(value)}: "
                         "y[n] could not be solved for")
    return arr


def _exact(name: str, value: Any, *, leading_nonzero: bool = False) -> list[sp.Expr]:
    """Coefficients as exact SymPy numbers: ints and fractions stay exact, a float becomes the
    fraction its decimal repr shows (0.1 → 1/10)."""
    _coefficients(name, value, leading_nonzero=leading_nonzero)  # same checks, same messages
    return [sp.Rational(repr(float(v))) if isinstance(v, (float, np.floating)) else sp.sympify(v) for v in value]


def _signal(name: str, value: Any) -> np.ndarray:
    arr = np.asarray(value) if not isinstance(value, (str, bytes)) else None
    if arr is None or arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a 1-D array of real numbers, got {validate.show(value)}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sequence x[0], x[1], …, got an array of shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite values (no NaN or inf), got {validate.show(arr)}")
    return arr.astype(np.float64)


def transfer_function(*, output_coeffs: Sequence[float], input_coeffs: Sequence[float]) -> sp.Expr:
    """H(z) of the difference equation Σ b_k y[n−k] = Σ a_k x[n−k], exactly (SymPy).

    .. math:: H(z) = \\frac{\\sum_{k=0}^{M} a_k z^{-k}}{\\sum_{k=0}^{N} b_k z^{-k}}

    Parameters
    ----------
    output_coeffs : sequence of N+1 numbers
        The deck's :math:`b_0 … b_N`, multiplying y[n], y[n−1], … (scipy's ``a``).
    input_coeffs : sequence of M+1 numbers
        The deck's :math:`a_0 … a_M`, multiplying x[n], x[n−1], … (scipy's ``b``).

    Returns
    -------
    sympy.Expr
        A rational function of :data:`z`, written in positive powers of z.
    """
    b = _exact("output_coeffs", output_coeffs, leading_nonzero=True)
    a = _exact("input_coeffs", input_coeffs)
    num = sum(c * z ** (-k) for k, c in enumerate(a))
    den = sum(c * z ** (-k) for k, c in enumerate(b))
    return sp.cancel(sp.together(num / den))


def scipy_ba(*, output_coeffs: Sequence[float], input_coeffs: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """scipy's ``(b, a)`` for ``lfilter``/``freqz``: ``b = input_coeffs``, ``a = output_coeffs``.

    The one place where the deck's names meet scipy's: ``lfilter(*scipy_ba(...), x)``.
    """
    b = _coefficients("output_coeffs", output_coeffs, leading_nonzero=True)
    a = _coefficients("input_coeffs", input_coeffs)
    return a, b


def _check_simulate(x, *, output_coeffs, input_coeffs) -> None:
    _coefficients("output_coeffs", output_coeffs, leading_nonzero=True)
    _coefficients("input_coeffs", input_coeffs)
    _signal("x", x)


@validate.checked(_check_simulate)
def simulate(x: Sequence[float], *, output_coeffs: Sequence[float], input_coeffs: Sequence[float]) -> np.ndarray:
    """Run the difference equation on ``x`` from rest (y[n] = x[n] = 0 for n < 0).

    .. math:: y[n] = \\frac{1}{b_0}\\Big(\\sum_{k=0}^{M} a_k x[n-k] - \\sum_{k=1}^{N} b_k y[n-k]\\Big)

    Parameters
    ----------
    x : array of shape (L,)
        The input x[0] … x[L−1].
    output_coeffs, input_coeffs : sequences
        b_k (multiplying y) and a_k (multiplying x), see :func:`transfer_function`.

    Returns
    -------
    numpy.ndarray of shape (L,)
        y[0] … y[L−1]; an unstable system grows without bound (to ±inf, never an error).
    """
    b = np.asarray(output_coeffs, dtype=np.float64)
    a = np.asarray(input_coeffs, dtype=np.float64) / b[0]
    b = b / b[0]
    x = np.asarray(x, dtype=np.float64)
    y = np.zeros_like(x)
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(len(x)):
            ka = min(i + 1, len(a))  # the terms that exist yet: x[i], x[i−1], … x[0]
            kb = min(i + 1, len(b))
            acc = np.dot(a[:ka], x[i::-1][:ka])
            if kb > 1:
                acc -= np.dot(b[1:kb], y[i - 1::-1][:kb - 1])
            y[i] = acc
    return y


def impulse_response(length: int, *, output_coeffs: Sequence[float], input_coeffs: Sequence[float]) -> np.ndarray:
    """h[0] … h[length−1]: the response to the unit impulse δ[n] (shape (length,))."""
    delta = np.zeros(validate.positive_int("length", length))
    delta[0] = 1.0
    return simulate(delta, output_coeffs=output_coeffs, input_coeffs=input_coeffs)
