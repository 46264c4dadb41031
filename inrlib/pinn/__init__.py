"""Chapter 04 — physics-informed neural networks (PINNs).

A PINN is a coordinate network u_θ(x) trained so that the PDE holds at scattered
*collocation points* (Raissi, Perdikaris & Karniadakis, JCP 2019).  Lecture 04, section by
section:

=====================================================  ====================================
lecture section                                        file
=====================================================  ====================================
1. The idea: the PDE is the loss                       ``losses.py``
2. Geometry and collocation points                     ``geometry.py``
3. Derivatives of a network by autograd                ``autodiff.py``
4. Boundary conditions: soft, hard, the weight w_b     ``losses.py``, ``problems.py`` (1-D),
                                                       ``inrlib/widgets/pinn.py``
5. The diffusion equation, forward                     ``problems.py``, ``experiments.py``
6. The inverse problem: λ from sparse noisy data       ``losses.py`` (PositiveParameter),
                                                       ``experiments.py``
7. Poisson on the L-shape (corner-singular constraint) ``lshape.py``, ``experiments.py``
8. PINN vs FEM, measured                               ``lshape.py`` (chapter 03's reference)
9. L-BFGS: precision and stalls                        ``optim.py`` (:func:`fit`)
10. Residual-based resampling                          ``optim.py``
=====================================================  ====================================

Chapter link: the L-shape part builds on chapter 03 (:mod:`inrlib.boundary`) — its corner
singular function and angle (:func:`inrlib.boundary.corner_singularity`,
:func:`inrlib.boundary.corner_angle`) make the corner-singular hard constraint, and its
shipped fine-grid solution (:func:`inrlib.boundary.load_lshape_solution`) is the reference.
"""
from __future__ import annotations

from .autodiff import gradient, laplacian, partial, second_derivative_x, time_derivative
from .experiments import solve_heat, solve_heat_inverse, solve_lshape_pinn, solve_poisson_1d
from .geometry import Interval, Polygon, SpaceTime, lshape
from .losses import HardConstraint, PositiveParameter, check_residual, mse, relative_l2, weighted_loss
from .lshape import (lshape_corner_feature, lshape_distance, lshape_loss, lshape_model, lshape_reference,
                     poisson_residual)
from .optim import FitResult, fit, resample_by_residual
from .problems import (heat_constraint, heat_exact, heat_residual, heat_samples, poisson_1d_constraint,
                       poisson_1d_exact, poisson_1d_residual)

__all__ = [
    "FitResult", "HardConstraint", "Interval", "Polygon", "PositiveParameter", "SpaceTime", "check_residual", "fit",
    "gradient", "heat_constraint", "heat_exact", "heat_residual", "heat_samples", "laplacian", "lshape",
    "lshape_corner_feature", "lshape_distance", "lshape_loss", "lshape_model", "lshape_reference", "mse", "partial",
    "poisson_1d_constraint", "poisson_1d_exact", "poisson_1d_residual", "poisson_residual", "relative_l2",
    "resample_by_residual", "second_derivative_x", "solve_heat", "solve_heat_inverse", "solve_lshape_pinn",
    "solve_poisson_1d", "time_derivative", "weighted_loss",
]
