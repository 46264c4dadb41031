"""§5 "We need the initial value": stepping an ODE u' = g(t, u) from u(0) = u₀.

Forward Euler is the forward difference solved for the unknown (order 1); Heun averages two
slopes (order 2).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import validate


def _check_step(rhs, t, u, dt) -> None:
    """``u`` may hold inf/NaN (an unstable run must be able to overflow quietly), but it must
    be numbers."""
    validate.function("rhs", rhs)
    try:
        kind = np.asarray(u).dtype.kind
    except ValueError:  # a ragged list
        kind = "O"
    if kind not in "biufc":
        raise TypeError(f"u must be a number or an array of numbers, got {validate.show(u)}")
    validate.real_number("t", t)
    validate.real_number("dt", dt)


@validate.checked(_check_step)
def euler_step(rhs: Callable, t: float, u: np.ndarray, dt: float) -> np.ndarray:
    """Forward Euler: :math:`u^{n+1} = u^n + Δt\\, g(t_n, u^n)` — the forward difference
    :math:`(u^{n+1}-u^n)/Δt ≈ u'` solved for the unknown; O(Δt) globally."""
    u = np.asarray(u)
    return u + dt * rhs(t, u)


@validate.checked(_check_step)
def heun_step(rhs: Callable, t: float, u: np.ndarray, dt: float) -> np.ndarray:
    """Heun (explicit trapezoid): predict with Euler, correct with the average slope,
    :math:`u^{n+1} = u^n + \\frac{Δt}{2}[g(t_n, u^n) + g(t_{n+1}, u^n + Δt\\,g(t_n, u^n))]`; O(Δt²)."""
    u = np.asarray(u)
    k1 = rhs(t, u)
    k2 = rhs(t + dt, u + dt * k1)
    return u + 0.5 * dt * (k1 + k2)


IVP_METHODS = {"euler": (euler_step, 1), "heun": (heun_step, 2)}


def integrate(rhs: Callable, u0, t_end: float, n_steps: int, method: str = "euler") -> tuple[np.ndarray, np.ndarray]:
    """March :math:`u' = g(t, u)`, :math:`u(0) = u_0` to ``t_end`` in ``n_steps`` equal steps.

    Without the initial value :math:`u_0` the differences have nothing to start from:
    the same equation has one solution per :math:`u_0`.

    Parameters
    ----------
    rhs : ``g(t, u)`` returning an array shaped like ``u``.
    u0 : scalar or array of shape (d,).
    method : ``"euler"`` (order 1) or ``"heun"`` (order 2).

    Returns
    -------
    t : shape (n_steps + 1,);  u : shape (n_steps + 1,) + shape(u0).
    """
    validate.function("rhs", rhs)
    u = validate.finite_array("u0", u0).astype(np.float64)
    t_end = validate.positive_float("t_end", t_end)
    n = validate.positive_int("n_steps", n_steps)
    step = IVP_METHODS[validate.one_of("method", method, IVP_METHODS)][0].unchecked  # rhs and u0 are checked
    dt = t_end / n
    t = np.linspace(0.0, t_end, n + 1)
    out = np.empty((n + 1,) + u.shape)
    out[0] = u
    for i in range(n):
        try:
            u = np.asarray(step(rhs, t[i], u, dt), dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"rhs(t, u) must return numbers shaped like u0 {out.shape[1:]}: at t={t[i]:g} it "
                            f"failed with {type(exc).__name__}: {exc}") from exc
        if u.shape != out.shape[1:]:
            raise ValueError(f"rhs must return an array of shape {out.shape[1:]} like u0, got {u.shape}")
        out[i + 1] = u
    return t, out
