"""§2 The z-transform and its region of convergence.

.. math:: X(z) = \\sum_{n=0}^{\\infty} x[n]\\, z^{-n}, \\qquad \\text{ROC: where the sum converges}

SymPy has no z-transform, so here is a small exact one: :func:`ztransform` sums the series
(or reads each term c·n^k·r^n off the table), :class:`ZTransform` keeps X(z) with its
:class:`ROC`, :data:`TABLE` lists the course's pairs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import sympy as sp

from .. import validate
from .difference import _exact, _signal
from .symbols import n, z


@dataclass(frozen=True)
class ROC:
    """Region of convergence: the annulus ``inner < |z| < outer`` (``outer`` may be ∞).

    ``inner = 0`` with ``outer = ∞`` is "all z except possibly 0 and ∞".
    """

    inner: sp.Expr = sp.Integer(0)
    outer: sp.Expr = sp.oo

    def __post_init__(self) -> None:
        for name in ("inner", "outer"):
            radius = getattr(self, name)
            if isinstance(radius, bool) or not isinstance(radius, (int, float, np.integer, np.floating, sp.Basic)):
                raise TypeError(f"{name} must be a radius (a number or a SymPy expression), got {validate.show(radius)}")
            radius = sp.sympify(radius)
            if radius.has(sp.nan) or (radius.is_number and radius.is_extended_negative):
                raise ValueError(f"{name} must be a radius ≥ 0 (or oo), got {radius}")

    def contains(self, value: complex) -> bool:
        """True when ``|value|`` lies strictly inside the annulus (numerically)."""
        r = abs(complex(value))
        return float(self.inner) < r < (math.inf if self.outer == sp.oo else float(self.outer))

    def intersect(self, other: "ROC") -> "ROC":
        """R₁ ∩ R₂ (what the table calls "at least R₁ ∩ R₂")."""
        return ROC(sp.Max(self.inner, other.inner), sp.Min(self.outer, other.outer))

    def __str__(self) -> str:
        lo = "" if self.inner == 0 else f"{sp.sstr(self.inner)} < "
        hi = "" if self.outer == sp.oo else f" < {sp.sstr(self.outer)}"
        return f"{lo}|z|{hi}" if (lo or hi) else "|z| > 0 (all z ≠ 0)"


@dataclass(frozen=True)
class ZTransform:
    """X(z) together with its region of convergence.

    Attributes
    ----------
    expr : sympy.Expr
        X(z), a SymPy expression in :data:`z`.
    roc : ROC
        Where the defining sum Σ x[n] z^{−n} converges.
    method : str
        How it was obtained: ``"definition"`` (SymPy summed the series), ``"table"``
        (terms n^k r^n from the table), or the name of a property of the table.
    """

    expr: sp.Expr
    roc: ROC
    method: str = "definition"

    def __call__(self, value: complex) -> complex:
        """X(value) as a complex number; ``ValueError`` if ``value`` is outside the ROC."""
        try:
            zc = complex(value)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"z must be a number, got {validate.show(value)}") from exc
        others = (self.expr.free_symbols | sp.sympify(self.roc.inner).free_symbols) - {z}
        if others:
            raise ValueError(f"X depends on the symbols {sorted(map(str, others))}: substitute numbers for them "
                             "(X.expr.subs(...)) before evaluating")
        if not self.roc.contains(zc):
            raise ValueError(f"z={value} (|z|={abs(zc):.4g}) is outside the region of convergence {self.roc}: "
                             "the defining sum Σ x[n] z^(-n) diverges there")
        return complex(sp.N(self.expr.subs(z, zc)))

    def numeric(self):
        """X as a fast NumPy function of z (no ROC check; use inside the ROC)."""
        return sp.lambdify(z, self.expr, "numpy")


def _poles_radius(expr: sp.Expr) -> sp.Expr:
    """max |p| over the poles p of a rational expression in z (0 if there is none)."""
    den = sp.Poly(sp.denom(sp.together(expr)), z)
    if den.degree() < 1:
        return sp.Integer(0)
    roots = sp.roots(den)
    if sum(roots.values()) != den.degree():
        return sp.Float(max(abs(complex(r)) for r in den.nroots(n=30)))
    return sp.simplify(sp.Max(*[sp.Abs(r) for r in roots]))


def _split_term(term: sp.Expr) -> tuple[sp.Expr, int, sp.Expr]:
    """Write one term as c · n^k · r^n (after sin/cos were rewritten as exponentials)."""
    c, k, r = sp.Integer(1), 0, sp.Integer(1)
    for f in sp.Mul.make_args(sp.powsimp(sp.expand_power_base(term, force=True))):
        if not f.has(n):
            c *= f
        elif f == n:
            k += 1
        elif f.is_Pow and f.base == n and f.exp.is_Integer and f.exp > 0:
            k += int(f.exp)
        elif isinstance(f, sp.exp) or (f.is_Pow and not f.base.has(n)):
            base, e = (sp.E, f.args[0]) if isinstance(f, sp.exp) else (f.base, f.exp)
            slope = sp.diff(e, n)
            if slope.has(n) or sp.simplify(e - slope * n).has(n):
                raise ValueError(f"x must be a sum of terms c·n^k·r^n, got the factor {f}")
            c *= base ** e.subs(n, 0)
            r *= base ** slope
        else:
            raise ValueError(f"x must be a sum of terms c·n^k·r^n (sines and cosines allowed), got the factor {f}")
    return c, k, r


def _table_transform(x: sp.Expr) -> sp.Expr:
    """Σ over terms c·n^k·r^n of c·(−z d/dz)^k [z/(z − r)] — the table entry a^n u[n] and the
    z-domain differentiation rule — plus c·δ[n − k] ↔ c·z^(−k)."""
    total = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(x.rewrite(sp.exp))):
        deltas = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.KroneckerDelta)]
        if deltas:  # c·δ[n − k] ↔ c·z^(−k)
            shift = sp.solve(deltas[0].args[0] - deltas[0].args[1], n)
            if len(shift) != 1 or not shift[0].is_Integer:
                raise ValueError(f"x must be a sum of terms c·n^k·r^n or c·δ[n−k] with k ≥ 0, got {term}")
            total += (term / deltas[0]).subs(n, shift[0]) * z ** (-shift[0])
            continue
        c, k, r = _split_term(term)
        X = z / (z - r)
        for _ in range(k):
            X = -z * sp.diff(X, z)
        total += c * X
    return total


def _tidy(expr: sp.Expr) -> sp.Expr:
    """A rational X(z) in lowest terms; complex exponentials in its coefficients become cos/sin."""
    num, den = sp.fraction(sp.cancel(sp.together(expr)))
    if not (expr.has(sp.I) or expr.has(sp.exp)):
        return sp.factor(num) / sp.factor(den)
    N, D = sp.Poly(sp.expand(num), z), sp.Poly(sp.expand(den), z)
    lead = D.LC()

    def clean(P: sp.Poly) -> sp.Expr:
        coeffs = [sp.simplify(sp.expand_complex(sp.powsimp(sp.expand(c / lead)).rewrite(sp.cos)))
                  for c in P.all_coeffs()]
        return sum(c * z**k for k, c in enumerate(reversed(coeffs)))

    return clean(N) / clean(D)


def ztransform(x: sp.Expr | int | float) -> ZTransform:
    """Unilateral z-transform of a causal sequence x[n]·u[n], exactly, with its ROC.

    .. math:: X(z) = \\sum_{n=0}^{\\infty} x[n]\\, z^{-n}, \\qquad
              \\text{ROC: } |z| > \\max_p |p| \\ \\text{(outside the outermost pole)}

    (For a non-rational X(z), e.g. x[n] = 1/(n+1), the ROC radius comes from the root test
    :math:`\\limsup |x[n]|^{1/n}` instead.)

    SymPy sums the series where it can (``method="definition"``); otherwise — sines and
    cosines — each term c·n^k·r^n is taken from the table z/(z − r) and the rule
    n·x[n] ↔ −z dX/dz (``method="table"``).

    Parameters
    ----------
    x : sympy.Expr
        x[n] for n ≥ 0 as an expression in :data:`inrlib.ztransform.n`, e.g.
        ``Rational(1, 2)**n``, ``n * a**n``, ``cos(pi * n / 4)``.
    """
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        x = sp.nsimplify(x)
    if not isinstance(x, sp.Basic):
        raise TypeError(f"x must be a SymPy expression in inrlib.ztransform.n, got {validate.show(x)}")
    if x.has(sp.nan, sp.oo, -sp.oo, sp.zoo):
        raise ValueError(f"x must be a finite sequence x[n], got {x}")
    method = "definition"
    try:
        summed = sp.summation(x * z ** (-n), (n, 0, sp.oo))
    except Exception:  # noqa: BLE001 - SymPy may give up in many ways; the table takes over
        summed = None
    if isinstance(summed, sp.Piecewise) and not summed.args[0][0].has(sp.Sum):
        X = summed.args[0][0]
    else:
        method = "table"
        X = _table_transform(x)
    X = _tidy(X)
    num, den = sp.fraction(sp.together(X))
    if num.is_polynomial(z) and den.is_polynomial(z):
        inner = _poles_radius(X)
    else:  # not rational (e.g. 1/(n+1) ↔ −z log(1 − 1/z)): the root test, R = lim |x[n]|^(1/n)
        try:
            inner = sp.limit(sp.Abs(x) ** (1 / n), n, sp.oo)
        except Exception:  # noqa: BLE001
            inner = None
        if inner is None or not inner.is_finite:
            raise ValueError(f"x={x}: could not determine the region of convergence of its z-transform {X}")
    return ZTransform(X, ROC(inner, sp.oo), method)


def _start(start) -> int:
    """The index n of the first value, as an int (else a ``TypeError`` naming ``start``)."""
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)):
        raise TypeError(f"start must be an integer (the index n of values[0]), got {validate.show(start)}")
    return int(start)


def finite_ztransform(values: Sequence[float], start: int = 0) -> ZTransform:
    """X(z) = Σ x[n] z^{−n} of a finite sequence x[start], x[start+1], … (a windowed sequence).

    The ROC is the whole plane, except z = 0 if some x[n≥1] ≠ 0 and z = ∞ if some x[n<0] ≠ 0;
    it is stored as ``|z| > 0``.
    """
    vals = _exact("values", values)
    start = _start(start)
    X = sum(v * z ** (-(start + i)) for i, v in enumerate(vals))
    roc = ROC(sp.Integer(0), sp.oo)  # z = 0 (and z = ∞ for n < 0 terms) excluded numerically by |z| > 0
    return ZTransform(sp.expand(X), roc, "definition")


def evaluate_sequence_ztransform(values: Sequence[float], zval: complex, start: int = 0) -> complex:
    """Σ x[n] z^{−n} of a finite sequence, numerically (x[start] … x[start+L−1])."""
    vals = _signal("values", values) if np.isrealobj(values) else np.asarray(values, dtype=complex)
    if vals.ndim != 1:
        raise ValueError(f"values must be a 1-D sequence x[0], x[1], …, got an array of shape {vals.shape}")
    _start(start)
    try:
        zc = complex(zval)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"zval must be a number, got {validate.show(zval)}") from exc
    if zc == 0 or not np.isfinite(zc):
        raise ValueError(f"zval must be a finite non-zero number (z^(-n) is undefined at z = 0), got {zval}")
    k = np.arange(len(vals)) + start
    return complex(np.sum(vals * zc ** (-k.astype(float))))


def _named(name: str, seq: sp.Expr, X: sp.Expr, roc: ROC) -> tuple[str, sp.Expr, ZTransform]:
    return name, seq, ZTransform(X, roc, "table")


_a = sp.Symbol("a", positive=True)


_w = sp.Symbol("omega_0", positive=True)


#: The course's table of pairs: (name, x[n] for n ≥ 0, X(z) with its ROC), textbook forms.
TABLE = [
    _named("unit impulse δ[n]", sp.KroneckerDelta(n, 0), sp.Integer(1), ROC()),
    _named("unit step u[n]", sp.Integer(1), z / (z - 1), ROC(sp.Integer(1))),
    _named("aⁿ u[n]", _a**n, z / (z - _a), ROC(_a)),
    _named("n aⁿ u[n]", n * _a**n, _a * z / (z - _a) ** 2, ROC(_a)),
    _named("cos(ω₀n) u[n]", sp.cos(_w * n), z * (z - sp.cos(_w)) / (z**2 - 2 * z * sp.cos(_w) + 1), ROC(sp.Integer(1))),
    _named("sin(ω₀n) u[n]", sp.sin(_w * n), z * sp.sin(_w) / (z**2 - 2 * z * sp.cos(_w) + 1), ROC(sp.Integer(1))),
]
