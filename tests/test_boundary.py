"""Chapter 03: boundary conditions, the 5-point Laplacian on masked domains, the L-shape."""
import shutil

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from inrlib import boundary as bc
from inrlib.boundary import SIDES, dirichlet, neumann, robin

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


# ----------------------------------------------------------------------------- grids and boundary detection
def test_square_and_lshape_grids_have_the_right_boundary():
    h = 1 / 8
    sq, L = bc.square_grid(h), bc.lshape_grid(h)
    assert sq.shape == L.shape == (17, 17)
    assert sq.boundary.sum() == 8 / h and sq.interior.sum() == 15**2
    # the L-shape's perimeter is 8 (six edges: 2+2+1+1+1+1): 8/h boundary nodes
    assert L.boundary.sum() == 8 / h
    assert L.boundary[L.index(0, 0)], "the re-entrant corner is on ∂Ω"
    assert L.boundary[L.index(0, 0.5)] and L.boundary[L.index(0.5, 0)] and not L.inside[L.index(0.5, 0.5)]
    assert L.interior[L.index(-0.5, -0.5)]
    # count interior nodes independently: strictly inside the open L
    Xg, Yg = np.meshgrid(L.x, L.y)
    open_L = (np.abs(Xg) < 1 - 1e-12) & (np.abs(Yg) < 1 - 1e-12) & ~((Xg > -1e-12) & (Yg > -1e-12))
    assert np.array_equal(L.interior, open_L)


@settings(max_examples=40, deadline=None)
@given(arrays(bool, st.tuples(st.integers(1, 9), st.integers(1, 9))))
def test_find_boundary_matches_a_loop_over_8_neighbours(mask):
    interior, boundary = bc.find_boundary(mask)
    ny, nx = mask.shape
    expected = np.zeros_like(mask)
    for i in range(ny):
        for j in range(nx):
            expected[i, j] = mask[i, j] and all(0 <= i + a < ny and 0 <= j + b < nx and mask[i + a, j + b]
                                                for a in (-1, 0, 1) for b in (-1, 0, 1))
    assert np.array_equal(interior, expected)
    assert np.array_equal(boundary, mask & ~expected) and not (interior & boundary).any()


# ----------------------------------------------------------------------------- the 5-point Laplacian
def kron_laplacian(n, h):
    """−Δ_h on an n×n block of interior nodes from Kronecker products (independent construction)."""
    T = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(n, n)) / h**2
    return (sp.kron(sp.identity(n), T) + sp.kron(T, sp.identity(n))).tocsr()


@pytest.mark.parametrize("h", [1 / 2, 1 / 4, 1 / 8])
def test_laplacian_matrix_equals_the_kronecker_construction(h):
    n = int(round(2 / h)) - 1
    K = kron_laplacian(n, h)
    assert abs(bc.laplacian_matrix(bc.square_grid(h)) - K).max() < 1e-9
    # on the L-shape: the principal submatrix of the square's on the L's interior nodes
    L = bc.lshape_grid(h)
    keep = np.flatnonzero(L.interior[1:-1, 1:-1].ravel())
    AL = bc.laplacian_matrix(L)
    assert abs(AL - K[keep][:, keep]).max() < 1e-9
    assert abs(AL - AL.T).max() == 0 and spla.eigsh(AL.astype(float), 1, which="SA", return_eigenvectors=False)[0] > 0


def test_assembly_has_no_python_loop_over_grid_points():
    import inspect
    src = inspect.getsource(bc.assemble_dirichlet) + inspect.getsource(bc.solve_square)
    loops = [line.strip() for line in src.splitlines() if line.strip().startswith("for ")]
    # the only loops run over the 4 stencil directions or the 4 sides, never over nodes
    assert loops and all("_NEIGHBOURS" in line or "SIDES" in line for line in loops), loops


@pytest.mark.parametrize("grid_fn", [bc.square_grid, bc.lshape_grid])
def test_dirichlet_solve_is_exact_on_cubics(grid_fn):
    # the 5-point stencil's truncation error involves 4th derivatives: exact for degree ≤ 3
    u, f, _, _ = manufactured(X**3 - 3 * X * Y**2 + 2 * X**2 * Y - Y**2 + 0.5 * X + 1)
    grid = grid_fn(1 / 4)
    uh = bc.solve_dirichlet(grid, f, u)
    assert np.allclose(uh[grid.inside], u(grid.X, grid.Y)[grid.inside], atol=1e-12)


