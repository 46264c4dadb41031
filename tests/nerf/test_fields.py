"""Chapter 05 — NeRF. Fields: densities and colours in range."""
import itertools
import json
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from inrlib import nerf

torch.set_num_threads(1)




@pytest.mark.parametrize("kind", nerf.FIELD_KINDS)
def test_fields_give_non_negative_density_and_colours_in_range(kind):
    torch.manual_seed(0)
    field = nerf.make_field(kind)
    x, d = torch.rand(7, 3) * 2 - 1, torch.randn(7, 3)
    sigma, rgb = field(x, d)
    assert sigma.shape == (7,) and rgb.shape == (7, 3)
    assert (sigma >= 0).all() and ((rgb > 0) & (rgb < 1)).all()
    assert torch.allclose(field.density(x), sigma, rtol=1e-5, atol=1e-6)
    other = field(x, -d)[1]
    if kind == "nerf-noview":
        assert torch.equal(other, rgb)  # no view dependence: the direction is ignored
    else:
        assert not torch.allclose(other, rgb)
    assert torch.allclose(field(x, 5 * d)[1], rgb, atol=1e-6)  # only the direction counts, not its length
