"""Chapter 03, square.py: a condition per side of the square, pure Neumann."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inrlib import boundary as bc
from inrlib.boundary import SIDES, dirichlet, neumann, robin

from .manufactured import HS, SMOOTH, X, Y, manufactured, outward, trapezoid_mean_free


def test_neumann_and_mixed_sides_are_exact_on_quadratics():
    # ghost points are exact when u''' = 0, the Laplacian when u'''' = 0
    u, f, ux, uy = manufactured(X**2 - 2 * X * Y + 3 * Y**2 / 2 + X - Y + 2)
    g = outward(ux, uy)
    sides = {"left": dirichlet(u), "right": neumann(g["right"]), "bottom": neumann(g["bottom"]), "top": dirichlet(u)}
    s = bc.solve_square(1 / 4, f, sides)
    assert not s.pure_neumann and np.allclose(s.u, u(s.grid.X, s.grid.Y), atol=1e-11)
    pure = bc.solve_square(1 / 4, f, {k: neumann(v) for k, v in g.items()})
    assert pure.pure_neumann
    assert np.allclose(pure.u, trapezoid_mean_free(u(pure.grid.X, pure.grid.Y)), atol=1e-10)


@settings(max_examples=30, deadline=None)
@given(coef=st.lists(st.floats(-2, 2), min_size=6, max_size=6),
       kinds=st.lists(st.sampled_from(["dirichlet", "neumann", "robin"]), min_size=4, max_size=4),
       h=st.sampled_from([1 / 2, 1 / 4]))
def test_every_mix_of_sides_is_exact_on_every_quadratic(coef, kinds, h):
    a, b, c, d, e, k = coef
    u = lambda x, y: a * x**2 + b * x * y + c * y**2 + d * x + e * y + k  # noqa: E731
    ux = lambda x, y: 2 * a * x + b * y + d  # noqa: E731
    uy = lambda x, y: b * x + 2 * c * y + e  # noqa: E731
    g = outward(ux, uy)

    def side(name, kind):
        if kind == "dirichlet":
            return dirichlet(u)
        if kind == "neumann":
            return neumann(g[name])
        return robin(1.5, lambda x, y: g[name](x, y) + 1.5 * u(x, y))

    s = bc.solve_square(h, -2 * a - 2 * c, {n: side(n, kd) for n, kd in zip(SIDES, kinds)})
    exact = u(s.grid.X, s.grid.Y)
    if s.pure_neumann:
        exact = trapezoid_mean_free(exact)
    assert np.allclose(s.u, exact, atol=1e-9 * (1 + np.abs(exact).max()))


def _square_errors(make_sides, expr=SMOOTH):
    u, f, ux, uy = manufactured(expr)
    errors = []
    for h in HS:
        s = bc.solve_square(h, f, make_sides(u, outward(ux, uy)))
        e = s.u - u(s.grid.X, s.grid.Y)
        errors.append(np.abs(trapezoid_mean_free(e) if s.pure_neumann else e).max())
    return errors


CASES = {
    "dirichlet": lambda u, g: {s: dirichlet(u) for s in SIDES},
    "neumann right+bottom": lambda u, g: {"left": dirichlet(u), "right": neumann(g["right"]),
                                          "bottom": neumann(g["bottom"]), "top": dirichlet(u)},
    "neumann on three sides": lambda u, g: {**{s: neumann(g[s]) for s in ("left", "right", "bottom")},
                                            "top": dirichlet(u)},
    "robin": lambda u, g: {"left": robin(2.0, lambda x, y: g["left"](x, y) + 2 * u(x, y)),
                           **{s: neumann(g[s]) for s in ("right", "bottom", "top")}},
    "pure neumann": lambda u, g: {s: neumann(g[s]) for s in SIDES},
}


@pytest.mark.parametrize("case", CASES)
def test_manufactured_solutions_converge_at_order_two(case):
    errors = _square_errors(CASES[case])
    order = bc.convergence_order(HS, errors)
    assert 1.9 < order < 2.1, (case, errors)
    assert errors[-1] < 1e-3


def test_pure_neumann_incompatible_data_is_refused_and_gauge_is_mean_zero():
    with pytest.raises(ValueError, match="f and sides violate the compatibility condition"):
        bc.solve_square(1 / 8, 1.0, {s: neumann(0.0) for s in SIDES})
    # ∫f = 4 balanced by ∮g = −4 (g = −½ on the perimeter of length 8): compatible
    s = bc.solve_square(1 / 8, 1.0, {s: neumann(-0.5) for s in SIDES})
    assert s.pure_neumann and abs(s.imbalance) < 1e-12
    w = np.ones(s.u.shape); w[0] *= .5; w[-1] *= .5; w[:, 0] *= .5; w[:, -1] *= .5  # noqa: E702
    assert abs((w * s.u).sum()) < 1e-12
    # exact: u = −(x² + y²)/4 + c
    assert np.allclose(s.u, trapezoid_mean_free(-(s.grid.X**2 + s.grid.Y**2) / 4), atol=1e-12)
