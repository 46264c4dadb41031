"""Your own two frames (``python -m inrlib.videoinr interpolate``): the frames in between, at
any time and any space scale, with the shipped model.

``count`` frames are rendered at the evenly spaced times :math:`t_k = k/(\\mathrm{count}-1)`,
k = 0 … count − 1, so the first is frame 0 (seen through LIIF at the chosen scale) and the
last is frame 1.  Each is :func:`~inrlib.videoinr.render` — the same continuous query as the
lecture's slow-motion clip, at :math:`(\\mathrm{round}(s h), \\mathrm{round}(s w))` pixels.

The model reads RGB: a grey frame is repeated in three channels (and the result turned back
to grey when both frames are grey); an alpha channel is dropped, since video frames are opaque.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import torch

from .. import validate
from ..image_files import as_rgb
from ..imaging import output_size
from .model import VideoINR, render

#: Memory one input pixel takes while the two frames are encoded and queried (measured:
#: about 7 KB at scale 1 — the LIIF codes of both frames, the cost volumes, the motion features).
BYTES_PER_INPUT_PIXEL = 8 * 1024
#: … and one output pixel (query grid, cells, colours in float32, the 8-bit frame).
BYTES_PER_OUTPUT_PIXEL = 48


def check_same_size(frame0, frame1, name0: str = "frame0", name1: str = "frame1") -> None:
    """A ValueError naming both frames (files, uploads) unless they have the same height and width."""
    for name, frame in (("frame0", frame0), ("frame1", frame1)):
        if not isinstance(frame, (np.ndarray, torch.Tensor)) or frame.ndim not in (2, 3):
            raise TypeError(f"{name} must be an image array (h, w) or (h, w, c), got {validate.show(frame)}")
    if np.shape(frame0)[:2] != np.shape(frame1)[:2]:
        (h0, w0), (h1, w1) = np.shape(frame0)[:2], np.shape(frame1)[:2]
        raise ValueError(f"the frames must have the same size: {name0} is {h0}×{w0}, {name1} is {h1}×{w1} pixels "
                         f"(height×width)")


def frame_times(count: int) -> list[float]:
    """``count`` ≥ 2 evenly spaced times from 0 to 1: :math:`t_k = k/(\\mathrm{count}-1)`."""
    count = validate.positive_int("count", count)
    if count < 2:
        raise ValueError(f"count must be at least 2 (the first and the last frame), got {count}")
    return [k / (count - 1) for k in range(count)]


def interpolation_bytes(frame_shape: tuple[int, int], scale: float, count: int, keep_all: bool) -> int:
    """Estimated memory of :func:`interpolate` on two frames of ``frame_shape`` (h, w): one
    frame rendered at a time, or all ``count`` of them kept (for a GIF) if ``keep_all``."""
    height, width = output_size(frame_shape, scale)
    kept = count if keep_all else 1
    return (frame_shape[0] * frame_shape[1] * BYTES_PER_INPUT_PIXEL
            + height * width * (BYTES_PER_OUTPUT_PIXEL + 4 * kept))


def interpolate(model: VideoINR, frame0, frame1, count: int, scale: float = 1.0) -> Iterator[tuple[float, np.ndarray]]:
    """Yield ``(t, frame)`` for the ``count`` times of :func:`frame_times`: each frame
    (H, W, 3), or (H, W) when both inputs are grey, float32 in [0, 1], H×W = round(s·h)×round(s·w)."""
    times = frame_times(count)
    grey = np.ndim(frame0) == 2 and np.ndim(frame1) == 2
    a, b = as_rgb(frame0), as_rgb(frame1)
    size = output_size(a.shape[:2], scale)
    for t in times:
        frame = render(model, a, b, t, size)
        yield t, (frame.mean(-1) if grey else frame)
