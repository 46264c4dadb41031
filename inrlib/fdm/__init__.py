"""Chapter 02 — the finite difference method (FDM).

Discretise the space, then replace derivatives by differences of samples.  Taylor's
theorem says how good the replacement is,

.. math:: f(x+h) = f(x) + h f'(x) + \\frac{h^2}{2} f''(x) + \\frac{h^3}{6} f'''(x) + \\dots

so :math:`[f(x+h) - f(x)]/h = f'(x) + O(h)` and :math:`[f(x+h) - f(x-h)]/(2h) = f'(x) + O(h^2)`.

Lecture 02, section by section → file:

=======================================================================  ============================
§0 What a PDE is: Maxwell's equations, the integral theorems, the        ``pde.py``
   material derivative and the continuity equation (SymPy)
§1 The finite difference method: three first-derivative formulas, one   ``formulas.py``
   second
§2 Any stencil: weights from the Taylor moments (Fornberg), its order    ``stencils.py``
§3 Orders, measured (log–log slopes)                                     ``errors.py``
§4 "We need to set the grid size h": the round-off floor                 ``errors.py``
§5 "We need the initial value": stepping an ODE (Euler, Heun)            ``ivp.py``
§6 The diffusion equation: FTCS, its stability, the θ-scheme             ``heat_schemes.py``
§6 … solved, the exact solution, convergence in space and time           ``heat_solutions.py``
Explorers (move h, move Δt)                                              ``inrlib/widgets/fdm.py``
=======================================================================  ============================

Every name is re-exported here, so ``from inrlib import fdm; fdm.central_difference(...)``
works as before.
"""
from __future__ import annotations

from .errors import best_step, difference_errors, fit_order, predicted_best_step
from .formulas import FORMULAS, backward_difference, central_difference, forward_difference, second_difference
from .heat_schemes import (FTCS_LIMIT, HEAT_METHODS, ftcs_step, laplacian_1d, largest_stable_dt, stability_number,
                           theta_matrices, theta_step)
from .heat_solutions import (HeatSolution, StabilityWarning, heat_error, heat_exact, heat_grid, semidiscrete_decay,
                             solve_heat)
from .ivp import IVP_METHODS, euler_step, heun_step, integrate
from .pde import (continuity_residual, curl, divergence, divergence_theorem, gradient, material_derivative,
                  maxwell_residuals, plane_wave, stokes_theorem)
from .stencils import apply_stencil, stencil_order, stencil_weights

__all__ = [
    "FORMULAS", "FTCS_LIMIT", "HEAT_METHODS", "IVP_METHODS", "HeatSolution", "StabilityWarning", "apply_stencil",
    "backward_difference", "best_step", "central_difference", "continuity_residual", "curl", "difference_errors",
    "divergence", "divergence_theorem", "gradient", "material_derivative", "maxwell_residuals", "plane_wave",
    "stokes_theorem", "euler_step", "fit_order",
    "forward_difference", "ftcs_step", "heat_error", "heat_exact", "heat_grid", "heun_step", "integrate",
    "laplacian_1d", "largest_stable_dt", "predicted_best_step", "second_difference", "semidiscrete_decay",
    "solve_heat", "stability_number", "stencil_order", "stencil_weights", "theta_matrices", "theta_step",
]
