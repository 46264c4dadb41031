"""Chapter 06 — LIIF: the benchmark protocol (inrlib/liif/evaluation.py)."""
import numpy as np

from inrlib import liif

from .helpers import rgb


def test_degrade_crops_to_a_multiple_and_downsamples():
    photo = rgb(50, 61)
    lr, hr = liif.degrade(photo, 4)
    assert lr.shape == (12, 15, 3) and hr.shape == (48, 60, 3)
    np.testing.assert_allclose(hr, photo[:48, :60])
    lr, hr = liif.degrade(photo, 2.5)
    assert lr.shape == (20, 24, 3) and hr.shape == (50, 60, 3)
