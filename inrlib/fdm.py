"""Chapter 02 — the finite difference method (FDM).

Discretise the space, then replace derivatives by differences of samples.  Taylor's
theorem says how good the replacement is,

.. math:: f(x+h) = f(x) + h f'(x) + \\frac{h^2}{2} f''(x) + \\frac{h^3}{6} f'''(x) + \\dots

so :math:`[f(x+h) - f(x)]/h = f'(x) + O(h)` and :math:`[f(x+h) - f(x-h)]/(2h) = f'(x) + O(h^2)`.

The module follows the lecture:

1. the classic formulas — :func:`forward_difference`, :func:`backward_difference`,
   :func:`central_difference`, :func:`second_difference`;
2. any stencil — :func:`stencil_weights` (Fornberg's algorithm), :func:`apply_stencil`,
   :func:`stencil_order` (order and leading error term read off the Taylor moments);
3. errors *measured* — :func:`difference_errors`, :func:`fit_order`, :func:`best_step`
   ("we need to set the grid size h": truncation against round-off);
4. "we need the initial value" — :func:`euler_step`, :func:`heun_step`, :func:`integrate`;
5. the diffusion equation :math:`u_t = λ u_{xx}` — :func:`stability_number`,
   :func:`ftcs_step`, :func:`theta_matrices`, :func:`theta_step`, :func:`solve_heat`,
   :func:`heat_exact`, :func:`heat_error`.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from . import validate

ArrayFn = Callable[[np.ndarray], np.ndarray]


# ----------------------------------------------------------------------------- input checks
def _step(name: str, h, dtype=np.float64):
    """A positive finite step ``h`` as a scalar of ``dtype`` (so float32 stays float32)."""
    return np.asarray(validate.positive_float(name, h), dtype=dtype)[()]


def _real(name: str, value, what: str = "a real number") -> float:
    """``value`` as a finite float, else an error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be {what}, got {validate.show(value)}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be {what} (finite), got {validate.show(value)}")
    return float(value)


# ----------------------------------------------------------------------------- 1. classic formulas
def forward_difference(f: ArrayFn, x, h: float) -> np.ndarray:
    """Forward difference :math:`D_+ f(x) = [f(x+h) - f(x)]/h = f'(x) + \\frac{h}{2} f''(x) + O(h^2)`.

    ``x`` may be a scalar or an array (any shape); the result has its shape and dtype
    (float32 in, float32 out — that is how the round-off floor is measured).
    """
    validate.function("f", f)
    x = validate.finite_array("x", x)
    h = _step("h", h, x.dtype)
    return (f(x + h) - f(x)) / h


def backward_difference(f: ArrayFn, x, h: float) -> np.ndarray:
    """Backward difference :math:`D_- f(x) = [f(x) - f(x-h)]/h = f'(x) - \\frac{h}{2} f''(x) + O(h^2)`."""
    validate.function("f", f)
    x = validate.finite_array("x", x)
    h = _step("h", h, x.dtype)
    return (f(x) - f(x - h)) / h


def central_difference(f: ArrayFn, x, h: float) -> np.ndarray:
    """Central difference :math:`D_0 f(x) = [f(x+h) - f(x-h)]/(2h) = f'(x) + \\frac{h^2}{6} f'''(x) + O(h^4)`.

    The even Taylor terms cancel, so the error is O(h²).
    """
    validate.function("f", f)
    x = validate.finite_array("x", x)
    h = _step("h", h, x.dtype)
    return (f(x + h) - f(x - h)) / (2 * h)


def second_difference(f: ArrayFn, x, h: float) -> np.ndarray:
    """Second difference :math:`D^2 f(x) = [f(x+h) - 2f(x) + f(x-h)]/h^2 = f''(x) + \\frac{h^2}{12} f''''(x) + O(h^4)`."""
    validate.function("f", f)
    x = validate.finite_array("x", x)
    h = _step("h", h, x.dtype)
    return (f(x + h) - 2 * f(x) + f(x - h)) / (h * h)


#: name → (formula, derivative it approximates, order of accuracy)
FORMULAS: dict[str, tuple[Callable, int, int]] = {
    "forward": (forward_difference, 1, 1),
    "backward": (backward_difference, 1, 1),
    "central": (central_difference, 1, 2),
    "second": (second_difference, 2, 2),
}


