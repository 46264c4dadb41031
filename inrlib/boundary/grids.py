"""Node grids on masked domains and boundary detection.

Grid convention: nodes ``x[j] = -1 + j h``, ``y[i] = -1 + i h``; every 2-D array is
indexed ``[i, j]`` = ``[y, x]`` (plot with ``origin="lower"``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from scipy import ndimage

from .. import validate
from .conditions import _cells


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


def _check_find_boundary(inside: np.ndarray) -> None:
    if np.ndim(inside) != 2 or np.asarray(inside).dtype != bool:
        raise ValueError(f"inside must be a 2-D boolean array, got {validate.show(np.asarray(inside))}")


@validate.checked(_check_find_boundary)
def find_boundary(inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split a mask of domain nodes into ``(interior, boundary)``.

    A node is interior when it and its 8 neighbours are in the domain (a 3×3 binary
    erosion; outside the array counts as outside).  The 8-neighbourhood matters at a
    re-entrant corner: the L-shape's corner (0, 0) has all four axis neighbours inside,
    yet it is on ∂Ω — its diagonal neighbour (h, h) is not.
    """
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
