"""§6 The diffusion equation u_t = λ u_xx: one explicit step (FTCS), its stability number,
and the θ-scheme that is stable for every Δt (Crank–Nicolson, backward Euler).
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .. import validate


#: FTCS is stable for r = λΔt/Δx² ≤ ½.
FTCS_LIMIT = 0.5


HEAT_METHODS = {"ftcs": 0.0, "crank_nicolson": 0.5, "backward_euler": 1.0}


def stability_number(lam: float, dt: float, dx: float) -> float:
    """:math:`r = λ Δt / Δx^2` — the one number that decides FTCS stability (r ≤ ½)."""
    return validate.positive_float("lam", lam) * validate.positive_float("dt", dt) / validate.positive_float("dx", dx) ** 2


def largest_stable_dt(dx: float, lam: float) -> float:
    """The FTCS limit :math:`Δt_{max} = Δx^2 / (2λ)`."""
    return validate.positive_float("dx", dx) ** 2 / (2 * validate.positive_float("lam", lam))


def _check_ftcs_step(u, r) -> None:
    if not isinstance(u, np.ndarray) or u.ndim != 1 or u.size < 3 or u.dtype.kind != "f":
        # no finiteness check: an unstable run must be able to overflow quietly
        raise TypeError(f"u must be a 1-D float array of at least 3 values, got {validate.show(u)}")
    if validate.real_number("r", r, "a number ≥ 0") < 0:
        raise ValueError(f"r must be ≥ 0 (r = λΔt/Δx²), got {r!r}")


@validate.checked(_check_ftcs_step)
def ftcs_step(u: np.ndarray, r: float) -> np.ndarray:
    """Forward in time, central in space:
    :math:`u_j^{n+1} = u_j^n + r\\,(u_{j+1}^n - 2u_j^n + u_{j-1}^n)`, end values kept (Dirichlet).

    ``u`` has shape (N+1,); returns a new array of the same shape.  (One step does not warn:
    :func:`solve_heat` warns when r > ½.)
    """
    new = u.copy()
    new[1:-1] = u[1:-1] + r * (u[2:] - 2 * u[1:-1] + u[:-2])
    return new


def laplacian_1d(n_interior: int) -> sp.csc_matrix:
    """The (n×n) matrix :math:`A = \\mathrm{tridiag}(1, -2, 1)`, so :math:`(Au)_j = u_{j+1} - 2u_j + u_{j-1}`."""
    n = validate.positive_int("n_interior", n_interior)
    return sp.diags([np.ones(n - 1), -2 * np.ones(n), np.ones(n - 1)], [-1, 0, 1], format="csc")


def _check_theta_matrices(n_interior, r, theta) -> None:
    validate.positive_float("r", r)
    if not 0.0 <= validate.real_number("theta", theta, "a number in [0, 1]") <= 1.0:
        raise ValueError(f"theta must lie in [0, 1], got {theta!r}")


@validate.checked(_check_theta_matrices)
def theta_matrices(n_interior: int, r: float, theta: float) -> tuple[sp.csc_matrix, sp.csc_matrix]:
    """The θ-scheme :math:`(I - θ r A)\\,u^{n+1} = (I + (1-θ) r A)\\,u^n + r\\,b` on the interior.

    θ = 0: FTCS (explicit); θ = ½: Crank–Nicolson; θ = 1: backward Euler.  ``b`` holds the
    two Dirichlet end values.  Returns ``(lhs, rhs)`` as sparse (n×n) matrices.
    """
    a = laplacian_1d(n_interior)
    eye = sp.identity(a.shape[0], format="csc")
    return (eye - theta * r * a).tocsc(), (eye + (1 - theta) * r * a).tocsc()


def theta_step(u: np.ndarray, r: float, theta: float) -> np.ndarray:
    """One θ-scheme step (see :func:`theta_matrices`) for ``u`` of shape (N+1,), end values kept.
    θ = 1 is one backward-Euler step: a sparse tridiagonal solve, stable for every r."""
    u = validate.finite_array("u", u, ndim=1, min_size=3)
    lhs, rhs = theta_matrices(u.size - 2, r, theta)
    b = np.zeros(u.size - 2)
    b[0], b[-1] = u[0], u[-1]
    new = u.copy()
    new[1:-1] = spla.spsolve(lhs, rhs @ u[1:-1] + r * b)
    return new
