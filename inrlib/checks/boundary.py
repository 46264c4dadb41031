"""Checks for chapter 03's exercises (``exercises/03_boundary.ipynb``).

The exercises work on [0, 1] with nodes x_k = k h, h = 1/m (k = 0 … m), then on the L-shape.
"""
from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp

from . import (as_array, attempt, check_against_reference, diagnose_by_mistakes, kind,
               never_crash, report)
from .. import boundary as bc


def _quietly(fn):
    """Run a mistake model without warnings (a wrong Robin sign can make its matrix singular)."""
    def wrapped(*args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args)
    return wrapped


def _dense(a):
    """A student's matrix (dense, sparse, tensor, nested list) as a float64 array, or as-is."""
    if sp.issparse(a):
        return a.toarray()
    return a


# ----------------------------------------------------------------------------- exercise 1: the 1-D matrix
def reference_laplacian_1d(n: int, h: float) -> np.ndarray:
    """tridiag(−1, 2, −1)/h², dense (n, n)."""
    return bc.laplacian_1d(n, h).toarray()


def _tridiag(n, lo, mid, hi):
    return np.diag(np.full(n, mid, float)) + np.diag(np.full(n - 1, lo, float), -1) + np.diag(np.full(n - 1, hi, float), 1)


_LAPLACIAN_MISTAKES = [
    (lambda n, h: -_tridiag(n, -1, 2, -1) / h**2,
     "that is +d²/dx²; the exercise asks for −d²/dx², whose diagonal is +2/h² (positive definite)."),
    (lambda n, h: _tridiag(n, -1, 2, -1),
     "divide by h²: the second difference is (−u_{k−1} + 2u_k − u_{k+1}) / h²."),
    (lambda n, h: _tridiag(n, -1, 2, -1) / h,
     "divide by h², not h."),
    (lambda n, h: _tridiag(n, -1, 1, -1) / h**2,
     "the diagonal entry is 2/h²: u_k appears twice in u_{k−1} − 2u_k + u_{k+1}."),
    (lambda n, h: _tridiag(n, 1, 2, 1) / h**2,
     "the off-diagonal entries are −1/h²."),
]


@never_crash
def check_laplacian_1d(student) -> bool:
    """Exercise 1: ``laplacian_1d(n, h)`` — the n×n matrix of −d²/dx² with u = 0 at both ends."""
    cases = [(4, 0.2), (7, 0.125), (15, 1 / 16), (1, 0.5)]  # n = 1 first would hide the off-diagonal mistakes
    return check_against_reference(
        "laplacian_1d", lambda n, h: _dense(student(n, h)), reference_laplacian_1d, cases,
        describe=lambda a: f"n={a[0]}, h={a[1]:g}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, _LAPLACIAN_MISTAKES, rtol=1e-8, atol=1e-8),
        rtol=1e-8, atol=1e-8)


# ----------------------------------------------------------------------------- exercise 2: Dirichlet in 1-D
def reference_solve_dirichlet_1d(f, alpha: float, beta: float, m: int) -> np.ndarray:
    """−u'' = f on [0, 1], u(0) = α, u(1) = β: u at the m + 1 nodes."""
    return bc.solve_1d(f, 1 / m, bc.dirichlet(alpha), bc.dirichlet(beta))[1]


def _dirichlet_forgot_rhs(f, alpha, beta, m):
    u = reference_solve_dirichlet_1d(f, 0.0, 0.0, m)
    u[0], u[-1] = alpha, beta
    return u


def _dirichlet_no_h2(f, alpha, beta, m):
    b = np.array(f(np.arange(1, m) / m), dtype=float)
    b[0] += alpha
    b[-1] += beta
    return np.concatenate([[alpha], np.linalg.solve(_tridiag(m - 1, -1, 2, -1), b), [beta]])


_F_CASES = {"1": lambda x: np.ones_like(x), "sin(3x)": lambda x: np.sin(3 * x), "exp(x)": np.exp}


