"""Chapter 05 — NeRF. A scene's box read off its cameras: the centre they look at, the ball they all see."""
import math

import numpy as np
import pytest
import torch

from inrlib import nerf

torch.set_num_threads(1)


def _views(poses, size=32, angle=0.7):
    images = torch.ones(len(poses), size, size, 3)
    return nerf.Views(images, torch.stack(poses), nerf.focal_from_fov(size, angle), angle, ["x"] * len(poses))


@pytest.mark.parametrize("target", [(0.0, 0.0, 0.0), (0.3, -0.2, 0.1), (-1.0, 2.0, 0.5)])
def test_the_centre_is_the_point_every_camera_looks_at(target):
    rng = np.random.default_rng(0)
    eyes = rng.normal(size=(12, 3)) * 4 + np.array(target)
    poses = torch.stack([nerf.look_at(tuple(e), target) for e in eyes])
    assert torch.allclose(nerf.look_at_centre(poses), torch.tensor(target), atol=1e-4)


def test_parallel_cameras_share_no_centre_and_the_error_says_use_bound():
    poses = torch.stack([nerf.look_at((x, 0.0, 4.0), (x, 0.0, 0.0), up=(0.0, 1.0, 0.0)) for x in (-1.0, 0.0, 1.0)])
    with pytest.raises(ValueError, match="--bound"):
        nerf.look_at_centre(poses)


def test_the_shared_ball_has_radius_r_sin_half_the_field_of_view():
    """Cameras at distance R with field of view θ all see the ball of radius R sin(θ/2) whole: every
    point of its surface projects inside every image (checked with the pinhole model)."""
    poses = [nerf.orbit_pose(a, e, 3.7) for a, e in ((0, 10), (100, 40), (230, 70), (300, 20))]
    views = _views(poses)
    r = nerf.frustum_bound(views, (0.0, 0.0, 0.0))
    assert r == pytest.approx(3.7 * math.sin(0.35), rel=1e-6)
    rng = np.random.default_rng(1)
    surface = rng.normal(size=(500, 3))
    surface = r * 0.999 * surface / np.linalg.norm(surface, axis=1, keepdims=True)
    for pose in views.poses.double().numpy():
        cam = (surface - pose[:3, 3]) @ pose[:3, :3]  # world → camera frame (looks along −z)
        x, y = views.focal * cam[:, 0] / -cam[:, 2], views.focal * cam[:, 1] / -cam[:, 2]
        assert (np.abs(x) <= views.width / 2).all() and (np.abs(y) <= views.height / 2).all()


def test_recentred_views_move_the_world_not_the_cameras_orientation():
    views = _views([nerf.orbit_pose(30, 20, 3.0), nerf.orbit_pose(150, 40, 3.0)])
    moved = nerf.recentred(views, (0.5, -0.5, 0.25))
    assert torch.allclose(moved.poses[:, :3, :3], views.poses[:, :3, :3])
    assert torch.allclose(moved.poses[:, :3, 3], views.poses[:, :3, 3] - torch.tensor([0.5, -0.5, 0.25]))


def test_the_grid_follows_the_pixel_size():
    small, large = _views([nerf.orbit_pose(0, 20, 3.5)], 64), _views([nerf.orbit_pose(0, 20, 3.5)], 200)
    assert nerf.grid_resolution(large, 1.0) == pytest.approx(nerf.grid_resolution(small, 1.0) * 200 / 64, abs=1)
    assert nerf.grid_resolution(small, 2.0) == pytest.approx(2 * nerf.grid_resolution(small, 1.0), abs=1)
