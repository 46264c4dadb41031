"""Chapter 07 — VideoINR-lite: training batches and the shipped weights (inrlib/videoinr/train.py, evaluation.py)."""
from functools import partial

import torch

from inrlib import videoinr
from inrlib.imaging import pixel_coordinates

from .helpers import noise_photo


def test_shipped_model_beats_the_three_baselines_on_a_held_out_clip():
    model = videoinr.load_pretrained()
    clips = videoinr.evaluation_clips(per_photo=1)[:1]
    row = videoinr.evaluate_cell(model, clips, 4, 4)
    assert row["videoinr_psnr"] > row["blend_liif_psnr"] + 1.5, row
    assert row["videoinr_psnr"] > row["blend_bicubic_psnr"] + 1.5, row
    assert row["videoinr_psnr"] > row["hs_liif_psnr"], row


def test_shipped_flow_follows_the_fast_disc_on_a_held_out_clip():
    """The disc moves about 8 input pixels between the frames: the shipped dense flow is within
    1 px of that on the disc, and each query's flow to frame 0 at t = ½ within ½ px."""
    clip = videoinr.evaluation_clips(per_photo=1)[:1]
    errors = videoinr.flow_errors(videoinr.load_pretrained(), clip)
    assert errors["dense_object"] < 1.0 and errors["object"] < 0.5, errors
    assert errors["dense_object"] < errors["hs_object"] / 4, errors


def test_sample_batch_shapes_and_times():
    photos = [noise_photo(200, 200, s) for s in range(2)]
    b = videoinr.sample_batch(photos, batch_size=3, size=16, queries=50, generator=torch.Generator().manual_seed(0))
    assert b["frame0"].shape == b["frame1"].shape == (3, 3, 16, 16)
    assert b["coords"].shape == b["flow0"].shape == b["flow1"].shape == (3, 50, 2) and b["t"].shape == (3, 1, 1)
    assert ((b["t"] * 8) % 1 == 0).all() and (b["t"] > 0).all() and (b["t"] < 1).all()
    assert b["flow01"].shape == b["flow10"].shape == (3, 2, 16, 16)


def test_the_dense_flows_of_a_batch_are_the_clips_true_flows_in_pixels():
    """flow01 at a pixel centre, in pixels, is where frame 0's content there is in frame 1: the
    generator's true flow of the same clip, made again from the same seed."""
    photos = [noise_photo(200, 200, s) for s in range(2)]
    b = videoinr.sample_batch(photos, batch_size=1, size=16, queries=10, generator=torch.Generator().manual_seed(3))
    g = torch.Generator().manual_seed(3)
    pick = torch.randint(2, (2,), generator=g).tolist()
    clip = videoinr.random_clip(photos[pick[0]], photos[pick[1]], g)
    true = clip.true_flow(0.0, pixel_coordinates(16, 16), 1.0) * 8  # [−1, 1] units → 16-pixel frames
    torch.testing.assert_close(b["flow01"][0].flatten(1).T, true)


def test_the_flow_loss_weights_each_pixel_by_its_motion_against_the_median():
    """A 4×4 frame moving 1 px right, but for one pixel moving 4 px down: against the median
    motion (1, 0) that pixel moves by √17, so its weight is 1 + √17 against 1 for the other 15.
    (The loss adds 10⁻⁸ under each square root, 10⁻⁴ px per pixel: hence ``atol``.)"""
    from inrlib.videoinr.train import end_point_error

    close = partial(torch.testing.assert_close, atol=2e-4, rtol=0)
    true = torch.zeros(1, 2, 4, 4)
    true[0, 0] = 1.0
    true[0, :, 2, 1] = torch.tensor([0.0, 4.0])
    off = true.clone()
    off[0, 1, 2, 1] -= 1.0  # 1 px wrong, on the fast pixel only
    weight = 1 + 17**0.5
    close(end_point_error(off, true, dim=1), torch.tensor(weight / (15 + weight)))
    off = true.clone()
    off[0, 1, 0, 0] -= 1.0  # 1 px wrong, on one pixel moving with the rest
    close(end_point_error(off, true, dim=1), torch.tensor(1 / (15 + weight)))
    shift = true + torch.tensor([3.0, 4.0]).view(1, 2, 1, 1)  # 5 px wrong everywhere: 5, whatever the weights
    close(end_point_error(shift, true, dim=1), torch.tensor(5.0))
    queries = end_point_error(off.flatten(2).transpose(1, 2), true.flatten(2).transpose(1, 2))  # (B, Q, 2): the same
    close(queries, torch.tensor(1 / (15 + weight)))


def test_flow_errors_of_an_untrained_model_are_the_size_of_the_true_motion(spatial):
    """Zero flow (the untrained model, the blend's assumption): its end-point error is the true motion."""
    clip = videoinr.evaluation_clips(per_photo=1)[1]
    errors = videoinr.flow_errors(videoinr.VideoINR(spatial), [clip], size=24)
    grid = pixel_coordinates(24, 24)
    motion = (clip.true_flow(0.5, grid, 0.0) * 12).norm(dim=-1)
    disc = clip.in_disc(0.5, grid)
    assert abs(errors["object"] - float(motion[disc].mean())) < 1e-4
    assert abs(errors["background"] - float(motion[~disc].mean())) < 1e-4
    assert errors["dense_object"] > 1 and errors["hs_object"] < errors["dense_object"]  # HS finds some of it
