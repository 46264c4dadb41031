"""Upsampling (lecture §8–§10): one encoded image, queried at any scale or output size, in chunks."""
from __future__ import annotations

import numpy as np
import torch

from .. import validate
from ..imaging import grid_coordinates, image_tensor, output_size, pixel_centres
from .model import LIIF

#: Queries above this many output pixels are refused unless the caller raises the limit.
MAX_OUTPUT_PIXELS = 64_000_000


@torch.no_grad()
def upsample(model: LIIF, image, scale: float | None = None, size: tuple[int, int] | None = None, *,
             chunk_size: int = 4096, max_pixels: int = MAX_OUTPUT_PIXELS, cell_scale_limit: float | None = None,
             region: tuple[slice, slice] | None = None) -> np.ndarray:
    """Upsample an RGB image (h, w, 3) in [0, 1] by any ``scale`` ≥ 1 or to an exact ``size``.

    The image is encoded once; the output pixels are queried ``chunk_size`` at a time, so
    memory stays bounded for any output size.  ``cell_scale_limit`` (optional): for scales
    beyond it, pass the cell of that scale instead of the true one (a common trick for
    far out-of-distribution scales; off by default).  ``region`` = (rows, cols) slices of
    the output to compute only a crop of it (a zoom widget needs only what it shows).

    Returns the (H, W, 3) float32 image, clipped to [0, 1].
    """
    if not isinstance(model, LIIF):
        raise TypeError(f"model must be an inrlib.liif.LIIF, got {type(model).__name__}")
    lr = image_tensor("image", image)
    height, width = output_size(lr.shape[-2:], scale, size)
    chunk_size = validate.positive_int("chunk_size", chunk_size)
    max_pixels = validate.positive_int("max_pixels", max_pixels)
    if region is not None and (not isinstance(region, (tuple, list)) or len(region) != 2
                               or not all(isinstance(r, slice) for r in region)):
        raise TypeError(f"region must be a pair (rows, cols) of slices, e.g. (slice(0, 64), slice(0, 64)), "
                        f"got {validate.show(region)}")
    rows, cols = region if region is not None else (slice(0, height), slice(0, width))
    rows, cols = range(height)[rows], range(width)[cols]
    if len(rows) * len(cols) > max_pixels:
        raise ValueError(f"size: an output of {len(rows)}×{len(cols)} pixels exceeds max_pixels={max_pixels:,} "
                         f"(about {len(rows) * len(cols) * 12 / 2**30:.1f} GiB as float32); ask for a region or raise max_pixels")
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    coords = grid_coordinates(pixel_centres(height, rows), pixel_centres(width, cols))[None]
    cell = torch.tensor([2.0 / width, 2.0 / height])
    if cell_scale_limit is not None:
        limit = validate.positive_float("cell_scale_limit", cell_scale_limit)
        cell = torch.maximum(cell, torch.tensor([2.0 / (lr.shape[-1] * limit), 2.0 / (lr.shape[-2] * limit)]))
    # Encode only the input pixels that can influence the region (its footprint plus the
    # model's receptive field), then express the queries in that window's coordinates.
    window, coords, cell = _input_window(lr, coords, cell, model.margin)
    state = model.encode(window.to(device))
    coords, cell = coords.to(device), cell.to(device)
    out = torch.empty(coords.shape[1], 3)
    for start in range(0, coords.shape[1], chunk_size):
        part = coords[:, start : start + chunk_size]
        out[start : start + part.shape[1]] = model.query(state, part, cell.expand_as(part))[0].cpu()
    model.train(was_training)
    return out.clamp(0, 1).view(len(rows), len(cols), 3).numpy()


def _input_window(lr: torch.Tensor, coords: torch.Tensor, cell: torch.Tensor,
                  margin: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The part of ``lr`` (1, 3, h, w) within ``margin`` pixels of the queries, and the
    queries and cell in its coordinates.  Outputs are unchanged: nothing farther than the
    margin can reach a query through the encoder, the ensemble or the bicubic base."""
    h, w = lr.shape[-2:]
    size = torch.tensor([w, h], dtype=torch.float32)
    position = (coords[0] + 1) / 2 * size  # in input pixels
    low = (position.min(0).values.floor() - margin).clamp(min=0).long()
    high = torch.minimum(position.max(0).values.ceil() + margin, size).long()
    (c0, r0), (c1, r1) = low.tolist(), high.tolist()
    if (r0, c0, r1, c1) == (0, 0, h, w):
        return lr, coords, cell
    extent = torch.tensor([c1 - c0, r1 - r0], dtype=torch.float32)
    local = (position - torch.tensor([c0, r0], dtype=torch.float32)) / extent * 2 - 1
    return lr[..., r0:r1, c0:c1], local[None], cell * size / extent
