"""Chapter 05 — NeRF. The procedural scene generator: standard layout, exact images."""
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




def test_the_generated_scene_is_in_the_standard_layout_and_exact(tmp_path):
    path = nerf.make_scene("course", size=16, n_train=2, n_val=1, n_test=2, directory=tmp_path)
    for split, n in (("train", 2), ("val", 1), ("test", 2)):
        views = nerf.load_views(path, split)
        assert views.images.shape == (n, 16, 16, 3)
    # a lone sphere seen from distance D covers a disc of radius f·R/√(D² − R²) pixels
    size, R, D = 96, 0.5, 3.0
    focal = nerf.focal_from_fov(size, nerf.CAMERA_ANGLE_X)
    _, alpha = nerf.render_ground_truth([nerf.Sphere((0.0, 0.0, 0.0), R, "camera")], size, size, focal,
                                        nerf.orbit_pose(10.0, 20.0, D))
    r_px = focal * R / math.sqrt(D**2 - R**2)
    assert alpha.sum() == pytest.approx(math.pi * r_px**2, rel=0.02)
    assert set(nerf.SCENES) >= {"course", "unseen"}
