"""§0 What a PDE is: the deck's examples, checked symbolically with SymPy.

A partial differential equation relates an unknown function to its partial derivatives; solving
it reconstructs the function.  The deck's examples are conservation laws, each written twice:

* **integral form** — a balance over a volume :math:`V` or a surface :math:`\\Sigma`;
* **differential form** — the same balance at every point, obtained with the divergence theorem
  :math:`\\iiint_V \\nabla\\cdot\\mathbf F\\,dV = \\oint_{\\partial V} \\mathbf F\\cdot d\\mathbf S` or Stokes'
  theorem :math:`\\iint_\\Sigma (\\nabla\\times\\mathbf F)\\cdot d\\mathbf S = \\oint_{\\partial\\Sigma} \\mathbf F\\cdot d\\boldsymbol\\ell`.

Fields are tuples of SymPy expressions in the coordinates ``X = (x, y, z)`` and the time ``t``.
Every function returns SymPy expressions, so a check reads ``sympy.simplify(residual) == 0``.
"""
from __future__ import annotations

from typing import Sequence

import sympy

x, y, z, t = sympy.symbols("x y z t", real=True)
X = (x, y, z)
EPSILON_0, MU_0 = sympy.symbols("varepsilon_0 mu_0", positive=True)

Field = Sequence[sympy.Expr]


def _vector(name: str, field, dimension: int = 3) -> tuple:
    """``field`` as a tuple of ``dimension`` SymPy expressions; a clear error otherwise."""
    if isinstance(field, (str, bytes)) or not hasattr(field, "__len__"):
        raise TypeError(f"{name} must be a sequence of {dimension} expressions, got {field!r}")
    if len(field) != dimension:
        raise ValueError(f"{name} must have {dimension} components, got {len(field)}")
    return tuple(sympy.sympify(component) for component in field)


# ----------------------------------------------------------------------------- vector calculus
def gradient(f: sympy.Expr, coords: Sequence[sympy.Symbol] = X) -> tuple:
    """:math:`\\nabla f = (\\partial_1 f, \\dots, \\partial_n f)`."""
    return tuple(sympy.diff(f, c) for c in coords)


def divergence(F: Field, coords: Sequence[sympy.Symbol] = X) -> sympy.Expr:
    """:math:`\\nabla\\cdot\\mathbf F = \\sum_i \\partial F_i / \\partial x_i` (any dimension)."""
    F = _vector("F", F, len(coords))
    return sympy.Add(*(sympy.diff(Fi, c) for Fi, c in zip(F, coords)))


def curl(F: Field) -> tuple:
    """:math:`\\nabla\\times\\mathbf F = (\\partial_y F_z - \\partial_z F_y,\\ \\partial_z F_x - \\partial_x F_z,\\
    \\partial_x F_y - \\partial_y F_x)` in 3-D."""
    Fx, Fy, Fz = _vector("F", F)
    return (sympy.diff(Fz, y) - sympy.diff(Fy, z),
            sympy.diff(Fx, z) - sympy.diff(Fz, x),
            sympy.diff(Fy, x) - sympy.diff(Fx, y))


# ----------------------------------------------------------------------------- Maxwell's equations
def maxwell_residuals(E: Field, B: Field, rho: sympy.Expr = 0, J: Field = (0, 0, 0),
                      epsilon_0: sympy.Expr = EPSILON_0, mu_0: sympy.Expr = MU_0) -> dict[str, sympy.Expr]:
    """Left minus right side of Maxwell's equations in differential form, simplified.

    .. math::
        \\nabla\\cdot\\mathbf E = \\rho/\\varepsilon_0, \\quad \\nabla\\cdot\\mathbf B = 0, \\quad
        \\nabla\\times\\mathbf E = -\\partial_t\\mathbf B, \\quad
        \\nabla\\times\\mathbf B = \\mu_0(\\mathbf J + \\varepsilon_0\\,\\partial_t\\mathbf E).

    Returns ``{"Gauss": …, "Gauss (magnetism)": …, "Faraday": (3 components), "Ampère–Maxwell": (…)}``;
    the fields satisfy the equations when every entry simplifies to 0.
    """
    E, B, J = _vector("E", E), _vector("B", B), _vector("J", J)
    curl_E, curl_B = curl(E), curl(B)
    return {
        "Gauss": sympy.simplify(divergence(E) - rho / epsilon_0),
        "Gauss (magnetism)": sympy.simplify(divergence(B)),
        "Faraday": tuple(sympy.simplify(cE + sympy.diff(Bi, t)) for cE, Bi in zip(curl_E, B)),
        "Ampère–Maxwell": tuple(sympy.simplify(cB - mu_0 * (Ji + epsilon_0 * sympy.diff(Ei, t)))
                                for cB, Ji, Ei in zip(curl_B, J, E)),
    }


