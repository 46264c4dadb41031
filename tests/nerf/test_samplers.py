"""Chapter 05 — NeRF. Stratified and hierarchical samples."""
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




@settings(max_examples=25, deadline=None)
@given(st.floats(0.0, 5.0), st.floats(0.1, 5.0), st.integers(1, 50), st.booleans())
def test_stratified_samples_fall_one_per_bin(near, length, n, perturb):
    t = nerf.stratified_samples(near, near + length, n, n_rays=3, perturb=perturb)
    bins = near + length * torch.arange(n + 1) / n
    assert t.shape == (3, n)
    assert ((t >= bins[:-1] - 1e-5) & (t <= bins[1:] + 1e-5)).all()
    if not perturb:
        assert torch.allclose(t[0], (bins[:-1] + bins[1:]) / 2, atol=1e-5)


def test_hierarchical_samples_invert_the_piecewise_linear_cdf():
    """Against numpy's interpolation of the inverse CDF, and scipy's KS test for random u."""
    from scipy.stats import kstest

    bins = torch.linspace(2, 6, 9)[None]
    w = torch.tensor([[0.0, 1.0, 4.0, 0.0, 0.0, 2.0, 1.0, 0.0]])
    t = nerf.sample_pdf(bins, w, 50, deterministic=True)
    pdf = (w + 1e-5) / (w + 1e-5).sum()
    cdf = np.concatenate([[0], np.cumsum(pdf.numpy())])
    u = np.linspace(0, 1, 52)[1:-1]
    np.testing.assert_allclose(t[0].numpy(), np.interp(u, cdf, bins[0].numpy()), atol=1e-4)
    rand = nerf.sample_pdf(bins, w, 4000, generator=torch.Generator().manual_seed(0))
    assert kstest(rand[0].numpy(), lambda x: np.interp(x, bins[0].numpy(), cdf)).pvalue > 0.01
    assert (rand[0, 1:] >= rand[0, :-1]).all()
    assert ((rand > 2.5) & (rand < 3.5)).float().mean() == pytest.approx(5 / 8, abs=0.03)
