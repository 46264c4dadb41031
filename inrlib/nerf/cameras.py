"""Cameras and rays (lecture 05 §3).

Conventions of the public synthetic scenes: world ``z`` is up; a camera looks along its own
``−z`` axis with ``+y`` up and ``+x`` to the right (OpenGL/Blender); a pose is the 4×4
camera-to-world matrix ``[R | o]``; pixel ``(i, j)`` (row, column) is sampled at its centre.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from .. import validate


def focal_from_fov(width: int, camera_angle_x: float) -> float:
    r"""Focal length in pixels of a pinhole camera, :math:`f = \frac{W/2}{\tan(θ_x/2)}`.

    ``camera_angle_x`` is the horizontal field of view θ_x in radians (the key of the same
    name in ``transforms_*.json``).
    """
    width = validate.positive_int("width", width)
    angle = validate.positive_float("camera_angle_x", camera_angle_x)
    if angle >= math.pi:
        raise ValueError(f"camera_angle_x must be in (0, π) radians, got {camera_angle_x!r}")
    return 0.5 * width / math.tan(0.5 * angle)


def check_pose(name: str, pose, atol: float = 1e-3) -> torch.Tensor:
    """``pose`` as a float32 (4, 4) or (N, 4, 4) tensor, after checking it is a rigid
    transform: rotation block ``R`` with ``RᵀR = I`` and ``det R = +1``, last row ``(0, 0, 0, 1)``.
    """
    atol = validate.non_negative_float("atol", atol)
    try:
        p = torch.as_tensor(np.asarray(pose, dtype=np.float64) if not isinstance(pose, torch.Tensor) else pose)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 4×4 matrix of numbers, got {validate.show(pose)}") from exc
    p = p.to(torch.float64)
    if p.shape[-2:] != (4, 4) or p.ndim not in (2, 3):
        raise ValueError(f"{name} must have shape (4, 4) or (N, 4, 4), got {validate.show(p)}")
    if not torch.isfinite(p).all():
        raise ValueError(f"{name} must contain only finite numbers")
    q = p.reshape(-1, 4, 4)
    R = q[:, :3, :3]
    orth = (R.transpose(1, 2) @ R - torch.eye(3, dtype=p.dtype)).abs().amax(dim=(1, 2))
    bottom = (q[:, 3] - torch.tensor([0, 0, 0, 1.0], dtype=p.dtype)).abs().amax(dim=1)
    det = torch.linalg.det(R)
    bad = (orth > atol) | (bottom > atol) | ((det - 1).abs() > atol)
    if bad.any():
        k = int(torch.nonzero(bad)[0])
        which = f"{name}[{k}]" if p.ndim == 3 else name
        raise ValueError(f"{which} is not a rigid transform: expected a rotation (RᵀR = I, det R = 1) and last "
                         f"row (0, 0, 0, 1); got max |RᵀR − I| = {float(orth[k]):.3g}, det R = {float(det[k]):.4g}, "
                         f"last row {q[k, 3].tolist()}")
    return p.to(torch.float32)


def _check_point3(name: str, value) -> None:
    """``value`` must be 3 finite numbers (a sequence, array or tensor of shape (3,))."""
    arr = validate.finite_array(name, value.detach().cpu() if isinstance(value, torch.Tensor) else value)
    if arr.shape != (3,):
        raise ValueError(f"{name} must be 3 numbers (x, y, z), got {validate.show(value)}")


def look_at(eye, target=(0.0, 0.0, 0.0), up=(0.0, 0.0, 1.0)) -> torch.Tensor:
    """Camera-to-world pose (4, 4) of a camera at ``eye`` looking at ``target``.

    Columns of the rotation are the camera's right, up and backward axes in world
    coordinates (the camera looks along its −z axis); the last column is ``eye``.
    """
    for name, v in (("eye", eye), ("target", target), ("up", up)):
        _check_point3(name, v)
    eye, target, up = (torch.as_tensor(v, dtype=torch.float64) for v in (eye, target, up))
    back = eye - target
    if back.norm() < 1e-9:
        raise ValueError(f"eye and target must differ, got eye = target = {eye.tolist()}")
    back = back / back.norm()
    right = torch.linalg.cross(up, back)
    if right.norm() < 1e-9:  # looking straight along `up`: any perpendicular will do
        right = torch.linalg.cross(torch.tensor([0.0, 1.0, 0.0], dtype=torch.float64), back)
    right = right / right.norm()
    cam_up = torch.linalg.cross(back, right)
    pose = torch.eye(4, dtype=torch.float64)
    pose[:3, 0], pose[:3, 1], pose[:3, 2], pose[:3, 3] = right, cam_up, back, eye
    return pose.float()


def orbit_pose(azimuth_deg: float, elevation_deg: float, radius: float) -> torch.Tensor:
    """Pose (4, 4) of a camera on a sphere of ``radius`` around the origin, looking at it.

    Azimuth is measured in the xy-plane from +x, elevation up from that plane (degrees).
    """
    radius = validate.positive_float("radius", radius)
    azimuth_deg = validate.real_number("azimuth_deg", azimuth_deg)
    elevation_deg = validate.real_number("elevation_deg", elevation_deg)
    if not -90 < float(elevation_deg) < 90:
        raise ValueError(f"elevation_deg must be strictly between -90 and 90, got {elevation_deg!r}")
    az, el = math.radians(float(azimuth_deg)), math.radians(float(elevation_deg))
    eye = radius * torch.tensor([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)])
    return look_at(eye)


def _check_camera(height, width, focal, pose, supersample: int = 1) -> None:
    validate.positive_int("height", height), validate.positive_int("width", width)
    validate.positive_float("focal", focal), validate.positive_int("supersample", supersample)
    if check_pose("pose", pose).ndim != 2:
        raise ValueError(f"pose must be a single (4, 4) matrix, got {validate.show(pose)}")


@validate.checked(_check_camera)
def get_rays(height: int, width: int, focal: float, pose) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Rays through the pixel centres of a pinhole camera.

    In camera coordinates the ray of pixel (row i, column j) has direction
    :math:`d_c = \big((j + ½ − W/2)/f,\; −(i + ½ − H/2)/f,\; −1\big)`; in world coordinates
    :math:`d = R\,d_c` and the origin is the camera centre :math:`o` (last column of the pose).
    Directions are **not** normalised, so ``t`` along a ray is depth along the optical axis.

    Returns
    -------
    origins, directions : tensors of shape (H, W, 3)
    """
    pose = torch.as_tensor(pose, dtype=torch.float32)
    i, j = torch.meshgrid(torch.arange(height, dtype=torch.float32), torch.arange(width, dtype=torch.float32),
                          indexing="ij")
    dirs_cam = torch.stack([(j + 0.5 - 0.5 * width) / focal, -(i + 0.5 - 0.5 * height) / focal,
                            -torch.ones_like(i)], -1)
    directions = dirs_cam @ pose[:3, :3].T
    origins = pose[:3, 3].expand(height, width, 3).clone()
    return origins, directions


