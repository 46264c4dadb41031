"""Chapter 03 — boundary conditions for the Poisson equation.

A PDE alone does not fix its solution; the boundary does.  This module solves

.. math:: -Δu = f \\ \\text{in } Ω, \\qquad
          u = g \\ \\text{(Dirichlet)} \\quad\\text{or}\\quad
          \\frac{∂u}{∂n} = g \\ \\text{(Neumann)} \\quad\\text{or}\\quad
          \\frac{∂u}{∂n} + αu = g \\ \\text{(Robin)} \\ \\text{on } ∂Ω

with the 5-point finite-difference Laplacian, in the order the lecture teaches:

1. :func:`dirichlet`, :func:`neumann`, :func:`robin` — the three kinds of condition;
   :func:`laplacian_1d`, :func:`solve_1d` — the whole story on [0, 1] first: the matrix,
   the boundary values moved to the right-hand side, the Neumann *ghost point*;
2. :class:`Grid`, :func:`square_grid`, :func:`lshape_grid`, :func:`masked_grid`,
   :func:`find_boundary` — node grids on masked domains, boundary detection;
3. :func:`laplacian_matrix`, :func:`assemble_dirichlet`, :func:`solve_dirichlet` — the
   5-point Laplacian as a ``scipy.sparse`` matrix, assembled without a Python loop over
   the grid points, and the Dirichlet problem on any masked domain;
4. :func:`solve_square` — Dirichlet / Neumann / Robin chosen per side of the square,
   second-order ghost points, the pure Neumann problem with its compatibility condition
   and gauge;
5. :func:`solve_lshape`, :func:`successive_differences`, :func:`convergence_order` — the
   deck's problem −Δu = 1 on Ω = [−1, 1]² \\ [0, 1]², u = 0 on ∂Ω, and its corner singularity;
6. :func:`load_lshape_solution`, :func:`lshape_solution_at` — the cached fine-grid solution
   (h = 1/256) that chapter 04 (PINN) is judged against.

Grid convention: nodes ``x[j] = -1 + j h``, ``y[i] = -1 + i h``; every 2-D array is
indexed ``[i, j]`` = ``[y, x]`` (plot with ``origin="lower"``).
"""
from __future__ import annotations

import json
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Union

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy import ndimage

from . import validate
from .checkpoints import sha256_of

Value = Union[float, Callable[..., np.ndarray], np.ndarray]

#: The sides of the square [−1, 1]², in the order used everywhere.
SIDES = ("left", "right", "bottom", "top")
KINDS = ("dirichlet", "neumann", "robin")


# ----------------------------------------------------------------------------- 1. conditions
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


# ----------------------------------------------------------------------------- 1-D first
def laplacian_1d(n: int, h: float) -> sp.csr_matrix:
    """The n×n matrix of −d²/dx² at n interior nodes with homogeneous Dirichlet ends.

    .. math:: (-D^2 u)_k = \\frac{-u_{k-1} + 2u_k - u_{k+1}}{h^2}, \\qquad u_0 = u_{n+1} = 0,

    i.e. ``tridiag(−1, 2, −1) / h²`` (symmetric positive definite).
    """
    n = validate.positive_int("n", n)
    h = validate.positive_float("h", h)
    return sp.diags([-np.ones(n - 1), 2 * np.ones(n), -np.ones(n - 1)], [-1, 0, 1], format="csr") / h**2


