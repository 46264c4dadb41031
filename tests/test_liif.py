"""Chapter 06 — LIIF: geometry of queries, the local ensemble, upsampling, the shipped weights."""
import json
import math
import shutil

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from inrlib import checkpoints, liif
from inrlib.data import load_image
from inrlib.metrics import psnr


def rgb(h=12, w=16, seed=0):
    return np.random.default_rng(seed).random((h, w, 3), dtype=np.float32)


# ----------------------------------------------------------------------------- queries and lookups
def test_query_grid_is_pixel_centres_and_cells():
    coords, cells = liif.make_query_grid(3, 4)
    assert coords.shape == (12, 2) and cells.shape == (12, 2)
    np.testing.assert_allclose(coords[:4, 0], [-0.75, -0.25, 0.25, 0.75])
    np.testing.assert_allclose(coords[::4, 1], [-2 / 3, 0, 2 / 3], atol=1e-6)
    np.testing.assert_allclose(cells, np.tile([0.5, 2 / 3], (12, 1)), rtol=1e-6)


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


# ----------------------------------------------------------------------------- the model and upsampling
@pytest.mark.parametrize("flags", [dict(), dict(feature_unfold=False), dict(local_ensemble=False),
                                   dict(cell_decode=False), dict(residual=False)])
def test_every_ablation_runs_and_has_the_right_shape(flags):
    model = liif.LIIF(blocks=1, channels=8, hidden=16, layers=3, **flags)
    coords, cells = liif.make_query_grid(13, 9)
    out = model(torch.rand(2, 3, 6, 5), coords.expand(2, -1, -1), cells.expand(2, -1, -1))
    assert out.shape == (2, 117, 3) and torch.isfinite(out).all()


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


def test_sample_batch_targets_are_the_crop_pixels():
    photos = liif.load_photos(("astronaut",), max_side=256)
    batch = liif.sample_batch(photos, batch_size=3, patch=16, scale_range=(1.0, 1.0), queries=50,
                              generator=torch.Generator().manual_seed(0))
    assert batch["image"].shape == (3, 3, 16, 16) and batch["coords"].shape == (3, 50, 2)
    torch.testing.assert_close(batch["cells"], torch.full((3, 50, 2), 2 / 16))
    # at scale 1 the input is the crop itself, so sampling it at the query pixels gives the targets
    torch.testing.assert_close(liif.bicubic_sample(batch["image"], batch["coords"]), batch["target"],
                               atol=1e-5, rtol=1e-5)
    big = liif.sample_batch(photos, batch_size=2, patch=16, scale_range=(3.0, 3.0), queries=2304,
                            generator=torch.Generator().manual_seed(0))
    assert big["coords"].shape == (2, 2304, 2)  # 48² pixels, all queried
    torch.testing.assert_close(big["cells"], torch.full((2, 2304, 2), 2 / 48))


def test_degrade_crops_to_a_multiple_and_downsamples():
    photo = rgb(50, 61)
    lr, hr = liif.degrade(photo, 4)
    assert lr.shape == (12, 15, 3) and hr.shape == (48, 60, 3)
    np.testing.assert_allclose(hr, photo[:48, :60])
    lr, hr = liif.degrade(photo, 2.5)
    assert lr.shape == (20, 24, 3) and hr.shape == (50, 60, 3)


def test_a_short_training_lowers_the_loss():
    photos = liif.load_photos(("astronaut",), max_side=200)
    model = liif.LIIF(blocks=1, channels=8, hidden=16, layers=3)
    history = liif.train_liif(model, 40, photos, batch_size=2, patch=24, queries=256, lr=1e-3,
                              log_every=5, progress=False)
    assert len(history.step) == 8 and math.isfinite(history.final_loss)
    assert np.mean(history.loss[-3:]) < np.mean(history.loss[:3])


# ----------------------------------------------------------------------------- the shipped weights
def test_shipped_weights_beat_bicubic_on_a_held_out_photo():
    model = liif.load_pretrained()
    photo = load_image("coffee", size=(192, 288), square=False)  # never used in training
    for scale in (2, 4):
        row = liif.evaluate_scale(model, photo, scale)
        assert row["liif_psnr"] > row["bicubic_psnr"] + 0.3, (scale, row)
    lr, _ = liif.degrade(photo, 1)
    assert psnr(liif.upsample(model, lr, 1.0), lr) > 35  # an identity-scale query returns the input (a half-pixel slip gives ≈ 30 dB)


def test_tampered_weights_are_refused(tmp_path):
    for name in ("manifest.json", f"{liif.CHECKPOINT_NAME}.pt"):
        shutil.copy(checkpoints.DIRECTORY / name, tmp_path / name)
    data = bytearray((tmp_path / f"{liif.CHECKPOINT_NAME}.pt").read_bytes())
    data[-10] ^= 0xFF
    (tmp_path / f"{liif.CHECKPOINT_NAME}.pt").write_bytes(bytes(data))
    with pytest.raises(ValueError, match="failed verification"):
        checkpoints.load_state_dict(liif.CHECKPOINT_NAME, tmp_path)
    entry = json.loads((tmp_path / "manifest.json").read_text())[liif.CHECKPOINT_NAME]
    assert entry["command"] == liif.TRAIN_COMMAND


# ----------------------------------------------------------------------------- bad input
@pytest.fixture(scope="module")
def tiny():
    return liif.LIIF(blocks=1, channels=4, hidden=8)


