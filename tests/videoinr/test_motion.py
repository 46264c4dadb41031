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
    estimator = videoinr.FlowEstimator()
    flows = estimator(torch.rand(2, 3, 20, 24), torch.rand(2, 3, 20, 24))
    assert [tuple(f.shape) for f in flows] == [(2, 2, 20, 24), (2, 2, 10, 12)]
    assert all((f == 0).all() for f in flows)
    pyramids = [estimator.features(torch.rand(2, 3, 20, 24)) for _ in range(2)]
    flows, start = estimator.flows_between(*pyramids, with_start=True)  # the start, which training supervises
    assert start.shape == (2, 2, 10, 12) and (start == 0).all() and all((f == 0).all() for f in flows)


def test_a_trajectory_through_a_constant_flow_is_a_straight_line():
    from inrlib.videoinr.model import trajectory

    flow = torch.zeros(1, 2, 8, 8)
    flow[:, 0], flow[:, 1] = 0.3, -0.2  # [−1, 1] units
    x = torch.rand(1, 5, 2) * 1.6 - 0.8
    p = trajectory(flow, x, torch.tensor(0.25).view(1, 1, 1))
    torch.testing.assert_close(p, x - 0.25 * torch.tensor([0.3, -0.2]))
    torch.testing.assert_close(trajectory(flow, x, torch.zeros(1, 1, 1)), x)  # τ = 0: the point itself


def test_soft_argmax_of_a_moved_feature_map_is_the_motion():
    """Frame 1's features are frame 0's moved 2 px right and 1 px up: at a low temperature the
    soft arg-max of their cost volume is that displacement wherever the moved content is in view."""
    from inrlib.videoinr.motion import soft_argmax

    torch.manual_seed(0)
    f0 = torch.nn.functional.normalize(torch.randn(1, 32, 16, 16), dim=1)
    f1 = torch.roll(f0, shifts=(-1, 2), dims=(2, 3))  # content at (x, y) in frame 0 is at (x + 2, y − 1) in frame 1
    flow = soft_argmax(videoinr.cost_volume(f0, f1, 3) * 32, 0.02, 3)  # cost_volume averages: × C gives cosines
    assert flow.shape == (1, 2, 16, 16)
    inner = flow[0, :, 2:-2, 2:-2]
    torch.testing.assert_close(inner[0], torch.full_like(inner[0], 2.0), atol=1e-3, rtol=0)
    torch.testing.assert_close(inner[1], torch.full_like(inner[1], -1.0), atol=1e-3, rtol=0)


def test_splatting_carries_each_pixels_flow_to_where_it_lands_and_the_fastest_wins():
    from inrlib.videoinr.model import splat

    flow = torch.zeros(1, 2, 6, 8)
    flow[0, 0, :, :4] = 2 * 2 / 8  # the left half moves 2 px right (in [−1, 1] units) …
    flow[0, 0, :, 4:] = 0.0  # … the right half stays
    out = splat(flow, torch.full((1, 1, 1), 0.5)) * 8 / 2  # at τ = ½: the left half has moved 1 px; in pixels
    expected = torch.zeros(6, 8)
    expected[:, 1:5] = 2.0  # columns 0..3 land on 1..4; on column 4 the moving pixel beats the still one
    torch.testing.assert_close(out[0, 0], expected)  # column 0: nothing lands there, 0
    assert (out[0, 1] == 0).all()


def test_a_path_through_a_fast_object_is_found_where_the_plain_iteration_finds_the_background():
    """A textured disc (radius 4 px) moves 8 px right over a still textured background, 32×32
    frames.  At t = ½ its content came from 4 px to the left.  Started at x, the iteration
    follows the background wherever x is off the disc in frame 0; path_through finds the disc."""
    from inrlib.videoinr.model import path_through, trajectory

    torch.manual_seed(0)
    n, radius, move = 32, 4.0, 8.0
    pixel = torch.tensor([2 / n, 2 / n])
    centres = torch.arange(n) + 0.5
    yy, xx = torch.meshgrid(centres, centres, indexing="ij")
    background = torch.nn.functional.normalize(torch.randn(1, 16, n, n), dim=1)
    texture = torch.nn.functional.normalize(torch.randn(1, 16, n, n), dim=1)  # indexed by position on the disc

    def frame(cx):  # features, and the mask of the disc centred at (cx, 16) px
        inside = (xx - cx) ** 2 + (yy - 16) ** 2 < radius**2
        shifted = torch.roll(texture, shifts=int(cx - 12), dims=3)  # the texture moves with the disc
        return torch.where(inside, shifted, background), inside

    (phi0, in0), (phi1, in1) = frame(12.0), frame(20.0)
    f01, f10 = torch.zeros(1, 2, n, n), torch.zeros(1, 2, n, n)
    f01[0, 0][in0], f10[0, 0][in1] = move * pixel[0], -move * pixel[0]
    inside = (xx - 16) ** 2 + (yy - 16) ** 2 < (radius - 1) ** 2  # the disc at t = ½, off its rim
    x = (torch.stack([xx[inside], yy[inside]], -1) * 2 / n - 1)[None]
    tau = torch.full((1, 1, 1), 0.5)
    true = x - torch.tensor([move / 2, 0.0]) * pixel  # where each of these came from in frame 0

    plain = trajectory(f01, x, tau)
    assert ((plain - true).norm(dim=-1) / pixel[0] > 1).float().mean() > 0.25  # the background, for many
    found = path_through(f01, f10, x, tau, phi0, phi1, pixel)
    torch.testing.assert_close(found, true, atol=1e-5, rtol=0)
    torch.testing.assert_close(path_through(f01, f10, x, torch.zeros(1, 1, 1), phi0, phi1, pixel), x)  # τ = 0: x