def solve_1d(f: Value, h: float, left: Condition | None = None, right: Condition | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    """Solve −u'' = f on [0, 1] with a condition at each end; returns ``(x, u)``, both (m+1,).

    Dirichlet ends are known values moved to the right-hand side.  A Neumann/Robin end
    becomes an unknown with a **ghost point**: at x = 1 (outward normal +x) the central
    difference u'(1) ≈ (u_{m+1} − u_{m−1}) / 2h = g − αu_m gives
    u_{m+1} = u_{m−1} + 2h(g − αu_m), and the equation at the end node becomes

    .. math:: \\frac{2u_m - 2u_{m-1}}{h^2} + \\frac{2α}{h} u_m = f_m + \\frac{2g}{h}

    — second order, unlike the one-sided (u_m − u_{m−1})/h.  Both ends Neumann (α = 0) is
    singular in 1-D and refused (see :func:`solve_square` for the pure Neumann problem).
    """
    m = _cells("h", h, 1.0)
    h = 1.0 / m
    left = _check_condition("left", left if left is not None else dirichlet(0.0))
    right = _check_condition("right", right if right is not None else dirichlet(0.0))
    if left.kind != "dirichlet" and right.kind != "dirichlet" and left.alpha == 0 and right.alpha == 0:
        raise ValueError("left and right cannot both be Neumann: −u'' = f with u' given at both ends fixes u "
                         "only up to a constant (use a Dirichlet or Robin end)")
    x = np.linspace(0.0, 1.0, m + 1)
    fx = _evaluate("f", f, x)
    lo = 1 if left.kind == "dirichlet" else 0
    hi = m - 1 if right.kind == "dirichlet" else m
    n = hi - lo + 1
    A = laplacian_1d(n, h).tolil()
    b = fx[lo:hi + 1].copy()
    u = np.zeros(m + 1)
    for cond, end, inner, row, nb in ((left, 0, 1, 0, 1), (right, m, m - 1, n - 1, n - 2)):
        g = float(_evaluate(f"{'left' if end == 0 else 'right'}.value", cond.value, np.array(x[end])))
        if cond.kind == "dirichlet":
            u[end] = g
            b[row] += g / h**2                       # the known neighbour moves to the right-hand side
        else:                                        # ghost point: the mirror neighbour counts twice
            if n > 1:
                A[row, nb] = -2.0 / h**2
            A[row, row] = 2.0 / h**2 + 2.0 * cond.alpha / h
            b[row] += 2.0 * g / h
    u[lo:hi + 1] = spla.spsolve(A.tocsr(), b)
    return x, u


# ----------------------------------------------------------------------------- 2. grids on masked domains
@dataclass
class Grid:
    """Nodes ``x`` (nx,), ``y`` (ny,) with spacing ``h`` and masks of shape (ny, nx).

    ``inside``: nodes of the closed domain Ω̄.  ``interior``: nodes whose 8 neighbours are
    all in Ω̄ (the unknowns of a Dirichlet problem).  ``boundary``: the rest of Ω̄ (∂Ω).
    """
    h: float
    x: np.ndarray
    y: np.ndarray
    inside: np.ndarray
    name: str = "domain"
    interior: np.ndarray = field(init=False)
    boundary: np.ndarray = field(init=False)

    def __post_init__(self):
        self.interior, self.boundary = find_boundary(self.inside)
        if not self.interior.any():
            raise ValueError(f"inside must contain at least one interior node; the {self.name} mask at "
                             f"h = {self.h:g} has none (use a smaller h or a larger domain)")

    @property
    def shape(self) -> tuple[int, int]:
        return self.inside.shape

    @property
    def X(self) -> np.ndarray:
        """x-coordinate of every node, shape (ny, nx)."""
        return np.broadcast_to(self.x[None, :], self.shape)

    @property
    def Y(self) -> np.ndarray:
        """y-coordinate of every node, shape (ny, nx)."""
        return np.broadcast_to(self.y[:, None], self.shape)

    @property
    def n_unknowns(self) -> int:
        return int(self.interior.sum())

    def index(self, x: float, y: float) -> tuple[int, int]:
        """``(i, j)`` of the node at (x, y); ``ValueError`` if (x, y) is not a node of the grid."""
        for name, v in (("x", x), ("y", y)):
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) or not np.isfinite(v):
                raise TypeError(f"{name} must be a finite number (a node coordinate), got {validate.show(v)}")
        j, i = (x - self.x[0]) / self.h, (y - self.y[0]) / self.h
        if not (abs(j - round(j)) < 1e-6 and abs(i - round(i)) < 1e-6
                and 0 <= round(j) < self.x.size and 0 <= round(i) < self.y.size):
            raise ValueError(f"(x, y) must be a node of the grid (h = {self.h:g}), got ({x:g}, {y:g})")
        return int(round(i)), int(round(j))


