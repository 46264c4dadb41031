r"""The conventional solution of Maxwell's equations: the Yee FDTD scheme (Yee, 1966).

1-D Maxwell in vacuum, normalised units (ε = μ = 1, so the speed of light c = 1/√(εμ) = 1):

    ∂E/∂t = −(1/ε) ∂H/∂x,     ∂H/∂t = −(1/μ) ∂E/∂x,     x ∈ [0, 1],

with perfectly conducting walls, E(0, t) = E(1, t) = 0.  A standing wave solves it exactly:

    E = Σ_k a_k sin(kπx) cos(kπt),     H = −Σ_k a_k cos(kπx) sin(kπt).

**Yee's scheme** staggers the fields in space *and* time — E at the nodes x_i = iΔx and times
nΔt, H half-way between, at x_{i+½} and (n+½)Δt — and leapfrogs:

    H^{n+½}_{i+½} = H^{n−½}_{i+½} − (Δt/μΔx) (E^n_{i+1} − E^n_i)
    E^{n+1}_i     = E^n_i         − (Δt/εΔx) (H^{n+½}_{i+½} − H^{n+½}_{i−½}),   E_0 = E_N = 0.

Every difference is centred (chapter 02's (f(x+h) − f(x−h))/2h with h = Δx/2 or Δt/2), so
the scheme is second order in Δx and Δt.  It is stable when the **Courant number**
S = cΔt/Δx ≤ 1 (at S = 1 it is exact in 1-D: the "magic time step") and blows up above.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import validate


def _amplitudes(amplitudes: Sequence[float]) -> np.ndarray:
    """The mode amplitudes (a_1, a_2, …) as a float array; at least one."""
    return validate.finite_array("amplitudes", amplitudes, ndim=1).astype(float)


def standing_wave(x: np.ndarray, t: np.ndarray | float, amplitudes: Sequence[float] = (1.0, 0.5)
                  ) -> tuple[np.ndarray, np.ndarray]:
    r"""The exact fields (E, H) at points x and times t (broadcast together).

    E = Σ_k a_k sin(kπx) cos(kπt),  H = −Σ_k a_k cos(kπx) sin(kπt),  k = 1, 2, …;
    ``amplitudes`` = (a_1, a_2, …).  E vanishes at both walls and H(x, 0) = 0.
    """
    x = validate.finite_array("x", x)
    t = validate.finite_array("t", t)
    a = _amplitudes(amplitudes)
    E = sum(a_k * np.sin(k * math.pi * x) * np.cos(k * math.pi * t) for k, a_k in enumerate(a, 1))
    H = sum(-a_k * np.cos(k * math.pi * x) * np.sin(k * math.pi * t) for k, a_k in enumerate(a, 1))
    return E, H


@dataclass
class YeeSolution:
    """Fields on Yee's staggered grid.

    ``E`` (n_steps + 1, n_cells + 1) at x = ``x_E`` (nodes), t = ``t_E`` (nΔt);
    ``H`` (n_steps, n_cells) at x = ``x_H`` (cell centres), t = ``t_H`` ((n + ½)Δt).
    """

    x_E: np.ndarray
    t_E: np.ndarray
    E: np.ndarray
    x_H: np.ndarray
    t_H: np.ndarray
    H: np.ndarray
    courant: float


def _check_yee(n_cells: int = 100, courant: float = 0.5, t_end: float = 1.0,
               amplitudes: Sequence[float] = (1.0, 0.5)) -> None:
    if validate.positive_int("n_cells", n_cells) < 2:
        raise ValueError(f"n_cells must be at least 2, got {n_cells}")
    validate.positive_float("courant", courant)
    validate.positive_float("t_end", t_end)
    _amplitudes(amplitudes)


@validate.checked(_check_yee)
def yee(n_cells: int = 100, courant: float = 0.5, t_end: float = 1.0,
        amplitudes: Sequence[float] = (1.0, 0.5)) -> YeeSolution:
    r"""Solve 1-D Maxwell (ε = μ = c = 1) on [0, 1] by Yee's leapfrog, E = 0 at both walls.

    Δx = 1/n_cells, Δt = S·Δx/c with S = ``courant``, for round(t_end/Δt) steps (so the last
    time is t_end to within Δt/2).  Start: E⁰ and H^{½} from the standing wave of ``amplitudes``
    (H^{½} = H(t = Δt/2), exact, so the start adds no error).  Returns a :class:`YeeSolution`.
    """
    dx = 1 / n_cells
    dt = courant * dx  # c = 1
    n_steps = max(round(t_end / dt), 1)
    x_E, x_H = np.linspace(0, 1, n_cells + 1), (np.arange(n_cells) + 0.5) * dx
    E = np.empty((n_steps + 1, n_cells + 1))
    H = np.empty((n_steps, n_cells))
    E[0] = standing_wave(x_E, 0.0, amplitudes)[0]
    H[0] = standing_wave(x_H, dt / 2, amplitudes)[1]
    E[0, [0, -1]] = 0.0
    for n in range(n_steps):
        if n > 0:
            H[n] = H[n - 1] - dt / dx * np.diff(E[n])            # Faraday: H_t = −E_x/μ
        E[n + 1, 1:-1] = E[n, 1:-1] - dt / dx * np.diff(H[n])  # Ampère:  E_t = −H_x/ε
        E[n + 1, [0, -1]] = 0.0                                # perfectly conducting walls
    return YeeSolution(x_E, np.arange(n_steps + 1) * dt, E, x_H, (np.arange(n_steps) + 0.5) * dt, H,
                       courant=dt / dx)


def yee_error(n_cells: int, courant: float = 0.5, t_end: float = 1.0,
              amplitudes: Sequence[float] = (1.0, 0.5)) -> float:
    r"""Max-norm error of E and H over every grid point and time step, against
    :func:`standing_wave`."""
    s = yee(n_cells, courant, t_end, amplitudes)
    E = standing_wave(s.x_E[None, :], s.t_E[:, None], amplitudes)[0]
    H = standing_wave(s.x_H[None, :], s.t_H[:, None], amplitudes)[1]
    return float(max(np.abs(s.E - E).max(), np.abs(s.H - H).max()))


def yee_order(cells: Sequence[int] = (25, 50, 100, 200), courant: float = 0.5, t_end: float = 1.0,
              amplitudes: Sequence[float] = (1.0, 0.5)) -> tuple[np.ndarray, float]:
    r"""Errors (:func:`yee_error`) on refined grids and the fitted order p (error ≈ C·Δx^p).

    Δt shrinks with Δx (fixed Courant number), so p measures space and time together.
    Returns ``(errors, p)``.  Use S < 1: at S = 1 the 1-D scheme is exact to rounding.
    """
    if not isinstance(cells, (list, tuple, range)) or not all(isinstance(n, int) and n >= 2 for n in cells):
        raise TypeError(f"cells must be a list of grid sizes (integers ≥ 2), got {validate.show(cells)}")
    if len(cells) < 2:
        raise ValueError(f"cells must list at least two grid sizes, got {cells}")
    errors = np.array([yee_error(n, courant, t_end, amplitudes) for n in cells])
    p = np.polyfit(np.log(1 / np.array(cells, float)), np.log(errors), 1)[0]
    return errors, float(p)
