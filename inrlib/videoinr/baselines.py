"""The two baselines of the deck's tables (lecture §4): blend the two frames linearly in time,
each upsampled in space by bicubic interpolation or by chapter 06's LIIF.

.. math:: I(x, t) = (1-t)\\,U(I_0)(x) + t\\,U(I_1)(x), \\qquad U ∈ \\{\\text{bicubic}, \\text{LIIF}\\}.
"""
from __future__ import annotations

import numpy as np

from .. import liif
from ..imaging import bicubic_upsample
from .clips import check_time, frame_tensors


def blend_bicubic(frame0, frame1, t: float, size: tuple[int, int]) -> np.ndarray:
    """Baseline (a): :math:`(1-t)\\,\\mathrm{bicubic}(I_0) + t\\,\\mathrm{bicubic}(I_1)`."""
    frame_tensors(frame0, frame1)
    t = check_time(t)
    return (1 - t) * bicubic_upsample(frame0, size=size) + t * bicubic_upsample(frame1, size=size)


def blend_liif(frame0, frame1, t: float, size: tuple[int, int], model: liif.LIIF) -> np.ndarray:
    """Baseline (b): :math:`(1-t)\\,\\mathrm{LIIF}(I_0) + t\\,\\mathrm{LIIF}(I_1)` with chapter 06's model."""
    frame_tensors(frame0, frame1)
    t = check_time(t)
    return (1 - t) * liif.upsample(model, frame0, size=size) + t * liif.upsample(model, frame1, size=size)
