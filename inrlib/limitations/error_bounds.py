"""Limitation 2 — no bound for detected error (lecture §2).

One problem, :math:`-u'' = 4π^2 \\sin(2πx)` on [0, 1], u(0) = 0, u(1) = 1 (exact
:math:`u = \\sin 2πx + x`): finite differences (chapter 03's solver) converge at order 2
*and* obey the a-priori bound of :func:`fd_error_bound`; a PINN's error (chapter 04's
solver) is whatever training reached, and differs from seed to seed.
"""
from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from .. import boundary, pinn, validate


def _int_list(name: str, values: Sequence[int], minimum: int = 1) -> list[int]:
    try:
        items = list(values)
    except TypeError as exc:
        raise TypeError(f"{name} must be a sequence of integers, got {validate.show(values)}") from exc
    if not items:
        raise ValueError(f"{name} must contain at least one integer, got {validate.show(values)}")
    out = []
    for v in items:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < minimum:
            raise ValueError(f"{name} must contain integers ≥ {minimum}, got {validate.show(values)}")
        out.append(int(v))
    return out


#: max |u''''| of the exact solution u = sin(2πx) + x on [0, 1].
U4_MAX = (2 * math.pi) ** 4


def poisson_rhs(x: np.ndarray) -> np.ndarray:
    """f(x) = 4π² sin(2πx), the right-hand side of chapter 04's 1-D problem −u'' = f."""
    return 4 * math.pi**2 * np.sin(2 * math.pi * np.asarray(x, dtype=float))


def poisson_exact(x: np.ndarray) -> np.ndarray:
    """u(x) = sin(2πx) + x (chapter 04's :func:`inrlib.pinn.poisson_1d_exact`, as NumPy)."""
    x = np.asarray(x, dtype=float)
    return pinn.poisson_1d_exact(torch.from_numpy(x.reshape(-1, 1))).numpy().reshape(x.shape)


def _check_fd_error_bound(h, u4_max=U4_MAX) -> None:
    validate.positive_float("h", h)
    validate.positive_float("u4_max", u4_max)


@validate.checked(_check_fd_error_bound)
def fd_error_bound(h: float, u4_max: float = U4_MAX) -> float:
    """A-priori bound of the 3-point finite-difference solution of −u'' = f, Dirichlet ends:

    .. math:: \\max_k |u_k - u(x_k)| \\le \\frac{h^2}{96} \\max |u''''| .

    The truncation error is at most :math:`h^2 \\max|u''''| / 12` (Taylor), and the discrete
    maximum principle gives :math:`\\|A_h^{-1}\\|_\\infty \\le 1/8` on [0, 1].
    """
    return h**2 * u4_max / 96


@dataclass
class FDConvergence:
    """Finite differences on −u'' = 4π² sin 2πx, one row per grid: ``hs``, ``unknowns``,
    ``max_errors`` (max over nodes), ``errors`` (relative L2 over nodes, chapter 04's
    measure), ``bounds`` (:func:`fd_error_bound`), ``seconds`` (solve time), ``order``
    (least-squares slope of log max error against log h)."""

    hs: np.ndarray
    unknowns: np.ndarray
    max_errors: np.ndarray
    errors: np.ndarray
    bounds: np.ndarray
    seconds: np.ndarray
    order: float


def fd_convergence(cells: Sequence[int] = (8, 16, 32, 64, 128, 256)) -> FDConvergence:
    """Solve the 1-D problem with chapter 03's :func:`inrlib.boundary.solve_1d` on grids of
    h = 1/m for each m in ``cells`` (each ≥ 2) and measure the error against the exact solution."""
    cells = _int_list("cells", cells, minimum=2)
    hs, unknowns, max_err, rel, bounds, secs = [], [], [], [], [], []
    for m in cells:
        h = 1.0 / m
        t0 = time.perf_counter()
        x, u = boundary.solve_1d(poisson_rhs, h, boundary.dirichlet(0.0), boundary.dirichlet(1.0))
        secs.append(time.perf_counter() - t0)
        exact = poisson_exact(x)
        hs.append(h)
        unknowns.append(m - 1)
        max_err.append(float(np.max(np.abs(u - exact))))
        rel.append(pinn.relative_l2(u, exact))
        bounds.append(fd_error_bound(h))
    order = boundary.convergence_order(np.array(hs), np.array(max_err)) if len(cells) >= 2 else math.nan
    return FDConvergence(np.array(hs), np.array(unknowns), np.array(max_err), np.array(rel), np.array(bounds),
                         np.array(secs), order)


