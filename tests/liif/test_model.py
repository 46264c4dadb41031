"""Chapter 06 — LIIF: the model: code layer, bicubic base, ablations (inrlib/liif/model.py)."""
import pytest
import torch
import torch.nn.functional as F

from inrlib import liif


def test_code_layer_is_the_papers_linear_layer_on_unfolded_features():
    """Our 3×3 convolution over codes = the paper's Linear on the unfolded feature vector."""
    model = liif.LIIF(blocks=1, channels=4, hidden=8, layers=2, residual=False)
    z = torch.randn(1, 4, 5, 6)
    conv = model.code_layer(z)
    unfolded = liif.unfold_features(z)  # (1, 36, 5, 6), channel-major: c*9 + k
    weight = model.code_layer.weight.reshape(8, 36)
    linear = torch.einsum("oc,bchw->bohw", weight, unfolded) + model.code_layer.bias.view(1, 8, 1, 1)
    torch.testing.assert_close(conv, linear, atol=1e-5, rtol=1e-5)


def test_bicubic_sample_matches_interpolate():
    img = torch.rand(2, 3, 9, 11)
    coords = liif.make_query_grid(20, 27)[0].expand(2, -1, -1)
    ours = liif.bicubic_sample(img, coords)
    ref = F.interpolate(img, size=(20, 27), mode="bicubic", align_corners=False).flatten(2).transpose(1, 2)
    torch.testing.assert_close(ours, ref, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("flags", [dict(), dict(feature_unfold=False), dict(local_ensemble=False),
                                   dict(cell_decode=False), dict(residual=False)])
def test_every_ablation_runs_and_has_the_right_shape(flags):
    model = liif.LIIF(blocks=1, channels=8, hidden=16, layers=3, **flags)
    coords, cells = liif.make_query_grid(13, 9)
    out = model(torch.rand(2, 3, 6, 5), coords.expand(2, -1, -1), cells.expand(2, -1, -1))
    assert out.shape == (2, 117, 3) and torch.isfinite(out).all()
