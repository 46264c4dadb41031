"""§3 Orders, measured, and §4 "we need to set the grid size h": the round-off floor.

A formula of order p has error ≈ C h^p: a straight line of slope p on a log–log plot, until
round-off (≈ ε/h^m) takes over below the best h.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .. import validate
from .formulas import FORMULAS, ArrayFn


def difference_errors(formula: str | Callable, f: ArrayFn, exact: float, x0: float, hs: Sequence[float],
                      dtype=np.float64) -> np.ndarray:
    """Absolute error :math:`|D_h f(x_0) - f^{(m)}(x_0)|` for every h in ``hs``.

    Parameters
    ----------
    formula : a name in :data:`FORMULAS` or a function ``(f, x, h) -> approximation``.
    f : function evaluated in ``dtype`` (use NumPy functions: ``np.sin`` keeps float32).
    exact : the true derivative at ``x0`` (computed in float64).
    hs : the grid sizes, shape (k,).
    dtype : ``np.float32`` or ``np.float64`` — the arithmetic of the difference.

    Returns
    -------
    np.ndarray of shape (k,), float64.
    """
    fn = FORMULAS[validate.one_of("formula", formula, FORMULAS)][0] if isinstance(formula, str) else formula
    validate.function("formula", fn)
    try:
        dtype = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"dtype must be np.float32 or np.float64, got {validate.show(dtype)}") from exc
    validate.one_of("dtype", dtype, [np.dtype(np.float32), np.dtype(np.float64)])
    hs = validate.finite_array("hs", hs, ndim=1)
    if np.any(hs <= 0):
        raise ValueError(f"hs must contain only positive grid sizes, got min(hs) = {hs.min():g}")
    x = np.asarray(float(validate.finite_array("x0", x0, ndim=0)), dtype=dtype)
    exact = float(validate.finite_array("exact", exact, ndim=0))
    with np.errstate(all="ignore"):
        return np.array([abs(float(fn(f, x, np.asarray(h, dtype=dtype)[()])) - exact) for h in hs])


def _check_fit_order(hs, errors) -> None:
    hs = validate.finite_array("hs", hs, ndim=1, min_size=2)
    errors = validate.finite_array("errors", errors, ndim=1, min_size=2)
    if hs.shape != errors.shape:
        raise ValueError(f"hs and errors must have the same length, got {hs.size} and {errors.size}")
    if np.any(hs <= 0):
        raise ValueError(f"hs must be positive, got min(hs) = {hs.min():g}")
    if np.any(errors <= 0):
        raise ValueError(f"errors must be positive to take logarithms, got min(errors) = {errors.min():g}")


@validate.checked(_check_fit_order)
def fit_order(hs: Sequence[float], errors: Sequence[float]) -> float:
    """Observed order p: the slope of the least-squares line through (log h, log error).

    If error ≈ C h^p then log error = log C + p log h.  ``hs`` and ``errors`` have shape (k,), k ≥ 2,
    all positive.
    """
    return float(np.polyfit(np.log(hs), np.log(errors), 1)[0])


def best_step(hs: Sequence[float], errors: Sequence[float]) -> tuple[float, float]:
    """The measured optimum ``(h*, error(h*))``: below h* round-off wins, above it truncation."""
    hs = validate.finite_array("hs", hs, ndim=1)
    try:
        errors = np.asarray(errors, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"errors must be an array of numbers, got {validate.show(errors)}") from exc
    if errors.shape != hs.shape:
        raise ValueError(f"hs and errors must have the same length, got {hs.size} and {errors.size}")
    if np.all(np.isnan(errors)):
        raise ValueError("errors must contain at least one number that is not NaN")
    k = int(np.nanargmin(errors))
    return float(hs[k]), float(errors[k])


def predicted_best_step(order: int, derivative: int, eps: float) -> float:
    """Rule of thumb for the optimal h: truncation :math:`C h^p` balances round-off
    :math:`ε/h^m`, so :math:`h^* ≈ ε^{1/(p+m)}` (constants of order one dropped).

    Central first difference in float64: :math:`(2.2·10^{-16})^{1/3} ≈ 6·10^{-6}`.
    """
    p = validate.positive_int("order", order)
    m = validate.positive_int("derivative", derivative)
    return validate.positive_float("eps", eps) ** (1.0 / (p + m))
