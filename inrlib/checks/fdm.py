"""Checks for chapter 02's exercises (``exercises/02_fdm.ipynb``)."""
from __future__ import annotations

import math

import numpy as np

from . import check_against_reference, diagnose_by_mistakes, never_crash
from .. import fdm


def _poly(x):
    return 0.5 * x**3 - x**2 + 2 * x - 1


# ----------------------------------------------------------------------------- exercise 1: central difference
def reference_central_difference(f, x, h):
    """[f(x+h) − f(x−h)] / (2h)."""
    return fdm.central_difference(f, x, h)


@never_crash
def check_central_difference(student) -> bool:
    """Exercise 1: ``central_difference(f, x, h)`` for scalar and array ``x``."""
    cases = [(np.sin, np.linspace(0, 3, 7), 0.1), (np.exp, 0.5, 0.01), (_poly, np.array([-1.0, 0.0, 2.0]), 0.25)]
    mistakes = [
        (lambda f, x, h: (f(x + h) - f(x - h)) / h, "the two points are 2h apart: divide by 2h, not h."),
        (lambda f, x, h: (f(x + h) - f(x)) / h, "that is the forward difference; use f(x+h) and f(x−h)."),
        (lambda f, x, h: (f(x) - f(x - h)) / h, "that is the backward difference; use f(x+h) and f(x−h)."),
        (lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h * h), "divide by 2h once, not by 2h²."),
    ]
    return check_against_reference(
        "central_difference", student, reference_central_difference, cases,
        describe=lambda a: f"f={getattr(a[0], '__name__', 'f')}, x={a[1]!r}, h={a[2]}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, mistakes, rtol=1e-8, atol=1e-10),
        rtol=1e-8, atol=1e-10)


# ----------------------------------------------------------------------------- exercise 2: the order, measured
def reference_fit_order(hs, errors) -> float:
    """Slope of the least-squares line through (log h, log error)."""
    return fdm.fit_order(hs, errors)


@never_crash
def check_fit_order(student) -> bool:
    """Exercise 2: ``fit_order(hs, errors)`` = observed order p (error ≈ C h^p)."""
    rng = np.random.default_rng(0)
    hs = np.logspace(-3, -1, 7)
    cases = [(hs, 0.2 * hs), (hs, 3.0 * hs**2), (hs[:4], 0.01 * hs[:4] ** 4),
             (hs, 0.5 * hs**2 * np.exp(0.1 * rng.standard_normal(7)))]
    mistakes = [
        (lambda h, e: float(np.polyfit(np.log(e), np.log(h), 1)[0]),
         "the axes are swapped: regress log(error) on log(h), i.e. np.polyfit(np.log(hs), np.log(errors), 1)."),
        (lambda h, e: float(np.polyfit(h, e, 1)[0]), "fit a line to the logarithms, not to h and the errors themselves."),
        (lambda h, e: float(np.polyfit(np.log(h), np.log(e), 1)[1]),
         "np.polyfit returns [slope, intercept]: take element 0."),
    ]
    return check_against_reference(
        "fit_order", student, reference_fit_order, cases,
        describe=lambda a: f"{len(a[0])} points with error ≈ C·h^{reference_fit_order(*a):.2f}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, mistakes, rtol=1e-6, atol=1e-6),
        rtol=1e-6, atol=1e-6)


# ----------------------------------------------------------------------------- exercise 3: predict the best h
def reference_predicted_best_h(eps: float, order: int = 2, derivative: int = 1) -> float:
    """h* ≈ ε^{1/(p+m)}: truncation C h^p balances round-off ε/h^m."""
    return fdm.predicted_best_step(order, derivative, eps)


@never_crash
def check_predicted_best_h(student) -> bool:
    """Exercise 3: ``predicted_best_h(eps, order, derivative)``."""
    # the first case tells every prepared mistake apart (p = 2 would make ε^(1/p) and √ε coincide)
    cases = [(1e-10, 4, 1), (2.2e-16, 2, 1), (1.2e-7, 2, 1), (2.2e-16, 1, 1), (2.2e-16, 2, 2)]
    mistakes = [
        (lambda e, p, m: e ** (1 / p), "round-off grows like ε/h^m, so balance C·h^p against ε/h^m: the exponent is 1/(p+m)."),
        (lambda e, p, m: math.sqrt(e), "√ε is the forward-difference answer (p = m = 1); use 1/(p+m) in general."),
        (lambda e, p, m: e ** (1 / (p + m + 1)), "the exponent is 1/(p+m): error ≈ h^p + ε/h^m is smallest when h^(p+m) ≈ ε."),
    ]
    return check_against_reference(
        "predicted_best_h", student, reference_predicted_best_h, cases,
        describe=lambda a: f"eps={a[0]:g}, order={a[1]}, derivative={a[2]}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, mistakes, rtol=1e-6, atol=0),
        rtol=1e-6, atol=0)


# ----------------------------------------------------------------------------- exercise 4: the FTCS limit
def reference_largest_stable_dt(dx: float, lam: float) -> float:
    """Δt_max = Δx² / (2λ), from r = λΔt/Δx² ≤ ½."""
    return fdm.largest_stable_dt(dx, lam)