@validate.checked(_check_camera)
def pixel_rays(height: int, width: int, focal: float, pose, supersample: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
    r"""The ``s × s`` rays of every pixel (``s = supersample``): a pixel is a little square of
    the sensor, and its value is the light averaged over that square, not the light along one
    line through its centre.

    Sub-pixel (a, b) of pixel (i, j) is pixel (s·i + a, s·j + b) of the same camera with s
    times the resolution and focal length, so its camera-frame direction is
    :math:`\big((j + (b + ½)/s − W/2)/f,\; −(i + (a + ½)/s − H/2)/f,\; −1\big)` — an s × s
    grid over the pixel's square, centred on it. ``s = 1`` is :func:`get_rays`.

    Returns
    -------
    origins, directions : tensors of shape (H, W, s², 3)
    """
    h, w, s = height, width, supersample
    origins, directions = get_rays(h * s, w * s, focal * s, pose)

    def per_pixel(rays: torch.Tensor) -> torch.Tensor:  # (sH, sW, 3) → (H, W, s², 3)
        return rays.reshape(h, s, w, s, 3).permute(0, 2, 1, 3, 4).reshape(h, w, s * s, 3)

    return per_pixel(origins), per_pixel(directions)


def _check_box(origins, directions, bound) -> None:
    validate.tensor("origins", origins, last_dim=3, floating=False, finite=True)
    validate.tensor("directions", directions, last_dim=3, floating=False, finite=True)
    try:
        torch.broadcast_shapes(origins.shape, directions.shape)
    except RuntimeError:
        raise ValueError(f"directions must have the shape of origins (..., 3), got {validate.show(directions)} "
                         f"for origins of shape {tuple(origins.shape)}") from None
    validate.positive_float("bound", bound)


@validate.checked(_check_box)
def ray_box_intersection(origins: torch.Tensor, directions: torch.Tensor, bound: float
                         ) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Entry and exit ``t`` of rays through the cube :math:`[-b, b]^3` (slab method).

    For each axis k the ray is inside the slab for :math:`t ∈ [(±b − o_k)/d_k]`; the ray is
    inside the cube on the intersection of the three intervals. Rays that miss get
    ``t_exit ≤ t_entry``. Shapes: (..., 3) → two tensors of shape (...).
    """
    inv = 1.0 / torch.where(directions.abs() < 1e-12, torch.full_like(directions, 1e-12), directions)
    t0, t1 = (-bound - origins) * inv, (bound - origins) * inv
    t_entry = torch.minimum(t0, t1).amax(dim=-1)
    t_exit = torch.maximum(t0, t1).amin(dim=-1)
    return t_entry, t_exit
