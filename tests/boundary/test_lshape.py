"""Chapter 03, lshape.py and convergence.py: the L-shape, its corner singularity and the
measured orders 2/3 and 4/3."""
import numpy as np
import pytest
import sympy

from inrlib import boundary as bc


REFERENCE_1_512 = {(-0.5, -0.5): 0.131048, (-0.5, 0.5): 0.102360, (0.5, -0.5): 0.102360}


def test_lshape_reference_values_at_h_1_128():
    grid, u = bc.solve_lshape(1 / 128)
    for (x, y), value in REFERENCE_1_512.items():
        assert u[grid.index(x, y)] == pytest.approx(value, abs=6e-5)   # measured gap: ≤ 2.6e-5
    assert u.max() == pytest.approx(0.14940, abs=1e-4)
    assert u[grid.index(-0.5, 0.5)] == pytest.approx(u[grid.index(0.5, -0.5)], abs=1e-13)  # symmetry x ↔ y
    assert np.all(u[grid.boundary] == 0) and np.all(u[grid.interior] > 0)


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
