"""The course's procedural scenes, with exact ground truth (lecture 05 §1).

Textured spheres and boxes, rendered exactly by ray casting from cameras laid out like
the public synthetic scenes', written in the standard layout by :func:`make_scene`.
"""
from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from .. import validate
from ..data import load_image
from ..settings import cache_directory
from .cameras import focal_from_fov, get_rays, orbit_pose
from .dataset import SPLITS, write_views


@dataclass(frozen=True)
class Sphere:
    center: tuple[float, float, float]
    radius: float
    photo: str


@dataclass(frozen=True)
class Box:
    center: tuple[float, float, float]
    half_size: tuple[float, float, float]
    photo: str
    angle_deg: float = 0.0  # rotation about the vertical axis


#: The course scene (two textured spheres and a cube) and a second one NeRF never sees
#: during development (other shapes, other photos).
SCENES: dict[str, tuple] = {
    "course": (Sphere((-0.3, -0.35, -0.15), 0.45, "astronaut"), Sphere((0.45, 0.3, 0.25), 0.35, "coffee"),
               Box((-0.15, 0.5, -0.35), (0.3, 0.3, 0.3), "chelsea", 30.0)),
    "unseen": (Box((0.1, -0.2, -0.3), (0.55, 0.35, 0.25), "rocket", -20.0), Sphere((-0.35, 0.4, 0.2), 0.4, "grace_hopper"),
               Sphere((0.5, 0.35, 0.35), 0.22, "coins"), Box((-0.4, -0.5, 0.35), (0.2, 0.2, 0.2), "immunohistochemistry", 45.0)),
}
#: The course's objects standing on a large gravel floor that fills the lower half of most views.
SCENES["ground"] = SCENES["course"] + (Box((0.0, 0.0, -0.65), (1.1, 1.1, 0.05), "gravel"),)

#: Texture detail: photo texels per unit of surface. A pixel of a 64×64 view covers about
#: 0.035 units at the scene's centre, so 32 texels per unit is detail at the pixel scale —
#: fine enough for positional encoding to matter, not so fine that views alias differently.
TEXELS_PER_UNIT = 32
LIGHT = np.array([0.5, 0.3, 0.8]) / np.linalg.norm([0.5, 0.3, 0.8])
CAMERA_ANGLE_X = 0.6911112070083618  # the public synthetic scenes' field of view
CAMERA_RADIUS = 3.5  # the distance of every camera from the scene's centre
#: Bumped whenever the generator changes what it draws, so cached scenes are remade.
SCENE_VERSION = 2


def _texture(photo: str, size: tuple[int, int]) -> np.ndarray:
    img = load_image(photo, size=size, gray=False, square=False)
    return img.astype(np.float64)


