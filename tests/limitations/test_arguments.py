"""Chapter 08 — the limitations, measured: bad arguments are named.

Every number the chapter reports is checked against an independent reference (analytic
solutions, scipy, hand counts), without timing asserts."""
import numpy as np
import pytest
import torch

from inrlib import limitations as L
from inrlib.networks import MLP


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="fit_seconds"):
        L.break_even_images(10.0, 1.0, 2.0)
    with pytest.raises(ValueError, match="train_seconds"):
        L.break_even_images(-1.0, 1.0, 0.5)
    with pytest.raises(ValueError, match="cells"):
        L.fd_convergence([1])
    with pytest.raises(TypeError, match="cells"):
        L.fd_convergence(8)
    with pytest.raises(ValueError, match="n_points"):
        L.pinn_error_study(n_points=[])
    with pytest.raises(ValueError, match="seeds"):
        L.pinn_training_curve(seeds=[-1])
    with pytest.raises(ValueError, match="steps"):
        L.scene_step_cost(1)
    with pytest.raises(ValueError, match="size"):
        L.held_out_photo(3)
    with pytest.raises(ValueError, match="image"):
        L.image_fit_cost(np.zeros((8, 8)), 2)
    with pytest.raises(TypeError, match="model"):
        L.count_linear_macs("not a model", torch.zeros(2, 2))
    with pytest.raises(ValueError, match="inputs"):
        L.count_linear_macs(MLP(2, 1, 4, 1))
    with pytest.raises(TypeError, match="field"):
        L.frame_cost("x", MLP(3, 4, 4, 1), 4)
    with pytest.raises(ValueError, match="h"):
        L.fd_error_bound(0.0)
