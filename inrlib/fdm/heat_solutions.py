"""§6 The diffusion equation, solved and measured: :func:`solve_heat` marches any scheme of
``heat_schemes.py``; the exact sine-mode solution and the errors give the convergence orders.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import scipy.sparse.linalg as spla

from .. import validate
from .heat_schemes import FTCS_LIMIT, HEAT_METHODS, ftcs_step, largest_stable_dt, stability_number, theta_matrices


class StabilityWarning(UserWarning):
    """An explicit step that will make the solution blow up."""


def heat_grid(n_intervals: int, length: float = 1.0) -> np.ndarray:
    """Grid :math:`x_j = j Δx`, j = 0 … N, Δx = L/N, on [0, L]; shape (N+1,)."""
    n = validate.positive_int("n_intervals", n_intervals)
    if n < 2:
        raise ValueError(f"n_intervals must be at least 2 (one interior point), got {n}")
    return np.linspace(0.0, validate.positive_float("length", length), n + 1)


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
                u = ftcs_step.unchecked(u, r)  # u and r are checked above
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
    if validate.real_number("t", t, "a time ≥ 0") < 0:
        raise ValueError(f"t must be a finite time ≥ 0, got {t!r}")
    if isinstance(modes, (str, bytes)) or np.ndim(modes) == 0:
        raise TypeError(f"modes must be a sequence of pairs (k, a_k), got {validate.show(modes)}")
    modes = [modes] if np.ndim(modes) == 1 else modes
    total = np.zeros_like(x, dtype=np.float64)
    for mode in modes:
        if np.ndim(mode) != 1 or len(mode) != 2:
            raise ValueError(f"modes must be pairs (k, a_k), got the entry {validate.show(mode)}")
        k, a = mode
        a = validate.real_number("modes amplitude a_k", a)
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
