"""Chapter 01 — difference equations and the z-transform.

A linear, time-invariant (LTI) discrete system is a difference equation.  The deck writes
it, and this package names its coefficients, as

.. math:: \\sum_{k=0}^{N} b_k\\, y[n-k] = \\sum_{k=0}^{M} a_k\\, x[n-k], \\qquad
          H(z) = \\frac{Y(z)}{X(z)} = \\frac{\\sum_{k=0}^{M} a_k z^{-k}}{\\sum_{k=0}^{N} b_k z^{-k}} .

**Warning — names.**  The deck's ``b`` multiplies the *output* and its ``a`` the *input*:
the **opposite** of ``scipy.signal.lfilter(b, a, x)``, where ``b`` is the numerator
(input side) and ``a`` the denominator (output side).  Every function here therefore takes
keyword-only arguments with self-explaining names:

* ``output_coeffs`` — the deck's :math:`b_k`, multiplying :math:`y[n-k]` (denominator of H);
* ``input_coeffs``  — the deck's :math:`a_k`, multiplying :math:`x[n-k]` (numerator of H).

:func:`scipy_ba` converts them to scipy's ``(b, a)`` explicitly.

Lecture 01, section by section → file:

====================================================================  =====================
§1 A difference equation is a system (H(z), simulate, scipy's names)  ``difference.py``
§2 The z-transform and its region of convergence (ROC, the table)     ``transform.py``
§3 Back again: inverse z-transform by partial fractions               ``inverse.py``
§4 Poles, zeros, stability and the frequency response                 ``poles.py``
§5 The properties table, row by row; initial and final value theorems ``properties.py``
§6 "The amplitude of the input signal doesn't affect the result!"     ``difference.py``
§7 Vehicle dynamics: the ODE discretised (Euler, Tustin) and exact    ``vehicle.py``
§8 Explore                                                            ``inrlib/widgets/ztransform.py``
====================================================================  =====================

The symbols :data:`z` and :data:`n` live in ``symbols.py``.  Every name is re-exported here,
so ``from inrlib import ztransform as zt; zt.simulate(...)`` works as before.
"""
from __future__ import annotations

from .difference import impulse_response, scipy_ba, simulate, transfer_function
from .inverse import inverse_ztransform, sequence_values
from .poles import frequency_response, is_stable, poles_zeros
from .properties import (PROPERTIES, accumulation, conjugation, convolution, differencing, downsampling,
                         final_value, final_value_theorem_applies, initial_value, linearity, modulation,
                         time_reversal, translation, upsampling, z_differentiation)
from .symbols import n, z
from .transform import ROC, TABLE, ZTransform, evaluate_sequence_ztransform, finite_ztransform, ztransform
from .vehicle import (DISCRETIZATIONS, discretize_vehicle, step_input, vehicle_parameters, vehicle_step_discrete,
                      vehicle_step_exact)

__all__ = [
    "DISCRETIZATIONS", "PROPERTIES", "ROC", "TABLE", "ZTransform", "accumulation", "conjugation", "convolution",
    "differencing", "discretize_vehicle", "downsampling", "evaluate_sequence_ztransform", "final_value",
    "final_value_theorem_applies", "finite_ztransform", "frequency_response", "impulse_response", "initial_value",
    "inverse_ztransform", "is_stable", "linearity", "modulation", "n", "poles_zeros", "scipy_ba", "sequence_values",
    "simulate", "step_input", "time_reversal", "transfer_function", "translation", "upsampling", "vehicle_parameters",
    "vehicle_step_discrete", "vehicle_step_exact", "z", "z_differentiation", "ztransform",
]
