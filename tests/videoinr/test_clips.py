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
