"""Chapter 06 — LIIF: training and the shipped weights (inrlib/liif/train.py)."""
import json
import math
import shutil

import numpy as np
import pytest

from inrlib import checkpoints, liif
from inrlib.data import load_image
from inrlib.metrics import psnr


def test_a_short_training_lowers_the_loss():
    photos = liif.load_photos(("astronaut",), max_side=200)
    model = liif.LIIF(blocks=1, channels=8, hidden=16, layers=3)
    history = liif.train_liif(model, 40, photos, batch_size=2, patch=24, queries=256, lr=1e-3,
                              log_every=5, progress=False)
    assert len(history.step) == 8 and math.isfinite(history.final_loss)
    assert np.mean(history.loss[-3:]) < np.mean(history.loss[:3])


def test_shipped_weights_beat_bicubic_on_a_held_out_photo():
    model = liif.load_pretrained()
    photo = load_image("coffee", size=(192, 288), square=False)  # never used in training
    for scale in (2, 4):
        row = liif.evaluate_scale(model, photo, scale)
        assert row["liif_psnr"] > row["bicubic_psnr"] + 0.3, (scale, row)
    lr, _ = liif.degrade(photo, 1)
    assert psnr(liif.upsample(model, lr, 1.0), lr) > 35  # an identity-scale query returns the input (a half-pixel slip gives ≈ 30 dB)


def test_tampered_weights_are_refused(tmp_path):
    for name in ("manifest.json", f"{liif.CHECKPOINT_NAME}.pt"):
        shutil.copy(checkpoints.DIRECTORY / name, tmp_path / name)
    data = bytearray((tmp_path / f"{liif.CHECKPOINT_NAME}.pt").read_bytes())
    data[-10] ^= 0xFF
    (tmp_path / f"{liif.CHECKPOINT_NAME}.pt").write_bytes(bytes(data))
    with pytest.raises(ValueError, match="failed verification"):
        checkpoints.load_state_dict(liif.CHECKPOINT_NAME, tmp_path)
    entry = json.loads((tmp_path / "manifest.json").read_text())[liif.CHECKPOINT_NAME]
    assert entry["command"] == liif.TRAIN_COMMAND
