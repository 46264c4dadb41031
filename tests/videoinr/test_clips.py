"""Chapter 07 — VideoINR-lite: videos with exact ground truth (inrlib/videoinr/clips.py)."""
import numpy as np
import torch
from hypothesis import given
from hypothesis import strategies as st

from inrlib import liif, videoinr

from .helpers import _chw, noise_photo


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


def test_the_generated_motion_is_large_between_the_two_frames():
    """Held-out clips move by several input pixels, up to about 12 on 48-pixel frames: a blend
    cannot fake that (the disc and the frame's corners, in 48-pixel units)."""
    corners = torch.tensor([[-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0], [1.0, 1.0]])
    disc, camera = [], []
    for clip in videoinr.evaluation_clips():
        disc.append(float((clip.disc_center(1.0) - clip.disc_center(0.0)).norm()) * 24)
        camera.append(float(clip.true_flow(0.0, corners, 1.0).norm(dim=-1).max()) * 24)
    assert 6 <= min(disc) and max(disc) <= 12.5, disc
    assert max(camera) > 4, camera


@given(seed=st.integers(0, 500), t=st.floats(0.05, 0.95), motion=st.sampled_from(["pan", "zoom", "rotation",
                                                                                   "object", "mixed"]))
def test_true_flow_and_occlusion_mask_explain_every_pixel_of_frame_t(seed, t, motion):
    """On a dense grid of frame t: reading frame 0 and frame 1 along the true flow gives frame t
    exactly, except where Clip.occluded says the content is hidden in that frame — and the
    mask is not empty for a moving object, so the check sees real disocclusions."""
    g = torch.Generator().manual_seed(seed)
    clip = videoinr.random_clip(noise_photo(seed=3), noise_photo(seed=4), g, motion=motion)
    coords = liif.make_query_grid(40, 40)[0]
    here = clip.sample(t, coords)
    for to in (0.0, 1.0):
        hidden = clip.occluded(t, coords, to)
        there = clip.sample(to, coords + clip.true_flow(t, coords, to))
        torch.testing.assert_close(here[~hidden], there[~hidden], atol=1e-5, rtol=1e-5)
        if motion in ("pan", "zoom", "rotation"):
            assert not hidden.any()
        elif hidden.any():  # where it is hidden, frame `to` shows the disc, not this background
            assert clip.in_disc(to, (coords + clip.true_flow(t, coords, to))[hidden]).all()


def test_a_moving_disc_hides_and_uncovers_background():
    clip = videoinr.Clip(torch.zeros(3, 32, 32), torch.ones(3, 8, 8), radius=0.3, disc_start=(-0.3, 0.0),
                         disc_velocity=(0.6, 0.0))
    ahead, behind = torch.tensor([[0.4, 0.0]]), torch.tensor([[-0.4, 0.0]])  # at t = ½ the disc is centred at 0
    assert clip.occluded(0.5, ahead, 1.0).item() and not clip.occluded(0.5, ahead, 0.0).item()
    assert clip.occluded(0.5, behind, 0.0).item() and not clip.occluded(0.5, behind, 1.0).item()
    assert not clip.occluded(0.5, torch.tensor([[0.0, 0.0]]), 0.0).item()  # the disc itself is always seen
