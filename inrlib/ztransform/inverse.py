"""§3 Back again: the inverse z-transform of a rational H(z) by partial fractions.

.. math:: \\frac{z}{(z-p)^k} \\;\\longleftrightarrow\\; \\binom{n}{k-1} p^{\\,n-k+1}\\,u[n]
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from .. import validate
from .symbols import n, z


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


def _exact_rational(H: sp.Expr) -> sp.Expr:
    """H in lowest terms with exact coefficients: floats become the fractions their decimals
    show (0.3 → 3/10), as in transfer_function — exact arithmetic keeps repeated poles repeated."""
    return sp.cancel(sp.together(sp.nsimplify(H, rational=True)))


def _check_inverse_ztransform(H) -> None:
    if not isinstance(H, sp.Basic):
        raise TypeError(f"H must be a SymPy expression in inrlib.ztransform.z, got {validate.show(H)}")
    H = _exact_rational(H)
    if H.free_symbols - {z}:
        raise ValueError(f"H must depend on z only, got the symbols {sorted(map(str, H.free_symbols - {z}))}")
    num, den = sp.fraction(H)
    if not (num.is_polynomial(z) and den.is_polynomial(z)):
        raise ValueError(f"H must be a rational function of z, got {H}")
    if sp.degree(num, z) > sp.degree(den, z):
        raise ValueError(f"H must be causal (degree of numerator ≤ degree of denominator in z), got {H}")


@validate.checked(_check_inverse_ztransform)
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
    G = sp.together(_exact_rational(H) / z)
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