def _bilinear(tex: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Texture lookup at (u, v) ∈ [0, 1]² (u along columns, v along rows), bilinear, clamped."""
    h, w = tex.shape[:2]
    x, y = np.clip(u * w - 0.5, 0, w - 1), np.clip(v * h - 0.5, 0, h - 1)
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    x1, y1 = np.minimum(x0 + 1, w - 1), np.minimum(y0 + 1, h - 1)
    fx, fy = (x - x0)[..., None], (y - y0)[..., None]
    return ((1 - fx) * (1 - fy) * tex[y0, x0] + fx * (1 - fy) * tex[y0, x1]
            + (1 - fx) * fy * tex[y1, x0] + fx * fy * tex[y1, x1])


def _rotz(angle_deg: float) -> np.ndarray:
    a = math.radians(angle_deg)
    return np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1.0]])


def _hit_sphere(o, d, s: Sphere):
    oc = o - np.array(s.center)
    a = (d * d).sum(-1)
    b = 2 * (oc * d).sum(-1)
    c = (oc * oc).sum(-1) - s.radius**2
    disc = b * b - 4 * a * c
    t = np.where(disc >= 0, (-b - np.sqrt(np.maximum(disc, 0))) / (2 * a), np.inf)
    t = np.where(t > 0, t, np.inf)
    p = o + np.where(np.isfinite(t), t, 0.0)[..., None] * d  # rays that miss: any point, never the closest hit
    n = (p - np.array(s.center)) / s.radius
    k = TEXELS_PER_UNIT * s.radius
    tex = _texture(s.photo, (max(4, round(math.pi * k)), max(8, round(2 * math.pi * k))))
    n_safe = np.nan_to_num(n)
    u = 0.5 + np.arctan2(n_safe[..., 1], n_safe[..., 0]) / (2 * np.pi)
    v = np.arccos(np.clip(n_safe[..., 2], -1, 1)) / np.pi
    return t, n_safe, _bilinear(tex, u, v)


def _hit_box(o, d, b: Box):
    R = _rotz(b.angle_deg)
    lo = (o - np.array(b.center)) @ R  # into the box's frame (R orthonormal: R⁻¹ = Rᵀ)
    ld = d @ R
    half = np.array(b.half_size)
    inv = 1 / np.where(np.abs(ld) < 1e-12, 1e-12, ld)
    t0, t1 = (-half - lo) * inv, (half - lo) * inv
    tn, tf = np.minimum(t0, t1).max(-1), np.maximum(t0, t1).min(-1)
    t = np.where((tf >= tn) & (tn > 0), tn, np.inf)
    p = lo + np.where(np.isfinite(t)[..., None], np.where(np.isfinite(t), t, 0.0)[..., None] * ld, 0.0)
    q = p / half
    axis = np.abs(q).argmax(-1)
    n_local = np.zeros_like(q)
    np.put_along_axis(n_local, axis[..., None], np.sign(np.take_along_axis(q, axis[..., None], -1)), -1)
    # face coordinates: the two axes other than the normal's, mapped to [0, 1]
    other = np.array([[1, 2], [0, 2], [0, 1]])[axis]
    u = (np.take_along_axis(q, other[..., :1], -1)[..., 0] + 1) / 2
    v = 1 - (np.take_along_axis(q, other[..., 1:], -1)[..., 0] + 1) / 2
    side = max(4, round(TEXELS_PER_UNIT * 2 * max(b.half_size)))
    tex = _texture(b.photo, (side, side))
    return t, n_local @ R.T, _bilinear(tex, u, v)


def render_ground_truth(scene: Sequence, height: int, width: int, focal: float, pose, supersample: int = 2
                        ) -> tuple[np.ndarray, np.ndarray]:
    r"""Exact image of an analytic scene by ray casting: the nearest surface hit by each
    pixel's ray, its photo texture, lit by a directional light (ambient + Lambert + a
    Blinn–Phong highlight, which depends on the view direction):

    .. math:: c = ρ\,(0.35 + 0.65\max(0, n·l)) + 0.25 \max(0, n·h)^{24}, \quad h = \frac{l + v}{|l + v|}.

    Each pixel averages ``supersample²`` rays (anti-aliasing, as a camera's pixel does).
    Returns ``rgb`` (H, W, 3) on a white background and ``alpha`` (H, W) (coverage).
    """
    s = validate.positive_int("supersample", supersample)
    if s > 1:
        rgb, alpha = render_ground_truth(scene, height * s, width * s, focal * s, pose, supersample=1)
        rgb = rgb.reshape(height, s, width, s, 3).mean(axis=(1, 3))
        alpha = alpha.reshape(height, s, width, s).mean(axis=(1, 3))
        # the PNG stores colour and coverage separately: un-composite the white background
        fg = np.where(alpha[..., None] > 0, (rgb - (1 - alpha[..., None])) / np.maximum(alpha[..., None], 1e-6), 1.0)
        return np.clip(fg, 0, 1).astype(np.float32), alpha.astype(np.float32)
    o, d = (a.reshape(-1, 3).double().numpy() for a in get_rays(height, width, focal, pose))
    best_t = np.full(o.shape[0], np.inf)
    normal, albedo = np.zeros_like(o), np.zeros_like(o)
    for shape in scene:
        t, n, c = (_hit_sphere if isinstance(shape, Sphere) else _hit_box)(o, d, shape)
        closer = t < best_t
        best_t[closer], normal[closer], albedo[closer] = t[closer], n[closer], c[closer]
    hit = np.isfinite(best_t)
    v = -d / np.linalg.norm(d, axis=-1, keepdims=True)
    h = (LIGHT + v) / np.linalg.norm(LIGHT + v, axis=-1, keepdims=True)
    lambert = np.maximum((normal * LIGHT).sum(-1), 0)
    spec = np.maximum((normal * h).sum(-1), 0) ** 24 * (lambert > 0)
    rgb = albedo * (0.35 + 0.65 * lambert)[:, None] + 0.25 * spec[:, None]
    rgb = np.where(hit[:, None], np.clip(rgb, 0, 1), 1.0)
    return rgb.reshape(height, width, 3).astype(np.float32), hit.reshape(height, width).astype(np.float32)


def camera_poses(split: str, n: int, seed: int = 0, radius: float = CAMERA_RADIUS) -> torch.Tensor:
    """Cameras of the standard synthetic layout on a sphere of ``radius`` looking at the
    origin: ``train``/``val`` spread over the upper hemisphere (elevation 5°–75°, seeded),
    ``test`` on an orbit at 30° elevation. Shape (n, 4, 4)."""
    validate.one_of("split", split, SPLITS)
    n = validate.positive_int("n", n)
    seed = validate.non_negative_int("seed", seed)
    radius = validate.positive_float("radius", radius)
    if split == "test":
        return torch.stack([orbit_pose(360.0 * k / n, 30.0, radius) for k in range(n)])
    rng = np.random.default_rng(seed + (0 if split == "train" else 1000))
    lo, hi = math.sin(math.radians(5)), math.sin(math.radians(75))
    el = np.degrees(np.arcsin(rng.uniform(lo, hi, n)))  # uniform over the sphere's area
    az = rng.uniform(0, 360, n)
    return torch.stack([orbit_pose(a, e, radius) for a, e in zip(az, el)])

def _check_scaled(scene, factor) -> None:
    if not isinstance(scene, (tuple, list)) or not all(isinstance(s, (Sphere, Box)) for s in scene):
        raise TypeError(f"scene must be a sequence of Sphere and Box shapes (see SCENES), got {validate.show(scene)}")
    validate.positive_float("factor", factor)


@validate.checked(_check_scaled)
def scaled(scene: Sequence, factor: float) -> tuple:
    """The shapes of ``scene`` with every position and size multiplied by ``factor``."""
    return tuple(Sphere(tuple(factor * c for c in s.center), factor * s.radius, s.photo) if isinstance(s, Sphere)
                 else Box(tuple(factor * c for c in s.center), tuple(factor * h for h in s.half_size), s.photo,
                          s.angle_deg) for s in scene)


def make_scene(name: str = "course", size: int = 64, n_train: int = 100, n_val: int = 8, n_test: int = 16,
               directory: str | os.PathLike | None = None, seed: int = 0, *, alpha: bool = True,
               radius: float = CAMERA_RADIUS, scale: float = 1.0) -> Path:
    """Generate a procedural scene in the standard layout (cached) and return its directory.

    The scene ``name`` (one of :data:`SCENES`, its shapes ×``scale``) is rendered exactly by
    :func:`render_ground_truth` from :func:`camera_poses` at ``radius`` into PNGs + transforms
    files: RGBA (``alpha``), or RGB on white as a photograph has no alpha.
    A directory that already holds the same scene (same parameters) is reused.
    """
    validate.one_of("name", name, SCENES)
    size = validate.positive_int("size", size)
    counts = {s: validate.positive_int(f"n_{s}", c) for s, c in zip(SPLITS, (n_train, n_val, n_test))}
    radius, factor = validate.positive_float("radius", radius), validate.positive_float("scale", scale)
    shapes, variant = scaled(SCENES[name], factor), (alpha, radius, factor)
    key = (SCENE_VERSION, SCENES[name], size, counts, seed) + ((variant,) if variant != (True, CAMERA_RADIUS, 1.0) else ())
    stamp = hashlib.sha256(repr(key).encode()).hexdigest()[:12]
    directory = Path(directory) if directory is not None else cache_directory() / "nerf" / f"{name}_{size}_{stamp}"
    marker = directory / ".complete"
    if marker.is_file() and marker.read_text() == stamp:
        return directory
    focal = focal_from_fov(size, CAMERA_ANGLE_X)
    for split in SPLITS:
        poses = camera_poses(split, counts[split], seed, radius)
        rgb, coverage = zip(*(render_ground_truth(shapes, size, size, focal, p) for p in poses))
        rgb, coverage = np.stack(rgb), np.stack(coverage)
        if alpha:
            write_views(directory, split, rgb, poses, CAMERA_ANGLE_X, alphas=coverage)
        else:  # what a camera records: the colour composited on the (white) background
            write_views(directory, split, rgb * coverage[..., None] + 1 - coverage[..., None], poses, CAMERA_ANGLE_X)
    marker.write_text(stamp)
    return directory
