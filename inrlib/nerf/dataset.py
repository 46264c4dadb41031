"""Scenes on disk: the standard synthetic-scene layout (lecture 05 §1).

``transforms_{train,val,test}.json`` + PNGs, as the public synthetic scenes (and the tools
that export photographed scenes in the same format) lay them out.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from .. import validate
from ..image_files import read_image, write_image
from .cameras import check_pose, focal_from_fov, pixel_rays

#: The splits of a scene directory.
SPLITS = ("train", "val", "test")


@dataclass
class Views:
    """One split of a scene: ``images`` (N, H, W, 3) float32 in [0, 1] (alpha composited on
    the background), ``poses`` (N, 4, 4) camera-to-world, ``focal`` in pixels, ``files``."""

    images: torch.Tensor
    poses: torch.Tensor
    focal: float
    camera_angle_x: float
    files: list[str]
    alphas: torch.Tensor | None = None  # (N, H, W) coverage, when the PNGs have an alpha channel
    background: float = 1.0  # the colour the images were composited on

    @property
    def height(self) -> int:
        return self.images.shape[1]

    @property
    def width(self) -> int:
        return self.images.shape[2]

    def rays(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """All rays of all views, one per pixel: origins, directions (N·H·W, 3) and target colours."""
        origins, directions = self.pixel_rays(1)
        return origins[:, 0], directions[:, 0], self.images.reshape(-1, 3)

    def pixel_rays(self, supersample: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
        """The s × s rays of every pixel of all views (:func:`pixel_rays`): origins and
        directions (N·H·W, s², 3), in the order of :meth:`rays`' targets."""
        s = supersample
        os_, ds = zip(*(pixel_rays(self.height, self.width, self.focal, p, s) for p in self.poses))
        return torch.stack(os_).reshape(-1, s * s, 3), torch.stack(ds).reshape(-1, s * s, 3)

    def on_background(self, index: torch.Tensor, background: torch.Tensor) -> torch.Tensor:
        """Target colours of the pixels ``index`` (into :meth:`rays`) composited on other
        background colours (B, 3): C = C_stored + (1 − α)(b − b_stored). Needs ``alphas``."""
        if self.alphas is None:
            raise ValueError("on_background needs views loaded from RGBA images (alphas is None)")
        transparency = 1.0 - self.alphas.reshape(-1)[index][:, None]
        return self.images.reshape(-1, 3)[index] + transparency * (background - self.background)


def _check_views(views) -> None:
    if not isinstance(views, Views):
        raise TypeError(f"views must be an inrlib.nerf.Views (see load_views), got {validate.show(views)}")


def _read_image(path: Path) -> np.ndarray:
    """An image file as float32 RGB (H, W, 3) or RGBA (H, W, 4) in [0, 1] (grey becomes RGB);
    a clear error naming the file if it is not one."""
    try:
        image = read_image(path)
    except ValueError as exc:
        raise ValueError(f"{path} is not a readable image ({exc})") from None
    return np.repeat(image[..., None], 3, axis=-1) if image.ndim == 2 else image


def _check_downscale(image, factor) -> None:
    validate.positive_int("factor", factor)
    if not isinstance(image, np.ndarray) or image.ndim != 3 or min(image.shape[:2]) < factor:
        raise ValueError(f"image must be an array (H, W, C) at least {factor} pixels a side, got {validate.show(image)}")


