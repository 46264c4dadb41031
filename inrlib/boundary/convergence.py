"""Convergence without an exact solution: successive grid differences and the measured order."""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from .. import validate
from .grids import Grid


def restrict(u_fine: np.ndarray, factor: int = 2) -> np.ndarray:
    """The values of a fine-grid array at the nodes of the grid ``factor`` times coarser."""
    factor = validate.positive_int("factor", factor)
    u_fine = np.asarray(u_fine)
    if u_fine.ndim != 2:
        raise ValueError(f"u_fine must be a 2-D grid array, got {validate.show(u_fine)}")
    return u_fine[::factor, ::factor]


def grid_norms(e: np.ndarray, h: float, mask: np.ndarray | None = None) -> dict[str, float]:
    """Max norm and discrete L2 norm (√(h² Σ e²)) of a grid function ``e`` (over ``mask``)."""
    h = validate.positive_float("h", h)
    e = validate.finite_array("e", e)
    if mask is not None:
        mask = np.asarray(mask)
        if mask.dtype != bool or mask.shape != e.shape:
            raise ValueError(f"mask must be a boolean array of the shape of e {e.shape}, got {validate.show(mask)}")
        e = e[mask]
    else:
        e = np.ravel(e)
    return {"max": float(np.max(np.abs(e))), "l2": float(math.sqrt(h**2 * np.sum(e**2)))}


def successive_differences(solve: Callable[[float], tuple[Grid, np.ndarray]], hs: list[float]) -> list[dict]:
    """Convergence without an exact solution: d_h = u_h − u_{h/2} on the coarse nodes.

    For ``hs = [h0, h0/2, h0/4, …]`` returns one dict per consecutive pair with ``h``,
    ``max`` and ``l2`` (norms of d_h) and ``diff`` (the array, 0 outside Ω).  If the error
    behaves like C h^p, so does d_h, and the ratio of consecutive d_h gives p.
    """
    if not callable(solve):
        raise TypeError(f"solve must be a function h -> (grid, u), e.g. solve_lshape, got {validate.show(solve)}")
    if isinstance(hs, (str, bytes)) or not isinstance(hs, (list, tuple, np.ndarray)):
        raise TypeError(f"hs must be a list of grid sizes (h, h/2, …), got {validate.show(hs)}")
    if len(hs) < 2:
        raise ValueError(f"hs must hold at least 2 grid sizes (h, h/2, …), got {hs!r}")
    hs = [validate.positive_float("hs entry", h) for h in hs]
    sols = [solve(h) for h in hs]
    out = []
    for (g0, u0), (g1, u1), h in zip(sols, sols[1:], hs):
        if g1.shape[0] != 2 * g0.shape[0] - 1:
            raise ValueError(f"hs must halve at each step, got {hs}")
        d = u0 - restrict(u1)
        out.append({"h": g0.h, "diff": d, **grid_norms(d, g0.h, g0.inside)})
    return out


def convergence_order(hs: np.ndarray, errors: np.ndarray) -> float:
    """Least-squares slope p of log(error) against log(h): error ≈ C h^p."""
    hs, errors = validate.finite_array("hs", hs), validate.finite_array("errors", errors)
    if hs.shape != errors.shape or hs.size < 2:
        raise ValueError(f"hs and errors must have the same length ≥ 2, got {hs.shape} and {errors.shape}")
    if np.any(hs <= 0) or np.any(errors <= 0) or not np.all(np.isfinite(errors)):
        raise ValueError(f"hs and errors must be positive and finite, got {hs} and {errors}")
    return float(np.polyfit(np.log(hs), np.log(errors), 1)[0])