def test_sparse_solve_agrees_with_spsolve():
    A, b = bc.assemble_dirichlet(bc.lshape_grid(1 / 16), 1.0, 0.0)
    assert np.allclose(bc.sparse_solve(A, b), spla.spsolve(A.tocsc(), b), rtol=1e-12, atol=1e-14)


# ----------------------------------------------------------------------------- per-side conditions
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


def test_a_one_sided_neumann_difference_would_be_first_order():
    # the reason for ghost points, in 1-D: replace the ghost row by (u_m − u_{m−1})/h = γ
    from inrlib.checks.boundary import _neumann_one_sided
    f, exact = (lambda x: np.pi**2 / 4 * np.sin(np.pi * x / 2)), (lambda x: np.sin(np.pi * x / 2))
    ms = [8, 16, 32, 64]
    one_sided = [np.abs(_neumann_one_sided(f, 0.0, 0.0, m) - exact(np.linspace(0, 1, m + 1))).max() for m in ms]
    ghost = [np.abs(bc.solve_1d(f, 1 / m, dirichlet(0.0), neumann(0.0))[1] - exact(np.linspace(0, 1, m + 1))).max()
             for m in ms]
    assert 0.9 < bc.convergence_order(1 / np.array(ms), one_sided) < 1.1
    assert 1.9 < bc.convergence_order(1 / np.array(ms), ghost) < 2.1


@pytest.mark.parametrize("left,right", [("dirichlet", "dirichlet"), ("dirichlet", "neumann"),
                                        ("neumann", "dirichlet"), ("robin", "dirichlet"), ("dirichlet", "robin")])
def test_solve_1d_order_two_and_exact_on_quadratics(left, right):
    x = sympy.symbols("x")

    def conditions(expr):
        u, du = sympy.lambdify(x, expr), sympy.lambdify(x, sympy.diff(expr, x))
        make = {"dirichlet": lambda end, n: dirichlet(float(u(end))),
                "neumann": lambda end, n: neumann(float(n * du(end))),
                "robin": lambda end, n: robin(1.5, float(n * du(end) + 1.5 * u(end)))}
        f = sympy.lambdify(x, -sympy.diff(expr, x, 2) + 0 * x)
        return u, (lambda t: f(t) + 0 * t), make[left](0.0, -1), make[right](1.0, +1)

    u, f, L, R = conditions(x**2 - 3 * x + 1)
    xs, uh = bc.solve_1d(f, 1 / 4, L, R)
    assert np.allclose(uh, u(xs), atol=1e-12)
    u, f, L, R = conditions(sympy.exp(x) * sympy.sin(2 * x))
    errors = [np.abs(bc.solve_1d(f, 1 / m, L, R)[1] - u(np.linspace(0, 1, m + 1))).max() for m in (8, 16, 32, 64)]
    assert 1.9 < bc.convergence_order([1 / 8, 1 / 16, 1 / 32, 1 / 64], errors) < 2.1


def test_laplacian_1d_is_d_transpose_d_over_h_squared():
    for n, h in [(1, 0.5), (5, 0.1)]:
        D = np.diff(np.eye(n + 2), axis=0)[:, 1:-1]   # (n+1, n) forward differences with zero ends
        assert np.allclose(bc.laplacian_1d(n, h).toarray(), D.T @ D / h**2)


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


# ----------------------------------------------------------------------------- the L-shape
REFERENCE_1_512 = {(-0.5, -0.5): 0.131048, (-0.5, 0.5): 0.102360, (0.5, -0.5): 0.102360}


def test_lshape_reference_values_at_h_1_128():
    grid, u = bc.solve_lshape(1 / 128)
    for (x, y), value in REFERENCE_1_512.items():
        assert u[grid.index(x, y)] == pytest.approx(value, abs=6e-5)   # measured gap: ≤ 2.6e-5
    assert u.max() == pytest.approx(0.14940, abs=1e-4)
    assert u[grid.index(-0.5, 0.5)] == pytest.approx(u[grid.index(0.5, -0.5)], abs=1e-13)  # symmetry x ↔ y
    assert np.all(u[grid.boundary] == 0) and np.all(u[grid.interior] > 0)