@pytest.mark.parametrize("kwargs,match", [
    (dict(scale=0.5), "scale must be ≥ 1"),
    (dict(scale=float("nan")), "scale"),
    (dict(scale=2, size=(4, 4)), "exactly one of scale"),
    (dict(size=(10,)), "size must be a pair"),
    (dict(size=(100_000, 100_000)), "size: an output of"),
    (dict(scale=2, chunk_size=0), "chunk_size"),
])
def test_bad_upsampling_arguments_are_named(tiny, kwargs, match):
    with pytest.raises(ValueError, match=match):
        liif.upsample(tiny, rgb(), **kwargs)


@pytest.mark.parametrize("image,match", [
    (np.full((8, 8, 3), np.nan, np.float32), "image must contain only finite values"),
    (rgb() * 255, r"image must have values in \[0, 1\]"),
    (np.random.rand(8, 8), r"shape \(h, w, 3\)"),
    (np.random.rand(8, 8, 4), r"shape \(h, w, 3\)"),
])
def test_bad_images_are_named(tiny, image, match):
    with pytest.raises(ValueError, match=match):
        liif.upsample(tiny, image, 2)
    with pytest.raises(ValueError, match=match):
        liif.bicubic_upsample(image, 2)


def test_other_bad_input(tiny):
    with pytest.raises(TypeError, match="model must be an inrlib.liif.LIIF"):
        liif.upsample(torch.nn.Linear(2, 3), rgb(), 2)
    with pytest.raises(ValueError, match="image must have 3 channels"):
        tiny.encode(torch.rand(1, 1, 8, 8))
    with pytest.raises(ValueError, match="cells must be given"):
        tiny(torch.rand(1, 3, 8, 8), torch.zeros(1, 5, 2))
    with pytest.raises(ValueError, match="coords must have a last dimension of 2"):
        liif.nearest_latent((4, 4), torch.zeros(5, 3))
    with pytest.raises(ValueError, match="scale_range"):
        liif.sample_batch([rgb(64, 64)], scale_range=(0.5, 2))
    with pytest.raises(ValueError, match="photos: none is at least"):
        liif.sample_batch([rgb(64, 64)], patch=48)
    with pytest.raises(ValueError, match="scale: ×40 leaves"):
        liif.degrade(rgb(50, 50), 40)
    with pytest.raises(ValueError, match="layers must be at least 2"):
        liif.LIIF(layers=1)
    with pytest.raises(ValueError, match="relatives must be a list of 4"):
        liif.local_ensemble_weights([torch.zeros(3, 2)])


# ----------------------------------------------------------------------------- exercise checks never crash
from inrlib.checks import liif as check  # noqa: E402

CHECKS = [(check.check_query_grid, check.reference_query_grid),
          (check.check_nearest_code, check.reference_nearest_code),
          (check.check_ensemble_weights, check.reference_ensemble_weights),
          (check.check_gain_over_bicubic, check.reference_gain_over_bicubic),
          (check.check_upsample_with_cell, check.reference_upsample_with_cell)]


def _todo(*args):
    raise NotImplementedError()


BROKEN = (_todo, lambda *a: 1 / 0, lambda *a: torch.tensor(float("nan")), lambda *a: torch.zeros(3, 3),
          lambda *a: "hello", lambda *a: (torch.zeros(2), torch.zeros(2)), lambda *a: np.full((120, 180, 3), np.nan), 42)


@pytest.mark.parametrize("check_fn, reference", CHECKS, ids=lambda f: getattr(f, "__name__", ""))
def test_checks_accept_the_reference_and_report_broken_answers_without_raising(check_fn, reference, capsys):
    assert check_fn(reference) is True
    assert "✓" in capsys.readouterr().out
    for bad in BROKEN:
        assert check_fn(bad) is False
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "ZeroDivisionError" in out


def test_checks_recognise_typical_mistakes(capsys):
    def edge_grid(h, w):
        coords, cells = liif.make_query_grid(h, w)
        ys, xs = torch.linspace(-1, 1, h), torch.linspace(-1, 1, w)
        return torch.stack(torch.meshgrid(xs, ys, indexing="xy"), -1).reshape(-1, 2), cells

    def not_opposite(rel):
        areas = torch.stack([(r[..., 0] * r[..., 1]).abs() for r in rel], -1)
        return areas / areas.sum(-1, keepdim=True)

    def in_coordinate_units(shape, coords):
        index, relative = liif.nearest_latent(shape, coords)
        return index, relative * 2 / torch.tensor([shape[1], shape[0]])

    assert not check.check_query_grid(edge_grid)
    assert not check.check_ensemble_weights(not_opposite)
    assert not check.check_nearest_code(in_coordinate_units)
    out = capsys.readouterr().out
    assert "pixel centres" in out and "diagonally opposite" in out and "latent pixels" in out


def test_zoom_explorer_moves_with_its_slider():
    from inrlib.widgets.liif import ZoomExplorer

    explorer = ZoomExplorer("chelsea", crop=64)
    explorer.widget()
    near = explorer.result
    explorer.scale.value = 20.0
    far = explorer.result
    assert near["scale"] == 4.0 and far["scale"] == 20.0
    assert far["lr"].shape[0] < near["lr"].shape[0] and far["liif_psnr"] < near["liif_psnr"]
    with pytest.raises(ValueError, match="scale must be between 1 and 30"):
        explorer.compute(31)
