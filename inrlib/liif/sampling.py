"""Training data as the paper makes it (lecture §7): random crops at random scales of real
photos, their downsampled copies as inputs, random pixels of the crops as targets."""
from __future__ import annotations

import math

import numpy as np
import torch

from .. import validate
from ..imaging import downsample, pixel_coordinates

#: Photos used for training (every bundled photo large enough, except the held-out ones;
#: ``cat`` is not offered by inrlib.data, it is the same photo as ``chelsea``).
TRAIN_PHOTOS = ("astronaut", "brick", "camera", "clock", "coins", "colorwheel", "grace_hopper", "grass",
                "gravel", "horse", "hubble_deep_field", "immunohistochemistry", "moon", "page", "retina",
                "shepp_logan_phantom", "text", "cell")
#: Held-out photos: never seen in training, used for every number the chapter reports.
TEST_PHOTOS = ("chelsea", "coffee", "rocket")


def _check_sample_batch(photos, batch_size=16, patch=48, scale_range=(1.0, 4.0), queries=2304,
                        generator=None) -> None:
    for name, value in (("batch_size", batch_size), ("patch", patch), ("queries", queries)):
        validate.positive_int(name, value)
    if not isinstance(photos, (list, tuple)) or not all(isinstance(p, np.ndarray) and p.ndim == 3 for p in photos):
        raise TypeError(f"photos must be a list of (H, W, 3) arrays (see load_photos), got {validate.show(photos)}")
    low, high = validate.number_pair("scale_range", scale_range)
    if not 1.0 <= low <= high:
        raise ValueError(f"scale_range must satisfy 1 ≤ low ≤ high, got {scale_range}")
    if not any(min(p.shape[:2]) >= math.floor(patch * high) for p in photos):
        raise ValueError(f"photos: none is at least {math.floor(patch * high)} pixels on each side")


@validate.checked(_check_sample_batch)
def sample_batch(photos: list[np.ndarray], batch_size: int = 16, patch: int = 48, scale_range: tuple[float, float] = (1.0, 4.0),
                 queries: int = 2304, generator: torch.Generator | None = None) -> dict[str, torch.Tensor]:
    """One training batch as in the paper's figure "(a) data preparation".

    For each sample: a scale s ~ U(scale_range); a random crop of ⌊patch·s⌋² pixels of a
    random photo (random flips and transposition); its antialiased downsampling to
    patch² is the input; ``queries`` random pixels of the crop are the targets, with
    their coordinates and cells (2/⌊patch·s⌋).

    Returns ``{"image": (B, 3, patch, patch), "coords": (B, Q, 2), "cells": (B, Q, 2), "target": (B, Q, 3)}``.
    """
    low, high = scale_range
    usable = [p for p in photos if min(p.shape[:2]) >= math.floor(patch * high)]
    g = generator
    images, coords, cells, targets = [], [], [], []
    for _ in range(batch_size):
        s = low + (high - low) * torch.rand((), generator=g).item()
        side = math.floor(patch * s)
        photo = usable[torch.randint(len(usable), (), generator=g).item()]
        top = torch.randint(photo.shape[0] - side + 1, (), generator=g).item()
        left = torch.randint(photo.shape[1] - side + 1, (), generator=g).item()
        crop = torch.from_numpy(np.ascontiguousarray(photo[top : top + side, left : left + side])).permute(2, 0, 1)
        if torch.rand((), generator=g) < 0.5:
            crop = crop.flip(-1)
        if torch.rand((), generator=g) < 0.5:
            crop = crop.flip(-2)
        if torch.rand((), generator=g) < 0.5:
            crop = crop.transpose(-1, -2)
        images.append(downsample(crop[None], (patch, patch))[0])
        pick = torch.randperm(side * side, generator=g)[:queries]
        coords.append(pixel_coordinates(side, side)[pick])
        cells.append(torch.full((len(pick), 2), 2.0 / side))
        targets.append(crop.reshape(3, -1).T[pick])
    return {"image": torch.stack(images), "coords": torch.stack(coords), "cells": torch.stack(cells),
            "target": torch.stack(targets)}
