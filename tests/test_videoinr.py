"""Chapter 07 — VideoINR-lite: exact clips, warping, the model's boundary times, bad input."""
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from inrlib import liif, videoinr
from inrlib.metrics import psnr


@pytest.fixture(scope="module")
def spatial():
    return liif.load_pretrained()


def noise_photo(h=64, w=64, seed=0):
    return np.random.default_rng(seed).random((h, w, 3), dtype=np.float32)


def _chw(a):
    return torch.from_numpy(a).permute(2, 0, 1)


# ----------------------------------------------------------------------------- clips: exact ground truth
def test_a_pan_by_whole_pixels_is_a_shift_of_the_photo():
    photo = noise_photo()
    # view = the central 32×32 photo pixels; the camera pans 3 photo pixels right and 2 down per unit time
    clip = videoinr.Clip(_chw(photo), _chw(photo), half_size=0.5, velocity=(3 * 2 / 64, 2 * 2 / 64))
    np.testing.assert_allclose(clip.frame(0.0, 32), photo[16:48, 16:48], atol=1e-6)
    np.testing.assert_allclose(clip.frame(1.0, 32), photo[18:50, 19:51], atol=1e-6)
    np.testing.assert_allclose(clip.frame(0.5, 32)[:, :-2], 0.5 * (photo[17:49, 17:47] + photo[17:49, 18:48]),
                               atol=1e-5)  # 1.5 px right: bilinear between two columns, exactly 1 px down


@given(seed=st.integers(0, 500), t=st.floats(0.05, 0.95))
def test_true_flow_carries_frame_t_to_frames_0_and_1(seed, t):
    g = torch.Generator().manual_seed(seed)
    clip = videoinr.random_clip(noise_photo(seed=1), noise_photo(seed=2), g, motion="mixed")
    coords = torch.rand(300, 2, generator=g) * 1.6 - 0.8
    for to in (0.0, 1.0):
        moved = coords + clip.true_flow(t, coords, to)
        # the same content, unless the disc covers it in one frame and not in the other (occlusion)
        visible = clip.in_disc(t, coords) == clip.in_disc(to, moved)
        torch.testing.assert_close(clip.sample(t, coords)[visible], clip.sample(to, moved)[visible],
                                   atol=1e-4, rtol=1e-4)


def test_the_disc_shows_its_texture_and_moves():
    clip = videoinr.Clip(torch.zeros(3, 32, 32), torch.ones(3, 8, 8), radius=0.3, disc_start=(-0.5, 0.0),
                         disc_velocity=(1.0, 0.0))
    for t, centre in ((0.0, (-0.5, 0.0)), (0.5, (0.0, 0.0)), (1.0, (0.5, 0.0))):
        inside = clip.sample(t, torch.tensor([centre]))
        torch.testing.assert_close(inside, torch.ones(1, 3))
        outside = clip.sample(t, torch.tensor([[centre[0], 0.5]]))
        torch.testing.assert_close(outside, torch.zeros(1, 3))


def test_low_res_frames_are_antialiased_exact_frames():
    clip = videoinr.evaluation_clips(per_photo=1)[0]
    lr = clip.low_res(0.3, 24, 4)
    expected = liif.downsample(_chw(clip.frame(0.3, 96))[None], (24, 24))[0].permute(1, 2, 0).numpy()
    np.testing.assert_allclose(lr, expected, atol=1e-6)


# ----------------------------------------------------------------------------- warping
def test_warp_by_whole_pixels_is_a_shift():
    image = torch.rand(1, 3, 10, 12)
    flow = torch.zeros(1, 10, 12, 2)
    flow[..., 0], flow[..., 1] = 2 * 2 / 12, -1 * 2 / 10  # read 2 px to the right, 1 px up
    out = videoinr.warp(image, flow)
    torch.testing.assert_close(out[..., 1:, :-2], image[..., :-1, 2:])


def test_warp_by_half_a_pixel_averages_neighbours():
    image = torch.rand(1, 1, 6, 8)
    flow = torch.zeros(1, 6, 8, 2)
    flow[..., 0] = 0.5 * 2 / 8
    out = videoinr.warp(image, flow)
    torch.testing.assert_close(out[..., :-1], 0.5 * (image[..., :-1] + image[..., 1:]))


# ----------------------------------------------------------------------------- the model
def _frames(seed=0, size=16):
    clip = videoinr.evaluation_clips(per_photo=1)[seed]
    return clip, clip.low_res(0.0, size, 4), clip.low_res(1.0, size, 4)


