"""Chapter 05 — NeRF. Bad arguments are named in the error."""
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

from .test_rendering import _Ball

torch.set_num_threads(1)




def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="near must be < far"):
        nerf.stratified_samples(4.0, 2.0, 8)
    with pytest.raises(ValueError, match="near must be < far"):
        nerf.stratified_samples(2.0, 2.0, 8)
    with pytest.raises(ValueError, match="n_samples must be a positive integer"):
        nerf.stratified_samples(2.0, 6.0, 0)
    with pytest.raises(ValueError, match="n_samples must be a positive integer"):
        nerf.render_rays(_Ball(), torch.zeros(1, 3), torch.ones(1, 3), nerf.RenderSettings(n_samples=0))
    with pytest.raises(ValueError, match="pose is not a rigid transform"):
        nerf.get_rays(4, 4, 2.0, torch.diag(torch.tensor([1.0, 1.0, -1.0, 1.0])))  # a reflection
    with pytest.raises(ValueError, match="pose must have shape"):
        nerf.get_rays(4, 4, 2.0, torch.eye(3))
    with pytest.raises(ValueError, match="camera_angle_x must be in"):
        nerf.focal_from_fov(64, 4.0)
    with pytest.raises(ValueError, match="focal must be a positive"):
        nerf.get_rays(4, 4, -1.0, torch.eye(4))
    with pytest.raises(ValueError, match="bins must have shape"):
        nerf.sample_pdf(torch.zeros(2, 5), torch.ones(2, 5), 4)
    with pytest.raises(ValueError, match="kind must be one of"):
        nerf.make_field("voxels")
    with pytest.raises(ValueError, match="name must be one of"):
        nerf.make_scene("lego")
    with pytest.raises(ValueError, match="eye and target must differ"):
        nerf.look_at((1.0, 2.0, 3.0), (1.0, 2.0, 3.0))
