"""The three kinds of boundary condition, and the checks every solver shares.

``dirichlet(g)``: u = g.  ``neumann(g)``: ∂u/∂n = g (n the *outward* normal).
``robin(α, g)``: ∂u/∂n + α u = g.  The data g is a number, an array, or a function
g(x, y) (g(x) in 1-D) evaluated on the boundary nodes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Union

import numpy as np

from .. import validate

Value = Union[float, Callable[..., np.ndarray], np.ndarray]

#: The sides of the square [−1, 1]², in the order used everywhere.
SIDES = ("left", "right", "bottom", "top")
KINDS = ("dirichlet", "neumann", "robin")


@dataclass(frozen=True)
class Condition:
    """One boundary condition.

    ``kind="dirichlet"``: u = g.  ``kind="neumann"``: ∂u/∂n = g (n the *outward* normal).
    ``kind="robin"``: ∂u/∂n + α u = g.  ``value`` is g: a number, or a function g(x, y)
    (g(x) in 1-D) evaluated on the boundary nodes.
    """
    kind: str
    value: Value = 0.0
    alpha: float = 0.0

    def __post_init__(self) -> None:
        validate.one_of("kind", self.kind, KINDS)
        _check_value("value", self.value)
        validate.real_number("alpha", self.alpha)


def dirichlet(value: Value = 0.0) -> Condition:
    """u = g on the boundary piece."""
    return Condition("dirichlet", _check_value("value", value))


def neumann(value: Value = 0.0) -> Condition:
    """∂u/∂n = g (outward normal derivative) on the boundary piece."""
    return Condition("neumann", _check_value("value", value))


def robin(alpha: float, value: Value = 0.0) -> Condition:
    """∂u/∂n + α u = g on the boundary piece (α > 0 makes the problem uniquely solvable)."""
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.integer, np.floating)):
        raise TypeError(f"alpha must be a finite number, got {alpha!r}")
    if not math.isfinite(alpha):
        raise ValueError(f"alpha must be a finite number, got {alpha!r}")
    return Condition("robin", _check_value("value", value), float(alpha))


def _check_value(name: str, value: Value) -> Value:
    if callable(value):
        return value
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, an array or a function g(x, y), got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, an array or a function g(x, y), got {value!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(arr) if arr.ndim == 0 else arr


def _evaluate(name: str, value: Value, *coords: np.ndarray) -> np.ndarray:
    """``value`` (number, array or function) at the points ``coords``, checked finite."""
    shape = np.shape(coords[0])
    if callable(value):
        try:
            out = value(*coords)
        except Exception as exc:  # noqa: BLE001 - say which argument failed
            raise ValueError(f"{name} could not be evaluated on the grid: {type(exc).__name__}: {exc}") from exc
    else:
        out = value
    try:
        out = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, an array or a function returning numbers, "
                        f"got {validate.show(out)}") from None
    try:
        out = np.broadcast_to(out, shape)
    except ValueError:
        raise ValueError(f"{name} must be a number or have shape {shape}, got shape {np.shape(out)}") from None
    bad = ~np.isfinite(out)
    if bad.any():
        raise ValueError(f"{name} must be finite: got NaN or inf at {int(bad.sum())} of {bad.size} points")
    return out


def _check_condition(name: str, cond: Condition) -> Condition:
    """``cond`` if it is a :class:`Condition`, else ``TypeError`` naming ``name``."""
    if not isinstance(cond, Condition):
        raise TypeError(f"{name} must be a Condition made by dirichlet(g), neumann(g) or robin(alpha, g), "
                        f"got {cond!r}")
    validate.one_of(f"{name}.kind", cond.kind, KINDS)
    return cond


def _cells(name: str, h: float, length: float) -> int:
    """Number of cells of size ``h`` in ``length``; ``ValueError`` if h does not divide it."""
    h = validate.positive_float(name, h)
    m = length / h
    if abs(m - round(m)) > 1e-9 * max(1.0, m) or round(m) < 2:
        raise ValueError(f"{name} must divide the domain into at least 2 whole cells: "
                         f"{length:g}/{name} = {m:.6g} is not an integer ≥ 2 (use e.g. h = 1/8, 1/16, …)")
    return int(round(m))
