"""Chapter 04 — physics-informed neural networks (PINNs).

A PINN is a coordinate network u_θ(x) trained so that the PDE holds at scattered
*collocation points* (Raissi, Perdikaris & Karniadakis, JCP 2019).  This module reads in
the order of the lecture:

1. geometry — intervals, rectangles, polygons (the L-shape), space × time, with samplers
   for interior, boundary and initial points (uniform random or quasi-random Sobol);
2. derivatives by autograd for a batch of points: gradient, Laplacian, ∂/∂t;
3. losses — PDE residual + boundary + initial + data terms, each with a weight;
   **hard constraints** u = g + d·N (d vanishes on the boundary) as the alternative;
4. the two problems of the deck: the heat/diffusion equation ∂u/∂t = λ ∂²u/∂x² (forward
   and inverse: λ as a trainable positive parameter) and −Δu = 1 on the L-shape,
   including the corner-singular hard constraint built from u ~ r^{2/3} sin(2φ/3);
5. training — Adam, then L-BFGS (strong Wolfe) in stages with stall detection
   (:func:`fit`), and residual-based resampling of collocation points.

The L-shape reference solution is chapter 03's *public* fine-grid finite-difference
solution (:func:`inrlib.boundary.load_lshape_solution`, :func:`inrlib.boundary.solve_lshape`);
only those public functions are used.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from . import validate
from .networks import MLP, count_parameters
from .training import History, train

__all__ = [
    "FitResult",
    "HardConstraint",
    "Interval",
    "Polygon",
    "PositiveParameter",
    "Rectangle",
    "SpaceTime",
    "check_residual",
    "fit",
    "gradient",
    "heat_constraint",
    "heat_exact",
    "heat_residual",
    "heat_samples",
    "laplacian",
    "lshape",
    "lshape_corner_feature",
    "lshape_distance",
    "lshape_loss",
    "lshape_model",
    "lshape_reference",
    "lshape_singular",
    "mse",
    "partial",
    "poisson_1d_constraint",
    "poisson_1d_exact",
    "poisson_1d_residual",
    "poisson_residual",
    "relative_l2",
    "resample_by_residual",
    "second_derivative_x",
    "solve_heat",
    "solve_heat_inverse",
    "solve_lshape_pinn",
    "solve_poisson_1d",
    "time_derivative",
    "weighted_loss",
]


# ============================================================================ 1. geometry
def _sample_unit(n: int, dim: int, method: str, generator: torch.Generator) -> torch.Tensor:
    """n points in [0, 1)^dim: ``"uniform"`` (pseudo-random) or ``"sobol"`` (quasi-random)."""
    validate.one_of("method", method, ("uniform", "sobol"))
    if method == "uniform":
        return torch.rand(n, dim, generator=generator, dtype=torch.float64)
    seed = int(torch.randint(0, 2**31 - 1, (1,), generator=generator))
    engine = torch.quasirandom.SobolEngine(dim, scramble=True, seed=seed)
    return engine.draw(n, dtype=torch.float64)


def _generator(seed: int | None) -> torch.Generator:
    g = torch.Generator()
    if seed is None:
        g.seed()
    else:
        g.manual_seed(validate.non_negative_int("seed", seed))
    return g


def _points(name: str, points: torch.Tensor, dim: int) -> torch.Tensor:
    return validate.tensor(name, points, ndim=2, last_dim=dim)


def _require_inside(geometry, points: torch.Tensor, name: str, what: str) -> torch.Tensor:
    inside = geometry.inside(points)
    if not bool(inside.all()):
        bad = points[~inside]
        raise ValueError(f"{name}: {bad.shape[0]} of {points.shape[0]} points lie outside {what}, "
                         f"e.g. {tuple(round(float(v), 4) for v in bad[0])}")
    return points


class Interval:
    """The interval [a, b] (1-D).  Points are tensors of shape (N, 1)."""

    dim = 1

    def __init__(self, a: float = 0.0, b: float = 1.0):
        a, b = validate.real_number("a", a), validate.real_number("b", b)
        if not (math.isfinite(a) and math.isfinite(b)) or not a < b:
            raise ValueError(f"Interval needs finite a < b, got a={a!r}, b={b!r}")
        self.a, self.b = float(a), float(b)

    def inside(self, points: torch.Tensor, tol: float = 1e-9) -> torch.Tensor:
        """Bool (N,): the point lies in the closed interval."""
        x = _points("points", points, 1)[:, 0]
        return (x >= self.a - tol) & (x <= self.b + tol)

    def require_inside(self, points: torch.Tensor, name: str = "points") -> torch.Tensor:
        """``points`` unchanged, or a ValueError naming ``name`` and a point outside."""
        return _require_inside(self, _points(name, points, 1), name, f"[{self.a:g}, {self.b:g}]")

    def on_boundary(self, points: torch.Tensor, tol: float = 1e-9) -> torch.Tensor:
        x = _points("points", points, 1)[:, 0]
        return ((x - self.a).abs() <= tol) | ((x - self.b).abs() <= tol)

    def sample_interior(self, n: int, method: str = "sobol", seed: int | None = 0) -> torch.Tensor:
        """n points in (a, b), shape (n, 1), float64."""
        n = validate.positive_int("n", n)
        return self.a + (self.b - self.a) * _sample_unit(n, 1, method, _generator(seed))

    def sample_boundary(self, n: int = 2, method: str = "sobol", seed: int | None = 0) -> torch.Tensor:
        """The two end points (repeated to n ≥ 2 rows, alternating a, b), shape (n, 1)."""
        n = validate.positive_int("n", n)
        ends = torch.tensor([[self.a], [self.b]], dtype=torch.float64)
        return ends[torch.arange(n) % 2]


class Polygon:
    """A simple polygon given by its vertices in counter-clockwise order (2-D).

    Interior points come from rejection sampling in the bounding box; boundary points are
    spread over the edges in proportion to their length.
    """

    dim = 2

    def __init__(self, vertices: Sequence[Sequence[float]]):
        try:
            v = np.asarray(vertices, dtype=float)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"vertices must be an (M, 2) array of numbers, got {validate.show(vertices)}") from exc
        if v.ndim != 2 or v.shape[1] != 2 or v.shape[0] < 3 or not np.all(np.isfinite(v)):
            raise ValueError(f"vertices must be an (M, 2) array of finite numbers with M ≥ 3, got {validate.show(v)}")
        area2 = np.sum(v[:, 0] * np.roll(v[:, 1], -1) - np.roll(v[:, 0], -1) * v[:, 1])
        if area2 <= 0:
            raise ValueError("vertices must be in counter-clockwise order (positive area)")
        self.vertices = v
        self.area = area2 / 2
        self.edges = np.stack([v, np.roll(v, -1, axis=0)], axis=1)  # (M, 2 ends, 2)
        self.lengths = np.linalg.norm(self.edges[:, 1] - self.edges[:, 0], axis=1)
        self.lo, self.hi = v.min(axis=0), v.max(axis=0)

    def _distance_to_edges(self, p: np.ndarray) -> np.ndarray:
        a, b = self.edges[:, 0][None], self.edges[:, 1][None]          # (1, M, 2)
        ab = b - a
        t = np.clip(np.sum((p[:, None] - a) * ab, -1) / np.sum(ab * ab, -1), 0, 1)
        return np.linalg.norm(p[:, None] - (a + t[..., None] * ab), axis=-1).min(axis=1)

    def on_boundary(self, points: torch.Tensor, tol: float = 1e-9) -> torch.Tensor:
        """Bool (N,): the point is within ``tol`` of an edge."""
        p = _points("points", points, 2).detach().cpu().double().numpy()
        return torch.from_numpy(self._distance_to_edges(p) <= tol)

    def inside(self, points: torch.Tensor, tol: float = 1e-9) -> torch.Tensor:
        """Bool (N,): the point lies in the closed polygon (ray casting, or on an edge)."""
        p = _points("points", points, 2).detach().cpu().double().numpy()
        x, y = p[:, :1], p[:, 1:]
        (x0, y0), (x1, y1) = self.edges[:, 0].T[:, None], self.edges[:, 1].T[:, None]
        x0, y0, x1, y1 = x0.ravel()[None], y0.ravel()[None], x1.ravel()[None], y1.ravel()[None]
        crosses = ((y0 > y) != (y1 > y)) & (x < (x1 - x0) * (y - y0) / np.where(y1 == y0, 1, y1 - y0) + x0)
        odd = np.sum(crosses, axis=1) % 2 == 1
        return torch.from_numpy(odd | (self._distance_to_edges(p) <= tol))

    def require_inside(self, points: torch.Tensor, name: str = "points") -> torch.Tensor:
        """``points`` unchanged, or a ValueError naming ``name`` and a point outside."""
        return _require_inside(self, _points(name, points, 2), name, "the polygon")

    def sample_interior(self, n: int, method: str = "sobol", seed: int | None = 0) -> torch.Tensor:
        """n points strictly inside, shape (n, 2), float64."""
        n = validate.positive_int("n", n)
        g = _generator(seed)
        box = float(np.prod(self.hi - self.lo))
        draw = math.ceil(1.3 * n * box / self.area) + 16
        while True:
            u = _sample_unit(draw, 2, method, g).numpy()
            p = self.lo + (self.hi - self.lo) * u
            keep = self.inside(torch.from_numpy(p), tol=-1).numpy() & (self._distance_to_edges(p) > 1e-9)
            if keep.sum() >= n:
                return torch.from_numpy(p[keep][:n])
            draw *= 2

    def sample_boundary(self, n: int, method: str = "sobol", seed: int | None = 0) -> torch.Tensor:
        """n points on the edges, spread by arc length, shape (n, 2), float64."""
        n = validate.positive_int("n", n)
        s = _sample_unit(n, 1, method, _generator(seed)).numpy()[:, 0] * self.lengths.sum()
        cum = np.concatenate([[0.0], np.cumsum(self.lengths)])
        k = np.clip(np.searchsorted(cum, s, side="right") - 1, 0, len(self.lengths) - 1)
        t = ((s - cum[k]) / self.lengths[k])[:, None]
        return torch.from_numpy(self.edges[k, 0] + t * (self.edges[k, 1] - self.edges[k, 0]))


class Rectangle(Polygon):
    """The rectangle [x0, x1] × [y0, y1]."""

    def __init__(self, x0: float = 0.0, x1: float = 1.0, y0: float = 0.0, y1: float = 1.0):
        x0, x1 = validate.real_number("x0", x0), validate.real_number("x1", x1)
        y0, y1 = validate.real_number("y0", y0), validate.real_number("y1", y1)
        if not (x0 < x1 and y0 < y1):
            raise ValueError(f"Rectangle needs x0 < x1 and y0 < y1, got {(x0, x1, y0, y1)}")
        super().__init__([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def lshape() -> Polygon:
    """The deck's domain Ω = [−1, 1]² \\ [0, 1]² (the re-entrant corner is at the origin)."""
    return Polygon([(-1, -1), (1, -1), (1, 0), (0, 0), (0, 1), (-1, 1)])