def find_boundary(inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split a mask of domain nodes into ``(interior, boundary)``.

    A node is interior when it and its 8 neighbours are in the domain (a 3×3 binary
    erosion; outside the array counts as outside).  The 8-neighbourhood matters at a
    re-entrant corner: the L-shape's corner (0, 0) has all four axis neighbours inside,
    yet it is on ∂Ω — its diagonal neighbour (h, h) is not.
    """
    inside = np.asarray(inside)
    if inside.ndim != 2 or inside.dtype != bool:
        raise ValueError(f"inside must be a 2-D boolean array, got {validate.show(inside)}")
    interior = ndimage.binary_erosion(inside, structure=np.ones((3, 3), bool), border_value=0)
    return interior, inside & ~interior


def masked_grid(h: float, inside: Callable[[np.ndarray, np.ndarray], np.ndarray], name: str = "domain") -> Grid:
    """A node grid of spacing ``h`` on [−1, 1]², keeping the nodes where ``inside(X, Y)``.

    ``inside`` must describe the **closed** domain (boundary included) and return a boolean
    array of the shape of ``X``.
    """
    m = _cells("h", h, 2.0)
    h = 2.0 / m
    if not callable(inside):
        raise TypeError(f"inside must be a function inside(X, Y) returning a boolean mask, got {validate.show(inside)}")
    x = np.linspace(-1.0, 1.0, m + 1)
    X, Y = np.meshgrid(x, x)
    mask = np.asarray(inside(X, Y))
    if mask.shape != X.shape or mask.dtype != bool:
        raise ValueError(f"inside must return a boolean array of shape {X.shape}, got {validate.show(mask)}")
    return Grid(h, x, x.copy(), mask, name)


def square_grid(h: float) -> Grid:
    """All nodes of [−1, 1]² (spacing h, 2/h + 1 per side)."""
    return masked_grid(h, lambda X, Y: np.ones(X.shape, bool), "square")


def lshape_grid(h: float) -> Grid:
    """The deck's L-shape Ω = [−1, 1]² \\ [0, 1]²: the square without its upper-right quarter.

    ``h`` must divide 1, so the re-entrant corner (0, 0) is a node.
    """
    _cells("h", h, 1.0)
    return masked_grid(h, lambda X, Y: ~((X > h / 2) & (Y > h / 2)), "L-shape")


# ----------------------------------------------------------------------------- 3. the 5-point Laplacian
_NEIGHBOURS = ((0, 1), (0, -1), (1, 0), (-1, 0))   # (di, dj): east, west, north, south


def _numbering(mask: np.ndarray) -> np.ndarray:
    """Unknown number of each node (−1 where ``mask`` is False), row-major."""
    number = np.full(mask.shape, -1, dtype=np.int64)
    number[mask] = np.arange(int(mask.sum()))
    return number


def assemble_dirichlet(grid: Grid, f: Value = 1.0, g: Value = 0.0) -> tuple[sp.csr_matrix, np.ndarray]:
    """Linear system ``A u_I = b`` of −Δu = f in Ω, u = g on ∂Ω, at the interior nodes.

    .. math:: \\frac{4u_{i,j} - u_{i+1,j} - u_{i-1,j} - u_{i,j+1} - u_{i,j-1}}{h^2} = f_{i,j}

    A neighbour on the boundary is known (g) and moves to the right-hand side:
    b = f_I + (1/h²) Σ g(boundary neighbours).  ``A`` is (n_I, n_I) CSR, symmetric positive
    definite; ``b`` is (n_I,).  Vectorised: one NumPy operation per stencil direction,
    no loop over grid points.
    """
    if not isinstance(grid, Grid):
        raise TypeError(f"grid must be a Grid (square_grid, lshape_grid, masked_grid), got {grid!r}")
    h = grid.h
    X, Y = grid.X, grid.Y
    number = _numbering(grid.interior)
    I, J = np.nonzero(grid.interior)
    rows_self = number[I, J]
    b = _evaluate("f", f, X[I, J], Y[I, J]).copy()
    G = np.zeros(grid.shape)
    G[grid.boundary] = _evaluate("g", g, X[grid.boundary], Y[grid.boundary])
    rows, cols, vals = [rows_self], [rows_self], [np.full(rows_self.size, 4.0 / h**2)]
    for di, dj in _NEIGHBOURS:
        ni, nj = I + di, J + dj                       # interior nodes never sit on the array edge
        col = number[ni, nj]
        unknown = col >= 0
        rows.append(rows_self[unknown])
        cols.append(col[unknown])
        vals.append(np.full(int(unknown.sum()), -1.0 / h**2))
        b += np.where(unknown, 0.0, G[ni, nj]) / h**2
    n = rows_self.size
    A = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    return A, b


def laplacian_matrix(grid: Grid) -> sp.csr_matrix:
    """The 5-point −Δ_h on the interior nodes of ``grid`` with u = 0 on the boundary, (n_I, n_I)."""
    return assemble_dirichlet(grid, 0.0, 0.0)[0]


def solve_dirichlet(grid: Grid, f: Value = 1.0, g: Value = 0.0) -> np.ndarray:
    """Solve −Δu = f in Ω, u = g on ∂Ω; returns u on the whole grid (ny, nx), 0 outside Ω̄.

    Sparse direct solve (SuperLU) with a minimum-degree ordering for the symmetric pattern.
    """
    A, b = assemble_dirichlet(grid, f, g)
    u = np.zeros(grid.shape)
    u[grid.boundary] = _evaluate("g", g, grid.X[grid.boundary], grid.Y[grid.boundary])
    u[grid.interior] = sparse_solve(A, b)
    return u


def sparse_solve(A: sp.spmatrix, b: np.ndarray) -> np.ndarray:
    """Direct solve of a sparse system whose sparsity pattern is symmetric (as all here).

    SuperLU with the ``MMD_AT_PLUS_A`` ordering: for a 5-point Laplacian it fills in less
    than spsolve's default (COLAMD), so it is faster on the same matrix.
    """
    if not (sp.issparse(A) or isinstance(A, np.ndarray)) or A.ndim != 2 or A.shape[0] != A.shape[1] \
            or A.dtype.kind not in "biuf":
        raise TypeError(f"A must be a square sparse matrix of real numbers, got {validate.show(A)}")
    b = validate.finite_array("b", b, ndim=1)
    if b.shape[0] != A.shape[0]:
        raise ValueError(f"b must have {A.shape[0]} entries to match A of shape {A.shape}, got {validate.show(b)}")
    try:
        lu = spla.splu(sp.csc_matrix(A, dtype=float), permc_spec="MMD_AT_PLUS_A", options={"SymmetricMode": True})
    except RuntimeError as exc:  # SuperLU: "Factor is exactly singular"
        raise ValueError(f"A is singular ({exc}): check the boundary conditions, e.g. pure Neumann") from exc
    return lu.solve(b.astype(float))


# ----------------------------------------------------------------------------- 4. per-side conditions on the square
def _side_masks(shape: tuple[int, int]) -> dict[str, np.ndarray]:
    ny, nx = shape
    masks = {s: np.zeros(shape, bool) for s in SIDES}
    masks["left"][:, 0] = masks["right"][:, nx - 1] = True
    masks["bottom"][0, :] = masks["top"][ny - 1, :] = True
    return masks


#: the side a stencil direction (di, dj) leaves the square through
_EXIT_SIDE = {(0, 1): "right", (0, -1): "left", (1, 0): "top", (-1, 0): "bottom"}


@dataclass
class SquareSolution:
    """Result of :func:`solve_square`: the grid, u (ny, nx), and for a pure Neumann
    problem the compatibility imbalance ∫f + ∮g (trapezoid rule) that was removed."""
    grid: Grid
    u: np.ndarray
    pure_neumann: bool
    imbalance: float = 0.0


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
    m = _cells("h", h, 2.0)
    compatibility_rtol = validate.positive_float("compatibility_rtol", compatibility_rtol)
    if not isinstance(sides, dict) or set(sides) != set(SIDES):
        raise ValueError(f"sides must be a dict with exactly the keys {list(SIDES)}, got {sides!r}")
    for name in SIDES:
        _check_condition(f"sides[{name!r}]", sides[name])
    grid = square_grid(2.0 / m)
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
    imbalance = 0.0
    if pure:
        w = np.ones(grid.shape)                       # trapezoid weights: ½ on edges, ¼ at corners
        w[0, :] *= 0.5; w[-1, :] *= 0.5; w[:, 0] *= 0.5; w[:, -1] *= 0.5
        w = w[I, J] * h**2
        imbalance = float(w @ b)                      # = trapezoid(∫f) + trapezoid(∮g)
        scale = float(w @ np.abs(b))
        if abs(imbalance) > compatibility_rtol * scale + 1e-12:
            raise ValueError(
                f"f and sides violate the compatibility condition of the pure Neumann problem: "
                f"∫f dx + ∮g ds = {imbalance:.4g} must be 0 (relative imbalance {abs(imbalance) / scale:.3g} > "
                f"compatibility_rtol = {compatibility_rtol:g}); change f or the Neumann values in sides, "
                f"or make one side Dirichlet")
        b = b - imbalance / w.sum()                   # remove the O(h²) quadrature mismatch
        keep = np.arange(1, n)                        # gauge: pin the first node, then shift the mean
        sol = np.zeros(n)
        sol[keep] = sparse_solve(A[keep][:, keep], b[keep])
        sol -= (w @ sol) / w.sum()
    else:
        sol = sparse_solve(A, b)
    u[unknown] = sol
    return SquareSolution(grid, u, pure, imbalance)


# ----------------------------------------------------------------------------- 5. the L-shape and convergence
def solve_lshape(h: float, f: Value = 1.0) -> tuple[Grid, np.ndarray]:
    """The deck's problem: −Δu = f (default 1) on Ω = [−1, 1]² \\ [0, 1]², u = 0 on ∂Ω.

    Returns ``(grid, u)`` with u of shape (2/h + 1, 2/h + 1), 0 outside Ω.
    """
    grid = lshape_grid(h)
    return grid, solve_dirichlet(grid, f, 0.0)


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


def corner_singularity(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """r^{2/3} sin(2θ/3), θ ∈ [0, 3π/2] measured **clockwise** from the edge y = 0, x > 0 of
    the L-shape (so θ = π/2 on the negative y-axis, π on the negative x-axis, 3π/2 on the
    other corner edge x = 0, y > 0; the removed quarter [0, 1]² is θ ∈ (3π/2, 2π)).

    Harmonic, zero on both edges of the re-entrant corner: the leading term of u near (0, 0).
    Its gradient ~ r^{-1/3} is unbounded, which is what limits the FD convergence order.
    """
    x, y = validate.finite_array("x", x), validate.finite_array("y", y)
    r = np.hypot(x, y)
    theta = np.mod(-np.arctan2(y, x), 2 * np.pi)
    return r ** (2 / 3) * np.sin(2 * theta / 3)


# ----------------------------------------------------------------------------- 6. the cached fine-grid solution
DATA_DIR = Path(__file__).resolve().parent / "data_files"
LSHAPE_FILE = DATA_DIR / "lshape_poisson_h256.npz"
LSHAPE_H = 1 / 256
LSHAPE_COMMAND = "python -m inrlib.boundary --write-lshape"


def _write_npz_deterministic(path: Path, **arrays: np.ndarray) -> None:
    """Like ``np.savez_compressed``, but with fixed zip timestamps so the bytes (and sha256)
    depend only on the arrays."""
    import io

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.array(arr, order="C"), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def write_lshape_solution(path: str | Path = LSHAPE_FILE, h: float = LSHAPE_H) -> Path:
    """Solve the L-shape problem at ``h`` and store u (float32, 0 outside Ω) with a sha256
    manifest beside it (``<name>.json``).  Deterministic: same arrays → same bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    grid, u = solve_lshape(h)
    _write_npz_deterministic(path, u=u.astype(np.float32), h=np.array(grid.h))
    meta = {"file": path.name, "sha256": sha256_of(path), "bytes": path.stat().st_size, "h": grid.h,
            "problem": "-Δu = 1 on [-1,1]^2 \\ [0,1]^2, u = 0 on the boundary; 5-point FD",
            "command": LSHAPE_COMMAND}
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load_lshape_solution(path: str | Path = LSHAPE_FILE) -> tuple[Grid, np.ndarray]:
    """The shipped FD solution of the L-shape problem at h = 1/256 (513×513, float64 copy of
    float32 values), verified against its sha256.  Loads in well under a second.

    Returns ``(grid, u)`` like :func:`solve_lshape`.  Rebuild the file with
    ``python -m inrlib.boundary --write-lshape``.
    """
    path = Path(validate.path("path", path))
    meta_path = path.with_suffix(".json")
    if not path.exists() or not meta_path.exists():
        raise FileNotFoundError(f"{path} (or its .json) is missing; recreate it with: {LSHAPE_COMMAND}")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    digest = sha256_of(path)
    if digest != meta["sha256"]:
        raise ValueError(f"{path.name} failed verification: sha256 {digest[:12]}… differs from "
                         f"{meta['sha256'][:12]}… in {meta_path.name}; recreate it with: {LSHAPE_COMMAND}")
    with np.load(path, allow_pickle=False) as data:
        u, h = data["u"].astype(np.float64), float(data["h"])
    return lshape_grid(h), u


def lshape_solution_at(points: np.ndarray, path: str | Path = LSHAPE_FILE) -> np.ndarray:
    """Bilinear interpolation of the shipped L-shape solution at ``points`` (N, 2) in [−1, 1]².

    u is extended by 0 to the removed quarter (continuous, since u = 0 on ∂Ω), so every
    point of the square has a value.  Interpolation error ≲ h² ‖∇²u‖ away from the corner.
    """
    from scipy.interpolate import RegularGridInterpolator

    try:
        pts = np.asarray(points, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"points must be an array of shape (N, 2) of numbers, got {validate.show(points)}") from None
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"points must have shape (N, 2), got {validate.show(pts)}")
    if not np.all(np.isfinite(pts)) or np.any(np.abs(pts) > 1 + 1e-12):
        raise ValueError("points must be finite and lie in [-1, 1]^2")
    grid, u = load_lshape_solution(path)
    interp = RegularGridInterpolator((grid.y, grid.x), u, method="linear")
    return interp(np.clip(pts[:, ::-1], -1, 1))


def _main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-lshape", action="store_true", help=f"rewrite {LSHAPE_FILE.name}")
    args = parser.parse_args(argv)
    if args.write_lshape:
        path = write_lshape_solution()
        print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB), sha256 {sha256_of(path)}")
    else:
        parser.print_help()


if __name__ == "__main__":
    _main()