def test_cached_lshape_solution_loads_fast_verifies_and_matches_the_reference():
    grid, u = bc.load_lshape_solution()  # its load time (< 1 s) is measured by the benchmark
    assert grid.h == 1 / 256 and u.shape == (513, 513) and bc.LSHAPE_FILE.stat().st_size < 5 * 2**20
    for (x, y), value in REFERENCE_1_512.items():
        assert u[grid.index(x, y)] == pytest.approx(value, abs=1.5e-5)  # measured gap: ≤ 7e-6
    assert u.max() == pytest.approx(0.14940, abs=3e-5)
    fresh = bc.solve_lshape(1 / 256)[1]
    assert np.abs(fresh - u).max() < 1e-7      # float32 rounding only
    pts = np.array([[-0.5, -0.5], [0.5, 0.5], [-0.25 + 1e-3, 0.3]])
    vals = bc.lshape_solution_at(pts)
    assert vals[0] == pytest.approx(u[grid.index(-0.5, -0.5)]) and vals[1] == 0.0 and 0 < vals[2] < 0.15


def test_cached_solution_with_a_wrong_hash_or_missing_file_is_refused(tmp_path):
    target = tmp_path / bc.LSHAPE_FILE.name
    shutil.copy(bc.LSHAPE_FILE, target)
    shutil.copy(bc.LSHAPE_FILE.with_suffix(".json"), target.with_suffix(".json"))
    assert bc.load_lshape_solution(target)[1].shape == (513, 513)
    data = bytearray(target.read_bytes())
    data[-100] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="sha256"):
        bc.load_lshape_solution(target)
    with pytest.raises(FileNotFoundError, match="--write-lshape"):
        bc.load_lshape_solution(tmp_path / "missing.npz")


def test_writing_the_cache_is_deterministic(tmp_path):
    a, b = bc.write_lshape_solution(tmp_path / "a.npz", h=1 / 16), bc.write_lshape_solution(tmp_path / "b.npz", h=1 / 16)
    assert a.read_bytes() == b.read_bytes()
    grid, u = bc.load_lshape_solution(a)
    assert grid.h == 1 / 16 and np.allclose(u, bc.solve_lshape(1 / 16)[1], atol=1e-7)


def test_corner_singularity_orders_two_thirds_and_four_thirds():
    hs = [1 / 8, 1 / 16, 1 / 32, 1 / 64, 1 / 128]
    diffs = bc.successive_differences(bc.solve_lshape, hs)
    p_max = bc.convergence_order(hs[:-1], [d["max"] for d in diffs])
    p_l2 = bc.convergence_order(hs[:-1], [d["l2"] for d in diffs])
    assert abs(p_max - 2 / 3) < 0.06 and abs(p_l2 - 4 / 3) < 0.08, (p_max, p_l2)
    for d in diffs:   # the largest difference sits next to the re-entrant corner
        grid = bc.lshape_grid(d["h"])
        i, j = np.unravel_index(np.argmax(np.abs(d["diff"])), d["diff"].shape)
        assert np.hypot(grid.x[j], grid.y[i]) <= 1.5 * d["h"]
    # the singular function is harmonic and vanishes on both corner edges: y = 0, x > 0 and x = 0, y > 0
    # (the removed quarter is [0, 1]²; the negative y-axis is inside Ω, where it must not vanish)
    t = np.linspace(0.1, 1, 5)
    assert np.allclose(bc.corner_singularity(t, 0 * t), 0, atol=1e-12)
    assert np.allclose(bc.corner_singularity(t, -1e-15 * t), 0, atol=1e-12)   # approached from inside Ω
    assert np.allclose(bc.corner_singularity(0 * t, t), 0, atol=1e-12)
    assert np.all(bc.corner_singularity(0 * t, -t) > 0.5 * t ** (2 / 3))
    assert np.all(bc.corner_singularity(-t, -t) > 0) and np.all(bc.corner_singularity(-t, t) > 0)
    r, th = sympy.symbols("r theta", positive=True)
    s = r ** sympy.Rational(2, 3) * sympy.sin(2 * th / 3)
    assert sympy.simplify(sympy.diff(r * sympy.diff(s, r), r) / r + sympy.diff(s, th, 2) / r**2) == 0


