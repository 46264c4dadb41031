"""Mutation suite, chapter 03 (inrlib.checks.boundary)."""
import numpy as np
import scipy.sparse as sp

from inrlib import boundary as bc
from inrlib.checks import boundary as check


def forever(*args, **kwargs):
    while True:
        pass


def broken(judge, chk):
    judge.fails(chk, lambda *a: None, says="None")
    judge.fails(chk, lambda *a: np.nan)
    judge.fails(chk, lambda *a: "1.0")
    judge.fails(chk, lambda *a: 1 / 0, says="ZeroDivisionError")
    judge.fails(chk, forever, says="did not return within")


def lap_dense(n, h):
    return (2 * np.eye(n) - np.eye(n, k=1) - np.eye(n, k=-1)) / h**2


def test_laplacian(judge, short_limits):
    judge.passes(check.check_laplacian_1d, lap_dense)
    judge.passes(check.check_laplacian_1d, lambda n, h: sp.diags([-1, 2, -1], [-1, 0, 1], shape=(n, n)) / h**2)
    for wrong, hint in check._LAPLACIAN_MISTAKES:
        judge.fails(check.check_laplacian_1d, wrong, hint=hint)
    judge.fails(check.check_laplacian_1d, lambda n, h: lap_dense(4, h))  # ignores n
    broken(judge, check.check_laplacian_1d)


def dirichlet(f, alpha, beta, m):
    h, x = 1 / m, np.linspace(0, 1, m + 1)
    b = f(x[1:-1]).astype(float)
    b[0] += alpha / h**2
    b[-1] += beta / h**2
    return np.r_[alpha, np.linalg.solve(lap_dense(m - 1, h), b), beta]


def neumann(f, alpha, gamma, m, a=0.0):
    h, x = 1 / m, np.linspace(0, 1, m + 1)
    A = lap_dense(m, h)
    A[m - 1, m - 2] = -2 / h**2
    A[m - 1, m - 1] += 2 * a / h
    b = f(x[1:]).astype(float)
    b[0] += alpha / h**2
    b[m - 1] += 2 * gamma / h
    return np.r_[alpha, np.linalg.solve(A, b)]


def test_dirichlet(judge, short_limits):
    judge.passes(check.check_solve_dirichlet_1d, dirichlet)
    judge.fails(check.check_solve_dirichlet_1d, check._dirichlet_forgot_rhs, hint="right-hand side")
    judge.fails(check.check_solve_dirichlet_1d, check._dirichlet_no_h2, hint="1/h²")
    judge.fails(check.check_solve_dirichlet_1d, lambda f, a, b, m: dirichlet(f, a, b, m)[1:-1], hint="all m + 1 values")
    broken(judge, check.check_solve_dirichlet_1d)


def test_neumann(judge, short_limits):
    judge.passes(check.check_solve_neumann_1d, neumann)
    judge.fails(check.check_solve_neumann_1d, check._neumann_one_sided, hint="only first order")
    judge.fails(check.check_solve_neumann_1d, check._neumann_wrong_ghost_sign, hint="sign of the ghost value")
    judge.fails(check.check_solve_neumann_1d, check._neumann_forgot_half, hint="without f_m")
    broken(judge, check.check_solve_neumann_1d)


def test_robin(judge, short_limits):
    judge.passes(check.check_solve_robin_1d, lambda f, al, a, g, m: neumann(f, al, g, m, a))
    judge.fails(check.check_solve_robin_1d, lambda f, al, a, g, m: neumann(f, al, g, m, -a), hint="+2a/h")
    judge.fails(check.check_solve_robin_1d, lambda f, al, a, g, m: neumann(f, al, g, m, a / 2), hint="carries the factor 2h")
    judge.fails(check.check_solve_robin_1d, lambda f, al, a, g, m: neumann(f, al, g, m), hint="Robin term a·u(1) is missing")
    broken(judge, check.check_solve_robin_1d)


def measured_order_of(solver_name):
    """A right measured_neumann_order, written in its own module namespace like a notebook's."""
    code = f"""
def measured():
    u = lambda x: np.exp(x) * np.sin(2 * x)
    du = lambda x: np.exp(x) * (np.sin(2 * x) + 2 * np.cos(2 * x))
    f = lambda x: -np.exp(x) * (4 * np.cos(2 * x) - 3 * np.sin(2 * x))
    errors = [np.abs({solver_name}(f, u(0.0), du(1.0), m) - u(np.linspace(0, 1, m + 1))).max() for m in (8, 16, 32, 64)]
    return float(np.polyfit(np.log([1 / 8, 1 / 16, 1 / 32, 1 / 64]), np.log(errors), 1)[0])
"""
    namespace = {"np": np, "solve_n": neumann, "bc": bc}
    exec(code, namespace)
    return namespace["measured"]


def test_measured_order(judge, short_limits):
    judge.passes(check.check_measured_order, measured_order_of("solve_n"))
    judge.fails(check.check_measured_order, lambda: 2.0, says="whatever the solver")  # hard-coded
    judge.fails(check.check_measured_order, lambda: -2.0, hint="log(h)")
    judge.fails(check.check_measured_order, lambda: 1.0, hint="one-sided")
    judge.fails(check.check_measured_order, lambda: "2.0")
    judge.fails(check.check_measured_order, lambda: np.nan)
    judge.fails(check.check_measured_order, lambda: None)
    judge.fails(check.check_measured_order, forever, says="did not return within")


def test_largest_difference(judge, short_limits):
    def mine(h):
        grid, coarse = bc.solve_lshape(h)
        _, fine = bc.solve_lshape(h / 2)
        d = np.abs(coarse - fine[::2, ::2])
        i, j = np.unravel_index(np.argmax(d), d.shape)
        return grid.x[j], grid.y[i], d[i, j]  # NumPy scalars are fine

    def swapped(h):
        x, y, v = mine(h)
        return y, x, v

    judge.passes(check.check_largest_difference, mine)
    judge.fails(check.check_largest_difference, swapped, hint="you swapped x and y")
    judge.fails(check.check_largest_difference, lambda h: (0.0, -0.125, 0.00503957622170681))  # a constant
    judge.fails(check.check_largest_difference, lambda h: ("0", "0", "0.005"))
    judge.fails(check.check_largest_difference, check.reference_largest_difference, notebook=True, says="inrlib's own")
    judge.fails(check.check_largest_difference, forever, says="did not return within")
