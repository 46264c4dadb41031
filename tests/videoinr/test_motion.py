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
