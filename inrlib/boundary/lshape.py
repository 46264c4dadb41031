"""The deck's problem −Δu = 1 on the L-shape Ω = [−1, 1]² \\ [0, 1]², u = 0 on ∂Ω, and the
singular function that describes u near the re-entrant corner (0, 0).

The corner's polar angle has ONE convention in the course (chapter 04 builds its
corner-singular PINN from the same functions): φ is measured **counter-clockwise** from the
edge {x = 0, y > 0} into Ω — φ = π/2 on the negative x-axis, π on the negative y-axis,
3π/2 on the other edge {y = 0, x > 0}.  Ω is the sector φ ∈ [0, 3π/2]; the removed quarter
[0, 1]² is φ ∈ (3π/2, 2π).
"""
from __future__ import annotations

import math

import numpy as np
import torch

from .. import validate
from .conditions import Value
from .grids import Grid, lshape_grid
from .laplacian import solve_dirichlet

Array = np.ndarray | torch.Tensor


def solve_lshape(h: float, f: Value = 1.0) -> tuple[Grid, np.ndarray]:
    """The deck's problem: −Δu = f (default 1) on Ω = [−1, 1]² \\ [0, 1]², u = 0 on ∂Ω.

    Returns ``(grid, u)`` with u of shape (2/h + 1, 2/h + 1), 0 outside Ω.
    """
    grid = lshape_grid(h)
    return grid, solve_dirichlet(grid, f, 0.0)


def _check_corner(x: Array, y: Array) -> None:
    for name, v in (("x", x), ("y", y)):
        validate.tensor(name, v) if isinstance(v, torch.Tensor) else validate.finite_array(name, v)


@validate.checked(_check_corner)
def corner_angle(x: Array, y: Array) -> Array:
    """φ ∈ [0, 2π) of the point (x, y) around the re-entrant corner, counter-clockwise from
    the edge {x = 0, y > 0}:  φ = (atan2(y, x) − π/2) mod 2π.

    NumPy arrays in, NumPy out; torch tensors in, tensors out (differentiable).
    """
    lib = torch if isinstance(x, torch.Tensor) else np
    return lib.remainder(lib.arctan2(y, x) - math.pi / 2, 2 * math.pi)


@validate.checked(_check_corner)
def corner_singularity(x: Array, y: Array) -> Array:
    """s(r, φ) = r^{2/3} sin(2φ/3), φ from :func:`corner_angle` (so φ ∈ [0, 3π/2] in Ω).

    Harmonic, zero on both edges of the re-entrant corner: the leading term of u near (0, 0)
    (u ≈ c·s).  Its gradient ~ r^{-1/3} is unbounded, which is what limits the FD convergence
    order.  NumPy arrays or torch tensors (chapter 04 builds its hard constraint from it).
    """
    lib = torch if isinstance(x, torch.Tensor) else np
    r = lib.sqrt(x * x + y * y)
    return r ** (2 / 3) * lib.sin(2 * corner_angle.unchecked(x, y) / 3)
