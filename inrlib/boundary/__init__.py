"""Chapter 03 — boundary conditions for the Poisson equation.

A PDE alone does not fix its solution; the boundary does.  This package solves

.. math:: -Δu = f \\ \\text{in } Ω, \\qquad
          u = g \\ \\text{(Dirichlet)} \\quad\\text{or}\\quad
          \\frac{∂u}{∂n} = g \\ \\text{(Neumann)} \\quad\\text{or}\\quad
          \\frac{∂u}{∂n} + αu = g \\ \\text{(Robin)} \\ \\text{on } ∂Ω

with the 5-point finite-difference Laplacian.  Lecture 03, section by section:

====================================================  =====================================
lecture section                                       file
====================================================  =====================================
1. A PDE needs its boundary                           ``conditions.py``
2. One dimension first (the ghost point)              ``one_d.py``
3. Grids on masked domains                            ``grids.py``
4. The 5-point Laplacian as a sparse matrix           ``laplacian.py``
5. A condition per side · 6. Pure Neumann             ``square.py``
7. Explore: a condition per side                      ``inrlib/widgets/boundary.py``
8. The L-shape · 9. its corner singularity            ``lshape.py``
9. Convergence (successive differences, the order)    ``convergence.py``
10. A cached fine solution for chapter 04             ``reference.py``
11. Speed (assembly + sparse direct solve)            ``laplacian.py``
command line (``python -m inrlib.boundary``)          ``__main__.py``
====================================================  =====================================

Chapter 04 (PINNs) uses two things from here: the shipped reference solution
(:func:`load_lshape_solution`) and the corner's singular function and angle
(:func:`corner_singularity`, :func:`corner_angle`).

Grid convention: nodes ``x[j] = -1 + j h``, ``y[i] = -1 + i h``; every 2-D array is
indexed ``[i, j]`` = ``[y, x]`` (plot with ``origin="lower"``).
"""
from __future__ import annotations

from .conditions import KINDS, SIDES, Condition, Value, dirichlet, neumann, robin
from .convergence import convergence_order, grid_norms, restrict, successive_differences
from .grids import Grid, find_boundary, lshape_grid, masked_grid, square_grid
from .laplacian import assemble_dirichlet, laplacian_matrix, solve_dirichlet, sparse_solve
from .lshape import corner_angle, corner_singularity, solve_lshape
from .one_d import laplacian_1d, solve_1d
from .reference import LSHAPE_COMMAND, LSHAPE_FILE, LSHAPE_H, load_lshape_solution, lshape_solution_at, \
    write_lshape_solution
from .square import SquareSolution, solve_square

__all__ = [
    "KINDS", "LSHAPE_COMMAND", "LSHAPE_FILE", "LSHAPE_H", "SIDES", "Condition", "Grid", "SquareSolution", "Value",
    "assemble_dirichlet", "convergence_order", "corner_angle", "corner_singularity", "dirichlet", "find_boundary",
    "grid_norms", "laplacian_1d", "laplacian_matrix", "load_lshape_solution", "lshape_grid", "lshape_solution_at",
    "masked_grid", "neumann", "restrict", "robin", "solve_1d", "solve_dirichlet", "solve_lshape", "solve_square",
    "sparse_solve", "square_grid", "successive_differences", "write_lshape_solution",
]
