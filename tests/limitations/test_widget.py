"""Chapter 08 — the limitations, measured: the seed-spread explorer (inrlib/widgets/limitations.py).

Every number the chapter reports is checked against an independent reference (analytic
solutions, scipy, hand counts), without timing asserts."""
import math

import numpy as np
import pytest

from inrlib import limitations as L
from inrlib.widgets.limitations import SpreadExplorer


def _fake_study():
    ns = np.array([4, 8, 16])
    x = np.linspace(0, 1, 201)
    errors = np.array([[0.3, 0.1], [0.05, 0.2], [0.01, 0.002]])
    sols = np.stack([np.stack([L.poisson_exact(x) * (1 + e) for e in row]) for row in errors])
    return L.PINNStudy(ns, np.array([0, 1]), 10, errors, np.ones_like(errors), sols, x, 321)


def test_widget_moves_with_its_slider_and_updates_instantly():
    explorer = SpreadExplorer(_fake_study())
    explorer.widget()
    assert explorer.result["n_points"] == 16
    explorer.n_points.value = 8
    r = explorer.result
    assert r["n_points"] == 8 and math.isclose(r["spread"], 4.0)
    assert r["fd_u"].shape == (10,) and r["fd_error"] > 0 and r["seconds"] < 0.2
    assert np.max(np.abs(r["fd_u"] - L.poisson_exact(r["fd_x"]))) <= r["fd_bound"]
    explorer.show_seeds.value = False
    assert explorer.result["show_seeds"] is False
    with pytest.raises(ValueError, match="n_points"):
        explorer.compute(5)
    with pytest.raises(TypeError, match="study"):
        SpreadExplorer("nope")
