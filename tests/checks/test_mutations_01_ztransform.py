"""Mutation suite, chapter 01 (inrlib.checks.ztransform)."""
import numpy as np
import scipy.signal
import sympy as sp

from inrlib.checks import ztransform as check
from inrlib.ztransform import z


def forever(*args, **kwargs):
    while True:
        pass


def test_geometric_transform(judge, short_limits):
    judge.passes(check.check_geometric_transform, lambda a: (1 / (1 - a / z), abs(a)))
    judge.passes(check.check_geometric_transform, lambda a: (z / (z - a), np.float64(abs(a))))
    judge.fails(check.check_geometric_transform, lambda a: (1 / (1 - a * z), abs(a)), hint="the definition is Σ x[n] z^(−n)")
    judge.fails(check.check_geometric_transform, lambda a: (a / (z - a), abs(a)), hint="the sum starts at n = 0")
    judge.fails(check.check_geometric_transform, lambda a: (z / (z - a), 1 / abs(a)), hint="converges for |a/z| < 1")
    judge.fails(check.check_geometric_transform, lambda a: (z / (z - a), a), hint="the radius is a distance")
    judge.fails(check.check_geometric_transform, lambda a: (z / (z - a), float("nan")))
    judge.fails(check.check_geometric_transform, lambda a: (z / (z - a) * sp.nan, abs(a)))
    judge.fails(check.check_geometric_transform, lambda a: (z / (z - a), str(abs(a))))
    judge.fails(check.check_geometric_transform, lambda a: (z / (z - 0.5), 0.5))  # ignores a
    judge.fails(check.check_geometric_transform, lambda a: None, says="(X, roc_radius)")
    judge.fails(check.check_geometric_transform, forever, says="did not return within")


def simulate_loop(x, *, output_coeffs, input_coeffs):
    b, a = np.asarray(output_coeffs, float), np.asarray(input_coeffs, float)
    y = np.zeros(len(x))
    for n in range(len(x)):
        acc = sum(a[k] * x[n - k] for k in range(len(a)) if n - k >= 0)
        acc -= sum(b[k] * y[n - k] for k in range(1, len(b)) if n - k >= 0)
        y[n] = acc / b[0]
    return y


def test_simulate(judge, short_limits):
    judge.passes(check.check_simulate, simulate_loop)
    judge.passes(check.check_simulate, lambda x, *, output_coeffs, input_coeffs:
                 scipy.signal.lfilter(input_coeffs, output_coeffs, x).astype(np.float32))  # float32 is fine
    judge.fails(check.check_simulate, lambda x, *, output_coeffs, input_coeffs:
                scipy.signal.lfilter(output_coeffs, input_coeffs, x), hint="you swapped the roles")
    judge.fails(check.check_simulate, lambda x, *, output_coeffs, input_coeffs:
                np.convolve(x, input_coeffs)[:len(x)] / output_coeffs[0], hint="the output also depends on past outputs")
    judge.fails(check.check_simulate, lambda x, **k: simulate_loop(x, **k) * np.nan, says="NaN")
    judge.fails(check.check_simulate, lambda x, **k: [str(v) for v in simulate_loop(x, **k)], says="numbers")
    judge.fails(check.check_simulate, lambda x, **k: None, says="returned None")
    judge.fails(check.check_simulate, lambda x, **k: np.zeros(len(x)))
    judge.fails(check.check_simulate, forever, says="did not return within")


def test_find_poles_and_is_stable(judge, short_limits):
    judge.passes(check.check_find_poles, lambda b: np.linalg.eigvals(np.atleast_2d(
        np.vstack([-np.asarray(b[1:]) / b[0], np.eye(len(b) - 1)[:-1]]))) if len(b) > 1 else np.array([]))
    judge.passes(check.check_find_poles, lambda b: list(np.roots(b)))
    judge.fails(check.check_find_poles, lambda b: np.roots(b[::-1]), hint="you got 1/p")
    judge.fails(check.check_find_poles, lambda b: np.roots(b) * np.nan, says="NaN")
    judge.fails(check.check_find_poles, lambda b: [str(p) for p in np.roots(b)], says="numbers")
    judge.fails(check.check_find_poles, lambda b: None, says="returned None")
    judge.fails(check.check_find_poles, forever, says="did not return within")
    judge.passes(check.check_is_stable, lambda b: bool(max(abs(np.roots(b))) < 1))
    judge.passes(check.check_is_stable, lambda b: np.all(np.abs(np.roots(b)) < 1))  # a NumPy bool
    judge.fails(check.check_is_stable, lambda b: bool(max(abs(np.roots(b))) <= 1), hint="a pole ON the unit circle")
    judge.fails(check.check_is_stable, lambda b: "True", says="True or False")
    judge.fails(check.check_is_stable, lambda b: True)


