"""Chapter 07 — VideoINR-lite: training batches and the shipped weights (inrlib/videoinr/train.py, evaluation.py)."""
import torch

from inrlib import videoinr

from .helpers import noise_photo


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
