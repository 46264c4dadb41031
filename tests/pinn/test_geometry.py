"""Chapter 04, geometry.py: domains and their samplers (uniform and Sobol)."""
import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from inrlib import pinn

torch.set_num_threads(1)


# ---------------------------------------------------------------- geometry and samplers
@pytest.mark.parametrize("method", ["uniform", "sobol"])
def test_lshape_interior_points_are_inside_and_cover_all_three_quarters(method):
    omega = pinn.lshape()
    p = omega.sample_interior(900, method, seed=1)
    assert p.shape == (900, 2) and p.dtype == torch.float64
    x, y = p[:, 0], p[:, 1]
    assert torch.all(p.abs() < 1) and not torch.any((x > 0) & (y > 0))
    for quarter in [(x < 0) & (y < 0), (x > 0) & (y < 0), (x < 0) & (y > 0)]:  # ≈ 1/3 each (area 1 of 3)
        assert 0.25 < quarter.double().mean() < 0.42
    assert omega.inside(p).all() and not omega.on_boundary(p, tol=1e-12).any()


def test_lshape_boundary_points_lie_on_the_edges_spread_by_length():
    omega = pinn.lshape()
    b = omega.sample_boundary(800, "uniform", seed=2)
    x, y = b[:, 0], b[:, 1]
    on_edge = ((x.abs() - 1).abs() < 1e-12) | ((y.abs() - 1).abs() < 1e-12) | \
        ((x.abs() < 1e-12) & (y >= 0)) | ((y.abs() < 1e-12) & (x >= 0))
    assert on_edge.all() and omega.on_boundary(b).all()
    assert omega.lengths.sum() == pytest.approx(8.0) and omega.area == pytest.approx(3.0)
    inner = (x.abs() < 1e-12) & (y > 0) | (y.abs() < 1e-12) & (x > 0)  # the two inner edges: 2 of 8
    assert 0.18 < inner.double().mean() < 0.32


@settings(max_examples=30, deadline=None)
@given(st.floats(-1.5, 1.5), st.floats(-1.5, 1.5))
def test_polygon_inside_agrees_with_the_definition_of_the_lshape(x, y):
    assume(min(abs(abs(x) - 1), abs(abs(y) - 1), abs(x), abs(y)) > 1e-6)  # away from the edges' lines
    expected = abs(x) <= 1 and abs(y) <= 1 and not (x > 0 and y > 0)
    got = bool(pinn.lshape().inside(torch.tensor([[x, y]], dtype=torch.float64), tol=0)[0])
    assert got == expected


def test_space_time_samplers():
    st_ = pinn.SpaceTime(pinn.Interval(0, 2), 0, 0.5)
    i, b, t0 = st_.sample_interior(64), st_.sample_boundary(10), st_.sample_initial(16)
    assert i.shape == (64, 2) and st_.inside(i).all()
    assert set(b[:, 0].tolist()) <= {0.0, 2.0} and ((b[:, 1] >= 0) & (b[:, 1] <= 0.5)).all()
    assert (t0[:, 1] == 0).all() and ((t0[:, 0] > 0) & (t0[:, 0] < 2)).all()
    sq = pinn.Polygon([(0, 0), (1, 0), (1, 1), (0, 1)]).sample_interior(256, "sobol", seed=0)  # evenly spread
    counts = np.histogram2d(sq[:, 0].numpy(), sq[:, 1].numpy(), bins=4, range=[[0, 1], [0, 1]])[0]
    assert counts.min() >= 10
