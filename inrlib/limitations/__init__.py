"""Chapter 08 — the limitations of implicit neural networks, measured.

The deck closes with three limitations and one definition.  This chapter measures each
claim with the course's own code — chapter 08 measures all the others, so it is the one
chapter that imports them: :mod:`inrlib.implicit` (00), :mod:`inrlib.boundary` (03),
:mod:`inrlib.pinn` (04), :mod:`inrlib.nerf` (05), :mod:`inrlib.liif` (06) — and every
number comes from a function the student has already read.

Lecture section → file (``inrlib/limitations/``):

=====================================================  ==========================================
The deck's closing slides                               (this docstring)
§1 Repetitive training for each sample                  ``per_sample.py``
§2 No bound for detected error                          ``error_bounds.py``
§3 Sometimes, large computation                         ``computation.py``
§4 The definition, revisited                            (the lecture; it reuses the numbers above)
=====================================================  ==========================================

1. **Repetitive training for each sample** — :func:`image_fit_cost` (fit one photo,
   chapter 00), :func:`liif_forward_cost` (one forward pass of the shipped LIIF on a new
   photo, chapter 06), :func:`scene_step_cost` (training steps of chapter 05's hash grid),
   gathered by :func:`time_per_sample_costs`; :func:`break_even_images` says after how
   many images a generalisable model has paid for its own training.
2. **No bound for detected error** — on one problem,
   :math:`-u'' = 4π^2 \\sin(2πx)` on [0, 1], u(0) = 0, u(1) = 1 (exact
   :math:`u = \\sin 2πx + x`): finite differences (:func:`fd_convergence`) converge at
   order 2 *and* obey the a-priori bound of :func:`fd_error_bound`; a PINN's error
   (:func:`pinn_error_study`, :func:`pinn_training_curve`) is whatever training reached.
3. **Sometimes, large computation** — :func:`count_linear_macs`, :func:`frame_cost`,
   :func:`fd_frame_cost`, :func:`frame_costs`: time, network evaluations, multiply-adds
   and memory of one rendered frame (the paper's NeRF MLP, the course's MLP, the hash
   grid) against one finite-difference solve of the same number of values.

Every function returns plain numbers (dataclasses of floats and arrays), never a plot.
"""
from .. import boundary  # noqa: F401  (chapter 03's solver, which the exercise checks reach through this package)
from .computation import (PAPER_COARSE_SAMPLES, PAPER_FINE_SAMPLES, PAPER_SAMPLES, FrameCost, count_linear_macs, fd_frame_cost, frame_cost, frame_costs,
                          parameter_bytes)
from .error_bounds import (PINN_WIDTH, U4_MAX, FDConvergence, PINNStudy, TrainingCurve, fd_convergence,
                           fd_error_bound, is_monotone_decreasing, pinn_error_study, pinn_training_curve,
                           poisson_exact, poisson_rhs)
from .per_sample import (PHOTO, SHIPPED_NERF_STEPS, PerSampleCosts, break_even_images, held_out_photo,
                         image_fit_cost, liif_forward_cost, liif_training_seconds, scene_step_cost,
                         time_per_sample_costs)

__all__ = [
    "FDConvergence", "FrameCost", "PAPER_COARSE_SAMPLES", "PAPER_FINE_SAMPLES", "PAPER_SAMPLES", "PHOTO", "PINNStudy", "PINN_WIDTH", "PerSampleCosts",
    "SHIPPED_NERF_STEPS", "TrainingCurve", "U4_MAX", "break_even_images", "count_linear_macs", "fd_convergence",
    "fd_error_bound", "fd_frame_cost", "frame_cost", "frame_costs", "held_out_photo", "image_fit_cost",
    "is_monotone_decreasing", "liif_forward_cost", "liif_training_seconds", "parameter_bytes", "pinn_error_study",
    "pinn_training_curve", "poisson_exact", "poisson_rhs", "scene_step_cost", "time_per_sample_costs",
]
