"""Chapter 07 — VideoINR-lite: the classical baseline, Horn–Schunck flow interpolation + LIIF
(inrlib/videoinr/classical.py, baselines.py)."""
import math

import numpy as np
import torch

from inrlib import liif, videoinr
from inrlib.imaging import pixel_coordinates
from inrlib.metrics import psnr

from .helpers import _chw


def smooth_photo(size=128, seed=0):
    """A smooth random texture (sums of low-frequency sines), well suited to a gradient method."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    out = np.zeros((size, size, 3), np.float32)
    for _ in range(12):
        fx, fy, phase = rng.uniform(-3, 3), rng.uniform(-3, 3), rng.uniform(0, 2 * math.pi)
        out += rng.uniform(0.04, 0.12, 3) * np.sin(2 * math.pi * (fx * x + fy * y) + phase)[..., None]
    return np.clip(0.5 + out, 0, 1).astype(np.float32)


def flow_of(clip, n):
    """The true flow frame 0 → 1 at the n×n pixel centres, (2, n, n) in pixels."""
    return (clip.true_flow(0.0, pixel_coordinates(n, n), 1.0) * n / 2).T.reshape(2, n, n)


def test_horn_schunck_finds_a_translation_and_a_rotation():
    """An analytic pan of (3.5, −2) pixels and a rotation by 6° (up to 2.7 px at the corners):
    the coarse-to-fine flow is within a fraction of a pixel away from the borders (where
    content enters and leaves the view), and far better than "no motion"."""
    photo = _chw(smooth_photo())
    n = 32
    for clip, bound in ((videoinr.Clip(photo, photo, velocity=(3.5 / 16 * 0.5, -2 / 16 * 0.5)), 0.3),
                        (videoinr.Clip(photo, photo, spin=math.radians(6)), 0.15)):
        f0, f1 = (_chw(clip.frame(t, n))[None] for t in (0.0, 1.0))
        flow = videoinr.horn_schunck(f0, f1)[0]
        error = (flow - flow_of(clip, n)).norm(dim=0)[4:-4, 4:-4]
        assert error.mean() < bound, (error.mean(), bound)
        assert error.mean() < 0.1 * flow_of(clip, n).norm(dim=0)[4:-4, 4:-4].mean()


def test_flow_interpolation_is_exact_at_the_ends_and_beats_the_blend_on_moving_clips():
    """Exact at t = 0 and 1; in between, on average over three held-out clips, far better than
    the blend (a classical flow can still fail on one clip: large motion, occlusions)."""
    gains = []
    for clip in videoinr.evaluation_clips(per_photo=1):
        f0, f1 = clip.low_res(0.0, 48, 4), clip.low_res(1.0, 48, 4)
        flows = videoinr.classical_flows(f0, f1)
        assert flows[0].shape == flows[1].shape == (1, 2, 48, 48)
        np.testing.assert_allclose(videoinr.flow_interpolate(f0, f1, 0.0, flows), f0, atol=1e-6)
        np.testing.assert_allclose(videoinr.flow_interpolate(f0, f1, 1.0, flows), f1, atol=1e-6)
        for t in (0.25, 0.5, 0.75):
            truth = clip.low_res(t, 48, 4)
            gains.append(psnr(videoinr.flow_interpolate(f0, f1, t, flows), truth) - psnr((1 - t) * f0 + t * f1, truth))
    assert np.mean(gains) > 3, gains


def test_with_the_true_flows_the_interpolation_matches_the_exact_frame_where_nothing_is_hidden():
    """Fed the generator's exact flows, the interpolation reproduces a pan exactly up to
    bilinear reads: the error of the method itself, not of the flow estimate."""
    photo = _chw(smooth_photo(seed=1))
    clip = videoinr.Clip(photo, photo, velocity=(0.1, 0.05))
    n = 48
    f0, f1 = clip.frame(0.0, n), clip.frame(1.0, n)
    true = (flow_of(clip, n)[None], (clip.true_flow(1.0, pixel_coordinates(n, n), 0.0) * n / 2).T.reshape(1, 2, n, n))
    out = videoinr.flow_interpolate(f0, f1, 0.5, true)
    assert psnr(out[6:-6, 6:-6], clip.frame(0.5, n)[6:-6, 6:-6]) > 40


def test_hs_liif_is_flow_interpolation_then_liif(spatial):
    clip = videoinr.evaluation_clips(per_photo=1)[1]
    f0, f1 = clip.low_res(0.0, 16, 4), clip.low_res(1.0, 16, 4)
    flows = videoinr.classical_flows(f0, f1)
    expected = liif.upsample(spatial, videoinr.flow_interpolate(f0, f1, 0.4, flows), size=(40, 40))
    np.testing.assert_allclose(videoinr.hs_liif(f0, f1, 0.4, (40, 40), spatial), expected, atol=1e-6)
    torch.testing.assert_close(videoinr.classical_flows(f0, f1)[0], flows[0])