def test_corner_singularity_matches_the_angular_profile_of_the_fd_solution():
    """Independent check of the angle convention: at a fixed small r, u / (r^{2/3} sin(2θ/3)) must be the
    same constant c in every direction inside Ω (a wrong θ origin makes it change sign)."""
    from scipy.interpolate import RegularGridInterpolator

    grid, u = bc.load_lshape_solution()
    interp = RegularGridInterpolator((grid.y, grid.x), u)
    radius = 8 * grid.h
    angles = np.linspace(0.2, 3 * np.pi / 2 - 0.2, 9)          # directions inside Ω, clockwise from +x
    xs, ys = radius * np.cos(-angles), radius * np.sin(-angles)
    ratio = interp(np.c_[ys, xs]) / bc.corner_singularity(xs, ys)
    assert np.all(ratio > 0) and np.ptp(ratio) < 0.05 * np.mean(ratio), ratio


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("h", [0, -0.25, 0.3, 1.5, float("nan")])
def test_bad_h_is_rejected_naming_h(h):
    with pytest.raises((ValueError, TypeError), match="h must"):
        bc.lshape_grid(h)
    with pytest.raises((ValueError, TypeError), match="h must"):
        bc.solve_square(h, 1.0, {s: dirichlet() for s in SIDES})


def test_non_finite_values_and_empty_masks_are_rejected_naming_the_argument():
    grid = bc.lshape_grid(1 / 4)
    with pytest.raises(ValueError, match="f must be finite"):
        bc.solve_dirichlet(grid, lambda x, y: np.where(x > 0.4, np.nan, 1.0))
    with pytest.raises(ValueError, match="g must be finite"):
        bc.solve_dirichlet(grid, 1.0, lambda x, y: np.inf + 0 * x)
    with pytest.raises(ValueError, match="value must be finite"):
        neumann(float("inf"))
    with pytest.raises(ValueError, match="alpha must be a finite number"):
        robin(float("nan"), 0.0)
    with pytest.raises(ValueError, match="inside must contain at least one interior node"):
        bc.masked_grid(1 / 4, lambda X, Y: X > 0.8)
    with pytest.raises(ValueError, match="inside must return a boolean array"):
        bc.masked_grid(1 / 4, lambda X, Y: 1.0)
    with pytest.raises(ValueError, match="sides must be a dict with exactly the keys"):
        bc.solve_square(1 / 4, 1.0, {"left": dirichlet()})
    with pytest.raises(TypeError, match=r"sides\['top'\] must be a Condition"):
        bc.solve_square(1 / 4, 1.0, {**{s: dirichlet() for s in SIDES}, "top": 0.0})
    with pytest.raises(ValueError, match="left and right cannot both be Neumann"):
        bc.solve_1d(1.0, 1 / 8, neumann(0.0), neumann(0.0))
    with pytest.raises(ValueError, match="f must be a number or have shape"):
        bc.solve_dirichlet(grid, np.ones(3))
    with pytest.raises(TypeError, match="grid must be a Grid"):
        bc.assemble_dirichlet("L", 1.0)
    with pytest.raises(ValueError, match=r"\(x, y\) must be a node"):
        grid.index(0.1, 0.0)


def test_more_bad_input_names_the_argument():
    grid = bc.lshape_grid(1 / 4)
    with pytest.raises(TypeError, match="alpha must be a finite number"):
        robin("big", 0.0)
    with pytest.raises(TypeError, match="f must be a number, an array or a function"):
        bc.solve_1d("one", 1 / 4)
    with pytest.raises(TypeError, match="inside must be a function"):
        bc.masked_grid(1 / 4, "square")
    with pytest.raises(TypeError, match="x must be a finite number"):
        grid.index("a", 0.0)
    with pytest.raises(TypeError, match="compatibility_rtol must be a positive number"):
        bc.solve_square(1 / 4, 0.0, {s: neumann() for s in SIDES}, compatibility_rtol="loose")
    with pytest.raises(ValueError, match="hs must hold at least 2"):
        bc.successive_differences(bc.solve_lshape, [1 / 4])
    with pytest.raises(TypeError, match="errors must be an array of real numbers"):
        bc.convergence_order([0.5, 0.25], [1.0, "small"])
    with pytest.raises(TypeError, match="h must be a positive number"):
        bc.grid_norms(np.ones(3), "h")
    with pytest.raises(ValueError, match="factor must be a positive integer"):
        bc.restrict(np.ones((5, 5)), 0)
    with pytest.raises(TypeError, match="points must be an array of shape"):
        bc.lshape_solution_at([[0.1, "a"]])
    with pytest.raises(TypeError, match="x must be an array of real numbers"):
        bc.corner_singularity("a", 1.0)


