"""Chapter 07 — VideoINR-lite: training batches and the shipped weights (inrlib/videoinr/train.py, evaluation.py)."""
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