# ----------------------------------------------------------------------------- 2. any stencil
def stencil_weights(offsets: Sequence[float], derivative: int, h: float = 1.0) -> np.ndarray:
    """Weights :math:`w_j` with :math:`\\sum_j w_j f(x + s_j h) ≈ f^{(m)}(x)` for offsets :math:`s_j`.

    The weights make the formula exact for every polynomial of degree < n (n = number of
    offsets): the Taylor moments satisfy :math:`\\sum_j w_j s_j^k h^k / k! = δ_{km}`,
    k = 0 … n−1.  Computed with Fornberg's recursion (Math. Comp. 51, 1988), which is
    stable where solving that Vandermonde system is not.

    Parameters
    ----------
    offsets : sequence of n distinct finite numbers, in units of h (e.g. ``[-1, 0, 1]``).
    derivative : int, 0 ≤ m < n.
    h : float > 0, the grid size; the weights scale as :math:`h^{-m}`.

    Returns
    -------
    np.ndarray of shape (n,), float64.
    """
    s = validate.finite_array("offsets", offsets, ndim=1).astype(np.float64)
    m = validate.non_negative_int("derivative", derivative)
    h = float(_step("h", h))
    n = s.size
    if len(np.unique(s)) != n:
        raise ValueError(f"offsets must be distinct, got {list(s)}")
    if m >= n:
        raise ValueError(f"derivative={m} needs at least {m + 1} offsets, got {n}: {list(s)}")
    c = np.zeros((n, m + 1))
    c[0, 0] = 1.0
    c1, c4 = 1.0, s[0]
    for i in range(1, n):
        mn = min(i, m)
        c2, c5, c4 = 1.0, c4, s[i]
        for j in range(i):
            c3 = s[i] - s[j]
            c2 *= c3
            if j == i - 1:
                for k in range(mn, 0, -1):
                    c[i, k] = c1 * (k * c[i - 1, k - 1] - c5 * c[i - 1, k]) / c2
                c[i, 0] = -c1 * c5 * c[i - 1, 0] / c2
            for k in range(mn, 0, -1):
                c[j, k] = (c4 * c[j, k] - k * c[j, k - 1]) / c3
            c[j, 0] = c4 * c[j, 0] / c3
        c1 = c2
    return c[:, m] / h**m


def apply_stencil(f: ArrayFn, x, h: float, offsets: Sequence[float], derivative: int) -> np.ndarray:
    """:math:`\\sum_j w_j f(x + s_j h)` with the weights of :func:`stencil_weights`; shape of ``x``."""
    validate.function("f", f)
    x = validate.finite_array("x", x)
    w = stencil_weights(offsets, derivative, h)
    hx = _step("h", h, x.dtype)
    return sum(wj.astype(x.dtype) * f(x + np.asarray(sj, x.dtype) * hx) for wj, sj in zip(w, offsets))


def stencil_order(offsets: Sequence[float], derivative: int) -> tuple[int, float]:
    """Order of accuracy p and leading error coefficient C of a stencil:
    :math:`\\sum_j w_j f(x+s_j h) = f^{(m)}(x) + C h^p f^{(m+p)}(x) + \\dots`

    Read off the Taylor moments :math:`μ_k = \\sum_j w_j s_j^k / k!` (with h = 1): μ_k = δ_km
    up to some k; the first k > m with μ_k ≠ 0 gives p = k − m and C = μ_k.
    """
    w = stencil_weights(offsets, derivative)
    s = np.asarray(offsets, dtype=np.float64)
    scale = float(np.max(np.abs(w)) * max(1.0, float(np.max(np.abs(s)))) ** (len(s) + 2))
    for k in range(derivative + 1, len(s) + 3):
        mu = float(np.sum(w * s**k) / math.factorial(k))
        if abs(mu) > 1e-9 * scale:
            return k - derivative, mu
    # only a stencil that is exact, e.g. derivative 0 with 0 among the offsets (w = [0, 1, 0])
    raise ValueError(f"the stencil for derivative={derivative} on offsets {list(s)} is exact (no truncation "
                     f"error term), so it has no order of accuracy")


# ----------------------------------------------------------------------------- 3. errors, measured
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


def fit_order(hs: Sequence[float], errors: Sequence[float]) -> float:
    """Observed order p: the slope of the least-squares line through (log h, log error).

    If error ≈ C h^p then log error = log C + p log h.  ``hs`` and ``errors`` have shape (k,), k ≥ 2,
    all positive.
    """
    hs = validate.finite_array("hs", hs, ndim=1, min_size=2)
    errors = validate.finite_array("errors", errors, ndim=1, min_size=2)
    if hs.shape != errors.shape:
        raise ValueError(f"hs and errors must have the same length, got {hs.size} and {errors.size}")
    if np.any(hs <= 0):
        raise ValueError(f"hs must be positive, got min(hs) = {hs.min():g}")
    if np.any(errors <= 0):
        raise ValueError(f"errors must be positive to take logarithms, got min(errors) = {errors.min():g}")
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


