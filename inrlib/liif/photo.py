"""Your own photo (``python -m inrlib.liif upsample``): grey, RGB or RGBA, any size, in bands.

The model reads RGB, so

* a **grey** photo is repeated in three channels, upsampled, and the mean of the three
  output channels is the grey result;
* an **RGBA** photo's colour goes through LIIF and its **alpha** (a coverage mask, not a
  texture to invent detail in) is upsampled bicubically beside it, at the same pixel centres.

The output is made a band of rows at a time with :func:`~inrlib.liif.upsample`'s ``region``:
each band encodes only the input rows that can reach it and is queried in chunks, so the
working memory stays bounded whatever the photo's size; only the 8-bit result is whole.
"""
from __future__ import annotations

import numpy as np
import torch
from tqdm.auto import tqdm

from ..image_files import as_rgb, to_uint8
from ..imaging import grid_coordinates, output_size, pixel_centres
from .model import LIIF, bicubic_sample
from .upsampling import upsample

#: Output pixels computed per band (a few MiB of floats; the input window is encoded per band).
BAND_PIXELS = 1 << 18


def output_bytes(height: int, width: int, channels: int, input_pixels: int = 0) -> int:
    """Memory an upsampled photo of H×W pixels and ``channels`` takes until it is written: the
    8-bit array, Pillow's copy of it (4 bytes a pixel for colour), the input's RGB float copy
    (12 bytes per input pixel) and a band's working memory."""
    pixels = height * width
    return pixels * (channels + (1 if channels == 1 else 4)) + 12 * input_pixels + 256 * 2**20


def _check_photo(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image, dtype=np.float32)
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[-1] not in (3, 4)):
        raise ValueError(f"image must be grey (h, w), RGB (h, w, 3) or RGBA (h, w, 4), got shape {image.shape}")
    return image


@torch.no_grad()
def upsample_photo(model: LIIF, image, scale: float | None = None, size: tuple[int, int] | None = None, *,
                   progress: bool = False) -> np.ndarray:
    """Upsample a grey (h, w), RGB (h, w, 3) or RGBA (h, w, 4) image in [0, 1] by ``scale`` or
    to ``size`` (H, W), band by band (a tqdm bar on standard error if ``progress``).

    Returns the 8-bit result (H, W) or (H, W, C) with the input's channels, ready to write.
    """
    image = _check_photo(image)
    rgb = as_rgb(image)
    height, width = output_size(image.shape[:2], scale, size)
    out = np.empty((height, width) + image.shape[2:], np.uint8)
    alpha = torch.from_numpy(np.ascontiguousarray(image[..., 3]))[None, None] if image.ndim == 3 and \
        image.shape[-1] == 4 else None
    band = max(1, BAND_PIXELS // width)
    with tqdm(total=height, unit="row", desc=f"LIIF ×{height / image.shape[0]:.3g}", disable=not progress) as bar:
        for top in range(0, height, band):
            rows = slice(top, min(top + band, height))
            colour = upsample(model, rgb, size=(height, width), region=(rows, slice(0, width)))
            if image.ndim == 2:
                out[rows] = to_uint8(colour.mean(-1))
            else:
                out[rows, :, :3] = to_uint8(colour)
            if alpha is not None:
                coords = grid_coordinates(pixel_centres(height, range(height)[rows]), pixel_centres(width))
                out[rows, :, 3] = to_uint8(bicubic_sample(alpha, coords[None])[0].view(-1, width).numpy())
            bar.update(rows.stop - rows.start)
    return out
