"""§7 Vehicle dynamics: the mass–spring–damper m y'' + c y' + k y = f(t), discretised.

Forward Euler (s → (z − 1)/T) and Tustin (s → (2/T)(z − 1)/(z + 1)) turn the ODE into a
difference equation; :func:`vehicle_step_exact` is the continuous truth to compare with.
"""
from __future__ import annotations

import math

import numpy as np
import scipy.linalg

from .. import validate
from .difference import simulate


def _vehicle(mass, damping, stiffness) -> tuple[float, float, float]:
    """``(m, c, k)`` as floats: mass and stiffness > 0, damping ≥ 0 (else an error naming it)."""
    return (validate.positive_float("mass", mass), validate.non_negative_float("damping", damping),
            validate.positive_float("stiffness", stiffness))


def vehicle_parameters(mass: float, damping: float, stiffness: float) -> dict[str, float]:
    """Natural frequency ω_n = √(k/m), damping ratio ζ = c / (2√(km)) and the continuous
    poles s = −ζω_n ± ω_n√(ζ² − 1) of m y'' + c y' + k y = f."""
    m, c, k = _vehicle(mass, damping, stiffness)
    wn = math.sqrt(k / m)
    return {"omega_n": wn, "zeta": c / (2 * math.sqrt(k * m)), "poles": np.roots([m, c, k]).astype(complex)}


DISCRETIZATIONS = ("euler", "tustin")


def _check_discretize_vehicle(mass, damping, stiffness, dt, *, method="tustin") -> None:
    _vehicle(mass, damping, stiffness)
    validate.positive_float("dt", dt)
    validate.one_of("method", method, DISCRETIZATIONS)


@validate.checked(_check_discretize_vehicle)
def discretize_vehicle(mass: float, damping: float, stiffness: float, dt: float, *,
                       method: str = "tustin") -> dict[str, np.ndarray]:
    """Turn m y'' + c y' + k y = f(t) into a difference equation (input f, output y).

    H(s) = 1 / (m s² + c s + k) with s replaced by

    * ``"euler"`` (forward Euler): s → (z − 1)/T, i.e. y' ≈ (y[n+1] − y[n])/T;
    * ``"tustin"`` (bilinear / trapezoidal): s → (2/T)(z − 1)/(z + 1).

    Forward Euler maps a continuous pole s to z = 1 + sT, Tustin to z = (1 + sT/2)/(1 − sT/2);
    the exact sampled system has z = e^{sT}.

    Returns
    -------
    dict with ``output_coeffs`` (b_0, b_1, b_2) and ``input_coeffs`` (a_0, a_1, a_2), in
    the deck's convention (powers of z^{−1}).
    """
    m, c, k, T = float(mass), float(damping), float(stiffness), float(dt)
    if method == "euler":  # T²·(m s² + c s + k) at s = (z − 1)/T, divided by z²
        out = np.array([m, c * T - 2 * m, m - c * T + k * T**2])
        inp = np.array([0.0, 0.0, T**2])
    else:  # (T²/4)(z+1)²·(m s² + c s + k) at s = 2(z − 1)/(T(z + 1)), divided by z²
        out = np.array([m + c * T / 2 + k * T**2 / 4, -2 * m + k * T**2 / 2, m - c * T / 2 + k * T**2 / 4])
        inp = np.array([1.0, 2.0, 1.0]) * T**2 / 4
    return {"output_coeffs": out, "input_coeffs": inp}


def vehicle_step_exact(t: np.ndarray, mass: float, damping: float, stiffness: float, force: float = 1.0) -> np.ndarray:
    """Exact displacement y(t) of m y'' + c y' + k y = F·u(t) from rest (y(0) = y'(0) = 0).

    With state (y, y'), A = [[0, 1], [−k/m, −c/m]], B = [0, F/m]:
    y(t) = [A^{−1}(e^{At} − I) B]₀, computed with the matrix exponential (any ζ).
    Returns an array of the shape of ``t``.
    """
    m, c, k = _vehicle(mass, damping, stiffness)
    force = validate.real_number("force", force)
    try:
        t = np.asarray(t, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"t must be a 1-D array of times ≥ 0, got {validate.show(t)}") from exc
    if t.ndim != 1 or not np.all(np.isfinite(t)) or np.any(t < 0):
        raise ValueError(f"t must be a 1-D array of finite times ≥ 0, got {validate.show(t)}")
    A = np.array([[0.0, 1.0], [-k / m, -c / m]])
    B = np.array([0.0, force / m])
    Ainv_B = np.linalg.solve(A, B)
    lam, V = np.linalg.eig(A)
    if abs(lam[0] - lam[1]) > 1e-3 * abs(lam).max():
        # distinct poles: e^{At} = V diag(e^{λt}) V⁻¹, so y(t) = Σ_i c_i e^{λ_i t} − [A⁻¹B]₀ (vectorised)
        c = V[0, :] * np.linalg.solve(V, Ainv_B.astype(complex))
        return np.real(np.exp(np.outer(t, lam)) @ c) - Ainv_B[0]
    # (nearly) critically damped: the eigenvectors are ill-conditioned, use the matrix exponential
    return np.array([(scipy.linalg.expm(A * ti) @ Ainv_B - Ainv_B)[0] for ti in t])


def step_input(steps: int, force: float = 1.0, *, method: str = "tustin") -> np.ndarray:
    """Samples of the step force F·u(t) as each method needs them (shape (steps,)).

    Forward Euler uses the value on [nT, (n+1)T), so x[0] = F.  Tustin is the trapezoidal
    rule: it assumes the input is linear between samples, and a jump at t = 0 must be
    sampled at its **mid-value** x[0] = F/2 — with x[0] = F the step effectively starts
    half a sample early and Tustin drops from second to first order.
    """
    validate.one_of("method", method, DISCRETIZATIONS)
    x = np.full(validate.positive_int("steps", steps), validate.real_number("force", force))
    if method == "tustin":
        x[0] /= 2
    return x


def vehicle_step_discrete(steps: int, mass: float, damping: float, stiffness: float, dt: float, *,
                          method: str = "tustin", force: float = 1.0) -> np.ndarray:
    """y[0] … y[steps−1] ≈ y(nT): the discretised vehicle driven by the step force
    (samples from :func:`step_input`)."""
    coeffs = discretize_vehicle(mass, damping, stiffness, dt, method=method)
    return simulate(step_input(steps, force, method=method), **coeffs)