def test_two_pole_response(judge, short_limits):
    judge.passes(check.check_two_pole_response,
                 lambda n, p1, p2: sum(p1 ** (n - k) * p2**k for k in range(int(np.max(n)) + 1)) * 0 +
                 np.array([sum(p1 ** (m - k) * p2**k for k in range(m + 1)) for m in np.asarray(n)]))
    judge.fails(check.check_two_pole_response, lambda n, p1, p2: (p1**n - p2**n) / (p1 - p2), hint="off by one")
    judge.fails(check.check_two_pole_response, lambda n, p1, p2: p1**n + p2**n, hint="each term needs its partial")
    judge.fails(check.check_two_pole_response, lambda n, p1, p2: (p1 ** (n + 1) + p2 ** (n + 1)) / (p1 - p2),
                hint="the second coefficient is negative")
    judge.fails(check.check_two_pole_response, lambda n, p1, p2: (n + 1) * p1**n)  # the double-pole formula
    judge.fails(check.check_two_pole_response, forever, says="did not return within")


def test_discretize_euler(judge, short_limits):
    ref = check.reference_discretize_euler
    judge.passes(check.check_discretize_euler, lambda m, c, k, T: tuple(3 * np.asarray(v) for v in ref(m, c, k, T)))
    judge.passes(check.check_discretize_euler, lambda m, c, k, T: (list(ref(m, c, k, T)[0]),
                                                                   list(np.trim_zeros(ref(m, c, k, T)[1], "b"))))
    judge.fails(check.check_discretize_euler, lambda m, c, k, T: (ref(m, c, k, T)[0], ref(m, c, k, T)[1] / T**2),
                hint="the denominator is right")
    judge.fails(check.check_discretize_euler, lambda m, c, k, T: (ref(m, c, k, T)[0] * np.nan, ref(m, c, k, T)[1]))
    judge.fails(check.check_discretize_euler, lambda m, c, k, T: None)
    judge.fails(check.check_discretize_euler, forever, says="did not return within")


def test_property(judge, short_limits):
    # upsampling with 2L − 1 samples: the trailing zero is optional
    judge.passes(check.check_property, "upsampling", lambda x: np.ravel(np.c_[x, np.zeros(len(x))])[:-1],
                 lambda X, zz: X(zz**2))
    judge.passes(check.check_property, "translation", lambda x: np.r_[0.0, 0.0, x], lambda X, zz: X(zz) / zz**2)
    judge.fails(check.check_property, "translation", lambda x: np.r_[0.0, 0.0, x], lambda X, zz: zz**2 * X(zz),
                says="z_side")
    judge.fails(check.check_property, "translation", lambda x: np.r_[0.0, x], lambda X, zz: X(zz) / zz,
                says="time_side")
    judge.fails(check.check_property, "translation", lambda x: None, lambda X, zz: X(zz) / zz**2, says="None")
    judge.fails(check.check_property, "translation", lambda x: np.r_[0.0, 0.0, x], lambda X, zz: float("nan"))
    judge.fails(check.check_property, "translation", lambda x: np.r_[0.0, 0.0, x], forever, says="did not return")


def test_simulate_more_prepared_mistakes(judge, short_limits):
    judge.fails(check.check_simulate, lambda x, *, output_coeffs, input_coeffs: scipy.signal.lfilter(
        np.asarray(input_coeffs) * output_coeffs[0], output_coeffs, x), hint="divide the whole right-hand side")
    judge.fails(check.check_simulate, lambda x, *, output_coeffs, input_coeffs: scipy.signal.lfilter(
        input_coeffs, np.r_[output_coeffs[0], -np.asarray(output_coeffs[1:])], x), hint="with a minus sign")


def test_discretize_euler_more_prepared_mistakes(judge, short_limits):
    from inrlib import ztransform as zt

    def tustin(m, c, k, T):
        d = zt.discretize_vehicle(m, c, k, T, method="tustin")
        return d["output_coeffs"], d["input_coeffs"]

    judge.fails(check.check_discretize_euler, tustin, hint="Tustin")
    ref = check.reference_discretize_euler
    judge.fails(check.check_discretize_euler, lambda m, c, k, T: (ref(m, c, k, T)[0][::-1], ref(m, c, k, T)[1]),
                hint="b₀ multiplies the newest output")
