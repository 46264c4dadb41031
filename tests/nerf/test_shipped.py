"""Chapter 05 — NeRF. The shipped model and its viewer."""
import itertools
import json
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from inrlib import nerf

torch.set_num_threads(1)




def test_the_shipped_model_renders_a_held_out_view_close_to_the_truth():
    field, occ = nerf.load_shipped()
    pose = nerf.orbit_pose(123.0, 30.0, nerf.CAMERA_RADIUS)  # a view on the test orbit's circle
    focal = nerf.focal_from_fov(64, nerf.CAMERA_ANGLE_X)
    out = nerf.render_image(field, 64, 64, focal, pose, occupancy=occ, supersample=nerf.SUPERSAMPLE)
    rgb, alpha = nerf.render_ground_truth(nerf.SCENES["course"], 64, 64, focal, pose)
    truth = rgb * alpha[..., None] + 1 - alpha[..., None]
    from inrlib.metrics import psnr

    assert psnr(np.clip(out["rgb"], 0, 1), truth) > 31
    # trained on 2 × 2 rays per pixel, the field is sharper than the photos: one ray per pixel aliases
    one_ray = nerf.render_image(field, 64, 64, focal, pose, occupancy=occ)
    assert psnr(np.clip(one_ray["rgb"], 0, 1), truth) < psnr(np.clip(out["rgb"], 0, 1), truth) - 1
    assert 0.05 < float(occ.occupied.float().mean()) < 0.3  # the objects fill ~10 % of the box
    everything = nerf.render_image(field, 64, 64, focal, pose, early_stop=None)  # no skipping at all
    assert one_ray["samples"] < everything["samples"] / 3
    # skipping empty space changes the image little: what it drops is haze too thin to mark a cell
    # (opacity < 1 % per step), which can add up along a ray to a faint veil over a pixel or two
    assert psnr(one_ray["rgb"], everything["rgb"]) > 50 and np.abs(one_ray["rgb"] - everything["rgb"]).max() < 0.1
    assert psnr(np.clip(one_ray["rgb"], 0, 1), truth) > psnr(np.clip(everything["rgb"], 0, 1), truth) - 0.05
    fast = nerf.render_image(field, 64, 64, focal, pose, nerf.SETTINGS, occupancy=occ,
                             supersample=nerf.SUPERSAMPLE)  # the widget's way: 64 samples per ray instead of 128
    assert fast["samples"] < out["samples"] * 0.7 and psnr(np.clip(fast["rgb"], 0, 1), truth) > 31


def test_viewer_widget_moves_the_camera():
    from inrlib.widgets.nerf import NerfViewer

    viewer = NerfViewer()
    box = viewer.widget()
    first = viewer.result
    assert first["rgb"].shape == (64, 64, 3) and first["psnr"] > 20
    viewer.azimuth.value = 120.0
    moved = viewer.result
    assert moved["azimuth"] == 120.0 and not np.allclose(moved["rgb"], first["rgb"])
    viewer.size.value = 100
    assert viewer.result["rgb"].shape == (100, 100, 3)
    four = viewer.result
    viewer.supersample.value = 1  # one ray per pixel: a quarter of the evaluations, and a worse match
    assert viewer.result["samples"] < four["samples"] / 2 and viewer.result["psnr"] < four["psnr"]
    assert box.children
    with pytest.raises(ValueError, match="elevation must be"):
        viewer.compute(elevation=95.0)
