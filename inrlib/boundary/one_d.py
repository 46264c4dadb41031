"""One dimension first: −u'' = f on [0, 1], the matrix and the Neumann ghost point."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .. import validate
from .conditions import Condition, Value, _cells, _check_condition, _evaluate, dirichlet


def laplacian_1d(n: int, h: float) -> sp.csr_matrix:
    """The n×n matrix of −d²/dx² at n interior nodes with homogeneous Dirichlet ends.

    .. math:: (-D^2 u)_k = \\frac{-u_{k-1} + 2u_k - u_{k+1}}{h^2}, \\qquad u_0 = u_{n+1} = 0,

    i.e. ``tridiag(−1, 2, −1) / h²`` (symmetric positive definite).
    """
    n = validate.positive_int("n", n)
    h = validate.positive_float("h", h)
    return sp.diags([-np.ones(n - 1), 2 * np.ones(n), -np.ones(n - 1)], [-1, 0, 1], format="csr") / h**2


def _check_solve_1d(f: Value, h: float, left: Condition | None = None, right: Condition | None = None) -> None:
    _cells("h", h, 1.0)
    left = _check_condition("left", left if left is not None else dirichlet(0.0))
    right = _check_condition("right", right if right is not None else dirichlet(0.0))
    if left.kind != "dirichlet" and right.kind != "dirichlet" and left.alpha == 0 and right.alpha == 0:
        raise ValueError("left and right cannot both be Neumann: −u'' = f with u' given at both ends fixes u "
                         "only up to a constant (use a Dirichlet or Robin end)")


@validate.checked(_check_solve_1d)
def solve_1d(f: Value, h: float, left: Condition | None = None, right: Condition | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    """Solve −u'' = f on [0, 1] with a condition at each end; returns ``(x, u)``, both (m+1,).

    Dirichlet ends are known values moved to the right-hand side.  A Neumann/Robin end
    becomes an unknown with a **ghost point**: at x = 1 (outward normal +x) the central
    difference u'(1) ≈ (u_{m+1} − u_{m−1}) / 2h = g − αu_m gives
    u_{m+1} = u_{m−1} + 2h(g − αu_m), and the equation at the end node becomes

    .. math:: \\frac{2u_m - 2u_{m-1}}{h^2} + \\frac{2α}{h} u_m = f_m + \\frac{2g}{h}

    — second order, unlike the one-sided (u_m − u_{m−1})/h.  Both ends Neumann (α = 0) is
    singular in 1-D and refused (see :func:`solve_square` for the pure Neumann problem).
    """
    m = int(round(1.0 / h))                          # cells of size h
    h = 1.0 / m
    left = left if left is not None else dirichlet(0.0)
    right = right if right is not None else dirichlet(0.0)
    x = np.linspace(0.0, 1.0, m + 1)
    fx = _evaluate("f", f, x)
    lo = 1 if left.kind == "dirichlet" else 0
    hi = m - 1 if right.kind == "dirichlet" else m
    n = hi - lo + 1
    A = laplacian_1d(n, h).tolil()
    b = fx[lo:hi + 1].copy()
    u = np.zeros(m + 1)
    for cond, end, row, nb in ((left, 0, 0, 1), (right, m, n - 1, n - 2)):
        g = float(_evaluate(f"{'left' if end == 0 else 'right'}.value", cond.value, np.array(x[end])))
        if cond.kind == "dirichlet":
            u[end] = g
            b[row] += g / h**2                       # the known neighbour moves to the right-hand side
        else:                                        # ghost point: the mirror neighbour counts twice
            if n > 1:
                A[row, nb] = -2.0 / h**2
            A[row, row] = 2.0 / h**2 + 2.0 * cond.alpha / h
            b[row] += 2.0 * g / h
    u[lo:hi + 1] = spla.spsolve(A.tocsr(), b)
    return x, u
