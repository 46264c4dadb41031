"""Chapter 03, grids.py: node grids on masked domains and boundary detection."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from inrlib import boundary as bc
from inrlib.boundary import SIDES, dirichlet


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


@pytest.mark.parametrize("h", [0, -0.25, 0.3, 1.5, float("nan")])
def test_bad_h_is_rejected_naming_h(h):
    with pytest.raises((ValueError, TypeError), match="h must"):
        bc.lshape_grid(h)
    with pytest.raises((ValueError, TypeError), match="h must"):
        bc.solve_square(h, 1.0, {s: dirichlet() for s in SIDES})