# ----------------------------------------------------------------------------- 4. the initial value
def _ivp_step_arguments(rhs, t, u, dt):
    """Checked ``(rhs, t, u, dt)`` for one step; ``u`` may hold inf/NaN (an unstable run
    must be able to overflow quietly), but it must be numbers."""
    validate.function("rhs", rhs)
    try:
        kind = np.asarray(u).dtype.kind
    except ValueError:  # a ragged list
        kind = "O"
    if kind not in "biufc":
        raise TypeError(f"u must be a number or an array of numbers, got {validate.show(u)}")
    u = u if isinstance(u, np.ndarray) else np.asarray(u, dtype=np.complex128 if kind == "c" else np.float64)
    return rhs, _real("t", t), u, _real("dt", dt)


def euler_step(rhs: Callable, t: float, u: np.ndarray, dt: float) -> np.ndarray:
    """Forward Euler: :math:`u^{n+1} = u^n + Δt\\, g(t_n, u^n)` — the forward difference
    :math:`(u^{n+1}-u^n)/Δt ≈ u'` solved for the unknown; O(Δt) globally."""
    rhs, t, u, dt = _ivp_step_arguments(rhs, t, u, dt)
    return u + dt * rhs(t, u)


def heun_step(rhs: Callable, t: float, u: np.ndarray, dt: float) -> np.ndarray:
    """Heun (explicit trapezoid): predict with Euler, correct with the average slope,
    :math:`u^{n+1} = u^n + \\frac{Δt}{2}[g(t_n, u^n) + g(t_{n+1}, u^n + Δt\\,g(t_n, u^n))]`; O(Δt²)."""
    rhs, t, u, dt = _ivp_step_arguments(rhs, t, u, dt)
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
    step = IVP_METHODS[validate.one_of("method", method, IVP_METHODS)][0]
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


# ----------------------------------------------------------------------------- 5. the diffusion equation
#: FTCS is stable for r = λΔt/Δx² ≤ ½.
FTCS_LIMIT = 0.5
HEAT_METHODS = {"ftcs": 0.0, "crank_nicolson": 0.5, "backward_euler": 1.0}


class StabilityWarning(UserWarning):
    """An explicit step that will make the solution blow up."""


def heat_grid(n_intervals: int, length: float = 1.0) -> np.ndarray:
    """Grid :math:`x_j = j Δx`, j = 0 … N, Δx = L/N, on [0, L]; shape (N+1,)."""
    n = validate.positive_int("n_intervals", n_intervals)
    if n < 2:
        raise ValueError(f"n_intervals must be at least 2 (one interior point), got {n}")
    return np.linspace(0.0, validate.positive_float("length", length), n + 1)


def stability_number(lam: float, dt: float, dx: float) -> float:
    """:math:`r = λ Δt / Δx^2` — the one number that decides FTCS stability (r ≤ ½)."""
    return validate.positive_float("lam", lam) * validate.positive_float("dt", dt) / validate.positive_float("dx", dx) ** 2


def largest_stable_dt(dx: float, lam: float) -> float:
    """The FTCS limit :math:`Δt_{max} = Δx^2 / (2λ)`."""
    return validate.positive_float("dx", dx) ** 2 / (2 * validate.positive_float("lam", lam))


def ftcs_step(u: np.ndarray, r: float) -> np.ndarray:
    """Forward in time, central in space:
    :math:`u_j^{n+1} = u_j^n + r\\,(u_{j+1}^n - 2u_j^n + u_{j-1}^n)`, end values kept (Dirichlet).

    ``u`` has shape (N+1,); returns a new array of the same shape.  (One step does not warn:
    :func:`solve_heat` warns when r > ½.)
    """
    if not isinstance(u, np.ndarray) or u.ndim != 1 or u.size < 3 or u.dtype.kind != "f":
        # no finiteness check: an unstable run must be able to overflow quietly
        raise TypeError(f"u must be a 1-D float array of at least 3 values, got {validate.show(u)}")
    r = _real("r", r, "a number ≥ 0")
    if r < 0:
        raise ValueError(f"r must be ≥ 0 (r = λΔt/Δx²), got {r!r}")
    new = u.copy()
    new[1:-1] = u[1:-1] + r * (u[2:] - 2 * u[1:-1] + u[:-2])
    return new


