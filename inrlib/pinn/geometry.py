"""Geometry: the domains of the lecture and their collocation points.

Intervals, polygons (the L-shape), space × time; samplers for interior, boundary and
initial points, uniform random or quasi-random (scrambled Sobol: evenly spread, fewer
points for the same coverage).  Points are float64 tensors of shape (N, dim).
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch

from .. import validate


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