@never_crash
def check_largest_stable_dt(student) -> bool:
    """Exercise 4: ``largest_stable_dt(dx, lam)``."""
    cases = [(0.1, 1.0), (0.025, 1.0), (0.01, 0.3), (0.2, 4.0)]
    mistakes = [
        (lambda dx, lam: dx / (2 * lam), "Δx enters squared: r = λΔt/Δx²."),
        (lambda dx, lam: dx**2 / lam, "the limit is r ≤ ½, not r ≤ 1: divide by 2λ."),
        (lambda dx, lam: dx**2 * lam / 2, "divide by λ: a faster diffusion needs a smaller step."),
        (lambda dx, lam: 2 * lam / dx**2, "you inverted it: Δt = r·Δx²/λ with r = ½."),
    ]
    return check_against_reference(
        "largest_stable_dt", student, reference_largest_stable_dt, cases,
        describe=lambda a: f"dx={a[0]}, lam={a[1]}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, mistakes, rtol=1e-8, atol=0),
        rtol=1e-8, atol=0)


# ----------------------------------------------------------------------------- exercise 5: one implicit step
def reference_implicit_step(u, r):
    """One backward-Euler step: (I − rA) u_new = u + r·b on the interior, end values kept."""
    return fdm.theta_step(np.asarray(u, dtype=float), r, 1.0)


@never_crash
def check_implicit_step(student) -> bool:
    """Exercise 5: ``implicit_step(u, r)`` — backward Euler, Dirichlet ends kept."""
    rng = np.random.default_rng(1)
    x = np.linspace(0, 1, 11)
    cases = [(np.sin(np.pi * x), 0.25), (np.sin(np.pi * x), 4.0), (rng.standard_normal(7), 1.0),
             (np.concatenate([[1.0], rng.random(6), [0.5]]), 10.0)]

    def no_ends(u, r):
        return fdm.theta_step(np.concatenate([[0.0], np.asarray(u, float)[1:-1], [0.0]]), r, 1.0) + \
            np.concatenate([[u[0]], np.zeros(len(u) - 2), [u[-1]]])

    def wrong_sign(u, r):
        u = np.asarray(u, float)
        n = u.size - 2
        a = fdm.laplacian_1d(n).toarray()
        b = np.zeros(n)
        b[0], b[-1] = u[0], u[-1]
        out = u.copy()
        out[1:-1] = np.linalg.solve(np.eye(n) + r * a, u[1:-1] - r * b)
        return out

    mistakes = [
        (lambda u, r: fdm.ftcs_step(np.asarray(u, float), r),
         "that is the explicit (FTCS) step; the implicit step solves (I − rA)·u_new = u_old for u_new."),
        (lambda u, r: fdm.theta_step(np.asarray(u, float), r, 0.5),
         "that is Crank–Nicolson (half old, half new); backward Euler puts the whole second difference at the new time."),
        (wrong_sign, "check the sign: u_new − r·(second difference of u_new) = u_old, so the matrix is I − rA."),
        (no_ends, "the end values u[0], u[-1] enter the first and last equations: add r·u[0] and r·u[-1] to the right-hand side."),
    ]
    return check_against_reference(
        "implicit_step", student, reference_implicit_step, cases,
        describe=lambda a: f"u of length {len(a[0])} with ends ({a[0][0]:.2g}, {a[0][-1]:.2g}), r={a[1]}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, mistakes, rtol=1e-7, atol=1e-9),
        rtol=1e-7, atol=1e-9)


# ----------------------------------------------------------------------------- exercise 6 (stretch): any stencil
def reference_stencil_weights(offsets, derivative):
    """Weights w with Σ w_j f(x + s_j) ≈ f^(m)(x) (h = 1)."""
    return fdm.stencil_weights(offsets, derivative)


@never_crash
def check_stencil_weights(student) -> bool:
    """Stretch: ``stencil_weights(offsets, derivative)`` for h = 1, against Fornberg's algorithm."""
    cases = [([-1, 0, 1], 1), ([-1, 0, 1], 2), ([0, 1, 2], 1), ([-2, -1, 0, 1, 2], 2), ([0, 1, 2, 3], 3),
             ([-1.5, -0.5, 0.5, 1.5], 1)]

    def vander(s, m, factorial=True, transpose=True):
        s = np.asarray(s, float)
        v = np.vander(s, increasing=True)
        rhs = np.eye(len(s))[m] * (math.factorial(m) if factorial else 1)
        return np.linalg.solve(v.T if transpose else v, rhs)

    mistakes = [
        (lambda s, m: vander(s, m, factorial=False),
         "the Taylor moment conditions are Σ w_j s_j^k = m!·δ_km: multiply the right-hand side by m! (factorial)."),
        (lambda s, m: vander(s, m, transpose=False),
         "row k of the system is Σ_j w_j s_j^k: use the transpose of np.vander(s, increasing=True)."),
    ]
    return check_against_reference(
        "stencil_weights", student, reference_stencil_weights, cases,
        describe=lambda a: f"offsets={a[0]}, derivative={a[1]}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, mistakes, rtol=1e-8, atol=1e-10),
        rtol=1e-8, atol=1e-10)