class SpaceTime:
    """space × [t0, t1]; points are (N, space.dim + 1) with time in the last column."""

    def __init__(self, space: Interval | Polygon, t0: float = 0.0, t1: float = 1.0):
        if not isinstance(space, (Interval, Polygon)):
            raise TypeError(f"space must be an Interval or a Polygon, got {type(space).__name__}")
        t0, t1 = validate.real_number("t0", t0), validate.real_number("t1", t1)
        if not t0 < t1:
            raise ValueError(f"SpaceTime needs t0 < t1, got t0={t0!r}, t1={t1!r}")
        self.space, self.t0, self.t1 = space, float(t0), float(t1)
        self.dim = space.dim + 1

    def _times(self, n: int, method: str, seed: int | None) -> torch.Tensor:
        return self.t0 + (self.t1 - self.t0) * _sample_unit(n, 1, method, _generator(None if seed is None else seed + 7))

    def inside(self, points: torch.Tensor, tol: float = 1e-9) -> torch.Tensor:
        p = _points("points", points, self.dim)
        t = p[:, -1]
        return self.space.inside(p[:, :-1], tol) & (t >= self.t0 - tol) & (t <= self.t1 + tol)

    def require_inside(self, points: torch.Tensor, name: str = "points") -> torch.Tensor:
        """``points`` unchanged, or a ValueError naming ``name`` and a point outside."""
        return _require_inside(self, _points(name, points, self.dim), name,
                               f"the space-time domain (t in [{self.t0:g}, {self.t1:g}])")

    def sample_interior(self, n: int, method: str = "sobol", seed: int | None = 0) -> torch.Tensor:
        """n points (x, t), x inside the space, t in (t0, t1)."""
        n = validate.positive_int("n", n)
        if isinstance(self.space, Interval) and method == "sobol":  # one joint Sobol set in 2-D
            u = _sample_unit(n, 2, method, _generator(seed))
            lo = torch.tensor([self.space.a, self.t0], dtype=torch.float64)
            hi = torch.tensor([self.space.b, self.t1], dtype=torch.float64)
            return lo + (hi - lo) * u
        return torch.cat([self.space.sample_interior(n, method, seed), self._times(n, method, seed)], 1)

    def sample_boundary(self, n: int, method: str = "sobol", seed: int | None = 0) -> torch.Tensor:
        """n points (x, t) with x on the spatial boundary."""
        n = validate.positive_int("n", n)
        return torch.cat([self.space.sample_boundary(n, method, seed), self._times(n, method, seed)], 1)

    def sample_initial(self, n: int, method: str = "sobol", seed: int | None = 0) -> torch.Tensor:
        """n points (x, t0) with x inside the space."""
        x = self.space.sample_interior(n, method, seed)
        return torch.cat([x, torch.full((x.shape[0], 1), self.t0, dtype=x.dtype)], 1)