@never_crash
def check_solve_dirichlet_1d(student) -> bool:
    """Exercise 2: ``solve_dirichlet_1d(f, alpha, beta, m)`` → u at x_k = k/m, k = 0 … m."""
    # the first case has nonzero boundary values, so forgetting them cannot pass unnoticed
    cases = [(_F_CASES["sin(3x)"], 1.0, -2.0, 8), (_F_CASES["1"], 0.0, 0.0, 4), (_F_CASES["exp(x)"], 0.5, 0.5, 16)]
    names = {id(v): k for k, v in _F_CASES.items()}
    mistakes = [
        (_dirichlet_forgot_rhs, "the known boundary values must move to the right-hand side: the first "
                                "equation gets + α/h², the last + β/h²."),
        (_dirichlet_no_h2, "the matrix is tridiag(−1, 2, −1)/h²: did you forget the 1/h² (or the h² on f)?"),
    ]
    return check_against_reference(
        "solve_dirichlet_1d", student, reference_solve_dirichlet_1d, cases,
        describe=lambda a: f"f(x) = {names.get(id(a[0]), 'f')}, α={a[1]:g}, β={a[2]:g}, m={a[3]}",
        diagnose=lambda got, exp, args: (
            "return all m + 1 values, boundary values included: u[0] = α, u[m] = β."
            if np.shape(as_array(got)) == (args[3] - 1,) else diagnose_by_mistakes(got, args, mistakes, rtol=1e-6, atol=1e-8)),
        rtol=1e-6, atol=1e-8)


# ----------------------------------------------------------------------------- exercise 3: a Neumann ghost point
def reference_solve_neumann_1d(f, alpha: float, gamma: float, m: int) -> np.ndarray:
    """−u'' = f on [0, 1], u(0) = α, u'(1) = γ (ghost point): u at the m + 1 nodes."""
    return bc.solve_1d(f, 1 / m, bc.dirichlet(alpha), bc.neumann(gamma))[1]


def _neumann_one_sided(f, alpha, gamma, m):
    """The first-order mistake: the last equation is (u_m − u_{m−1})/h = γ."""
    h, x = 1 / m, np.linspace(0, 1, m + 1)
    A = np.zeros((m, m))
    A[:m - 1] = reference_laplacian_1d(m, h)[:m - 1]
    A[m - 1, m - 2], A[m - 1, m - 1] = -1 / h, 1 / h
    b = f(x[1:]).astype(float)
    b[0] += alpha / h**2
    b[m - 1] = gamma
    return np.concatenate([[alpha], np.linalg.solve(A, b)])


def _neumann_wrong_ghost_sign(f, alpha, gamma, m):
    return reference_solve_neumann_1d(f, alpha, -gamma, m)


def _neumann_forgot_half(f, alpha, gamma, m):
    """Ghost row without f_m: (2u_m − 2u_{m−1})/h² = 2γ/h."""
    def f2(x):
        y = np.array(f(x), dtype=float)
        y[-1] = 0.0
        return y
    return reference_solve_neumann_1d(f2, alpha, gamma, m)


@never_crash
def check_solve_neumann_1d(student) -> bool:
    """Exercise 3: ``solve_neumann_1d(f, alpha, gamma, m)`` — u(0) = α, u'(1) = γ, second order."""
    cases = [(_F_CASES["sin(3x)"], 1.0, 0.5, 8), (_F_CASES["1"], 0.0, 0.0, 4), (_F_CASES["exp(x)"], -0.5, 2.0, 16)]
    names = {id(v): k for k, v in _F_CASES.items()}
    mistakes = [
        # the ghost row without f_m, (2u_m − 2u_{m−1})/h² = 2γ/h, is the same equation: one hint for both
        (_neumann_one_sided, "(u_m − u_{m−1})/h = γ is only first order (the ghost row without f_m reduces to it). Add a ghost node u_{m+1}: the "
                             "central difference (u_{m+1} − u_{m−1})/2h = γ gives u_{m+1} = u_{m−1} + 2hγ; put it "
                             "into the equation −u'' = f at x_m, f_m included."),
        (_neumann_wrong_ghost_sign, "check the sign of the ghost value: u_{m+1} = u_{m−1} + 2hγ, so the last "
                                    "right-hand side is f_m + 2γ/h."),
    ]
    return check_against_reference(
        "solve_neumann_1d", student, reference_solve_neumann_1d, cases,
        describe=lambda a: f"f(x) = {names.get(id(a[0]), 'f')}, α={a[1]:g}, γ={a[2]:g}, m={a[3]}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, mistakes, rtol=1e-6, atol=1e-8),
        rtol=1e-6, atol=1e-8)


def _names_used(code) -> set[str]:
    """Global names a function's code (and the comprehensions and lambdas inside it) looks up."""
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _names_used(const)
    return names