def test_t0_and_t1_reproduce_the_input_frames_for_any_temporal_weights(spatial):
    torch.manual_seed(0)
    model = videoinr.VideoINR(spatial)
    for p in model.temporal.parameters():  # any temporal function, not only the zero-initialised one
        torch.nn.init.normal_(p, std=0.5)
    _, f0, f1 = _frames()
    for t, frame in ((0.0, f0), (1.0, f1)):
        out = videoinr.render(model, f0, f1, t, (40, 40))
        np.testing.assert_allclose(out, liif.upsample(spatial, frame, size=(40, 40)), atol=1e-5)
        assert psnr(videoinr.render(model, f0, f1, t, (16, 16)), frame) > 35  # scale 1: the frame itself


def test_an_untrained_model_is_the_linear_blend_of_liif(spatial):
    model = videoinr.VideoINR(spatial)
    _, f0, f1 = _frames(1)
    f0, f1 = 0.2 + 0.6 * f0, 0.2 + 0.6 * f1  # away from 0 and 1: render clamps after blending, the baseline before
    out = videoinr.render(model, f0, f1, 0.3, (48, 48))
    np.testing.assert_allclose(out, videoinr.blend_liif(f0, f1, 0.3, (48, 48), spatial), atol=1e-4)


def test_shipped_model_beats_both_baselines_on_a_held_out_clip():
    model = videoinr.load_pretrained()
    clips = videoinr.evaluation_clips(per_photo=1)[:1]
    row = videoinr.evaluate_cell(model, clips, 4, 4)
    assert row["videoinr_psnr"] > row["blend_liif_psnr"] + 0.5, row
    assert row["videoinr_psnr"] > row["blend_bicubic_psnr"] + 0.5, row


def test_sample_batch_shapes_and_times():
    photos = [noise_photo(200, 200, s) for s in range(2)]
    b = videoinr.sample_batch(photos, batch_size=3, size=16, queries=50, generator=torch.Generator().manual_seed(0))
    assert b["frame0"].shape == b["frame1"].shape == (3, 3, 16, 16)
    assert b["coords"].shape == b["flow0"].shape == b["flow1"].shape == (3, 50, 2) and b["t"].shape == (3, 1, 1)
    assert ((b["t"] * 8) % 1 == 0).all() and (b["t"] > 0).all() and (b["t"] < 1).all()


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("t", [-0.1, 1.5, float("nan")])
def test_time_outside_0_1_is_refused(spatial, t):
    model = videoinr.VideoINR(spatial)
    f = noise_photo(8, 8)
    with pytest.raises(ValueError, match=r"t must lie in \[0, 1\]"):
        videoinr.render(model, f, f, t, (16, 16))
    with pytest.raises(ValueError, match=r"t must lie in \[0, 1\]"):
        videoinr.blend_bicubic(f, f, t, (16, 16))
    with pytest.raises(ValueError, match=r"t must lie in \[0, 1\]"):
        videoinr.Clip(torch.zeros(3, 8, 8), torch.zeros(3, 8, 8)).frame(t, 8)


def test_other_bad_input(spatial):
    model = videoinr.VideoINR(spatial)
    with pytest.raises(ValueError, match="frame1 must have the size of frame0"):
        videoinr.render(model, noise_photo(8, 8), noise_photo(8, 10), 0.5, (16, 16))
    with pytest.raises(ValueError, match="frame1 must have the size of frame0"):
        videoinr.blend_bicubic(noise_photo(8, 8), noise_photo(9, 8), 0.5, (16, 16))
    with pytest.raises(ValueError, match="size must be at least"):
        videoinr.render(model, noise_photo(8, 8), noise_photo(8, 8), 0.5, (4, 4))
    with pytest.raises(TypeError, match="t must be a number"):
        videoinr.render(model, noise_photo(8, 8), noise_photo(8, 8), "half", (16, 16))
    with pytest.raises(ValueError, match="flow must have shape"):
        videoinr.warp(torch.rand(1, 3, 4, 4), torch.zeros(1, 4, 4, 3))
    with pytest.raises(TypeError, match="spatial must be an inrlib.liif.LIIF"):
        videoinr.VideoINR(torch.nn.Linear(2, 2))
    with pytest.raises(ValueError, match="motion must be one of"):
        videoinr.random_clip(noise_photo(), noise_photo(), torch.Generator(), motion="shake")
