"""Chapter 06 — LIIF: upsampling at any scale, in chunks and regions (inrlib/liif/upsampling.py)."""
import numpy as np
import pytest
import torch

from inrlib import liif

from .helpers import rgb


def test_untrained_residual_model_is_exactly_bicubic():
    model = liif.LIIF(blocks=1, channels=8, hidden=16)
    lr = rgb()
    for scale in (1.0, 2.5, 7.3):
        np.testing.assert_allclose(liif.upsample(model, lr, scale), liif.bicubic_upsample(lr, scale), atol=1e-5)
    np.testing.assert_allclose(liif.upsample(model, lr, 1.0), lr, atol=1e-5)  # identity scale: the input


@pytest.mark.parametrize("scale,expected", [(2.5, (30, 40)), (7.3, (88, 117)), (1.0, (12, 16))])
def test_non_integer_scales_give_rounded_sizes(scale, expected):
    model = liif.LIIF(blocks=1, channels=8, hidden=16, residual=False)
    assert liif.upsample(model, rgb(), scale).shape == expected + (3,)


def test_chunks_and_regions_do_not_change_the_result():
    torch.manual_seed(0)
    model = liif.LIIF(blocks=1, channels=8, hidden=16, residual=False)
    lr = rgb()
    whole = liif.upsample(model, lr, size=(40, 50))
    np.testing.assert_allclose(liif.upsample(model, lr, size=(40, 50), chunk_size=333), whole, atol=1e-6)
    crop = liif.upsample(model, lr, size=(40, 50), region=(slice(5, 17), slice(20, 50)))
    np.testing.assert_allclose(crop, whole[5:17, 20:50], atol=1e-6)


def test_a_region_of_a_large_image_encodes_only_its_window_and_matches_the_whole():
    torch.manual_seed(0)
    model = liif.LIIF(residual=False)  # the course's encoder depth: a 22-pixel receptive margin
    lr = rgb(80, 90, seed=3)
    whole = liif.upsample(model, lr, 2.0)
    crop = liif.upsample(model, lr, 2.0, region=(slice(70, 90), slice(80, 100)))
    np.testing.assert_allclose(crop, whole[70:90, 80:100], atol=2e-5)
    window, _, _ = liif._input_window(torch.zeros(1, 3, 80, 90), liif.make_query_grid(160, 180)[0][None][:, :1],
                                      torch.ones(2), model.margin)
    assert window.shape[-2:] == (model.margin + 1, model.margin + 1)  # the top-left pixel and its margin
