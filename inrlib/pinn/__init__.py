"""Chapter 04 — physics-informed neural networks (PINNs).

A PINN is a coordinate network u_θ(x) trained so that the PDE holds at scattered
*collocation points* (Raissi, Perdikaris & Karniadakis, JCP 2019).  Lecture 04, section by
section:

==========================================================  ====================================
lecture section                                             file
==========================================================  ====================================
Opening: PDE and implicit neural networks (solve vs learn)  —
1. The idea: the PDE is the loss (a PINN in plain torch)    ``losses.py``
2. Geometry and collocation points                          ``geometry.py``
3. Derivatives of a network by autograd                     ``autodiff.py``
4. Boundary conditions: soft, hard, the weight w_b          ``losses.py``, ``problems.py`` (1-D),
                                                            ``inrlib/widgets/pinn.py``
5. The diffusion equation, forward                          ``problems.py``, ``experiments.py``
6. The inverse problem: λ from sparse noisy data            ``losses.py`` (PositiveParameter),
                                                            ``experiments.py``
7. Poisson on the L-shape (corner-singular constraint)      ``lshape.py``, ``experiments.py``
8. PINN vs FEM, measured                                    ``lshape.py`` (chapter 03's reference)
9. Maxwell's equations: PINN vs the Yee FDTD solver         ``yee.py`` (the conventional solver),
                                                            ``maxwell.py`` (the PINN)
10. Residual-based resampling                               ``optim.py``
Instructor appendix: L-BFGS, float32 stalls                 ``optim.py`` (:func:`fit`)
==========================================================  ====================================

Chapter link: the L-shape part builds on chapter 03 (:mod:`inrlib.boundary`) — its corner
singular function and angle (:func:`inrlib.boundary.corner_singularity`,
:func:`inrlib.boundary.corner_angle`) make the corner-singular hard constraint, and its
shipped fine-grid solution (:func:`inrlib.boundary.load_lshape_solution`) is the reference.
The Yee scheme of section 9 is chapter 02's idea — centred differences, a stability limit
on Δt — applied to a first-order system on a staggered grid; it needs nothing from
:mod:`inrlib.fdm`, so it lives here beside the PINN it is compared with.
"""
from __future__ import annotations

from .autodiff import gradient, laplacian, partial, second_derivative_x, time_derivative
from .experiments import solve_heat, solve_heat_inverse, solve_lshape_pinn, solve_poisson_1d
from .geometry import Interval, Polygon, SpaceTime, lshape
from .losses import HardConstraint, PositiveParameter, check_residual, mse, relative_l2, weighted_loss
from .maxwell import MaxwellConstraint, maxwell_residual, pinn_fields, solve_maxwell_pinn
from .lshape import (lshape_corner_feature, lshape_distance, lshape_loss, lshape_model, lshape_reference,
                     poisson_residual)
from .optim import FitResult, fit, resample_by_residual
from .problems import (heat_constraint, heat_exact, heat_residual, heat_samples, poisson_1d_constraint,
                       poisson_1d_exact, poisson_1d_residual)
from .yee import YeeSolution, standing_wave, yee, yee_error, yee_order

__all__ = [
    "check_residual", "fit", "FitResult", "gradient", "HardConstraint", "heat_constraint", "heat_exact",
    "heat_residual", "heat_samples", "Interval", "laplacian", "lshape", "lshape_corner_feature", "lshape_distance",
    "lshape_loss", "lshape_model", "lshape_reference", "maxwell_residual", "MaxwellConstraint", "mse", "partial",
    "pinn_fields", "poisson_1d_constraint", "poisson_1d_exact", "poisson_1d_residual", "poisson_residual",
    "Polygon", "PositiveParameter", "relative_l2", "resample_by_residual", "second_derivative_x", "solve_heat",
    "solve_heat_inverse", "solve_lshape_pinn", "solve_maxwell_pinn", "solve_poisson_1d", "SpaceTime",
    "standing_wave", "time_derivative", "weighted_loss", "yee", "yee_error", "yee_order", "YeeSolution",
]