def laplacian_1d(n_interior: int) -> sp.csc_matrix:
    """The (n×n) matrix :math:`A = \\mathrm{tridiag}(1, -2, 1)`, so :math:`(Au)_j = u_{j+1} - 2u_j + u_{j-1}`."""
    n = validate.positive_int("n_interior", n_interior)
    return sp.diags([np.ones(n - 1), -2 * np.ones(n), np.ones(n - 1)], [-1, 0, 1], format="csc")


def theta_matrices(n_interior: int, r: float, theta: float) -> tuple[sp.csc_matrix, sp.csc_matrix]:
    """The θ-scheme :math:`(I - θ r A)\\,u^{n+1} = (I + (1-θ) r A)\\,u^n + r\\,b` on the interior.

    θ = 0: FTCS (explicit); θ = ½: Crank–Nicolson; θ = 1: backward Euler.  ``b`` holds the
    two Dirichlet end values.  Returns ``(lhs, rhs)`` as sparse (n×n) matrices.
    """
    r = validate.positive_float("r", r)
    theta = _real("theta", theta, "a number in [0, 1]")
    if not 0.0 <= theta <= 1.0:
        raise ValueError(f"theta must lie in [0, 1], got {theta!r}")
    a = laplacian_1d(n_interior)
    eye = sp.identity(a.shape[0], format="csc")
    return (eye - theta * r * a).tocsc(), (eye + (1 - theta) * r * a).tocsc()


def theta_step(u: np.ndarray, r: float, theta: float) -> np.ndarray:
    """One θ-scheme step (see :func:`theta_matrices`) for ``u`` of shape (N+1,), end values kept.
    θ = 1 is one backward-Euler step: a sparse tridiagonal solve, stable for every r."""
    u = validate.finite_array("u", u, ndim=1, min_size=3)
    lhs, rhs = theta_matrices(u.size - 2, r, theta)
    b = np.zeros(u.size - 2)
    b[0], b[-1] = u[0], u[-1]
    new = u.copy()
    new[1:-1] = spla.spsolve(lhs, rhs @ u[1:-1] + r * b)
    return new


def _warn_if_unstable(r: float, lam: float, dt: float, dx: float) -> None:
    if r > FTCS_LIMIT * (1 + 1e-12):
        warnings.warn(
            f"unstable explicit step: r = lam·dt/dx² = {r:.4g} exceeds the FTCS stability limit "
            f"r ≤ {FTCS_LIMIT} (lam={lam:g}, dt={dt:g}, dx={dx:g}). The solution will blow up; "
            f"take dt ≤ {largest_stable_dt(dx, lam):.4g} or method='crank_nicolson' / 'backward_euler'.",
            StabilityWarning, stacklevel=3)


@dataclass
class HeatSolution:
    """Result of :func:`solve_heat`: snapshots ``u`` (k, N+1) at times ``t`` (k,) on grid ``x`` (N+1,)."""
    x: np.ndarray
    t: np.ndarray
    u: np.ndarray
    r: float
    method: str

    @property
    def final(self) -> np.ndarray:
        return self.u[-1]

    @property
    def blew_up(self) -> bool:
        """True when the solution grew past 10⁶ × its start or stopped being finite."""
        top = np.max(np.abs(self.u[0])) or 1.0
        return bool(not np.all(np.isfinite(self.u[-1])) or np.max(np.abs(self.u[-1])) > 1e6 * top)


