"""Mutation suite, chapter 02 (inrlib.checks.fdm)."""
import math

import numpy as np

from inrlib.checks import fdm as check


def forever(*args, **kwargs):
    while True:
        pass


def broken(judge, chk, arity, scalar=True):
    """None, NaN, a numeric string, a raise and a never-returning loop: each ✗ with its reason."""
    judge.fails(chk, lambda *a: None, says="returned None")
    judge.fails(chk, lambda *a: math.nan, says="NaN" if scalar else "shape")
    judge.fails(chk, lambda *a: "0.5", says="numbers")
    judge.fails(chk, lambda *a: 1 / 0, says="ZeroDivisionError")
    judge.fails(chk, forever, says="did not return within")


def test_central_difference(judge, short_limits):
    judge.passes(check.check_central_difference, lambda f, x, h: 0.5 * (f(x + h) - f(x - h)) / h)
    judge.passes(check.check_central_difference, lambda f, x, h: np.float32(1) * (f(x + h) - f(x - h)) / (2 * h))
    judge.fails(check.check_central_difference, lambda f, x, h: (f(x + h) - f(x - h)) / h, hint="divide by 2h")
    judge.fails(check.check_central_difference, lambda f, x, h: (f(x + h) - f(x)) / h, hint="forward difference")
    judge.fails(check.check_central_difference, lambda f, x, h: (f(x) - f(x - h)) / h, hint="backward difference")
    judge.fails(check.check_central_difference, lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h * h), hint="not by 2h²")
    judge.fails(check.check_central_difference, lambda f, x, h: np.cos(x))  # ignores f
    broken(judge, check.check_central_difference, 3, scalar=False)


def test_fit_order(judge, short_limits):
    judge.passes(check.check_fit_order, lambda h, e: float(np.linalg.lstsq(np.c_[np.log(h), np.ones(len(h))], np.log(e), rcond=None)[0][0]))
    judge.passes(check.check_fit_order, lambda h, e: np.polyfit(np.log10(h), np.log10(e), 1)[0])  # any log base
    judge.fails(check.check_fit_order, lambda h, e: np.polyfit(np.log(e), np.log(h), 1)[0], hint="the axes are swapped")
    judge.fails(check.check_fit_order, lambda h, e: np.polyfit(h, e, 1)[0], hint="fit a line to the logarithms")
    judge.fails(check.check_fit_order, lambda h, e: np.polyfit(np.log(h), np.log(e), 1)[1], hint="take element 0")
    judge.fails(check.check_fit_order, lambda h, e: 2.0)
    broken(judge, check.check_fit_order, 2)


def test_predicted_best_h(judge, short_limits):
    judge.passes(check.check_predicted_best_h, lambda e, p=2, m=1: math.exp(math.log(e) / (p + m)))
    judge.fails(check.check_predicted_best_h, lambda e, p=2, m=1: e ** (1 / p), hint="the exponent is 1/(p+m)")
    judge.fails(check.check_predicted_best_h, lambda e, p=2, m=1: math.sqrt(e), hint="√ε is the forward-difference")
    judge.fails(check.check_predicted_best_h, lambda e, p=2, m=1: e ** (1 / (p + m + 1)), hint="h^(p+m) ≈ ε")
    broken(judge, check.check_predicted_best_h, 3)


def test_largest_stable_dt(judge, short_limits):
    judge.passes(check.check_largest_stable_dt, lambda dx, lam: 0.5 * dx * dx / lam)
    judge.fails(check.check_largest_stable_dt, lambda dx, lam: dx / (2 * lam), hint="Δx enters squared")
    judge.fails(check.check_largest_stable_dt, lambda dx, lam: dx**2 / lam, hint="r ≤ ½")
    judge.fails(check.check_largest_stable_dt, lambda dx, lam: dx**2 * lam / 2, hint="divide by λ")
    judge.fails(check.check_largest_stable_dt, lambda dx, lam: 2 * lam / dx**2, hint="you inverted it")
    judge.fails(check.check_largest_stable_dt, lambda dx, lam: 0.005)
    broken(judge, check.check_largest_stable_dt, 2)


def implicit_dense(u, r):
    u = np.asarray(u, float)
    n = len(u) - 2
    A = np.eye(n) * (1 + 2 * r) - r * (np.eye(n, k=1) + np.eye(n, k=-1))
    rhs = u[1:-1].copy()
    rhs[0] += r * u[0]
    rhs[-1] += r * u[-1]
    return np.r_[u[0], np.linalg.solve(A, rhs), u[-1]]


def test_implicit_step(judge, short_limits):
    judge.passes(check.check_implicit_step, implicit_dense)
    u = np.sin(np.pi * np.linspace(0, 1, 41))
    for _ in range(3):  # the next cell's use
        u = implicit_dense(u, 5.0)
    judge.fails(check.check_implicit_step, lambda u, r: np.r_[u[0], u[1:-1] + r * (u[:-2] - 2 * u[1:-1] + u[2:]), u[-1]],
                hint="explicit (FTCS)")
    judge.fails(check.check_implicit_step, lambda u, r: implicit_dense(np.r_[0.0, u[1:-1], 0.0], r) +
                np.r_[u[0], np.zeros(len(u) - 2), u[-1]], hint="end values")
    judge.fails(check.check_implicit_step, lambda u, r: np.asarray(u, float))  # returns its input
    broken(judge, check.check_implicit_step, 2, scalar=False)


def test_stencil_weights(judge, short_limits):
    def weights(s, m):
        s = np.asarray(s, float)
        return np.linalg.solve(np.vander(s, increasing=True).T, np.eye(len(s))[m] * math.factorial(m))

    judge.passes(check.check_stencil_weights, lambda s, m: list(weights(s, m)))
    judge.fails(check.check_stencil_weights, lambda s, m: weights(s, m) / math.factorial(m), hint="factorial")
    judge.fails(check.check_stencil_weights, lambda s, m: np.linalg.solve(
        np.vander(np.asarray(s, float), increasing=True), np.eye(len(s))[m] * math.factorial(m)), hint="transpose")
    broken(judge, check.check_stencil_weights, 2, scalar=False)


def test_implicit_step_more_prepared_mistakes(judge, short_limits):
    def theta(u, r, th):
        u = np.asarray(u, float)
        n = len(u) - 2
        A = np.eye(n, k=1) + np.eye(n, k=-1) - 2 * np.eye(n)
        b = np.zeros(n)
        b[0], b[-1] = u[0], u[-1]
        rhs = u[1:-1] + (1 - th) * r * (A @ u[1:-1] + b) + th * r * b
        return np.r_[u[0], np.linalg.solve(np.eye(n) - th * r * A, rhs), u[-1]]

    judge.passes(check.check_implicit_step, lambda u, r: theta(u, r, 1.0))
    judge.fails(check.check_implicit_step, lambda u, r: theta(u, r, 0.5), hint="Crank–Nicolson")

    def plus_sign(u, r):
        u = np.asarray(u, float)
        n = len(u) - 2
        A = np.eye(n, k=1) + np.eye(n, k=-1) - 2 * np.eye(n)
        b = np.zeros(n)
        b[0], b[-1] = u[0], u[-1]
        return np.r_[u[0], np.linalg.solve(np.eye(n) + r * A, u[1:-1] - r * b), u[-1]]

    judge.fails(check.check_implicit_step, plus_sign, hint="check the sign")