# ----------------------------------------------------------------------------- the widget
def test_boundary_explorer_responds_to_its_controls():

    from inrlib.widgets.boundary import BoundaryExplorer

    ex = BoundaryExplorer(64)
    box = ex.widget()
    first = ex.result
    assert first["u"].shape == (65, 65) and first["u"].max() > 0 and box.children
    ex.values["left"].value = 1.0
    assert ex.result["values"]["left"] == 1.0 and np.allclose(ex.result["u"][1:-1, 0], 1.0)
    ex.kinds["right"].value = "neumann"
    moved = ex.result["u"]
    assert ex.result["kinds"]["right"] == "neumann" and not np.allclose(moved[:, -1], 0.0)
    for s in ("left", "bottom", "top"):
        ex.kinds[s].value = "neumann"
    assert ex.result["u"] is None and "compatibility" in ex.result["message"]   # ∫1 ≠ −∮g
    ex.source.value = False
    for s in SIDES:
        ex.values[s].value = 0.0
    assert ex.result["u"] is not None and np.allclose(ex.result["u"], 0.0) and "pure Neumann" in ex.result["message"]
    assert np.isfinite(ex.compute({s: "dirichlet" for s in SIDES}, {s: 0.0 for s in SIDES}, True)["u"]).all()
    with pytest.raises(ValueError, match=r"kinds\['left'\] must be one of"):
        ex.compute({s: "robin" for s in SIDES}, {s: 0.0 for s in SIDES})


# ----------------------------------------------------------------------------- exercise checks
from inrlib.checks import boundary as checks  # noqa: E402

ALL_CHECKS = [checks.check_laplacian_1d, checks.check_solve_dirichlet_1d, checks.check_solve_neumann_1d,
              checks.check_measured_order, checks.check_largest_difference, checks.check_solve_robin_1d]


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _crash(*args, **kwargs):
    return [1, 2][5]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("student", [_stub, _crash, lambda *a: float("nan"), lambda *a: "text",
                                     lambda *a: np.zeros((3, 3)), None], ids=["stub", "crash", "nan", "text", "shape", "none"])
def test_checks_never_crash_on_bad_student_code(check, student, capsys):
    assert check(student) is False
    out = capsys.readouterr().out
    assert out.startswith(("✗", "…")) and "Traceback" not in out


def test_checks_accept_the_references(capsys):
    assert checks.check_laplacian_1d(checks.reference_laplacian_1d)
    assert checks.check_laplacian_1d(bc.laplacian_1d)          # sparse is fine too
    assert checks.check_solve_dirichlet_1d(checks.reference_solve_dirichlet_1d)
    assert checks.check_solve_neumann_1d(checks.reference_solve_neumann_1d)
    assert checks.check_measured_order(2.01)
    assert checks.check_largest_difference(checks.reference_largest_difference)
    assert checks.check_solve_robin_1d(checks.reference_solve_robin_1d)
    assert capsys.readouterr().out.count("✓") == 7


def test_checks_give_specific_hints(capsys):
    assert not checks.check_laplacian_1d(lambda n, h: -checks.reference_laplacian_1d(n, h))
    assert "−d²/dx²" in capsys.readouterr().out
    assert not checks.check_laplacian_1d(lambda n, h: checks.reference_laplacian_1d(n, h) * h**2)
    assert "divide by h²" in capsys.readouterr().out
    assert not checks.check_solve_dirichlet_1d(checks._dirichlet_forgot_rhs)
    assert "right-hand side" in capsys.readouterr().out
    assert not checks.check_solve_neumann_1d(checks._neumann_one_sided)
    assert "first order" in capsys.readouterr().out
    assert not checks.check_solve_neumann_1d(checks._neumann_wrong_ghost_sign)
    assert "sign of the ghost" in capsys.readouterr().out
    assert not checks.check_measured_order(1.02)
    assert "first order" in capsys.readouterr().out

    def half_value(h):
        x, y, v = checks.reference_largest_difference(h)
        return x, y, v / 2

    assert not checks.check_largest_difference(half_value)
    assert "coarse nodes" in capsys.readouterr().out

    def far_from_corner(h):
        return -0.5, -0.5, checks.reference_largest_difference(h)[2]

    assert not checks.check_largest_difference(far_from_corner)
    assert "not the largest" in capsys.readouterr().out
    assert not checks.check_solve_robin_1d(lambda f, al, a, g, m: checks.reference_solve_neumann_1d(f, al, g, m))
    assert "Robin term" in capsys.readouterr().out