def _measured_with(order, solver):
    """Call ``order()`` with every solver it uses by name (``solve_n``, …) replaced by ``solver``."""
    glb = order.__globals__
    swapped = {n: glb[n] for n in _names_used(order.__code__)
               if "solve" in n.lower() and callable(glb.get(n)) and not isinstance(glb.get(n), type(bc))}
    if not swapped:
        return None
    try:
        glb.update({n: solver for n in swapped})
        return attempt("measured_order", order, context=" with a first-order solver in place of yours", timeout=30)
    finally:
        glb.update(swapped)


@never_crash
def check_measured_order(order) -> bool:
    """Exercise 3b: ``measured_neumann_order()`` returns the fitted slope of the Neumann solver's
    max error against h, *measured* with the solver (``solve_n``): the check also runs it with
    a first-order solver in its place and expects the slope to drop to ≈ 1."""
    function = order if callable(order) else None
    if function is not None:
        order = attempt("measured_order", function, timeout=30)
    value = as_array(order) if not isinstance(order, (bool, str)) else None
    if value is None or value.shape != () or not np.isfinite(value):
        return report("measured_order", False, f"expected one finite number (the slope), got {kind(order)}",
                      "use inrlib.boundary.convergence_order(hs, errors).")
    value = float(value)
    if abs(value - 1) < 0.25:
        return report("measured_order", False, f"slope {value:.2f}: first order",
                      "a one-sided boundary difference spoils the whole solution; use the ghost point.")
    if abs(abs(value) - 2) < 0.2 and value < 0:
        return report("measured_order", False, f"slope {value:.2f}: the sign is flipped",
                      "fit log(error) against log(h), not log(1/h) or log(m).")
    if not 1.85 <= value <= 2.15:
        return report("measured_order", False, f"slope {value:.2f} is not ≈ 2",
                      "measure the max error |u_h − u_exact| for h = 1/8, 1/16, 1/32, 1/64 and fit the slope.")
    if function is not None:
        first = _measured_with(function, _neumann_one_sided)
        first = as_array(first) if not isinstance(first, (bool, str)) else None
        if first is None or first.shape != () or not abs(float(first) - 1) < 0.3:
            return report("measured_order", False, f"your function returns {value:.2f} whatever the solver: with a "
                          "first-order solver in place of solve_n it "
                          + ("does not use a solver named solve_…" if first is None else f"still gives {float(first):.2f}"),
                          "measure the order: solve with solve_n for each m, take the max error, fit the slope "
                          "(no hard-coded number).")
    return report("measured_order", True, f"order {value:.2f} ≈ 2, as the ghost point promises.")


# ----------------------------------------------------------------------------- exercise 4: where the L-shape error lives
def reference_largest_difference(h: float) -> tuple[float, float, float]:
    """(x, y, |d|) at the coarse node where d = u_h − u_{h/2} (L-shape problem) is largest in size."""
    grid, coarse = bc.solve_lshape(h)
    _, fine = bc.solve_lshape(h / 2)
    d = np.abs(coarse - bc.restrict(fine))
    i, j = np.unravel_index(np.argmax(d), d.shape)
    return float(grid.x[j]), float(grid.y[i]), float(d[i, j])


@never_crash
def check_largest_difference(student) -> bool:
    """Exercise 4: ``largest_difference(h) -> (x, y, value)`` for h = 1/8 and 1/16 (ties allowed:
    the L-shape is symmetric about y = x)."""
    name = "largest_difference"
    for h in (1 / 8, 1 / 16):
        out = attempt(name, student, h, context=f" for h={h:g}")
        arr = as_array(out)
        if arr is None or arr.shape != (3,) or not np.all(np.isfinite(arr)):
            return report(name, False, f"expected three finite numbers (x, y, value), got {out!r}")
        x, y, value = (float(v) for v in arr)
        grid, coarse = bc.solve_lshape(h)
        _, fine = bc.solve_lshape(h / 2)
        d = np.abs(coarse - bc.restrict(fine))
        if abs(value - d.max()) > 1e-9 + 1e-6 * d.max():
            hint = ("compare on the coarse nodes: fine[::2, ::2] sits on the coarse grid."
                    if value < d.max() else "take |u_h − u_{h/2}| on the common (coarse) nodes only.")
            return report(name, False, f"for h={h:g} the largest |u_h − u_(h/2)| is {d.max():.4g}, you returned "
                          f"{value:.4g}", hint)
        try:
            i, j = grid.index(x, y)
        except ValueError:
            return report(name, False, f"({x:g}, {y:g}) is not a node of the grid with h={h:g}",
                          "x = grid.x[j], y = grid.y[i] for the array index [i, j] (rows are y).")
        if d[i, j] < d.max() - 1e-12:
            hint = ("you swapped x and y: rows of the array are y, columns x."
                    if d[j, i] >= d.max() - 1e-12 else "use np.unravel_index(np.argmax(d), d.shape) to find [i, j].")
            return report(name, False, f"at ({x:g}, {y:g}) the difference is {d[i, j]:.4g}, not the largest", hint)
    # The L-shape is symmetric about y = x, so swapping x and y would still land on a largest
    # difference.  Once more on a lopsided problem (an extra O(h²) bump at (−0.5, 0.75)):
    x0, y0 = _lopsided_location(student)
    if (x0, y0) != (None, None) and not (abs(x0 + 0.5) < 0.2 and abs(y0 - 0.75) < 0.2):
        hint = ("you swapped x and y: rows of the array are y, columns x."
                if abs(y0 + 0.5) < 0.2 and abs(x0 - 0.75) < 0.2 else
                "solve with bc.solve_lshape(h) and bc.solve_lshape(h / 2) inside your function.")
        return report(name, False, f"on a lopsided test problem (largest difference near (−0.5, 0.75)) you "
                      f"return ({x0:g}, {y0:g})", hint)
    return report(name, True, f"the largest difference sits at ({x:g}, {y:g}), next to the re-entrant corner.")