def is_zero(residual) -> bool:
    """True when a residual (an expression or a tuple of them) simplifies to 0."""
    parts = residual if isinstance(residual, tuple) else (residual,)
    return all(sympy.simplify(p) == 0 for p in parts)


def plane_wave(E0: sympy.Expr, k: sympy.Expr, omega: sympy.Expr, c: sympy.Expr) -> tuple[tuple, tuple]:
    """A plane wave travelling along :math:`z` (a solution in vacuum exactly when :math:`\\omega = c k`):

    .. math:: \\mathbf E = E_0\\cos(kz - \\omega t)\\,\\hat x, \\qquad
              \\mathbf B = \\frac{E_0}{c}\\cos(kz - \\omega t)\\,\\hat y .
    """
    phase = sympy.cos(k * z - omega * t)
    return (E0 * phase, 0, 0), (0, E0 / c * phase, 0)


# ----------------------------------------------------------------------------- the integral theorems
def divergence_theorem(F: Field, box: Sequence[tuple], coords: Sequence[sympy.Symbol] = X
                       ) -> tuple[sympy.Expr, sympy.Expr]:
    """Both sides of the divergence theorem on the box :math:`\\prod_i [a_i, b_i]`:

    .. math:: \\int_{\\text{box}} \\nabla\\cdot\\mathbf F\\,dV \\quad\\text{and}\\quad
              \\oint_{\\partial\\,\\text{box}} \\mathbf F\\cdot\\mathbf n\\,dS
              = \\sum_i \\int \\big[F_i|_{x_i = b_i} - F_i|_{x_i = a_i}\\big] \\prod_{j\\ne i} dx_j .

    ``box`` holds one ``(a_i, b_i)`` per coordinate; returns ``(volume integral, outward flux)``.
    """
    F = _vector("F", F, len(coords))
    if len(box) != len(coords):
        raise ValueError(f"box must have one (a, b) pair per coordinate ({len(coords)}), got {len(box)}")
    limits = [(c, a, b) for c, (a, b) in zip(coords, box)]
    volume = sympy.integrate(divergence(F, coords), *limits)
    flux = 0
    for i, (c, a, b) in enumerate(limits):
        face = F[i].subs(c, b) - F[i].subs(c, a)              # outward normal +e_i on top, −e_i at the bottom
        flux += sympy.integrate(face, *(limits[:i] + limits[i + 1:]))
    return sympy.simplify(volume), sympy.simplify(flux)


def stokes_theorem(F: Field, rectangle: Sequence[tuple]) -> tuple[sympy.Expr, sympy.Expr]:
    """Both sides of Stokes' theorem on the rectangle :math:`[a, b]\\times[c, d]` of the plane
    :math:`z = 0`, normal :math:`\\hat z`, boundary traversed counter-clockwise:

    .. math:: \\iint_\\Sigma (\\nabla\\times\\mathbf F)\\cdot\\hat z\\,dS \\quad\\text{and}\\quad
              \\oint_{\\partial\\Sigma} \\mathbf F\\cdot d\\boldsymbol\\ell .

    Returns ``(surface integral, circulation)``.
    """
    Fx, Fy, _ = (f.subs(z, 0) for f in _vector("F", F))
    (a, b), (c, d) = rectangle
    surface = sympy.integrate(curl(F)[2].subs(z, 0), (x, a, b), (y, c, d))
    circulation = (sympy.integrate(Fx.subs(y, c) - Fx.subs(y, d), (x, a, b))        # bottom →, top ←
                   + sympy.integrate(Fy.subs(x, b) - Fy.subs(x, a), (y, c, d)))     # right ↑, left ↓
    return sympy.simplify(surface), sympy.simplify(circulation)


# ----------------------------------------------------------------------------- fluids
def material_derivative(q: sympy.Expr, u: Field) -> sympy.Expr:
    """The rate of change of ``q`` seen by a particle moving with the velocity ``u``:

    .. math:: \\frac{Dq}{Dt} = \\frac{\\partial q}{\\partial t} + \\mathbf u\\cdot\\nabla q .
    """
    u = _vector("u", u)
    return sympy.simplify(sympy.diff(q, t) + sympy.Add(*(ui * gi for ui, gi in zip(u, gradient(q)))))


def continuity_residual(rho: sympy.Expr, u: Field) -> sympy.Expr:
    """Conservation of mass in differential form, left side, simplified (0 when mass is conserved):

    .. math:: \\frac{\\partial\\rho}{\\partial t} + \\nabla\\cdot(\\rho\\mathbf u)
              = \\frac{D\\rho}{Dt} + \\rho\\,\\nabla\\cdot\\mathbf u .
    """
    u = _vector("u", u)
    return sympy.simplify(sympy.diff(rho, t) + divergence(tuple(rho * ui for ui in u)))