# ============================================================================ 2. derivatives
def _check_u(u: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    validate.tensor("x", x, ndim=2)
    validate.tensor("u", u)
    if not x.requires_grad:
        raise ValueError("x must require gradients (x.requires_grad_(True)) before u is computed from it")
    if u.shape not in {(x.shape[0],), (x.shape[0], 1)}:
        raise ValueError(f"u must have shape ({x.shape[0]},) or ({x.shape[0]}, 1) — one value per point of x — "
                         f"got {validate.show(u)}")
    return u.reshape(-1)


def gradient(u: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    r"""∇u at every point: (N, d) from u (N,) or (N, 1) computed from x (N, d).

    Because u_i depends only on x_i, ∂(Σ_j u_j)/∂x_i = ∇u(x_i): one backward pass gives
    the whole batch.  ``create_graph=True`` keeps the graph for higher derivatives and for
    training on the result.
    """
    u = _check_u(u, x)
    (g,) = torch.autograd.grad(u.sum(), x, create_graph=True)
    return g


def partial(u: torch.Tensor, x: torch.Tensor, i: int) -> torch.Tensor:
    """∂u/∂x_i at every point, shape (N,)."""
    validate.tensor("x", x, ndim=2)
    if not isinstance(i, int) or not 0 <= i < x.shape[-1]:
        raise ValueError(f"i must be an integer in [0, {x.shape[-1] - 1}], got {i!r}")
    return gradient(u, x)[:, i]


def laplacian(u: torch.Tensor, x: torch.Tensor, dims: Sequence[int] | None = None) -> torch.Tensor:
    r"""Δu = Σ_i ∂²u/∂x_i² over ``dims`` (default all columns of x), shape (N,)."""
    g = gradient(u, x)
    if dims is None:
        dims = range(x.shape[1])
    elif isinstance(dims, (str, bytes)) or not isinstance(dims, (list, tuple, range)) \
            or not all(isinstance(i, (int, np.integer)) and 0 <= i < x.shape[1] for i in dims):
        raise ValueError(f"dims must be a list of column indices in [0, {x.shape[1] - 1}], got {validate.show(dims)}")
    return sum(torch.autograd.grad(g[:, i].sum(), x, create_graph=True)[0][:, i] for i in dims)


def time_derivative(u: torch.Tensor, xt: torch.Tensor) -> torch.Tensor:
    """∂u/∂t with time in the last column of xt, shape (N,)."""
    validate.tensor("xt", xt, ndim=2)
    return gradient(u, xt)[:, -1]


def second_derivative_x(u: torch.Tensor, xt: torch.Tensor) -> torch.Tensor:
    """∂²u/∂x² for points (x, t) of shape (N, 2), shape (N,)."""
    _points("xt", xt, 2)
    return laplacian(u, xt, dims=[0])


# ============================================================================ 3. losses and constraints
def mse(r: torch.Tensor) -> torch.Tensor:
    """Mean of squares (the loss of one residual term); raises if r has non-finite values."""
    validate.tensor("r", r)
    return (r.reshape(-1) ** 2).mean()


def weighted_loss(terms: dict[str, torch.Tensor], weights: dict[str, float] | None = None) -> torch.Tensor:
    r"""L = Σ_k w_k · mean(r_k²) over named residuals ``terms`` ({"pde": r, "bc": r_b, …}).

    Missing weights are 1.  A residual that is not finite raises a ``ValueError`` naming
    the term, so a broken term is found at once.
    """
    if not isinstance(terms, dict):
        raise TypeError(f"terms must be a dict of named residuals, e.g. {{'pde': r}}, got {validate.show(terms)}")
    if weights is not None and not isinstance(weights, dict):
        raise TypeError(f"weights must be a dict of numbers per term name, e.g. {{'bc': 10.0}}, got {validate.show(weights)}")
    weights = {k: w if isinstance(w, torch.Tensor) else validate.non_negative_float(f"weights[{k!r}]", w)
               for k, w in (weights or {}).items()}
    unknown = set(weights) - set(terms)
    if unknown:
        raise ValueError(f"weights has names {sorted(unknown)} that are not in terms {sorted(terms)}")
    total = 0.0
    for name, r in terms.items():
        validate.tensor(f"terms[{name!r}]", r)
        value = mse(r)
        if not torch.isfinite(value):
            raise ValueError(f"the {name!r} residual is not finite (NaN or inf)")
        total = total + float(weights.get(name, 1.0)) * value
    return total


class HardConstraint(nn.Module):
    r"""u(x) = g(x) + d(x) · N(x): the boundary values hold *exactly*.

    ``distance`` d vanishes on the boundary (where the condition is imposed) and is
    non-zero inside; ``boundary_value`` g is any smooth extension of the boundary data.
    Only the interior residual is left to train.

    Parameters
    ----------
    net : nn.Module
        (N, d) → (N, 1).
    distance, boundary_value : callable
        (N, d) tensor → (N,) tensor.  ``boundary_value=None`` means g = 0.
    """

    def __init__(self, net: nn.Module, distance: Callable[[torch.Tensor], torch.Tensor],
                 boundary_value: Callable[[torch.Tensor], torch.Tensor] | None = None):
        super().__init__()
        if not isinstance(net, nn.Module):
            raise TypeError(f"net must be a torch.nn.Module, got {type(net).__name__}")
        if not callable(distance):
            raise TypeError(f"distance must be callable, got {type(distance).__name__}")
        if boundary_value is not None and not callable(boundary_value):
            raise TypeError(f"boundary_value must be callable or None, got {type(boundary_value).__name__}")
        self.net, self.distance, self.boundary_value = net, distance, boundary_value

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = self.net(x).reshape(-1)
        u = self.distance(x) * n
        if self.boundary_value is not None:
            u = u + self.boundary_value(x)
        return u[:, None]


class PositiveParameter(nn.Module):
    r"""A trainable coefficient kept positive: λ = exp(s), s trainable (starts at log ``init``).

    ``history`` records λ each time :meth:`log` is called, to plot its convergence.
    """

    def __init__(self, init: float):
        super().__init__()
        init = validate.positive_float("init", init)
        self.log_value = nn.Parameter(torch.tensor(math.log(init), dtype=torch.float64))
        self.history: list[float] = []

    @property
    def value(self) -> torch.Tensor:
        return self.log_value.exp()

    def forward(self) -> torch.Tensor:
        return self.value

    def log(self) -> float:
        v = float(self.value.detach())
        self.history.append(v)
        return v


def relative_l2(prediction: np.ndarray | torch.Tensor, reference: np.ndarray | torch.Tensor) -> float:
    r"""‖u_θ − u‖₂ / ‖u‖₂ over the same points (the error measure of every table here)."""
    p = validate.finite_array("prediction", prediction.detach().cpu().numpy() if isinstance(prediction, torch.Tensor)
                              else prediction).astype(float).ravel()
    r = validate.finite_array("reference", reference.detach().cpu().numpy() if isinstance(reference, torch.Tensor)
                              else reference).astype(float).ravel()
    if p.shape != r.shape:
        raise ValueError(f"prediction and reference must have the same number of values, got {p.size} and {r.size}")
    return float(np.linalg.norm(p - r) / np.linalg.norm(r))


def _evaluate(model: nn.Module, points: torch.Tensor) -> torch.Tensor:
    """u_θ at points (N, d) → (N,), in the model's dtype, checking the output shape."""
    dtype = next(model.parameters()).dtype
    out = model(points.to(dtype))
    if out.shape not in {(points.shape[0],), (points.shape[0], 1)}:
        raise ValueError(f"the model must return one value per point, shape ({points.shape[0]}, 1), "
                         f"got {validate.show(out)}")
    return out.reshape(-1)


def _dtype_of(model: nn.Module) -> torch.dtype:
    return next(model.parameters()).dtype


def check_residual(residual: torch.Tensor, points: torch.Tensor, name: str = "residual") -> torch.Tensor:
    """The residual as (N,), or a ValueError if it is not one finite value per point."""
    validate.tensor("points", points, ndim=2)
    if not isinstance(residual, torch.Tensor):
        raise TypeError(f"{name} must return a torch.Tensor, got {type(residual).__name__}")
    if residual.shape not in {(points.shape[0],), (points.shape[0], 1)}:
        raise ValueError(f"{name} must return one value per collocation point, shape ({points.shape[0]},), "
                         f"got {validate.show(residual)}")
    return residual.reshape(-1)


# ============================================================================ 3b. a 1-D warm-up problem
def poisson_1d_exact(x: torch.Tensor) -> torch.Tensor:
    r"""u(x) = sin(2πx) + x, the exact solution of −u'' = 4π² sin(2πx) on [0, 1],
    u(0) = 0, u(1) = 1.  x: (N, 1) → (N,)."""
    _points("x", x, 1)
    return torch.sin(2 * math.pi * x[:, 0]) + x[:, 0]


def poisson_1d_residual(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    r"""r = −u'' − 4π² sin(2πx) at the points x (N, 1); shape (N,)."""
    validate.module("model", model)
    x = _points("x", x, 1).detach().to(_dtype_of(model)).requires_grad_(True)
    return -laplacian(_evaluate(model, x), x) - 4 * math.pi**2 * torch.sin(2 * math.pi * x[:, 0])


def poisson_1d_constraint(net: nn.Module) -> HardConstraint:
    r"""u = x + x(1 − x)·N(x): u(0) = 0 and u(1) = 1 hold exactly."""
    return HardConstraint(net, distance=lambda x: x[:, 0] * (1 - x[:, 0]), boundary_value=lambda x: x[:, 0])


def solve_poisson_1d(n_collocation: int = 32, boundary_weight: float = 1.0, hard: bool = False, width: int = 16,
                     steps: int = 300, lr: float = 1e-2, seed: int = 0) -> dict:
    r"""Train a small PINN on −u'' = 4π² sin(2πx), u(0) = 0, u(1) = 1 with Adam (≈ 0.3 s).

    Soft: loss = mean(r²) + w_b·mean((u − g)²) at the two end points; hard: u from
    :func:`poisson_1d_constraint`, loss = mean(r²).  Returns ``x`` (201,), ``u`` (201,),
    ``exact``, ``error`` (relative L2), ``loss`` (history), ``boundary_error``, ``collocation``.
    """
    n_collocation = validate.positive_int("n_collocation", n_collocation)
    boundary_weight = validate.positive_float("boundary_weight", boundary_weight)
    torch.manual_seed(validate.non_negative_int("seed", seed))
    net = MLP(1, 1, hidden_features=validate.positive_int("width", width), hidden_layers=2, activation="tanh")
    model = poisson_1d_constraint(net) if hard else net
    x = Interval(0, 1).sample_interior(n_collocation, "sobol", seed).float()
    xb = torch.tensor([[0.0], [1.0]])

    def loss(m: nn.Module) -> torch.Tensor:
        terms = {"pde": poisson_1d_residual(m, x)}
        if not hard:
            terms["bc"] = _evaluate(m, xb) - xb[:, 0]
        return weighted_loss(terms, {} if hard else {"bc": boundary_weight})

    history = train(model, loss, validate.positive_int("steps", steps), lr=lr, seed=seed, progress=False,
                    log_every=5)
    xe = torch.linspace(0, 1, 201)[:, None]
    with torch.no_grad():
        u = model(xe)[:, 0]
        exact = poisson_1d_exact(xe)
        ub = model(xb)[:, 0]
    return {"x": xe[:, 0].numpy(), "u": u.numpy(), "exact": exact.numpy(), "error": relative_l2(u, exact),
            "loss": np.array(history.loss), "loss_step": np.array(history.step),
            "boundary_error": float((ub - xb[:, 0]).abs().max()), "collocation": x[:, 0].numpy()}


# ============================================================================ 4a. the heat / diffusion equation
def heat_exact(xt: torch.Tensor | np.ndarray, lam: float = 0.4) -> torch.Tensor | np.ndarray:
    r"""u(x, t) = e^{−λπ²t} sin(πx): solves u_t = λ u_xx on [0, 1], u(x, 0) = sin πx, u(0)=u(1)=0."""
    if isinstance(xt, torch.Tensor):
        _points("xt", xt, 2)
    else:
        xt = validate.finite_array("xt", xt, ndim=2)
        if xt.shape[1] != 2:
            raise ValueError(f"xt must have shape (N, 2) (columns x, t), got {validate.show(xt)}")
    if not isinstance(lam, torch.Tensor):
        lam = validate.non_negative_float("lam", lam)
    lib = torch if isinstance(xt, torch.Tensor) else np
    return lib.exp(-lam * math.pi**2 * xt[:, 1]) * lib.sin(math.pi * xt[:, 0])


def heat_residual(model: nn.Module, xt: torch.Tensor, lam: float | torch.Tensor) -> torch.Tensor:
    r"""r = ∂u/∂t − λ ∂²u/∂x² at the points xt (N, 2) (columns x, t); shape (N,)."""
    validate.module("model", model)
    if isinstance(lam, torch.Tensor):  # a trainable λ (the inverse problem): one number
        if lam.numel() != 1:
            raise ValueError(f"lam must be a number or a one-element tensor, got {validate.show(lam)}")
    else:
        lam = validate.non_negative_float("lam", lam)
    xt = _points("xt", xt, 2).detach().to(_dtype_of(model)).requires_grad_(True)
    u = _evaluate(model, xt)
    g = gradient(u, xt)
    u_xx = torch.autograd.grad(g[:, 0].sum(), xt, create_graph=True)[0][:, 0]
    return g[:, 1] - lam * u_xx


def heat_constraint(net: nn.Module) -> HardConstraint:
    r"""u = sin(πx) + t·x(1 − x)·N(x, t): the initial and boundary conditions hold exactly."""
    return HardConstraint(net, distance=lambda xt: xt[:, 1] * xt[:, 0] * (1 - xt[:, 0]),
                          boundary_value=lambda xt: torch.sin(math.pi * xt[:, 0]))


def heat_samples(n: int = 200, noise: float = 0.01, lam: float = 0.4, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Sparse noisy measurements for the inverse problem.

    n uniform random points (x, t) in [0, 1]² and d = u(x, t) + noise·std(u)·ε, ε ~ N(0, 1)
    (noise = 0.01 is "1 % noise", relative to the spread of the data, as in Raissi et al.),
    u from :func:`heat_exact`.  Returns ``(xt (n, 2), d (n,))``, float64.
    """
    n = validate.positive_int("n", n)
    if not (isinstance(noise, (int, float)) and 0 <= noise < 1):
        raise ValueError(f"noise must be a number in [0, 1), got {noise!r}")
    lam = validate.non_negative_float("lam", lam)
    g = _generator(seed)
    xt = torch.rand(n, 2, generator=g, dtype=torch.float64)
    u = heat_exact(xt, lam)
    return xt, u + noise * u.std() * torch.randn(n, generator=g, dtype=torch.float64)


# ============================================================================ 4b. Poisson on the L-shape
def poisson_residual(model: nn.Module, xy: torch.Tensor, f: float = 1.0) -> torch.Tensor:
    r"""r = −Δu − f at the points xy (N, 2); shape (N,)."""
    validate.module("model", model)
    f = validate.real_number("f", f)
    xy = _points("xy", xy, 2).detach().to(_dtype_of(model)).requires_grad_(True)
    return -laplacian(_evaluate(model, xy), xy) - f


def lshape_singular(xy: torch.Tensor) -> torch.Tensor:
    r"""s(r, φ) = r^{2/3} sin(2φ/3), φ ∈ [0, 3π/2] measured from the edge {x = 0, y > 0}
    counter-clockwise into Ω = [−1, 1]² \ [0, 1]².

    Harmonic and zero on both edges of the re-entrant corner: the leading term of the
    solution there (u ≈ c·s).  Its gradient ~ r^{−1/3} is unbounded at the corner.
    """
    x, y = _points("xy", xy, 2)[:, 0], xy[:, 1]
    r = torch.sqrt(x * x + y * y)
    phi = torch.remainder(torch.atan2(y, x) - math.pi / 2, 2 * math.pi)
    return r ** (2 / 3) * torch.sin(2 * phi / 3)


def lshape_corner_feature(xy: torch.Tensor) -> torch.Tensor:
    r"""c(r, φ) = r^{2/3} cos(2φ/3), the harmonic conjugate partner of :func:`lshape_singular`.

    The next corner term of u is r^{4/3} sin(4φ/3) = 2·s·c, so u/s ≈ a + 2b·c + …: a network
    that sees c as an extra input represents u/s with a smooth function of (x, y, c).
    """
    x, y = _points("xy", xy, 2)[:, 0], xy[:, 1]
    r = torch.sqrt(x * x + y * y)
    phi = torch.remainder(torch.atan2(y, x) - math.pi / 2, 2 * math.pi)
    return r ** (2 / 3) * torch.cos(2 * phi / 3)


def lshape_distance(xy: torch.Tensor, kind: str = "singular") -> torch.Tensor:
    r"""A function d(x, y) that vanishes on ∂Ω of the L-shape and is positive inside.

    ``kind="generic"``: d = (1 − x²)(1 − y²) · dist((x, y), [0, 1]²) — what one writes
    without thinking about the corner.  Near the corner d ~ r, so the network has to
    represent u/d ~ r^{2/3}/r = r^{−1/3}: singular, and no smooth network can.
    ``kind="singular"``: d = (1 − x²)(1 − y²) · r^{2/3} sin(2φ/3) — built from the known
    corner behaviour (chapter 03), so u/d tends to a finite, non-zero limit at the corner.
    """
    validate.one_of("kind", kind, ("generic", "singular"))
    x, y = _points("xy", xy, 2)[:, 0], xy[:, 1]
    outer = (1 - x * x) * (1 - y * y)
    if kind == "singular":
        return outer * lshape_singular(xy)
    dx, dy = torch.clamp(-x, min=0), torch.clamp(-y, min=0)
    return outer * torch.sqrt(dx * dx + dy * dy + 1e-30)


class _CornerFeatures(nn.Module):
    """(x, y) → (x, y, r^{2/3} cos(2φ/3)) in front of a network (3 inputs)."""

    in_features, out_features = 2, 3

    def forward(self, xy: torch.Tensor) -> torch.Tensor:
        return torch.cat([xy, lshape_corner_feature(xy)[:, None]], dim=1)


def lshape_model(kind: str = "singular", width: int = 32, depth: int = 3, dtype: torch.dtype = torch.float64,
                 seed: int = 0) -> nn.Module:
    r"""A PINN for −Δu = 1 on the L-shape.

    ``kind``: ``"soft"`` — a plain tanh MLP (the boundary enters the loss);
    ``"generic"`` — hard constraint u = d·N with the generic d of :func:`lshape_distance`;
    ``"singular"`` — u = d_s·N(x, y, c) with d_s ∝ r^{2/3} sin(2φ/3) and the corner feature
    c = r^{2/3} cos(2φ/3) as an extra input (u/d_s ≈ a + 2b·c near the corner).
    """
    validate.one_of("kind", kind, ("soft", "generic", "singular"))
    width, depth = validate.positive_int("width", width), validate.positive_int("depth", depth)
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating torch dtype such as torch.float64, got {validate.show(dtype)}")
    torch.manual_seed(validate.non_negative_int("seed", seed))
    encoding = _CornerFeatures() if kind == "singular" else None
    net = MLP(2, 1, hidden_features=width, hidden_layers=depth, activation="tanh", encoding=encoding).to(dtype)
    if kind == "soft":
        return net
    return HardConstraint(net, distance=lambda xy: lshape_distance(xy, kind))


def lshape_reference(h_sub: int = 2) -> tuple[torch.Tensor, np.ndarray]:
    """Evaluation points and reference values: chapter 03's shipped h = 1/256 FD solution
    (:func:`inrlib.boundary.load_lshape_solution`) at the grid nodes inside Ω, every
    ``h_sub``-th node.  Returns ``(points (M, 2) float64, u (M,))``."""
    from .boundary import (
        load_lshape_solution,  # chapter 03's public API (the reference)
    )

    h_sub = validate.positive_int("h_sub", h_sub)
    grid, u = load_lshape_solution()
    inside = grid.inside[::h_sub, ::h_sub]
    pts = np.stack([grid.X[::h_sub, ::h_sub][inside], grid.Y[::h_sub, ::h_sub][inside]], axis=1)
    return torch.from_numpy(pts), u[::h_sub, ::h_sub][inside]


def lshape_loss(model: nn.Module, interior: torch.Tensor, boundary: torch.Tensor | None = None,
                boundary_weight: float = 1.0) -> torch.Tensor:
    r"""L = mean(( −Δu − 1)²) over ``interior`` + w_b · mean(u²) over ``boundary`` (soft BC only)."""
    validate.module("model", model)
    _points("interior", interior, 2)
    boundary_weight = validate.non_negative_float("boundary_weight", boundary_weight)
    terms = {"pde": poisson_residual(model, interior)}
    weights = {}
    if boundary is not None:
        terms["bc"] = _evaluate(model, _points("boundary", boundary, 2))
        weights["bc"] = boundary_weight
    return weighted_loss(terms, weights)


# ============================================================================ 5. training
@dataclass
class FitResult:
    """What :func:`fit` did: the histories of both phases, why L-BFGS stopped, timings."""

    adam: History
    lbfgs: list[History] = field(default_factory=list)
    stopped: str = ""
    seconds: float = 0.0
    switched_to_float64: bool = False

    @property
    def loss(self) -> list[float]:
        """The loss over the whole run (Adam, then every L-BFGS stage)."""
        return list(self.adam.loss) + [v for h in self.lbfgs for v in h.loss]

    @property
    def final_loss(self) -> float:
        return self.loss[-1] if self.loss else math.nan


def fit(model: nn.Module, loss_fn: Callable[[nn.Module], torch.Tensor], *, adam_steps: int = 500,
        lbfgs_steps: int = 200, lr: float = 3e-3, time_budget: float | None = None, stage: int = 10,
        stall_tol: float = 1e-3, parameters: Sequence[nn.Parameter] | None = None, progress: bool = False,
        seed: int = 0) -> FitResult:
    r"""Adam for ``adam_steps``, then L-BFGS (strong Wolfe) for up to ``lbfgs_steps`` steps.

    L-BFGS runs in stages of ``stage`` steps through :func:`inrlib.training.train`.  Within
    each stage the loss must fall by at least a factor (1 − ``stall_tol``); otherwise
    L-BFGS has *stalled* (in float32 the line search keeps failing and every useless step
    costs several loss evaluations).  On a stall a float32 model is converted to float64
    once and L-BFGS restarts; a float64 model stops.  ``time_budget`` (seconds) covers both
    phases.  ``loss_fn(model)`` must cast its points to the model's dtype (the residual
    functions of this module do).  ``parameters`` defaults to ``model.parameters()``.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    validate.function("loss_fn", loss_fn)
    adam_steps = validate.non_negative_int("adam_steps", adam_steps)
    lbfgs_steps = validate.non_negative_int("lbfgs_steps", lbfgs_steps)
    stage = validate.positive_int("stage", stage)
    lr = validate.positive_float("lr", lr)
    stall_tol = validate.non_negative_float("stall_tol", stall_tol)
    if parameters is not None:
        listed = list(parameters) if not isinstance(parameters, (str, torch.Tensor)) and hasattr(parameters, "__iter__") \
            else None
        if listed is None or not all(isinstance(q, torch.Tensor) for q in listed):
            raise TypeError(f"parameters must be a list of tensors (nn.Parameter), got {validate.show(parameters)}")
        parameters = listed
    if time_budget is not None:
        time_budget = validate.positive_float("time_budget", time_budget)
    t0 = time.perf_counter()
    left = lambda: None if time_budget is None else max(time_budget - (time.perf_counter() - t0), 1e-3)
    params = lambda: list(parameters) if parameters is not None else list(model.parameters())
    adam = History()
    if adam_steps:
        adam = train(model, loss_fn, adam_steps, optimizer=torch.optim.Adam(params(), lr=lr), seed=seed,
                     time_budget=left(), progress=progress, desc="Adam", log_every=10)
        model.train()
    result = FitResult(adam=adam, stopped="finished")

    def new_lbfgs():
        return torch.optim.LBFGS(params(), lr=1.0, max_iter=20, history_size=50, line_search_fn="strong_wolfe",
                                 tolerance_grad=1e-12, tolerance_change=1e-14)

    opt, done = new_lbfgs(), 0
    while done < lbfgs_steps:
        if time_budget is not None and time.perf_counter() - t0 >= time_budget:
            result.stopped = f"time budget ({time_budget:g} s)"
            break
        n = min(stage, lbfgs_steps - done)
        h = train(model, loss_fn, n, optimizer=opt, seed=None, time_budget=left(), progress=progress,
                  desc="L-BFGS", log_every=1)
        model.train()
        done += n
        result.lbfgs.append(h)
        if h.loss and h.loss[-1] > h.loss[0] * (1 - stall_tol):  # no progress within this stage
            if _dtype_of(model) == torch.float32:
                model.double()
                result.switched_to_float64 = True
                opt = new_lbfgs()
                continue
            result.stopped = f"L-BFGS stalled after {done} steps (loss {h.loss[-1]:.3g})"
            break
    model.eval()
    result.seconds = time.perf_counter() - t0
    return result


def resample_by_residual(residual_fn: Callable[[torch.Tensor], torch.Tensor], candidates: torch.Tensor,
                         n: int) -> torch.Tensor:
    r"""The ``n`` candidate points with the largest \|residual\| (residual-based refinement).

    ``residual_fn(points) -> (N,)``; ``candidates`` (N, d) with N ≥ n.  Add the result to
    the collocation set: the PDE is then enforced where it is violated most.
    """
    validate.function("residual_fn", residual_fn)
    candidates = validate.tensor("candidates", candidates, ndim=2)
    n = validate.positive_int("n", n)
    if n > candidates.shape[0]:
        raise ValueError(f"n must be at most the number of candidates ({candidates.shape[0]}), got {n}")
    r = check_residual(residual_fn(candidates), candidates, "residual_fn").detach().abs()
    if not torch.all(torch.isfinite(r)):
        raise ValueError("residual_fn returned non-finite values")
    return candidates[torch.topk(r, n).indices].detach()


# ============================================================================ 6. the three experiments
def _fit_time_left(t0: float, budget: float) -> float:
    return max(budget - (time.perf_counter() - t0), 1e-3)


def solve_heat(lam: float = 0.4, n_collocation: int = 1024, width: int = 20, adam_steps: int = 300,
               lbfgs_steps: int = 300, time_budget: float | None = 30.0, seed: int = 0) -> dict:
    r"""Forward problem: u_t = λ u_xx on [0, 1]², hard-constrained (:func:`heat_constraint`).

    Returns a dict with ``model``, ``fit`` (:class:`FitResult`), ``error`` (relative L2 on a
    101×101 grid against :func:`heat_exact`), ``seconds`` (total, training included).
    """
    lam = validate.non_negative_float("lam", lam)
    n_collocation = validate.positive_int("n_collocation", n_collocation)
    width = validate.positive_int("width", width)
    t0 = time.perf_counter()
    torch.manual_seed(validate.non_negative_int("seed", seed))
    net = MLP(2, 1, hidden_features=width, hidden_layers=2, activation="tanh").double()
    model = heat_constraint(net)
    xt = SpaceTime(Interval(0, 1)).sample_interior(n_collocation, "sobol", seed)
    result = fit(model, lambda m: mse(heat_residual(m, xt, lam)), adam_steps=adam_steps,
                 lbfgs_steps=lbfgs_steps, time_budget=time_budget, seed=seed)
    g = torch.linspace(0, 1, 101, dtype=torch.float64)
    grid = torch.stack(torch.meshgrid(g, g, indexing="ij"), -1).reshape(-1, 2)
    with torch.no_grad():
        error = relative_l2(model(grid), heat_exact(grid, lam))
    return {"model": model, "fit": result, "error": error, "seconds": time.perf_counter() - t0}


def solve_heat_inverse(xt_data: torch.Tensor, u_data: torch.Tensor, lam_init: float = 1.0,
                       n_collocation: int = 1024, width: int = 20, adam_steps: int = 500,
                       lbfgs_steps: int = 300, time_budget: float | None = 30.0, data_weight: float = 1.0,
                       seed: int = 0) -> dict:
    r"""Inverse problem: find λ in u_t = λ u_xx from measurements (xt_data, u_data).

    Loss = mean(r²) + w_d · mean((u_θ − u_data)²) with λ = exp(s) trainable
    (:class:`PositiveParameter`); initial and boundary conditions are hard constraints.
    Returns ``model``, ``lam`` (the PositiveParameter, its ``history`` logged at every loss
    evaluation), ``estimate`` (float), ``fit``, ``seconds``.
    """
    xt_data = SpaceTime(Interval(0, 1)).require_inside(xt_data, "xt_data")
    u_data = validate.tensor("u_data", u_data).reshape(-1)
    if u_data.shape[0] != xt_data.shape[0]:
        raise ValueError(f"u_data must have one value per row of xt_data ({xt_data.shape[0]}), got {u_data.shape[0]}")
    lam_init = validate.positive_float("lam_init", lam_init)
    n_collocation = validate.positive_int("n_collocation", n_collocation)
    width = validate.positive_int("width", width)
    data_weight = validate.non_negative_float("data_weight", data_weight)
    t0 = time.perf_counter()
    torch.manual_seed(validate.non_negative_int("seed", seed))
    model = heat_constraint(MLP(2, 1, hidden_features=width, hidden_layers=2, activation="tanh").double())
    lam = PositiveParameter(lam_init)
    xt = SpaceTime(Interval(0, 1)).sample_interior(n_collocation, "sobol", seed)
    xd, ud = xt_data.double(), u_data.double()

    def loss(m: nn.Module) -> torch.Tensor:
        lam.log()  # λ at every loss evaluation: its convergence can be plotted
        return weighted_loss({"pde": heat_residual(m, xt, lam.value), "data": _evaluate(m, xd) - ud},
                             {"data": data_weight})

    result = fit(model, loss, adam_steps=adam_steps, lbfgs_steps=lbfgs_steps, time_budget=time_budget,
                 parameters=list(model.parameters()) + [lam.log_value], seed=seed)
    lam.log()
    return {"model": model, "lam": lam, "estimate": float(lam.value.detach()), "fit": result,
            "seconds": time.perf_counter() - t0}


def solve_lshape_pinn(kind: str = "singular", n_collocation: int = 1500, n_boundary: int = 400,
                      boundary_weight: float = 10.0, width: int = 32, depth: int = 3, adam_steps: int = 300,
                      lbfgs_steps: int = 500, time_budget: float | None = 60.0, seed: int = 0) -> dict:
    r"""−Δu = 1 on the L-shape with u = 0 on ∂Ω, by a PINN of ``kind`` (see :func:`lshape_model`).

    Returns ``model``, ``fit``, ``error`` (relative L2 against chapter 03's fine FD solution
    at its h = 1/128 sub-grid nodes inside Ω), ``parameters``, ``points`` (collocation +
    boundary), ``seconds``.
    """
    n_collocation = validate.positive_int("n_collocation", n_collocation)
    n_boundary = validate.positive_int("n_boundary", n_boundary)
    boundary_weight = validate.non_negative_float("boundary_weight", boundary_weight)
    t0 = time.perf_counter()
    model = lshape_model(kind, width, depth, seed=seed)
    omega = lshape()
    interior = omega.sample_interior(n_collocation, "sobol", seed)
    boundary = omega.sample_boundary(n_boundary, "sobol", seed) if kind == "soft" else None
    result = fit(model, lambda m: lshape_loss(m, interior, boundary, boundary_weight), adam_steps=adam_steps,
                 lbfgs_steps=lbfgs_steps, time_budget=time_budget, seed=seed)
    pts, ref = lshape_reference()
    with torch.no_grad():
        error = relative_l2(model(pts), ref)
    return {"model": model, "fit": result, "error": error, "parameters": count_parameters(model),
            "points": n_collocation + (n_boundary if boundary is not None else 0),
            "seconds": time.perf_counter() - t0}
