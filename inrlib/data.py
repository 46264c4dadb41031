"""Data that need no download: real photos shipped inside installed packages, and the
helpers that turn an image into samples of a function f(x, y) and back.

Photos come from ``skimage.data`` (the images bundled in the scikit-image wheel) and
matplotlib's sample data (``grace_hopper``).  Images that scikit-image would fetch from
the internet are deliberately not offered.

Coordinate convention (used by every chapter): a pixel grid of H rows and W columns
covers the square [−1, 1]²; pixel (i, j) is the *centre* of its cell,

    x_j = −1 + (2j + 1)/W   (column, to the right),   y_i = −1 + (2i + 1)/H   (row, down),

and a coordinate is stored as ``(x, y)`` — the order ``torch.nn.functional.grid_sample``
uses.  Querying a finer grid of the same square is then super-resolution.
"""
from __future__ import annotations

from functools import lru_cache

import matplotlib.cbook as cbook
import matplotlib.image as mpimg
import numpy as np
import skimage.data
import torch
from skimage.transform import resize as sk_resize

from . import validate
from .imaging import pixel_coordinates  # the pixel-centre grid lives with the other image helpers

#: Photos bundled with scikit-image (no download) and matplotlib.
SKIMAGE_IMAGES = (
    "astronaut", "brick", "camera", "cat", "cell", "chelsea", "clock", "coffee", "coins",
    "colorwheel", "grass", "gravel", "horse", "hubble_deep_field", "immunohistochemistry",
    "microaneurysms", "moon", "page", "retina", "rocket", "shepp_logan_phantom", "text",
)
MATPLOTLIB_IMAGES = ("grace_hopper",)
AVAILABLE_IMAGES = SKIMAGE_IMAGES + MATPLOTLIB_IMAGES


@lru_cache(maxsize=16)
def _original(name: str) -> np.ndarray:
    if name in MATPLOTLIB_IMAGES:
        with cbook.get_sample_data(f"{name}.jpg") as f:
            img = mpimg.imread(f, format="jpg")
    else:
        img = getattr(skimage.data, name)()
    img = np.asarray(img)
    if img.dtype == np.uint8:
        img = img.astype(np.float32) / 255.0
    else:  # float images (e.g. the phantom) are already in [0, 1]
        img = np.clip(img.astype(np.float32), 0.0, 1.0)
    if img.ndim == 3 and img.shape[-1] == 4:  # drop alpha
        img = img[..., :3]
    img.setflags(write=False)
    return img


def _to_gray(img: np.ndarray) -> np.ndarray:
    # ITU-R BT.709 luma, the weights skimage.color.rgb2gray uses.
    return (img[..., :3] @ np.array([0.2125, 0.7154, 0.0721], dtype=np.float32)).astype(np.float32)


def center_crop_square(image: np.ndarray) -> np.ndarray:
    """The largest centred square of ``image`` (H, W[, C])."""
    validate.image_array("image", image)
    h, w = image.shape[:2]
    s = min(h, w)
    top, left = (h - s) // 2, (w - s) // 2
    return image[top : top + s, left : left + s]


def resize(image: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Resize with anti-aliasing (area-correct Gaussian prefilter + bilinear), float32."""
    validate.image_array("image", image)
    h, w = validate.size_pair("shape", shape)
    out = sk_resize(np.asarray(image, dtype=np.float32), (h, w) + image.shape[2:],
                    order=1, anti_aliasing=(h < image.shape[0] or w < image.shape[1]))
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def load_image(name: str = "camera", size: int | tuple[int, int] | None = 128,
               gray: bool | None = None, square: bool = True) -> np.ndarray:
    """Load a bundled photo as float32 in [0, 1].

    Parameters
    ----------
    name : str
        One of :data:`AVAILABLE_IMAGES` (e.g. ``"camera"``, ``"astronaut"``, ``"grace_hopper"``).
    size : int, (int, int) or None
        Output size (``int`` → square). ``None`` keeps the original resolution.
    gray : bool, optional
        Force grayscale (True) or RGB (False); default: keep the photo's own.
    square : bool
        Centre-crop to a square before resizing.

    Returns
    -------
    np.ndarray of shape (H, W) for grayscale or (H, W, 3) for colour.
    """
    validate.one_of("name", name, AVAILABLE_IMAGES)
    img = _original(name)
    if square:
        img = center_crop_square(img)
    if gray is True and img.ndim == 3:
        img = _to_gray(img)
    elif gray is False and img.ndim == 2:
        img = np.repeat(img[..., None], 3, axis=-1)
    if size is not None:
        if isinstance(size, (int, np.integer)) and not isinstance(size, bool):
            shape = (validate.positive_int("size", size),) * 2
        elif isinstance(size, (tuple, list)):
            if len(size) != 2:
                raise ValueError(f"size must be an int or a pair (H, W), got {size!r}")
            shape = validate.size_pair("size", size)
        else:
            raise TypeError(f"size must be an int or a pair (H, W) (or None), got {validate.show(size)}")
        img = resize(img, shape)
    return np.array(img, dtype=np.float32)


def load_photos(names: tuple[str, ...], max_side: int | None = 512) -> list[np.ndarray]:
    """Whole photos (no crop) as RGB float32 (grayscale ones repeated to 3 channels), each
    shrunk to a longest side of at most ``max_side`` pixels (``None``: original size)."""
    if isinstance(names, str) or not isinstance(names, (tuple, list)):
        raise TypeError(f"names must be a tuple of photo names from {AVAILABLE_IMAGES}, got {validate.show(names)}")
    if max_side is not None:
        max_side = validate.positive_int("max_side", max_side)
    photos = []
    for name in names:
        img = load_image(name, size=None, gray=False, square=False)
        if max_side is not None and max(img.shape[:2]) > max_side:
            f = max_side / max(img.shape[:2])
            img = resize(img, (round(img.shape[0] * f), round(img.shape[1] * f)))
        photos.append(img)
    return photos


def image_to_samples(image) -> tuple[torch.Tensor, torch.Tensor]:
    """An image as samples of f(x, y): ``coords`` (H·W, 2) and ``values`` (H·W, C).

    Grayscale images give C = 1.
    """
    validate.image_array("image", image)
    img = torch.as_tensor(np.asarray(image) if isinstance(image, np.ndarray) else image).float()
    if img.ndim == 2:
        img = img[..., None]
    h, w, c = img.shape
    return pixel_coordinates(h, w), img.reshape(h * w, c)


def samples_to_image(values: torch.Tensor, height: int, width: int) -> np.ndarray:
    """Inverse of :func:`image_to_samples`: values (H·W, C) → image (H, W) or (H, W, C)."""
    validate.tensor("values", values, ndim=2)
    h, w = validate.positive_int("height", height), validate.positive_int("width", width)
    if values.shape[0] != h * w:
        raise ValueError(f"values must have height*width = {h * w} rows, got {values.shape[0]}")
    img = values.detach().to("cpu", torch.float32).reshape(h, w, -1).numpy()
    return img[..., 0] if img.shape[-1] == 1 else img