def solve_heat(u0, lam: float, dx: float, dt: float, n_steps: int, method: str = "ftcs",
               n_snapshots: int = 2) -> HeatSolution:
    """Solve :math:`u_t = λ u_{xx}` on a uniform grid with fixed end values :math:`u_0[0], u_0[-1]`.

    ``method``: ``"ftcs"`` (explicit; warns with :class:`StabilityWarning` when
    r = λΔt/Δx² > ½), ``"crank_nicolson"`` (O(Δt² + Δx²)) or ``"backward_euler"``
    (O(Δt + Δx²)); the implicit ones factor their sparse matrix once (``splu``) and are
    stable for every Δt.  An unstable FTCS run overflows to inf/NaN quietly (no crash).

    Parameters
    ----------
    u0 : shape (N+1,), the initial value including both ends.
    n_snapshots : how many equally spaced times to keep (≥ 2: the start and the end).

    Returns
    -------
    :class:`HeatSolution` with ``u`` of shape (n_snapshots, N+1).
    """
    u = validate.finite_array("u0", u0, ndim=1, min_size=3).astype(np.float64)
    lam = validate.positive_float("lam", lam)
    dx, dt = validate.positive_float("dx", dx), validate.positive_float("dt", dt)
    n = validate.non_negative_int("n_steps", n_steps)
    k = validate.positive_int("n_snapshots", n_snapshots)
    if k < 2:
        raise ValueError(f"n_snapshots must be at least 2 (start and end), got {k}")
    theta = HEAT_METHODS[validate.one_of("method", method, HEAT_METHODS)]
    r = stability_number(lam, dt, dx)
    if theta == 0.0:
        _warn_if_unstable(r, lam, dt, dx)
    keep = np.unique(np.round(np.linspace(0, n, k)).astype(int))
    snaps, times = [u.copy()], [0.0]
    if theta > 0:
        lhs, rhs = theta_matrices(u.size - 2, r, theta)
        solve = spla.splu(lhs).solve
        b = np.zeros(u.size - 2)
        b[0], b[-1] = u[0], u[-1]
        b *= r
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, n + 1):
            if theta == 0.0:
                u = ftcs_step(u, r)
            else:
                u[1:-1] = solve(rhs @ u[1:-1] + b)
            if step in keep:
                snaps.append(u.copy())
                times.append(step * dt)
    x = dx * np.arange(u.size)
    return HeatSolution(x, np.array(times), np.array(snaps), r, method)


def heat_exact(x, t: float, lam: float = 1.0, modes: Sequence[tuple[int, float]] = ((1, 1.0),),
               length: float = 1.0) -> np.ndarray:
    """Exact solution for sine modes with u = 0 at both ends of [0, L]:
    :math:`u(x,t) = \\sum_k a_k\\, e^{-λ (kπ/L)^2 t} \\sin(kπx/L)`.  ``modes``: pairs (k, a_k)."""
    x = validate.finite_array("x", x)
    lam, length = validate.positive_float("lam", lam), validate.positive_float("length", length)
    t = _real("t", t, "a time ≥ 0")
    if t < 0:
        raise ValueError(f"t must be a finite time ≥ 0, got {t!r}")
    if isinstance(modes, (str, bytes)) or np.ndim(modes) == 0:
        raise TypeError(f"modes must be a sequence of pairs (k, a_k), got {validate.show(modes)}")
    modes = [modes] if np.ndim(modes) == 1 else modes
    total = np.zeros_like(x, dtype=np.float64)
    for mode in modes:
        if np.ndim(mode) != 1 or len(mode) != 2:
            raise ValueError(f"modes must be pairs (k, a_k), got the entry {validate.show(mode)}")
        k, a = mode
        a = _real("modes amplitude a_k", a)
        q = validate.positive_int("modes wavenumber k", k) * math.pi / length
        total += a * math.exp(-lam * q * q * t) * np.sin(q * x)
    return total


def semidiscrete_decay(k: int, dx: float, length: float = 1.0) -> float:
    """Decay rate of sine mode k under the *spatial* discretisation alone:
    :math:`u_t = λ A u / Δx^2` gives :math:`e^{-λ μ_k t}` with :math:`μ_k = 4\\sin^2(kπΔx/2L)/Δx^2`
    (→ (kπ/L)² as Δx → 0).  Isolates the time-stepping error in convergence studies."""
    k, dx = validate.positive_int("k", k), validate.positive_float("dx", dx)
    length = validate.positive_float("length", length)
    return 4 * math.sin(k * math.pi * dx / (2 * length)) ** 2 / dx**2


def heat_error(method: str, n_intervals: int, n_steps: int, *, t_end: float = 0.1, lam: float = 1.0,
               reference: str = "exact") -> float:
    """Max-norm error at ``t_end`` for :math:`u(x,0) = \\sin(πx)` on [0, 1].

    ``reference="exact"``: against :math:`e^{-λπ^2 t}\\sin(πx)` (space + time error);
    ``reference="semidiscrete"``: against the exact solution of the space-discretised
    system, :math:`e^{-λμ_1 t}\\sin(πx_j)` — only the time-stepping error remains.
    """
    validate.one_of("reference", reference, ("exact", "semidiscrete"))
    x = heat_grid(n_intervals)
    dx = x[1]
    n = validate.positive_int("n_steps", n_steps)
    t_end = validate.positive_float("t_end", t_end)
    sol = solve_heat(np.sin(math.pi * x), lam, dx, t_end / n, n, method)
    rate = math.pi**2 if reference == "exact" else semidiscrete_decay(1, dx)
    truth = math.exp(-lam * rate * t_end) * np.sin(math.pi * x)
    return float(np.max(np.abs(sol.final - truth)))
