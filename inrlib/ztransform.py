"""Chapter 01 — difference equations and the z-transform.

A linear, time-invariant (LTI) discrete system is a difference equation.  The deck writes
it, and this module names its coefficients, as

.. math:: \\sum_{k=0}^{N} b_k\\, y[n-k] = \\sum_{k=0}^{M} a_k\\, x[n-k], \\qquad
          H(z) = \\frac{Y(z)}{X(z)} = \\frac{\\sum_{k=0}^{M} a_k z^{-k}}{\\sum_{k=0}^{N} b_k z^{-k}} .

**Warning — names.**  The deck's ``b`` multiplies the *output* and its ``a`` the *input*:
the **opposite** of ``scipy.signal.lfilter(b, a, x)``, where ``b`` is the numerator
(input side) and ``a`` the denominator (output side).  Every function here therefore takes
keyword-only arguments with self-explaining names:

* ``output_coeffs`` — the deck's :math:`b_k`, multiplying :math:`y[n-k]` (denominator of H);
* ``input_coeffs``  — the deck's :math:`a_k`, multiplying :math:`x[n-k]` (numerator of H).

:func:`scipy_ba` converts them to scipy's ``(b, a)`` explicitly.

SymPy has no z-transform, so this module provides a small exact one.  In the order of the
lecture:

1. difference equation ↔ H(z): :func:`transfer_function`, :func:`simulate`,
   :func:`impulse_response`, :func:`scipy_ba`;
2. forward z-transform with its region of convergence: :class:`ROC`, :class:`ZTransform`,
   :func:`ztransform` (from the defining sum, or from the table ``n^k r^n``), :data:`TABLE`;
3. inverse z-transform of a rational H(z) by partial fractions: :func:`inverse_ztransform`;
4. poles, zeros, stability, frequency response: :func:`poles_zeros`, :func:`is_stable`,
   :func:`frequency_response`;
5. the deck's properties table, row by row (each returns a new :class:`ZTransform` with
   the ROC column): :func:`linearity` … :func:`accumulation`; :func:`initial_value`,
   :func:`final_value`;
6. the vehicle: a mass–spring–damper ODE, discretised (:func:`discretize_vehicle`) and
   solved exactly (:func:`vehicle_step_exact`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import sympy as sp

from . import validate

#: The symbols used throughout: z (complex) and the time index n (integer ≥ 0).
z = sp.Symbol("z")
n = sp.Symbol("n", integer=True, nonnegative=True)


# ----------------------------------------------------------------------------- 0. input checks
def _coefficients(name: str, value: Any, *, leading_nonzero: bool = False) -> np.ndarray:
    """``value`` as a 1-D float array of finite numbers, else an error naming ``name``."""
    if isinstance(value, (str, bytes)) or np.ndim(value) == 0 and not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a 1-D sequence of numbers, got {validate.show(value)}")
    try:
        arr = np.asarray([float(v) if isinstance(v, sp.Basic) else v for v in value], dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 1-D sequence of real numbers, got {validate.show(value)}") from exc
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got {validate.show(value)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite numbers, got {validate.show(value)}")
    if leading_nonzero and arr[0] == 0:
        raise ValueError(f"{name}[0] (the coefficient of y[n]) must be non-zero, got {validate.show(value)}: "
                         "y[n] could not be solved for")
    return arr


def _exact(name: str, value: Any, *, leading_nonzero: bool = False) -> list[sp.Expr]:
    """Coefficients as exact SymPy numbers: ints and fractions stay exact, a float becomes the
    fraction its decimal repr shows (0.1 → 1/10)."""
    _coefficients(name, value, leading_nonzero=leading_nonzero)  # same checks, same messages
    return [sp.Rational(repr(float(v))) if isinstance(v, (float, np.floating)) else sp.sympify(v) for v in value]


def _signal(name: str, value: Any) -> np.ndarray:
    arr = np.asarray(value) if not isinstance(value, (str, bytes)) else None
    if arr is None or arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a 1-D array of real numbers, got {validate.show(value)}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sequence x[0], x[1], …, got an array of shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite values (no NaN or inf), got {validate.show(arr)}")
    return arr.astype(np.float64)


# ----------------------------------------------------------------------------- 1. difference equation ↔ H(z)
def transfer_function(*, output_coeffs: Sequence[float], input_coeffs: Sequence[float]) -> sp.Expr:
    """H(z) of the difference equation Σ b_k y[n−k] = Σ a_k x[n−k], exactly (SymPy).

    .. math:: H(z) = \\frac{\\sum_{k=0}^{M} a_k z^{-k}}{\\sum_{k=0}^{N} b_k z^{-k}}

    Parameters
    ----------
    output_coeffs : sequence of N+1 numbers
        The deck's :math:`b_0 … b_N`, multiplying y[n], y[n−1], … (scipy's ``a``).
    input_coeffs : sequence of M+1 numbers
        The deck's :math:`a_0 … a_M`, multiplying x[n], x[n−1], … (scipy's ``b``).

    Returns
    -------
    sympy.Expr
        A rational function of :data:`z`, written in positive powers of z.
    """
    b = _exact("output_coeffs", output_coeffs, leading_nonzero=True)
    a = _exact("input_coeffs", input_coeffs)
    num = sum(c * z ** (-k) for k, c in enumerate(a))
    den = sum(c * z ** (-k) for k, c in enumerate(b))
    return sp.cancel(sp.together(num / den))


def scipy_ba(*, output_coeffs: Sequence[float], input_coeffs: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """scipy's ``(b, a)`` for ``lfilter``/``freqz``: ``b = input_coeffs``, ``a = output_coeffs``.

    The one place where the deck's names meet scipy's: ``lfilter(*scipy_ba(...), x)``.
    """
    b = _coefficients("output_coeffs", output_coeffs, leading_nonzero=True)
    a = _coefficients("input_coeffs", input_coeffs)
    return a, b


def simulate(x: Sequence[float], *, output_coeffs: Sequence[float], input_coeffs: Sequence[float]) -> np.ndarray:
    """Run the difference equation on ``x`` from rest (y[n] = x[n] = 0 for n < 0).

    .. math:: y[n] = \\frac{1}{b_0}\\Big(\\sum_{k=0}^{M} a_k x[n-k] - \\sum_{k=1}^{N} b_k y[n-k]\\Big)

    Parameters
    ----------
    x : array of shape (L,)
        The input x[0] … x[L−1].
    output_coeffs, input_coeffs : sequences
        b_k (multiplying y) and a_k (multiplying x), see :func:`transfer_function`.

    Returns
    -------
    numpy.ndarray of shape (L,)
        y[0] … y[L−1]; an unstable system grows without bound (to ±inf, never an error).
    """
    b = _coefficients("output_coeffs", output_coeffs, leading_nonzero=True)
    a = _coefficients("input_coeffs", input_coeffs)
    x = _signal("x", x)
    a, b = a / b[0], b / b[0]
    y = np.zeros_like(x)
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(len(x)):
            ka = min(i + 1, len(a))
            kb = min(i + 1, len(b))
            acc = np.dot(a[:ka], x[i::-1][:ka])
            if kb > 1:
                acc -= np.dot(b[1:kb], y[i - 1::-1][:kb - 1])
            y[i] = acc
    return y


def impulse_response(length: int, *, output_coeffs: Sequence[float], input_coeffs: Sequence[float]) -> np.ndarray:
    """h[0] … h[length−1]: the response to the unit impulse δ[n] (shape (length,))."""
    delta = np.zeros(validate.positive_int("length", length))
    delta[0] = 1.0
    return simulate(delta, output_coeffs=output_coeffs, input_coeffs=input_coeffs)


# ----------------------------------------------------------------------------- 2. forward transform + ROC
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


def finite_ztransform(values: Sequence[float], start: int = 0) -> ZTransform:
    """X(z) = Σ x[n] z^{−n} of a finite sequence x[start], x[start+1], … (a windowed sequence).

    The ROC is the whole plane, except z = 0 if some x[n≥1] ≠ 0 and z = ∞ if some x[n<0] ≠ 0;
    it is stored as ``|z| > 0``.
    """
    vals = _exact("values", values)
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)):
        raise TypeError(f"start must be an integer (the index n of values[0]), got {validate.show(start)}")
    start = int(start)
    X = sum(v * z ** (-(start + i)) for i, v in enumerate(vals))
    roc = ROC(sp.Integer(0), sp.oo)  # z = 0 (and z = ∞ for n < 0 terms) excluded numerically by |z| > 0
    return ZTransform(sp.expand(X), roc, "definition")


def evaluate_sequence_ztransform(values: Sequence[float], zval: complex, start: int = 0) -> complex:
    """Σ x[n] z^{−n} of a finite sequence, numerically (x[start] … x[start+L−1])."""
    vals = _signal("values", values) if np.isrealobj(values) else np.asarray(values, dtype=complex)
    if vals.ndim != 1:
        raise ValueError(f"values must be a 1-D sequence x[0], x[1], …, got an array of shape {vals.shape}")
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)):
        raise TypeError(f"start must be an integer (the index n of values[0]), got {validate.show(start)}")
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


def _pole_multiplicities(P: sp.Poly) -> dict[sp.Expr, int]:
    """{pole: multiplicity} of the polynomial P(z): exact when the roots are rational or
    quadratic surds, else numerical (30 digits) for the factors without such roots.

    Cubic/quartic radical formulas are avoided on purpose: they are unreadable and SymPy
    can take minutes to simplify the partial-fraction coefficients built from them.
    """
    roots = sp.roots(P, cubics=False, quartics=False)
    if sum(roots.values()) == P.degree():
        return roots
    roots: dict[sp.Expr, int] = {}
    for factor, mult in P.factor_list()[1]:  # irreducible over Q: an unsolvable factor has simple roots
        exact = sp.roots(factor, cubics=False, quartics=False)
        found = exact if sum(exact.values()) == factor.degree() else {r: 1 for r in factor.nroots(n=30)}
        for r, m in found.items():
            roots[r] = roots.get(r, 0) + m * mult
    return roots


# ----------------------------------------------------------------------------- 3. inverse by partial fractions
def inverse_ztransform(H: sp.Expr) -> sp.Expr:
    """h[n] (n ≥ 0) of a causal rational H(z), exactly, by partial fractions.

    H(z)/z is split into Σ c_{ik} / (z − p_i)^k, so H(z) = Σ c_{ik} z / (z − p_i)^k and each
    term is read off the table (ROC outside the outermost pole):

    .. math:: \\frac{z}{(z-p)^k} \\;\\longleftrightarrow\\; \\binom{n}{k-1} p^{\\,n-k+1}\\,u[n]
              \\quad (p \\neq 0), \\qquad z^{1-k} \\longleftrightarrow \\delta[n-k+1] .

    Simple (k = 1) and repeated (k ≥ 2) poles are both handled.

    Parameters
    ----------
    H : sympy.Expr
        A rational function of :data:`z` with H(∞) finite (causal), e.g. from
        :func:`transfer_function`.

    Returns
    -------
    sympy.Expr
        h[n] as an expression in :data:`n`, valid for every integer n ≥ 0.
    """
    if not isinstance(H, sp.Basic):
        raise TypeError(f"H must be a SymPy expression in inrlib.ztransform.z, got {validate.show(H)}")
    # floats become the fractions their decimals show (0.3 → 3/10), as in transfer_function:
    # exact arithmetic keeps repeated poles repeated
    H = sp.cancel(sp.together(sp.nsimplify(H, rational=True)))
    if H.free_symbols - {z}:
        raise ValueError(f"H must depend on z only, got the symbols {sorted(map(str, H.free_symbols - {z}))}")
    num, den = sp.fraction(H)
    if not (num.is_polynomial(z) and den.is_polynomial(z)):
        raise ValueError(f"H must be a rational function of z, got {H}")
    if sp.degree(num, z) > sp.degree(den, z):
        raise ValueError(f"H must be causal (degree of numerator ≤ degree of denominator in z), got {H}")
    G = sp.together(H / z)
    gnum, gden = sp.fraction(G)
    gden_poly = sp.Poly(gden, z)
    roots = _pole_multiplicities(gden_poly)
    exact = all(not r.has(sp.Float) for r in roots)
    h = sp.Integer(0)
    for p, mult in roots.items():
        # coefficients c_k of 1/(z − p)^k by the cover-up rule with derivatives:
        # rest(z) = (z − p)^mult G(z) = gnum / (LC · Π_{q ≠ p} (z − q)^{m_q}), no cancellation needed
        rest = gnum / (gden_poly.LC() * sp.Mul(*[(z - q) ** m for q, m in roots.items() if q != p]))
        for j in range(mult):  # j-th derivative gives k = mult − j
            k = mult - j
            c = sp.diff(rest, z, j).subs(z, p) / sp.factorial(j)
            c = sp.simplify(c) if exact else sp.N(c, 30)
            if c == 0:
                continue
            if p == 0:
                h += c * sp.KroneckerDelta(n, k - 1)
            else:
                h += c * sp.expand_func(sp.binomial(n, k - 1)) * p ** (n - k + 1)
    return h


def sequence_values(h: sp.Expr, length: int) -> np.ndarray:
    """h[0] … h[length−1] of a SymPy sequence in :data:`n`: a real array of shape (length,)
    (complex only if the values really are complex)."""
    if not isinstance(h, sp.Basic):
        raise TypeError(f"h must be a SymPy expression in inrlib.ztransform.n, got {validate.show(h)}")
    vals = np.array([complex(sp.N(h.subs(n, i))) for i in range(validate.positive_int("length", length))])
    real = np.all(np.abs(vals.imag) < 1e-9 * (1 + np.abs(vals)))  # conjugate pole pairs give a real sum
    return vals.real if real else vals


# ----------------------------------------------------------------------------- 4. poles, zeros, stability, frequency
def _padded(output_coeffs, input_coeffs) -> tuple[np.ndarray, np.ndarray]:
    b = _coefficients("output_coeffs", output_coeffs, leading_nonzero=True)
    a = _coefficients("input_coeffs", input_coeffs)
    L = max(len(a), len(b))
    return np.pad(a, (0, L - len(a))), np.pad(b, (0, L - len(b)))


def poles_zeros(*, output_coeffs: Sequence[float], input_coeffs: Sequence[float] = (1.0,)) -> tuple[np.ndarray, np.ndarray]:
    """Poles and zeros of H(z) (numerically).

    Multiplying numerator and denominator by z^L, L = max(M, N), turns both into
    polynomials in z: zeros are the roots of a_0 z^L + a_1 z^{L−1} + …, poles the roots of
    b_0 z^L + b_1 z^{L−1} + …  (padding with zeros puts poles/zeros at z = 0).

    Returns
    -------
    (poles, zeros) : complex arrays of shapes (L,) and (L − number of leading zero a_k,)
        (a leading zero a_0 = … = a_{d−1} = 0 is a delay z^{−d}, not a zero of H)
    """
    a, b = _padded(output_coeffs, input_coeffs)
    zeros = np.roots(a) if np.any(a) else np.array([], dtype=complex)
    # np.roots drops leading zeros of a: zeros "at infinity" for a_0 = 0 are not zeros of H
    return np.roots(b).astype(complex), np.asarray(zeros, dtype=complex)


def is_stable(*, output_coeffs: Sequence[float], tol: float = 1e-9) -> bool:
    """A causal LTI system is BIBO-stable iff every pole lies strictly inside |z| = 1.

    (Poles cancelled by zeros are counted too: this judges the difference equation.)
    """
    tol = validate.real_number("tol", tol)
    if not 0 <= tol < 1:
        raise ValueError(f"tol must be in [0, 1), got {tol!r}")
    poles, _ = poles_zeros(output_coeffs=output_coeffs)
    return bool(np.all(np.abs(poles) < 1 - tol))


def frequency_response(*, output_coeffs: Sequence[float], input_coeffs: Sequence[float],
                       n_points: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """H(e^{jω}) on ω = 0, π/n_points, …, π(1 − 1/n_points) (as ``scipy.signal.freqz``).

    .. math:: H(e^{j\\omega}) = \\frac{\\sum_k a_k e^{-j\\omega k}}{\\sum_k b_k e^{-j\\omega k}}

    Returns ``(omega, H)``, both of shape (n_points,).
    """
    b = _coefficients("output_coeffs", output_coeffs, leading_nonzero=True)
    a = _coefficients("input_coeffs", input_coeffs)
    omega = np.pi * np.arange(validate.positive_int("n_points", n_points)) / n_points
    e = np.exp(-1j * omega)
    with np.errstate(divide="ignore", invalid="ignore"):
        H = np.polyval(a[::-1], e) / np.polyval(b[::-1], e)
    return omega, H


# ----------------------------------------------------------------------------- 5. the properties table
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


# ----------------------------------------------------------------------------- 6. the vehicle
def vehicle_parameters(mass: float, damping: float, stiffness: float) -> dict[str, float]:
    """Natural frequency ω_n = √(k/m), damping ratio ζ = c / (2√(km)) and the continuous
    poles s = −ζω_n ± ω_n√(ζ² − 1) of m y'' + c y' + k y = f."""
    m = validate.positive_float("mass", mass)
    c = validate.non_negative_float("damping", damping)
    k = validate.positive_float("stiffness", stiffness)
    wn = math.sqrt(k / m)
    return {"omega_n": wn, "zeta": c / (2 * math.sqrt(k * m)), "poles": np.roots([m, c, k]).astype(complex)}


DISCRETIZATIONS = ("euler", "tustin")


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
    m = validate.positive_float("mass", mass)
    c = validate.non_negative_float("damping", damping)
    k = validate.positive_float("stiffness", stiffness)
    T = validate.positive_float("dt", dt)
    validate.one_of("method", method, DISCRETIZATIONS)
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
    import scipy.linalg

    m = validate.positive_float("mass", mass)
    c = validate.non_negative_float("damping", damping)
    k = validate.positive_float("stiffness", stiffness)
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
