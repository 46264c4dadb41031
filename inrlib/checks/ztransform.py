"""Checks for chapter 01's exercises (``exercises/01_ztransform.ipynb``).

Every ``check_*`` runs the student's function on several inputs, compares with an
independent reference (scipy.signal, numpy, the library) and prints ✓ or a specific hint.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import scipy.signal
import sympy as sp

from . import as_array, attempt, compare_outputs, never_crash, report, to_array
from ..ztransform import discretize_vehicle, simulate, z


def _student(fn: Callable, name: str, *args: Any, **kwargs: Any) -> Any:
    """Run student code inside a check (see :func:`inrlib.checks.attempt`); an error is
    reported together with the inputs that caused it."""
    shown = ", ".join([repr(a) if not isinstance(a, np.ndarray) else f"array{a.shape}" for a in args] +
                      [f"{k}={v!r}" for k, v in kwargs.items()])
    return attempt(name, fn, *args, context=f" for ({shown})", **kwargs)


# ----------------------------------------------------------------------------- exercise 1: aⁿu[n]
def reference_geometric_transform(a: float) -> tuple[sp.Expr, float]:
    """X(z) = z/(z − a) = 1/(1 − a z⁻¹), ROC |z| > |a|."""
    return z / (z - a), abs(a)


def _evaluate(expr: Any, value: complex) -> complex | None:
    try:
        if isinstance(expr, sp.Basic):
            return complex(sp.N(expr.subs(z, value)))
        if callable(expr):
            return complex(expr(value))
        return complex(expr)
    except (TypeError, ValueError, ZeroDivisionError):
        return None


@never_crash
def check_geometric_transform(student) -> bool:
    """Exercise 1: ``geometric_transform(a) -> (X, roc_radius)`` with X a SymPy expression in ``z``."""
    name = "geometric_transform"
    for a in (0.5, -0.75, 2.0, 0.9):
        out = _student(student, name, a)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            return report(name, False, f"for a={a} expected a pair (X, roc_radius), got {out!r}")
        X, radius = out
        if not isinstance(X, sp.Basic) or z not in X.free_symbols:
            return report(name, False, f"for a={a} X must be a SymPy expression in z, got {X!r}",
                          "use the symbol z from inrlib.ztransform, e.g. z / (z - a).")
        for zval in (abs(a) * 1.5 + 0.3, (abs(a) + 0.4) * np.exp(1.1j), -(abs(a) + 1.0)):
            got, want = _evaluate(X, zval), complex(zval / (zval - a))
            if got is None or not abs(got - want) <= 1e-8 * (1 + abs(want)):  # NaN fails too
                hint = None
                if got is not None and abs(got - 1 / (1 - a * zval)) < 1e-8:
                    hint = "the definition is Σ x[n] z^(−n): with z^(+n) you got 1/(1 − a z)."
                elif got is not None and abs(got - a / (zval - a)) < 1e-8:
                    hint = "the sum starts at n = 0 (x[0] = a⁰ = 1): you dropped the first term."
                elif got is not None and abs(got - 1 / (1 - zval / a)) < 1e-8:
                    hint = "the ratio of the geometric series is a·z^(−1), not z/a."
                return report(name, False, f"X({zval:.3g}) = {got} for a={a}, expected {want:.6g}", hint)
        r = as_array(radius) if not isinstance(radius, (bool, np.bool_)) else None
        if r is None or r.shape != () or not abs(float(r) - abs(a)) <= 1e-9:  # NaN fails too
            hint = ("the series Σ (a/z)ⁿ converges for |a/z| < 1, i.e. |z| > |a|." if r is not None and r.shape == ()
                    and abs(float(r) - 1 / abs(a)) < 1e-9 else
                    "the radius is a distance: use |a| (a may be negative)." if r is not None and r.shape == ()
                    and abs(float(r) - a) < 1e-9 else "the ROC is |z| > roc_radius: return that number.")
            return report(name, False, f"for a={a} roc_radius={radius!r}, expected {abs(a)}", hint)
    return report(name, True, "X(z) = z/(z − a) with ROC |z| > |a|, for positive, negative and |a| > 1.")


# ----------------------------------------------------------------------------- exercise 2: the simulator
def reference_simulate(x, *, output_coeffs, input_coeffs) -> np.ndarray:
    return simulate(x, output_coeffs=output_coeffs, input_coeffs=input_coeffs)


SIMULATE_CASES = [
    (np.r_[1.0, np.zeros(7)], [1.0, -0.5], [1.0]),
    (np.ones(10), [1.0, -0.9, 0.2], [0.5, 0.25]),
    (np.random.default_rng(0).standard_normal(20), [2.0, -1.0, 0.3], [1.0, 0.0, -1.0, 0.5]),
    (np.random.default_rng(1).standard_normal(15), [1.0], [0.2, 0.2, 0.2, 0.2, 0.2]),
    (np.random.default_rng(2).standard_normal(12), [4.0, 1.0, 0.5, 0.25], [1.0]),
]


@never_crash
def check_simulate(student) -> bool:
    """Exercise 2: ``simulate(x, *, output_coeffs, input_coeffs)`` against ``scipy.signal.lfilter``."""
    name = "simulate"
    for x, out, inp in SIMULATE_CASES:
        got = _student(student, name, x.copy(), output_coeffs=list(out), input_coeffs=list(inp))
        want = scipy.signal.lfilter(inp, out, x)
        what = f"x of length {len(x)}, output_coeffs={out}, input_coeffs={inp}"
        good, message, hint = compare_outputs(got, want, what=what, rtol=1e-8, atol=1e-10)
        if good:
            continue
        g = as_array(got)
        if g is not None and g.shape == want.shape:
            mistakes = [
                (lambda: scipy.signal.lfilter(out, inp, x) if inp[0] != 0 else None,
                 "you swapped the roles: output_coeffs (the deck's b_k) multiply y[n−k], input_coeffs (a_k) x[n−k]."),
                (lambda: scipy.signal.lfilter(np.asarray(inp) * out[0], out, x),
                 "divide the whole right-hand side by b_0 = output_coeffs[0] to get y[n]."),
                (lambda: scipy.signal.lfilter(inp, np.r_[out[0], -np.asarray(out[1:])], x),
                 "move the feedback terms to the right side with a minus sign: y[n] = (Σ a_k x[n−k] − Σ_{k≥1} b_k y[n−k]) / b_0."),
                (lambda: np.convolve(x, inp)[:len(x)] / out[0],
                 "the output also depends on past outputs y[n−1], y[n−2], … (the feedback terms)."),
            ]
            for wrong, text in mistakes:
                try:
                    w = wrong()
                except Exception:  # noqa: BLE001
                    continue
                if w is not None and np.allclose(g, w, atol=1e-9):
                    hint = text
                    break
        return report(name, False, message, hint)
    return report(name, True, f"matches scipy.signal.lfilter(input_coeffs, output_coeffs, x) on {len(SIMULATE_CASES)} systems.")


# ----------------------------------------------------------------------------- exercise 3: poles, stability
def reference_find_poles(output_coeffs) -> np.ndarray:
    return np.roots(np.asarray(output_coeffs, dtype=float)).astype(complex)


def reference_is_stable(output_coeffs) -> bool:
    return bool(np.all(np.abs(reference_find_poles(output_coeffs)) < 1))


POLE_CASES = [[1.0, -0.5], [1.0, -1.0, 0.5], [1.0, -2.5, 1.0], [2.0, 0.0, 0.5], [1.0, -0.3, -0.4, 0.12],
              [1.0, 0.0, 0.0, -0.9]]


def _same_roots(got: np.ndarray, want: np.ndarray, atol: float = 1e-8) -> bool:
    """True when ``got`` and ``want`` hold the same multiset of complex numbers, in any order.

    Matching each wanted root to its nearest unused one, rather than comparing sorted arrays:
    ``np.sort_complex`` orders a conjugate pair by the sign of a real part that may be ±1e-17,
    which would reject a correct answer computed another way (eigenvalues, polyroots).
    """
    left = list(np.asarray(got, dtype=complex))
    for w in np.asarray(want, dtype=complex):
        if not left:
            return False
        i = int(np.argmin([abs(g - w) for g in left]))
        if abs(left[i] - w) > atol:
            return False
        left.pop(i)
    return not left


@never_crash
def check_find_poles(student) -> bool:
    """Exercise 3a: ``find_poles(output_coeffs)`` = roots of b_0 z^N + b_1 z^(N−1) + … + b_N."""
    name = "find_poles"
    for out in POLE_CASES:
        got = _student(student, name, list(out))
        want = np.sort_complex(reference_find_poles(out))
        g = np.sort_complex(to_array(got, f"for output_coeffs={out}").ravel().astype(complex))
        if not np.all(np.isfinite(g)):
            return report(name, False, f"for output_coeffs={out} the poles contain NaN or inf",
                          "np.roots(output_coeffs) gives the roots of b_0 z^N + … + b_N.")
        if g.shape != want.shape:
            return report(name, False, f"for output_coeffs={out} expected {len(want)} poles, got {len(g)}",
                          "a system with N+1 output coefficients has N poles.")
        if not _same_roots(g, want):
            hint = None
            if np.all(want != 0) and _same_roots(g, 1 / want):
                hint = "you got 1/p: b_0 multiplies the HIGHEST power z^N (np.roots takes the coefficients in that order)."
            return report(name, False, f"for output_coeffs={out} got poles {np.round(g, 4)}, expected {np.round(want, 4)}",
                          hint)
    return report(name, True, f"the poles match on {len(POLE_CASES)} systems.")


@never_crash
def check_is_stable(student) -> bool:
    """Exercise 3b: ``is_stable(output_coeffs)``: True iff every pole has |p| < 1."""
    name = "is_stable"
    cases = POLE_CASES + [[1.0, -1.0], [1.0, 0.0, 1.0], [1.0, 1.8, 0.81]]
    for out in cases:
        got = _student(student, name, list(out))
        want = reference_is_stable(out)
        if not isinstance(got, (bool, np.bool_)):
            return report(name, False, f"expected True or False, got {got!r}")
        if bool(got) != want:
            radius = np.max(np.abs(reference_find_poles(out)))
            hint = ("a pole ON the unit circle (|p| = 1) is not stable: the response never decays."
                    if abs(radius - 1) < 1e-9 else "stable ⇔ every pole strictly inside |z| = 1 (largest |p| here: "
                    f"{radius:.3g}).")
            return report(name, False, f"for output_coeffs={out} you said {got}, expected {want}", hint)
    return report(name, True, f"right on {len(cases)} systems, including poles on the unit circle.")


# ----------------------------------------------------------------------------- exercise 4: partial fractions
def reference_two_pole_response(n, p1: float, p2: float) -> np.ndarray:
    """h[n] of 1/((1 − p₁z⁻¹)(1 − p₂z⁻¹)) = (p₁^(n+1) − p₂^(n+1))/(p₁ − p₂), p₁ ≠ p₂."""
    n = np.asarray(n, dtype=float)
    return (p1 ** (n + 1) - p2 ** (n + 1)) / (p1 - p2)


@never_crash
def check_two_pole_response(student) -> bool:
    """Exercise 4: ``two_pole_response(n, p1, p2)`` by partial fractions, against the simulation."""
    name = "two_pole_response"
    for p1, p2 in ((0.5, 0.25), (0.9, -0.6), (-0.5, 0.8), (1.2, 0.3)):
        n = np.arange(12)
        got = _student(student, name, n, p1, p2)
        want = simulate(np.r_[1.0, np.zeros(11)], output_coeffs=[1.0, -(p1 + p2), p1 * p2], input_coeffs=[1.0])
        good, message, hint = compare_outputs(got, want, what=f"n = 0…11, p1={p1}, p2={p2}", rtol=1e-8, atol=1e-10)
        if not good:
            g = as_array(got)
            if g is not None and g.shape == want.shape:
                if np.allclose(g, (p1**n - p2**n) / (p1 - p2)):
                    hint = "off by one: the coefficients are A = p₁/(p₁ − p₂), B = −p₂/(p₁ − p₂), so the powers are n+1."
                elif np.allclose(g, p1**n + p2**n):
                    hint = "each term needs its partial-fraction coefficient: A p₁ⁿ + B p₂ⁿ with A + B = 1."
                elif np.allclose(g, (p1 ** (n + 1) + p2 ** (n + 1)) / (p1 - p2)):
                    hint = "the second coefficient is negative: B = −p₂/(p₁ − p₂)."
            return report(name, False, message, hint)
    return report(name, True, "h[n] = (p₁ⁿ⁺¹ − p₂ⁿ⁺¹)/(p₁ − p₂) matches the simulated impulse response.")


# ----------------------------------------------------------------------------- exercise 5: the vehicle
def reference_discretize_euler(m: float, c: float, k: float, T: float) -> tuple[np.ndarray, np.ndarray]:
    d = discretize_vehicle(m, c, k, T, method="euler")
    return d["output_coeffs"], d["input_coeffs"]


@never_crash
def check_discretize_euler(student) -> bool:
    """Exercise 5: ``discretize_euler(m, c, k, T) -> (output_coeffs, input_coeffs)`` (any common scale)."""
    name = "discretize_euler"
    for m, c, k, T in ((1.0, 0.5, 4.0, 0.1), (300.0, 1500.0, 20000.0, 0.01), (2.0, 0.0, 1.0, 0.5)):
        got = _student(student, name, m, c, k, T)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return report(name, False, f"expected a pair (output_coeffs, input_coeffs), got {got!r}")
        out, inp = (as_array(v) for v in got)
        want_out, want_inp = reference_discretize_euler(m, c, k, T)
        if out is None or inp is None or out.ndim != 1 or inp.ndim != 1 or len(out) != 3 or len(inp) > 3:
            return report(name, False, f"expected 3 output coefficients and up to 3 input coefficients, got {got!r}")
        if out[0] == 0:
            return report(name, False, "output_coeffs[0] (the coefficient of y[n]) must not be 0")
        inp = np.pad(inp, (0, 3 - len(inp)))
        scale = out[0] / want_out[0]
        good = np.allclose(out / scale, want_out, rtol=1e-8, atol=1e-12) and \
            np.allclose(inp / scale, want_inp, rtol=1e-8, atol=1e-12)
        if not good:
            tustin = discretize_vehicle(m, c, k, T, method="tustin")
            hint = None
            if np.allclose(out / out[0], tustin["output_coeffs"] / tustin["output_coeffs"][0]):
                hint = "that is Tustin (bilinear); forward Euler replaces s by (z − 1)/T."
            elif np.allclose(out / scale, want_out) and not np.allclose(inp / scale, want_inp):
                hint = ("the denominator is right; the input x[n−2] is multiplied by T² "
                        "(multiply m s² + c s + k = f through by T²).")
            elif np.allclose(out / out[0], want_out[::-1] / want_out[-1]):
                hint = "coefficients go from y[n] to y[n−2]: b₀ multiplies the newest output."
            return report(name, False, f"for m={m}, c={c}, k={k}, T={T}: got {np.round(out, 6)}, "
                          f"{np.round(inp, 8)}; expected (up to a common factor) {want_out}, {want_inp}", hint)
    return report(name, True, "forward Euler of m y'' + c y' + k y = f matches (checked against three cars).")


# ----------------------------------------------------------------------------- exercise 6 (stretch)
def _finite_z(values, zval, start=0):
    values = np.asarray(values, dtype=complex)
    return complex(np.sum(values * zval ** (-(np.arange(len(values)) + start).astype(float))))


#: Properties the stretch exercise accepts: name → (time-domain operation, z-domain formula).
PROPERTY_CHOICES: dict[str, tuple[Callable, Callable]] = {
    "translation": (lambda x: np.r_[0.0, 0.0, x], lambda X, zz: zz**-2 * X(zz)),
    "modulation": (lambda x: 0.9 ** np.arange(len(x)) * x, lambda X, zz: X(zz / 0.9)),
    "upsampling": (lambda x: np.ravel(np.c_[x, np.zeros(len(x))]), lambda X, zz: X(zz**2)),
    "z-domain differentiation": (lambda x: np.arange(len(x)) * x,
                                 lambda X, zz: -zz * (X(zz * (1 + 1e-6)) - X(zz * (1 - 1e-6))) / (2e-6 * zz)),
    "differencing": (lambda x: np.r_[x, 0.0] - np.r_[0.0, x], lambda X, zz: (1 - 1 / zz) * X(zz)),
    "convolution": (lambda x: np.convolve(x, x), lambda X, zz: X(zz) ** 2),
}


@never_crash
def check_property(name: str, time_side: Callable, z_side: Callable) -> bool:
    """Stretch: for the property ``name``, ``time_side(x)`` gives the new sequence (from n = 0) and
    ``z_side(X, z)`` its transform from X (a function of z).  Both sides must agree on random
    sequences — and ``time_side`` must be that property."""
    label = "check_property"
    if name not in PROPERTY_CHOICES:
        return report(label, False, f"name must be one of {list(PROPERTY_CHOICES)}, got {name!r}")
    ref_time, _ = PROPERTY_CHOICES[name]
    rng = np.random.default_rng(7)
    worst = 0.0
    for trial in range(6):
        x = rng.standard_normal(rng.integers(2, 7))
        X = lambda zz, x=x: _finite_z(x, zz)  # noqa: E731
        y = _student(time_side, "time_side", x.copy())
        want = ref_time(x)
        y_arr = as_array(y)
        if y_arr is not None and y_arr.ndim == 1 and np.all(np.isfinite(y_arr)):
            # zeros at the end change neither the sequence nor its transform: 2L − 1 or 2L samples
            n = max(len(y_arr), len(want))
            if not np.any(y_arr[len(want):]) and not np.any(want[len(y_arr):]):
                y, want = np.pad(y_arr, (0, n - len(y_arr))), np.pad(want, (0, n - len(want)))
        good, message, _ = compare_outputs(y, want, what=f"time_side on a sequence of length {len(x)}",
                                           rtol=1e-8, atol=1e-10)
        if not good:
            return report(label, False, message, f"time_side should perform '{name}' (see the table's Time Domain column).")
        zval = (0.8 + 0.7 * rng.random()) * np.exp(2j * np.pi * rng.random())
        rhs = _student(z_side, "z_side", X, zval)
        try:
            rhs = complex(rhs)
        except (TypeError, ValueError):
            return report(label, False, f"z_side must return a number, got {type(rhs).__name__}")
        lhs = _finite_z(ref_time(x), zval)
        gap = abs(lhs - rhs) / (1 + abs(lhs))
        worst = max(worst, gap)
        if not gap < 1e-4:
            return report(label, False, f"at z={zval:.3g}: Z{{time_side(x)}} = {lhs:.5g} but z_side = {rhs:.5g}",
                          f"write the Z-domain column of the '{name}' row using the function X.")
    return report(label, True, f"'{name}' verified on 6 random sequences (largest relative gap {worst:.1e}).")
