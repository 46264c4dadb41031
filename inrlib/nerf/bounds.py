"""How large a scene is, read off its cameras (lecture 05 §11, "Your own scene").

The renderer and the hash grid work inside a cube ``[-bound, bound]³`` around the origin.
For a scene of one's own that cube comes from the training cameras: the point they all look
at is its centre, and its half-size is the radius of the ball every camera sees whole.
"""
from __future__ import annotations

import math

import torch

from .. import validate
from .cameras import _check_point3, check_pose
from .dataset import Views, _check_views


def _check_poses(poses) -> None:
    if check_pose("poses", poses).ndim != 3:
        raise ValueError(f"poses must have shape (N, 4, 4), one pose per camera, got {validate.show(poses)}")


def _check_views_centre(views, centre, *rest) -> None:
    _check_views(views), _check_point3("centre", centre)


def _check_views_bound(views, bound, cells_per_pixel=1.25) -> None:
    _check_views(views), validate.positive_float("bound", bound), validate.positive_float("cells_per_pixel",
                                                                                          cells_per_pixel)


@validate.checked(_check_poses)
def look_at_centre(poses: torch.Tensor) -> torch.Tensor:
    r"""The point nearest to every camera's optical axis (least squares), shape (3,).

    Camera k sits at :math:`o_k` and looks along :math:`v_k` (minus its pose's third column).
    The point's distance to that axis is :math:`|(I - v_k v_k^\top)(c - o_k)|`; setting the
    gradient of the sum of squares to zero gives the 3 × 3 system
    :math:`\sum_k (I - v_k v_k^\top)\, c = \sum_k (I - v_k v_k^\top)\, o_k`.
    """
    poses = torch.as_tensor(poses).double()
    o, v = poses[:, :3, 3], -poses[:, :3, 2]
    v = v / v.norm(dim=-1, keepdim=True)
    P = torch.eye(3, dtype=torch.float64) - v[:, :, None] * v[:, None, :]  # (N, 3, 3) projectors
    A, b = P.sum(0), (P @ o[:, :, None]).sum(0)[:, 0]
    if torch.linalg.cond(A) > 1e6:  # all cameras look the same way: no single point they share
        raise ValueError("the cameras look in (nearly) parallel directions, so they share no centre: "
                         "give the scene's size with --bound (forward-facing scenes need another parametrisation)")
    return torch.linalg.solve(A, b).float()


@validate.checked(_check_views_centre)
def frustum_bound(views: Views, centre: torch.Tensor) -> float:
    r"""Half-size of the cube around ``centre`` that the training cameras share: the radius
    :math:`r = R \sin(θ/2)` of the ball each camera sees whole, with R the median camera
    distance and θ the narrower field of view (width or height)."""
    distance = (views.poses[:, :3, 3] - torch.as_tensor(centre, dtype=torch.float32)).norm(dim=-1).median().item()
    half_angle = math.atan(0.5 * min(views.height, views.width) / views.focal)
    return distance * math.sin(half_angle)


@validate.checked(_check_views_centre)
def recentred(views: Views, centre: torch.Tensor) -> Views:
    """The same views with the world moved so that ``centre`` is the origin."""
    poses = views.poses.clone()
    poses[:, :3, 3] -= torch.as_tensor(centre, dtype=torch.float32)
    return Views(views.images, poses, views.focal, views.camera_angle_x, views.files, views.alphas, views.background)


@validate.checked(_check_views_bound)
def grid_resolution(views: Views, bound: float, cells_per_pixel: float = 1.25) -> int:
    """The hash grid's finest resolution for this data: about ``cells_per_pixel`` cells per
    pixel footprint at the scene's centre (R / f world units), so larger or sharper photos
    get a finer grid. Clamped to [16, 512]. (The course's 64 × 64 scene: 64.)"""
    distance = views.poses[:, :3, 3].norm(dim=-1).median().item()
    return int(min(512, max(16, round(cells_per_pixel * 2 * bound * views.focal / distance))))
