"""§5 The properties table, row by row, and the initial and final value theorems.

Each row's function takes a :class:`~inrlib.ztransform.transform.ZTransform` and returns a
new one: the Z-domain column with its ROC column.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from .. import validate
from .symbols import n, z
from .transform import ROC, ZTransform


def _check(name: str, X: Any) -> ZTransform:
    if not isinstance(X, ZTransform):
        raise TypeError(f"{name} must be a ZTransform (from ztransform(...)), got {validate.show(X)}")
    return X


def _root(value: sp.Expr, M: int) -> sp.Expr:
    return value if value in (0, sp.oo) else value ** sp.Rational(1, M)


def _constant(name: str, value: Any) -> sp.Expr:
    if isinstance(value, bool) or not isinstance(value, (int, float, complex, np.number, sp.Expr)):
        raise TypeError(f"{name} must be a number (or a SymPy expression), got {validate.show(value)}")
    value = sp.nsimplify(value) if isinstance(value, (float, np.floating)) else sp.sympify(value)
    if value.has(sp.nan, sp.oo, -sp.oo, sp.zoo):
        raise ValueError(f"{name} must be a finite constant, got {value}")
    if value.has(z) or value.has(n):
        raise ValueError(f"{name} must be a constant (free of z and n), got {value}")
    return value


def linearity(X1: ZTransform, X2: ZTransform, c1: Any = 1, c2: Any = 1) -> ZTransform:
    """c₁x₁[n] + c₂x₂[n] ↔ c₁X₁(z) + c₂X₂(z); ROC at least R₁ ∩ R₂."""
    X1, X2 = _check("X1", X1), _check("X2", X2)
    c1, c2 = _constant("c1", c1), _constant("c2", c2)
    return ZTransform(c1 * X1.expr + c2 * X2.expr, X1.roc.intersect(X2.roc), "linearity")


def translation(X: ZTransform, n0: int) -> ZTransform:
    """x[n − n₀] ↔ z^{−n₀} X(z); ROC R, except possibly adding/deleting z = 0 (or ∞)."""
    X = _check("X", X)
    if isinstance(n0, bool) or not isinstance(n0, (int, np.integer)):
        raise TypeError(f"n0 must be an integer shift, got {validate.show(n0)}")
    return ZTransform(z ** (-int(n0)) * X.expr, X.roc, "translation")


def modulation(X: ZTransform, a: Any) -> ZTransform:
    """aⁿ x[n] ↔ X(a^{−1} z); ROC |a| R."""
    X = _check("X", X)
    a = _constant("a", a)
    if a == 0:
        raise ValueError("a must be non-zero for the modulation property, got 0")
    outer = sp.oo if X.roc.outer == sp.oo else sp.Abs(a) * X.roc.outer
    return ZTransform(X.expr.subs(z, z / a), ROC(sp.Abs(a) * X.roc.inner, outer), "modulation")


def time_reversal(X: ZTransform) -> ZTransform:
    """x[−n] ↔ X(1/z); ROC 1/R (inner and outer radii swap and invert)."""
    X = _check("X", X)
    inner = sp.Integer(0) if X.roc.outer == sp.oo else 1 / X.roc.outer
    outer = sp.oo if X.roc.inner == 0 else 1 / X.roc.inner
    return ZTransform(X.expr.subs(z, 1 / z), ROC(inner, outer), "time reversal")


def upsampling(X: ZTransform, M: int) -> ZTransform:
    """(↑M)x[n] (x[n/M] when M divides n, else 0) ↔ X(z^M); ROC R^{1/M}."""
    X, M = _check("X", X), validate.positive_int("M", M)
    return ZTransform(X.expr.subs(z, z**M), ROC(_root(X.roc.inner, M), _root(X.roc.outer, M)), "upsampling")


def downsampling(X: ZTransform, M: int) -> ZTransform:
    """(↓M)x[n] = x[Mn] ↔ (1/M) Σ_{k=0}^{M−1} X(e^{−j2πk/M} z^{1/M}); ROC R^M."""
    X, M = _check("X", X), validate.positive_int("M", M)
    w = sp.Symbol("w")
    terms = [X.expr.subs(z, w).subs(w, sp.exp(-2 * sp.pi * sp.I * k / M) * z ** sp.Rational(1, M)) for k in range(M)]
    outer = sp.oo if X.roc.outer == sp.oo else X.roc.outer**M
    return ZTransform(sp.Add(*terms) / M, ROC(X.roc.inner**M, outer), "downsampling")


def conjugation(X: ZTransform) -> ZTransform:
    """x*[n] ↔ X*(z*); ROC R."""
    X = _check("X", X)
    return ZTransform(sp.conjugate(X.expr.subs(z, sp.conjugate(z))), X.roc, "conjugation")


def convolution(X1: ZTransform, X2: ZTransform) -> ZTransform:
    """(x₁ * x₂)[n] ↔ X₁(z) X₂(z); ROC at least R₁ ∩ R₂."""
    X1, X2 = _check("X1", X1), _check("X2", X2)
    return ZTransform(X1.expr * X2.expr, X1.roc.intersect(X2.roc), "convolution")


def z_differentiation(X: ZTransform) -> ZTransform:
    """n x[n] ↔ −z dX/dz; ROC R."""
    X = _check("X", X)
    return ZTransform(-z * sp.diff(X.expr, z), X.roc, "z-domain differentiation")


def differencing(X: ZTransform) -> ZTransform:
    """x[n] − x[n−1] ↔ (1 − z^{−1}) X(z); ROC at least R ∩ {|z| > 0}."""
    X = _check("X", X)
    return ZTransform((1 - 1 / z) * X.expr, X.roc.intersect(ROC(sp.Integer(0))), "differencing")


def accumulation(X: ZTransform) -> ZTransform:
    """Σ_{k≤n} x[k] ↔ z/(z − 1) X(z); ROC at least R ∩ {|z| > 1}."""
    X = _check("X", X)
    return ZTransform(z / (z - 1) * X.expr, X.roc.intersect(ROC(sp.Integer(1))), "accumulation")


#: The deck's table, in its order: row name → the function implementing the Z-domain column.
PROPERTIES = {
    "Linearity": linearity, "Translation": translation, "Modulation": modulation,
    "Time Reversal": time_reversal, "Upsampling": upsampling, "Downsampling": downsampling,
    "Conjugation": conjugation, "Convolution": convolution, "Z-Domain Diff.": z_differentiation,
    "Differencing": differencing, "Accumulation": accumulation,
}


def initial_value(X: ZTransform) -> sp.Expr:
    """Initial value theorem (causal x): x[0] = lim_{z→∞} X(z)."""
    return sp.limit(_check("X", X).expr, z, sp.oo)


def final_value_theorem_applies(X: ZTransform) -> bool:
    """The final value theorem holds when every pole of (z − 1)X(z) is strictly inside |z| = 1
    (x[n] then converges; a pole on or outside the circle makes it oscillate or grow)."""
    G = sp.cancel(sp.together((z - 1) * _check("X", X).expr))
    if G.free_symbols - {z}:
        raise ValueError(f"X depends on the symbols {sorted(map(str, G.free_symbols - {z}))}: substitute numbers "
                         "for them (X.expr.subs(...)) before asking whether the final value theorem applies")
    den = sp.Poly(sp.denom(G), z)
    return all(abs(complex(r)) < 1 - 1e-12 for r in den.nroots(n=30)) if den.degree() > 0 else True


def final_value(X: ZTransform, *, check: bool = True) -> sp.Expr:
    """Final value theorem: lim_{n→∞} x[n] = lim_{z→1} (z − 1) X(z).

    With ``check=True`` (default) raise ``ValueError`` when the theorem does not apply
    (a pole of (z − 1)X(z) on or outside the unit circle): the limit of the formula then
    exists but says nothing about x[n] — e.g. x[n] = (−1)ⁿ gives 0.
    """
    if check and not final_value_theorem_applies(X):
        raise ValueError(f"X={X.expr}: the final value theorem does not apply — (z − 1)X(z) has a pole on or "
                         "outside the unit circle, so x[n] has no limit")
    return sp.limit(sp.cancel((z - 1) * X.expr), z, 1)