@validate.checked(_check_downscale)
def area_downscale(image: np.ndarray, factor: int) -> np.ndarray:
    """Average ``factor`` × ``factor`` blocks of pixels (H, W, C), as a camera with bigger pixels
    would record the light; rows and columns that do not fill a block are cropped evenly from
    both sides, so the image centre (the principal point) stays put."""
    h, w = image.shape[0] // factor * factor, image.shape[1] // factor * factor
    top, left = (image.shape[0] - h) // 2, (image.shape[1] - w) // 2
    block = image[top:top + h, left:left + w]
    return block.reshape(h // factor, factor, w // factor, factor, -1).mean(axis=(1, 3))


def load_views(directory: str | os.PathLike, split: str = "train", background: float = 1.0,
               downscale: int = 1) -> Views:
    """Load one split of a scene in the standard synthetic layout::

        directory/transforms_<split>.json   {"camera_angle_x": θ, "frames": [
                                              {"file_path": "./train/r_0", "transform_matrix": 4×4}, …]}
        directory/train/r_0.png …           RGB or RGBA (alpha is composited on ``background``)

    ``file_path`` may omit the extension (``.png`` is tried), as in the public scenes; PNG, JPEG
    or any image Pillow reads is accepted. Instead of ``camera_angle_x`` the file may give the
    focal length in pixels, ``fl_x`` (as the COLMAP-based tools write it). ``downscale`` K
    averages K × K pixels into one (:func:`area_downscale`) and divides the focal length by K.
    Errors name the file and what is wrong: missing, malformed JSON, missing keys, not an
    image, an image of another size, a pose that is not a rigid transform.
    """
    validate.path("directory", directory)
    validate.one_of("split", split, SPLITS)
    validate.real_number("background", background)
    downscale = validate.positive_int("downscale", downscale)
    directory = Path(directory)
    path = directory / f"transforms_{split}.json"
    if not directory.is_dir():
        raise FileNotFoundError(f"scene directory {directory} does not exist")
    if not path.is_file():
        found = ", ".join(sorted(p.name for p in directory.glob("transforms*.json"))) or "no transforms*.json"
        raise FileNotFoundError(f"{path} does not exist: a scene directory must contain transforms_{split}.json "
                                f"(found: {found})")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(meta, dict) or not ("camera_angle_x" in meta or "fl_x" in meta) or "frames" not in meta:
        raise ValueError(f"{path} must be an object with keys 'camera_angle_x' (or 'fl_x') and 'frames'")
    if not isinstance(meta["frames"], list) or not meta["frames"]:
        raise ValueError(f"{path}: 'frames' must be a non-empty list")
    images, poses, files, alphas = [], [], [], []
    for k, frame in enumerate(meta["frames"]):
        if not isinstance(frame, dict) or "file_path" not in frame or "transform_matrix" not in frame:
            raise ValueError(f"{path}: frames[{k}] must have keys 'file_path' and 'transform_matrix'")
        file = directory / frame["file_path"]
        if not file.is_file() and file.suffix.lower() != ".png":
            file = file.with_name(file.name + ".png")
        if not file.is_file():
            raise FileNotFoundError(f"{path}: frames[{k}] refers to {file}, which does not exist")
        img = _read_image(file)
        if img.shape[-1] == 4:  # composite on the background; the colour the camera saw, and the coverage
            img = np.concatenate([img[..., :3] * img[..., 3:] + background * (1 - img[..., 3:]), img[..., 3:]], -1)
        if downscale > 1:  # after compositing: a big pixel averages the light, not the stored colours
            if min(img.shape[:2]) // downscale < 8:
                raise ValueError(f"downscale {downscale} would leave {file} ({img.shape[1]}×{img.shape[0]}) with "
                                 f"fewer than 8 pixels a side: use at most {min(img.shape[:2]) // 8}")
            full_width, img = img.shape[1], area_downscale(img, downscale)
        alphas.append(img[..., 3] if img.shape[-1] == 4 else None)
        img = img[..., :3]
        if images and img.shape != images[0].shape:
            raise ValueError(f"{file} has size {img.shape[1]}×{img.shape[0]} but {files[0]} has size "
                             f"{images[0].shape[1]}×{images[0].shape[0]}: all images of a split must have the same size")
        try:
            pose = check_pose(f"{path.name} frames[{k}].transform_matrix", frame["transform_matrix"])
        except TypeError as exc:
            raise ValueError(f"{path}: {exc}") from None
        images.append(img)
        poses.append(pose)
        files.append(str(file))
    width = full_width if downscale > 1 else images[0].shape[1]  # the photos' own width, in their pixels
    try:
        if "camera_angle_x" in meta:
            angle = float(meta["camera_angle_x"])
            focal = focal_from_fov(width, angle) / downscale
        else:
            focal = validate.positive_float("fl_x", float(meta["fl_x"])) / downscale
            angle = 2 * math.atan(0.5 * width / (focal * downscale))
    except (TypeError, ValueError) as exc:
        key = "camera_angle_x" if "camera_angle_x" in meta else "fl_x"
        raise ValueError(f"{path}: {key} must be an angle in (0, π) radians (camera_angle_x) or a focal length in "
                         f"pixels (fl_x), got {meta[key]!r}") from exc
    alpha = torch.from_numpy(np.stack(alphas)).float() if all(a is not None for a in alphas) else None
    return Views(torch.from_numpy(np.stack(images)).float(), torch.stack(poses), focal, angle, files, alpha, background)


def write_views(directory: str | os.PathLike, split: str, images: np.ndarray, poses, camera_angle_x: float,
                alphas: np.ndarray | None = None) -> Path:
    """Write one split in the standard layout (the inverse of :func:`load_views`).

    ``images`` (N, H, W, 3) in [0, 1]; ``alphas`` (N, H, W) optional (RGBA PNGs). Returns the
    path of ``transforms_<split>.json``.
    """
    validate.one_of("split", split, SPLITS)
    directory = Path(directory)
    (directory / split).mkdir(parents=True, exist_ok=True)
    poses = check_pose("poses", poses)
    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 4 or images.shape[-1] != 3 or images.shape[0] != poses.shape[0]:
        raise ValueError(f"images must have shape (N, H, W, 3) with N = {poses.shape[0]} poses, got {images.shape}")
    frames = []
    for k, (img, pose) in enumerate(zip(images, poses)):
        arr = img if alphas is None else np.concatenate([img, np.asarray(alphas[k])[..., None]], -1)
        write_image(directory / split / f"r_{k}.png", arr)
        frames.append({"file_path": f"./{split}/r_{k}", "transform_matrix": pose.double().tolist()})
    path = directory / f"transforms_{split}.json"
    path.write_text(json.dumps({"camera_angle_x": float(camera_angle_x), "frames": frames}, indent=1), encoding="utf-8")
    return path

