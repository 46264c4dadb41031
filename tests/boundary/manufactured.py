"""Manufactured solutions for the chapter 03 tests: u chosen, f = −Δu and the boundary data
derived by sympy (independent of inrlib)."""
import numpy as np
import sympy


HS = [1 / 8, 1 / 16, 1 / 32, 1 / 64]


X, Y = sympy.symbols("x y")


def manufactured(expr):
    """u, f = −Δu, ∂u/∂x, ∂u/∂y as NumPy functions, derived by sympy (independent of inrlib)."""
    lam = lambda e: sympy.lambdify((X, Y), e, "numpy")  # noqa: E731
    wrap = lambda fn: (lambda x, y: fn(x, y) + 0 * x)  # noqa: E731 - constants broadcast to the grid
    return (wrap(lam(expr)), wrap(lam(-sympy.diff(expr, X, 2) - sympy.diff(expr, Y, 2))),
            wrap(lam(sympy.diff(expr, X))), wrap(lam(sympy.diff(expr, Y))))


def outward(ux, uy):
    """Neumann data ∂u/∂n per side of [−1, 1]² (outward normals)."""
    return {"left": lambda x, y: -ux(x, y), "right": ux, "bottom": lambda x, y: -uy(x, y), "top": uy}


SMOOTH = sympy.sin(sympy.pi * X / 2 + sympy.Rational(3, 10)) * sympy.cos(sympy.pi * Y / 3) + X * Y**2


def trapezoid_mean_free(e):
    w = np.ones(e.shape)
    w[0] *= 0.5; w[-1] *= 0.5; w[:, 0] *= 0.5; w[:, -1] *= 0.5  # noqa: E702
    return e - (w * e).sum() / w.sum()
