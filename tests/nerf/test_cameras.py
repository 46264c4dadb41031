"""Chapter 05 — NeRF. Cameras and rays: every ray projects back onto its pixel through an independent pinhole model."""
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




def _random_pose(seed: int) -> torch.Tensor:
    """A rigid pose from scipy's uniformly random rotation and a random centre."""
    rng = np.random.default_rng(seed)
    pose = np.eye(4)
    pose[:3, :3] = Rotation.random(random_state=seed).as_matrix()
    pose[:3, 3] = rng.normal(size=3) * 3
    return torch.tensor(pose, dtype=torch.float32)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 9), st.integers(2, 9), st.floats(1.0, 50.0))
def test_every_ray_projects_back_onto_the_centre_of_its_pixel(seed, h, w, focal):
    pose = _random_pose(seed)
    origins, dirs = nerf.get_rays(h, w, focal, pose)
    assert origins.shape == dirs.shape == (h, w, 3)
    assert torch.allclose(origins, pose[:3, 3].expand(h, w, 3))
    # independent projection: world point -> camera frame (inverse pose) -> pinhole -> pixel
    points = origins + 2.5 * dirs
    inv = np.linalg.inv(pose.double().numpy())
    cam = points.double().numpy().reshape(-1, 3) @ inv[:3, :3].T + inv[:3, 3]
    assert np.all(cam[:, 2] < 0)  # in front of the camera, which looks along −z
    col = focal * cam[:, 0] / -cam[:, 2] + w / 2
    row = -focal * cam[:, 1] / -cam[:, 2] + h / 2
    jj, ii = np.meshgrid(np.arange(w), np.arange(h))
    np.testing.assert_allclose(col, jj.ravel() + 0.5, atol=1e-3)
    np.testing.assert_allclose(row, ii.ravel() + 0.5, atol=1e-3)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 5), st.integers(1, 5), st.floats(1.0, 50.0), st.integers(1, 4))
def test_pixel_rays_cover_each_pixel_with_a_centred_grid(seed, h, w, focal, s):
    pose = _random_pose(seed)
    origins, dirs = nerf.pixel_rays(h, w, focal, pose, s)
    assert origins.shape == dirs.shape == (h, w, s * s, 3)
    # independent: each ray back into the camera frame and through the pinhole onto the sensor
    R = pose[:3, :3].double().numpy()
    cam = dirs.double().numpy() @ R  # Rᵀ d, row vectors
    col, row = focal * cam[..., 0] / -cam[..., 2] + w / 2, -focal * cam[..., 1] / -cam[..., 2] + h / 2
    offsets = (np.arange(s) + 0.5) / s  # where the s sub-rays cross a pixel, along each axis
    a, b = np.meshgrid(offsets, offsets, indexing="ij")  # sub-pixel (a, b): a down the rows, b along the columns
    jj, ii = np.meshgrid(np.arange(w), np.arange(h))
    np.testing.assert_allclose(col, jj[..., None] + b.ravel(), atol=1e-3)
    np.testing.assert_allclose(row, ii[..., None] + a.ravel(), atol=1e-3)
    # the grid is centred on the pixel: its mean ray is get_rays' ray through the centre (d is linear in the offset)
    centre_o, centre_d = nerf.get_rays(h, w, focal, pose)
    assert torch.allclose(dirs.mean(dim=2), centre_d, atol=1e-5)
    assert torch.allclose(origins[:, :, 0], centre_o)


@settings(max_examples=25, deadline=None)
@given(st.floats(-180, 180), st.floats(-80, 80), st.floats(0.5, 10))
def test_orbit_cameras_are_rigid_and_look_at_the_origin(azimuth, elevation, radius):
    pose = nerf.orbit_pose(azimuth, elevation, radius)
    nerf.check_pose("pose", pose)
    assert float(pose[:3, 3].norm()) == pytest.approx(radius, rel=1e-5)
    forward = -pose[:3, 2]
    assert torch.allclose(forward, -pose[:3, 3] / radius, atol=1e-5)
    assert math.degrees(math.asin(float(pose[2, 3]) / radius)) == pytest.approx(elevation, abs=1e-3)
    assert float(pose[2, 1]) >= -1e-6  # the image's up points upwards in the world


def test_ray_box_intersection_matches_brute_force_marching():
    g = torch.Generator().manual_seed(0)
    o = torch.randn(200, 3, generator=g) * 3
    d = torch.randn(200, 3, generator=g)
    t0, t1 = nerf.ray_box_intersection(o, d, 1.0)
    t = torch.linspace(-20, 20, 40001)
    inside = ((o[:, None] + t[None, :, None] * d[:, None]).abs() <= 1.0).all(-1)
    for k in range(200):
        ts = t[inside[k]]
        if len(ts) == 0:
            assert t1[k] <= t0[k] + 2e-3
        else:
            assert float(t0[k]) == pytest.approx(float(ts[0]), abs=2e-3)
            assert float(t1[k]) == pytest.approx(float(ts[-1]), abs=2e-3)