@dataclass
class PINNStudy:
    """PINN errors on the same problem: ``errors[i, j]`` (relative L2 on 201 points) and
    ``seconds[i, j]`` for ``n_points[i]`` collocation points and seed ``seeds[j]``;
    ``solutions[i, j]`` the trained u on ``x`` (201,); ``parameters`` per network."""

    n_points: np.ndarray
    seeds: np.ndarray
    steps: int
    errors: np.ndarray
    seconds: np.ndarray
    solutions: np.ndarray
    x: np.ndarray
    parameters: int

    def spread(self) -> np.ndarray:
        """max/min error over the seeds, per number of collocation points (n_points,)."""
        return self.errors.max(axis=1) / self.errors.min(axis=1)


#: The PINN of the study: chapter 04's warm-up solver, hard boundary conditions, width 32.
PINN_WIDTH = 32


def _pinn_parameters(width: int) -> int:
    # the MLP(1, 1, width, 2 hidden layers) inside solve_poisson_1d
    return (1 * width + width) + (width * width + width) + (width + 1)


def pinn_error_study(n_points: Sequence[int] = (8, 16, 32, 64), seeds: Sequence[int] = (0, 1, 2),
                     steps: int = 500, width: int = PINN_WIDTH) -> PINNStudy:
    """Train chapter 04's PINN (:func:`inrlib.pinn.solve_poisson_1d`, hard boundary
    conditions) for every number of collocation points and every seed, and record its error
    against the exact solution.  Nothing predicts these numbers in advance."""
    n_points = _int_list("n_points", n_points)
    seeds = _int_list("seeds", seeds, minimum=0)
    steps = validate.positive_int("steps", steps)
    width = validate.positive_int("width", width)
    errors, seconds, outs = _train_pinns([(n, steps) for n in n_points], seeds, width)
    solutions = np.array([[out["u"] for out in row] for row in outs])
    return PINNStudy(np.array(n_points), np.array(seeds), steps, errors, seconds, solutions, outs[0][0]["x"],
                     _pinn_parameters(width))


def _train_pinns(runs: list[tuple[int, int]], seeds: list[int], width: int
                 ) -> tuple[np.ndarray, np.ndarray, list[list[dict]]]:
    """Train chapter 04's 1-D Poisson PINN (hard boundary conditions) once for every
    ``(n_points, steps)`` of ``runs`` and every seed: errors and seconds, each
    (len(runs), len(seeds)), and the solver's outputs."""
    errors = np.zeros((len(runs), len(seeds)))
    seconds = np.zeros_like(errors)
    outs = []
    for i, (n, steps) in enumerate(runs):
        outs.append([])
        for j, seed in enumerate(seeds):
            t0 = time.perf_counter()
            out = pinn.solve_poisson_1d(n_collocation=n, hard=True, width=width, steps=steps, seed=seed)
            seconds[i, j] = time.perf_counter() - t0
            errors[i, j] = out["error"]
            outs[-1].append(out)
    return errors, seconds, outs


@dataclass
class TrainingCurve:
    """PINN error after each number of Adam ``steps`` (a fresh, identically seeded run per
    entry, so entry k is the state after ``steps[k]`` steps of one run): ``errors[k, j]`` and
    training ``seconds[k, j]`` for seed ``seeds[j]``, with ``n_points`` collocation points."""

    steps: np.ndarray
    seeds: np.ndarray
    n_points: int
    errors: np.ndarray
    seconds: np.ndarray


def pinn_training_curve(steps: Sequence[int] = (50, 100, 200, 400, 800), seeds: Sequence[int] = (0, 1, 2),
                        n_points: int = 32, width: int = PINN_WIDTH) -> TrainingCurve:
    """The PINN's error against training time: does more training always help?  (It need not:
    the loss falls, the error against the exact solution may rise for a while.)"""
    steps = _int_list("steps", steps)
    seeds = _int_list("seeds", seeds, minimum=0)
    n_points = validate.positive_int("n_points", n_points)
    width = validate.positive_int("width", width)
    errors, seconds, _ = _train_pinns([(n_points, s) for s in steps], seeds, width)
    return TrainingCurve(np.array(steps), np.array(seeds), n_points, errors, seconds)


def is_monotone_decreasing(values: Sequence[float]) -> bool:
    """True when every value is strictly below the one before it."""
    v = validate.finite_array("values", values, ndim=1, min_size=1)
    return bool(np.all(np.diff(v) < 0))
