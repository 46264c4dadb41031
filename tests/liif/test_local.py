"""Chapter 06 — LIIF: the local implicit function's ingredients (inrlib/liif/local.py)."""
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from inrlib import liif


@given(h=st.integers(1, 9), w=st.integers(1, 9), seed=st.integers(0, 1000))
def test_nearest_latent_matches_brute_force(h, w, seed):
    coords = torch.rand(50, 2, generator=torch.Generator().manual_seed(seed)) * 2 - 1
    index, relative = liif.nearest_latent((h, w), coords)
    centres = liif.make_query_grid(h, w)[0]  # (h*w, 2) latent centres v
    brute = torch.cdist(coords, centres, p=float("inf")).argmin(dim=1)
    # ties (a query exactly on a cell edge) may go either way; compare distances, not indices
    d_found = (coords - centres[index]).abs().amax(-1)
    d_brute = (coords - centres[brute]).abs().amax(-1)
    torch.testing.assert_close(d_found, d_brute)
    pixel = torch.tensor([2.0 / w, 2.0 / h])
    torch.testing.assert_close(relative, (coords - centres[index]) / pixel)
    assert relative.abs().max() <= 0.5 + 1e-5


@given(seed=st.integers(0, 10_000))
def test_local_ensemble_weights_sum_to_one(seed):
    coords = torch.rand(64, 2, generator=torch.Generator().manual_seed(seed)) * 2 - 1
    relatives = [liif.nearest_latent((5, 7), coords, o)[1] for o in liif.ENSEMBLE_OFFSETS]
    weights = liif.local_ensemble_weights(relatives)
    assert weights.shape == (64, 4) and (weights >= 0).all()
    torch.testing.assert_close(weights.sum(-1), torch.ones(64))


def test_local_ensemble_of_constant_codes_is_bilinear_interpolation():
    """With a decoder that returns the code itself, the ensemble is bilinear interpolation."""
    codes = torch.randn(1, 3, 5, 7, generator=torch.Generator().manual_seed(1))
    coords, _ = liif.make_query_grid(17, 23)
    coords = torch.cat([coords, liif.make_query_grid(15, 21)[0]])  # 15×21 hits the border centres exactly
    flat = codes[0].permute(1, 2, 0).reshape(-1, 3)
    lookups = [liif.nearest_latent((5, 7), coords, o) for o in liif.ENSEMBLE_OFFSETS]
    weights = liif.local_ensemble_weights([liif.nearest_latent((5, 7), coords, o, clamp=False)[1]
                                           for o in liif.ENSEMBLE_OFFSETS])
    ensemble = sum(flat[i] * weights[:, t : t + 1] for t, (i, _) in enumerate(lookups))
    bilinear = torch.cat([F.interpolate(codes, size=s, mode="bilinear", align_corners=False)[0]
                          .permute(1, 2, 0).reshape(-1, 3) for s in ((17, 23), (15, 21))])
    torch.testing.assert_close(ensemble, bilinear, atol=1e-5, rtol=1e-5)


def test_unfold_features_stacks_the_3x3_neighbourhood():
    x = torch.arange(12.0).view(1, 1, 3, 4)
    u = liif.unfold_features(x)
    assert u.shape == (1, 9, 3, 4)
    assert u[0, :, 1, 1].tolist() == [0, 1, 2, 4, 5, 6, 8, 9, 10]
    assert u[0, :, 0, 0].tolist() == [0, 0, 0, 0, 0, 1, 0, 4, 5]  # zero padding at the corner