def _lopsided_location(student):
    """(x, y) the student returns when bc.solve_lshape carries an extra 4h²·bump at (−0.5, 0.75)."""
    real = bc.solve_lshape

    def lopsided(h, *args, **kwargs):
        grid, u = real(h, *args, **kwargs)
        X, Y = np.meshgrid(grid.x, grid.y)
        bump = 4 * h**2 * np.exp(-((X + 0.5) ** 2 + (Y - 0.75) ** 2) / 0.01) * (u != 0)
        return grid, u + bump

    bc.solve_lshape = lopsided
    try:
        out = attempt("largest_difference", student, 1 / 8, context=" on a lopsided test problem")
    finally:
        bc.solve_lshape = real
    arr = as_array(out)
    if arr is None or arr.shape != (3,) or not np.all(np.isfinite(arr)):
        return None, None
    return float(arr[0]), float(arr[1])


# ----------------------------------------------------------------------------- exercise 5 (stretch): Robin
def reference_solve_robin_1d(f, alpha: float, a: float, g: float, m: int) -> np.ndarray:
    """−u'' = f on [0, 1], u(0) = α, u'(1) + a u(1) = g (ghost point): u at the m + 1 nodes."""
    return bc.solve_1d(f, 1 / m, bc.dirichlet(alpha), bc.robin(a, g))[1]


@never_crash
def check_solve_robin_1d(student) -> bool:
    """Stretch: ``solve_robin_1d(f, alpha, a, g, m)`` — u(0) = α, u'(1) + a·u(1) = g, second order."""
    # the first case keeps every prepared mistake's matrix regular (a = 1, m = 4 makes the
    # wrong-sign matrix singular), so each mistake shows its own hint
    cases = [(_F_CASES["sin(3x)"], 1.0, 2.0, 0.5, 8), (_F_CASES["1"], 0.0, 1.0, 0.0, 4),
             (_F_CASES["exp(x)"], -0.5, 0.0, 2.0, 16), (_F_CASES["1"], 0.3, 10.0, 1.0, 32)]
    names = {id(v): k for k, v in _F_CASES.items()}
    mistakes = [
        (_quietly(lambda f, al, a, g, m: reference_solve_robin_1d(f, al, -a, g, m)),
         "the ghost value is u_{m+1} = u_{m−1} + 2h(g − a u_m): the diagonal gains +2a/h."),
        (lambda f, al, a, g, m: reference_solve_robin_1d(f, al, a / 2, g, m),
         "the diagonal gains 2a/h (the ghost value carries the factor 2h)."),
        (lambda f, al, a, g, m: reference_solve_neumann_1d(f, al, g, m),
         "the Robin term a·u(1) is missing: it adds 2a/h to the last diagonal entry."),
    ]
    return check_against_reference(
        "solve_robin_1d", student, reference_solve_robin_1d, cases,
        describe=lambda c: f"f(x) = {names.get(id(c[0]), 'f')}, α={c[1]:g}, a={c[2]:g}, g={c[3]:g}, m={c[4]}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, mistakes, rtol=1e-6, atol=1e-8),
        rtol=1e-6, atol=1e-8)
