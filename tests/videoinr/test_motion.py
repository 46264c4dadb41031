"""Chapter 07 — VideoINR-lite: warping by a flow (inrlib/videoinr/motion.py)."""
import torch

from inrlib import videoinr


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


def test_an_untrained_flow_estimator_says_no_motion_at_every_level():
    torch.manual_seed(0)
    flows = videoinr.FlowEstimator()(torch.rand(2, 3, 20, 24), torch.rand(2, 3, 20, 24))
    assert [tuple(f.shape) for f in flows] == [(2, 2, 20, 24), (2, 2, 10, 12)]
    assert all((f == 0).all() for f in flows)


def test_a_trajectory_through_a_constant_flow_is_a_straight_line():
    from inrlib.videoinr.model import trajectory

    flow = torch.zeros(1, 2, 8, 8)
    flow[:, 0], flow[:, 1] = 0.3, -0.2  # [−1, 1] units
    x = torch.rand(1, 5, 2) * 1.6 - 0.8
    p = trajectory(flow, x, torch.tensor(0.25).view(1, 1, 1))
    torch.testing.assert_close(p, x - 0.25 * torch.tensor([0.3, -0.2]))
    torch.testing.assert_close(trajectory(flow, x, torch.zeros(1, 1, 1)), x)  # τ = 0: the point itself
