"""A condition per side of the square [−1, 1]²: Dirichlet, Neumann or Robin, with
second-order ghost points; the pure Neumann problem with its compatibility condition and gauge."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .. import validate
from .conditions import SIDES, Condition, Value, _cells, _check_condition, _evaluate
from .grids import Grid, square_grid
from .laplacian import _NEIGHBOURS, _numbering, sparse_solve

#: the side a stencil direction (di, dj) leaves the square through
_EXIT_SIDE = {(0, 1): "right", (0, -1): "left", (1, 0): "top", (-1, 0): "bottom"}


def _side_masks(shape: tuple[int, int]) -> dict[str, np.ndarray]:
    ny, nx = shape
    masks = {s: np.zeros(shape, bool) for s in SIDES}
    masks["left"][:, 0] = masks["right"][:, nx - 1] = True
    masks["bottom"][0, :] = masks["top"][ny - 1, :] = True
    return masks


@dataclass
class SquareSolution:
    """Result of :func:`solve_square`: the grid, u (ny, nx), and for a pure Neumann
    problem the compatibility imbalance ∫f + ∮g (trapezoid rule) that was removed."""
    grid: Grid
    u: np.ndarray
    pure_neumann: bool
    imbalance: float = 0.0


def _check_solve_square(h: float, f: Value, sides: dict[str, Condition], *, compatibility_rtol: float = 0.05) -> None:
    _cells("h", h, 2.0)
    validate.positive_float("compatibility_rtol", compatibility_rtol)
    if not isinstance(sides, dict) or set(sides) != set(SIDES):
        raise ValueError(f"sides must be a dict with exactly the keys {list(SIDES)}, got {sides!r}")
    for name in SIDES:
        _check_condition(f"sides[{name!r}]", sides[name])


def _trapezoid_weights(shape: tuple[int, int]) -> np.ndarray:
    """Trapezoid-rule weights on the nodes of the square: 1 inside, ½ on edges, ¼ at corners."""
    w = np.ones(shape)
    w[0, :] *= 0.5
    w[-1, :] *= 0.5
    w[:, 0] *= 0.5
    w[:, -1] *= 0.5
    return w


@validate.checked(_check_solve_square)
def solve_square(h: float, f: Value, sides: dict[str, Condition], *, compatibility_rtol: float = 0.05
                 ) -> SquareSolution:
    """Solve −Δu = f on [−1, 1]² with a condition per side (``sides[name]``, name in SIDES).

    * Dirichlet sides: known values (a corner shared with a Dirichlet side is Dirichlet).
    * Neumann/Robin sides: the side's nodes are unknowns; the missing neighbour is a ghost
      point u_ghost = u_mirror + 2h(g − αu), so that row reads
      (4u − 2u_mirror − u_a − u_b)/h² + 2αu/h = f + 2g/h (both ghosts at a corner) — O(h²).
    * **Pure Neumann** (no Dirichlet side, α = 0 everywhere): a solution exists only if
      ∫_Ω f dx + ∮_∂Ω g ds = 0 (integrate −Δu = f, use the divergence theorem), and then it is
      unique up to a constant.  The imbalance is measured with the trapezoid rule; above
      ``compatibility_rtol`` (relative to ∫|f| + ∮|g|) a ``ValueError`` names f and sides,
      below it the O(h²) quadrature mismatch is removed (f shifted by a constant).  The
      gauge is fixed by the trapezoid mean ∫u = 0.
    """
    grid = square_grid(h)
    h, X, Y = grid.h, grid.X, grid.Y
    side_mask = _side_masks(grid.shape)
    known = np.zeros(grid.shape, bool)
    for name in SIDES:
        if sides[name].kind == "dirichlet":
            known |= side_mask[name]
    unknown = ~known
    u = np.zeros(grid.shape)
    for name in SIDES:                                # Dirichlet values (corners: the last side wins)
        if sides[name].kind == "dirichlet":
            sel = side_mask[name]
            u[sel] = _evaluate(f"sides[{name!r}].value", sides[name].value, X[sel], Y[sel])
    number = _numbering(unknown)
    I, J = np.nonzero(unknown)
    rows_self = number[I, J]
    b = _evaluate("f", f, X[I, J], Y[I, J]).copy()
    diag = np.full(rows_self.size, 4.0 / h**2)
    rows, cols, vals = [], [], []
    ny, nx = grid.shape
    for (di, dj) in _NEIGHBOURS:
        ni, nj = I + di, J + dj
        ghost = (ni < 0) | (ni >= ny) | (nj < 0) | (nj >= nx)
        if ghost.any():                               # the ghost becomes its mirror node
            cond = sides[_EXIT_SIDE[(di, dj)]]
            gi, gj = I[ghost], J[ghost]
            gval = _evaluate(f"sides[{_EXIT_SIDE[(di, dj)]!r}].value", cond.value, X[gi, gj], Y[gi, gj])
            b[ghost] += 2.0 * gval / h
            diag[ghost] += 2.0 * cond.alpha / h
            ni, nj = np.where(ghost, I - di, ni), np.where(ghost, J - dj, nj)
        col = number[ni, nj]
        free = col >= 0
        rows.append(rows_self[free])
        cols.append(col[free])
        vals.append(np.full(int(free.sum()), -1.0 / h**2))   # a mirror gets −1 twice: −2 in all
        b += np.where(free, 0.0, u[ni, nj]) / h**2
    n = rows_self.size
    A = sp.csr_matrix((np.concatenate(vals + [diag]), (np.concatenate(rows + [rows_self]),
                                                        np.concatenate(cols + [rows_self]))), shape=(n, n))
    pure = not known.any() and all(sides[s].alpha == 0 for s in SIDES)
    if not pure:
        u[unknown] = sparse_solve(A, b)
        return SquareSolution(grid, u, False)
    w = _trapezoid_weights(grid.shape)[I, J] * h**2
    imbalance = float(w @ b)                          # = trapezoid(∫f) + trapezoid(∮g)
    scale = float(w @ np.abs(b))
    if abs(imbalance) > compatibility_rtol * scale + 1e-12:
        raise ValueError(
            f"f and sides violate the compatibility condition of the pure Neumann problem: "
            f"∫f dx + ∮g ds = {imbalance:.4g} must be 0 (relative imbalance {abs(imbalance) / scale:.3g} > "
            f"compatibility_rtol = {compatibility_rtol:g}); change f or the Neumann values in sides, "
            f"or make one side Dirichlet")
    b = b - imbalance / w.sum()                       # remove the O(h²) quadrature mismatch
    keep = np.arange(1, n)                            # gauge: pin the first node, then shift the mean
    sol = np.zeros(n)
    sol[keep] = sparse_solve(A[keep][:, keep], b[keep])
    u[unknown] = sol - (w @ sol) / w.sum()
    return SquareSolution(grid, u, True, imbalance)
