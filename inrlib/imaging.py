"""Images as tensors, and the pixel grids every chapter queries.

An image is shown and stored as a NumPy array (H, W, 3) with values in [0, 1]; a network
reads it as a tensor (B, 3, H, W).  This module is the one place that converts between
the two, resizes, and lays out the pixel grid that a continuous image is queried on.

Pixel grid (the convention of :mod:`inrlib.data`): H rows and W columns cover [−1, 1]²,
pixel k of n is the *centre* of its cell,

.. math:: c_k = -1 + \\frac{2k + 1}{n}, \\qquad k = 0, …, n-1,

and a coordinate is stored as (x, y) — column first, as ``torch.nn.functional.grid_sample``
reads it.  Querying a finer grid of the same square is super-resolution: an H×W grid has
pixels of size (2/W, 2/H), the *cell* that chapter 06's decoder is told.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from . import validate


# ----------------------------------------------------------------------------- the pixel grid
def pixel_centres(count: int, indices=None) -> torch.Tensor:
    """Centres :math:`c_k = -1 + (2k + 1)/n` of pixels ``indices`` (default: all) of ``count`` on [−1, 1].

    Returns a float32 tensor of shape (len(indices),).
    """
    n = validate.positive_int("count", count)
    k = torch.arange(n) if indices is None else torch.as_tensor(validate.finite_array("indices", indices, ndim=1, min_size=0))
    return -1 + (2 * k.to(torch.float32) + 1) / n


def pixel_coordinates(height: int, width: int) -> torch.Tensor:
    """Pixel-centre coordinates of an H×W grid on [−1, 1]², shape (H·W, 2), order (x, y).

    Row-major: entry ``i*W + j`` is pixel (row i, column j).
    """
    h, w = validate.positive_int("height", height), validate.positive_int("width", width)
    return grid_coordinates(pixel_centres(h), pixel_centres(w))


def grid_coordinates(ys: torch.Tensor, xs: torch.Tensor) -> torch.Tensor:
    """All pairs (x, y) of the row coordinates ``ys`` (H,) and column coordinates ``xs`` (W,):
    shape (H·W, 2), row-major."""
    validate.tensor("ys", ys, ndim=1), validate.tensor("xs", xs, ndim=1)
    yy, xx = torch.meshgrid(ys, xs, indexing="ij")
    return torch.stack([xx, yy], dim=-1).reshape(-1, 2)


def make_query_grid(height: int, width: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Coordinates and cells of an H×W target image on [−1, 1]².

    Returns ``coords`` (H·W, 2), the pixel centres (x, y) of :func:`pixel_coordinates`,
    and ``cells`` (H·W, 2): each query pixel's width and height, :math:`c = (2/W, 2/H)`.
    """
    coords = pixel_coordinates(height, width)
    cells = torch.tensor([2.0 / width, 2.0 / height]).expand(len(coords), 2).clone()
    return coords, cells


# ----------------------------------------------------------------------------- array ↔ tensor
def image_tensor(name: str, image) -> torch.Tensor:
    """Check an RGB image (h, w, 3) with values in [0, 1] and return it as a (1, 3, h, w)
    float32 tensor; the errors name the argument ``name``."""
    array = validate.finite_array(name, image)
    if array.ndim != 3:
        raise ValueError(f"{name} must have 3 dimensions, an RGB image of shape (h, w, 3), got shape {array.shape}; "
                         f"a grayscale image can be repeated: np.repeat(img[..., None], 3, axis=-1)")
    if array.shape[-1] != 3:
        raise ValueError(f"{name} must be an RGB image of shape (h, w, 3), got shape {array.shape}")
    if array.min() < -1e-6 or array.max() > 1 + 1e-6:
        raise ValueError(f"{name} must have values in [0, 1], got range [{array.min():.3g}, {array.max():.3g}]")
    return torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32)).permute(2, 0, 1)[None]


def to_image(tensor: torch.Tensor) -> np.ndarray:
    """The inverse of :func:`image_tensor`: (1, C, h, w) or (C, h, w) → a float32 array (h, w, C)."""
    validate.tensor("tensor", tensor, ndim=(3, 4))
    if tensor.ndim == 4:
        if tensor.shape[0] != 1:
            raise ValueError(f"tensor must hold one image (1, C, h, w), got {validate.show(tensor)}")
        tensor = tensor[0]
    return tensor.detach().to("cpu", torch.float32).permute(1, 2, 0).numpy()


# ----------------------------------------------------------------------------- resizing
def output_size(lr_shape: tuple[int, int], scale: float | None = None,
                size: tuple[int, int] | None = None) -> tuple[int, int]:
    """The output (H, W) for an upsampling ``scale`` ≥ 1, :math:`(\\mathrm{round}(s h), \\mathrm{round}(s w))`,
    or an exact ``size``."""
    lr_shape = validate.size_pair("lr_shape", lr_shape)
    if (scale is None) == (size is None):
        raise ValueError("give exactly one of scale (a number ≥ 1) or size (H, W)")
    if size is not None:
        if not isinstance(size, (tuple, list)) or len(size) != 2:
            raise ValueError(f"size must be a pair (H, W), got {validate.show(size)}")
        return validate.positive_int("size[0]", size[0]), validate.positive_int("size[1]", size[1])
    scale = validate.positive_float("scale", scale)
    if scale < 1:
        raise ValueError(f"scale must be ≥ 1 (this is upsampling), got {scale:g}")
    return max(1, round(lr_shape[0] * scale)), max(1, round(lr_shape[1] * scale))


def bicubic_upsample(image, scale: float | None = None, size: tuple[int, int] | None = None) -> np.ndarray:
    """The baseline of every super-resolution chapter: bicubic interpolation (Keys' cubic,
    a = −0.75, as in PyTorch) of an RGB image (h, w, 3) to any ``scale`` or ``size``.

    Returns the (H, W, 3) float32 image, clipped to [0, 1].
    """
    lr = image_tensor("image", image)
    height, width = output_size(lr.shape[-2:], scale, size)
    return to_image(F.interpolate(lr, size=(height, width), mode="bicubic", align_corners=False).clamp(0, 1))


def downsample(image: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """Antialiased bicubic downsampling (B, C, H, W) → (B, C, h, w), clipped to [0, 1]:
    the low-resolution input of a super-resolution benchmark, made as the papers make it."""
    validate.tensor("image", image, ndim=4)
    size = validate.size_pair("size", size)
    return F.interpolate(image, size=size, mode="bicubic", antialias=True, align_corners=False).clamp(0, 1)


def fit_within(image: torch.Tensor, max_side: int) -> torch.Tensor:
    """``image`` (B, C, H, W) shrunk by :func:`downsample` so that its longer side is at most
    ``max_side`` pixels, the aspect ratio kept (each side at least 2); unchanged if it fits."""
    validate.tensor("image", image, ndim=4)
    max_side = validate.positive_int("max_side", max_side)
    height, width = image.shape[-2:]
    shrink = max_side / max(height, width)
    if shrink >= 1:
        return image
    return downsample(image, (max(2, round(height * shrink)), max(2, round(width * shrink))))
