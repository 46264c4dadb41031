"""Motion (lecture §3 and §5): warping an image by a flow, the cost volume that is the
evidence for motion, and the motion features the temporal implicit function reads.

Flows are in the (x, y) coordinates of [−1, 1]² (:mod:`inrlib.imaging`): a flow of 2/W
moves by one pixel to the right."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .. import validate
from ..imaging import pixel_coordinates


def _check_warp(image, flow, mode="bilinear") -> None:
    validate.tensor("image", image, ndim=4)
    validate.tensor("flow", flow, ndim=4)
    validate.one_of("mode", mode, ("bilinear", "nearest", "bicubic"))
    b, _, h, w = image.shape
    if flow.shape != (b, h, w, 2):
        raise ValueError(f"flow must have shape (B, H, W, 2) = {(b, h, w, 2)}, got {tuple(flow.shape)}")


@validate.checked(_check_warp)
def warp(image: torch.Tensor, flow: torch.Tensor, mode: str = "bilinear") -> torch.Tensor:
    """Backward warping: ``out(x) = image(x + flow(x))``.

    image (B, C, H, W); flow (B, H, W, 2) in the (x, y) coordinates of [−1, 1]² (the course's
    pixel grid, :mod:`inrlib.imaging`: a flow of 2/W moves by one pixel to the right).
    Outside the image the border is repeated.
    """
    h, w = image.shape[-2:]
    grid = pixel_coordinates(h, w).view(1, h, w, 2).to(image) + flow
    return F.grid_sample(image, grid, mode=mode, padding_mode="border", align_corners=False)


def _check_cost_volume(features0, features1, radius=4) -> None:
    validate.tensor("features0", features0, ndim=4)
    validate.tensor("features1", features1, ndim=4)
    if features1.shape != features0.shape:
        raise ValueError(f"features1 must have the shape of features0 {tuple(features0.shape)}, "
                         f"got {validate.show(features1)}")
    validate.non_negative_int("radius", radius)


@validate.checked(_check_cost_volume)
def cost_volume(features0: torch.Tensor, features1: torch.Tensor, radius: int = 4) -> torch.Tensor:
    r"""Correlation of frame-0 features with frame-1 features displaced by d ∈ [−r, r]²:

    .. math:: C_d(x) = \frac{1}{C}\sum_c φ_0(x)_c\, φ_1(x + d)_c, \qquad (B, C, h, w) → (B, (2r+1)^2, h, w).

    The classic evidence for motion (PWC-Net, RAFT): a peak at d says "what is at x in frame
    0 is at x + d in frame 1".  Outside the image φ₁ is zero.
    """
    h, w = features0.shape[-2:]
    padded = F.pad(features1, (radius, radius, radius, radius))
    out = [(features0 * padded[:, :, dy : dy + h, dx : dx + w]).mean(1)
           for dy in range(2 * radius + 1) for dx in range(2 * radius + 1)]
    return torch.stack(out, 1)


class MotionEncoder(nn.Module):
    """Motion features from two frames.

    A small shared CNN φ describes each frame (unit-length vectors); cost volumes
    (:func:`cost_volume`, radius 4, so cosine similarities)
    at full and half resolution measure displacements of up to about 8 pixels; dilated
    convolutions (dilations 1, 2, 4, 8, 1) turn them, with the frames, into C motion
    features per pixel.  Output (B, C, h, w).
    """

    def __init__(self, channels: int = 32, radius: int = 4):
        super().__init__()
        channels = validate.positive_int("channels", channels)
        self.radius = radius = validate.non_negative_int("radius", radius)
        self.channels_in = 16  # cost_volume averages over channels; × 16 gives the cosine
        self.describe = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 16, 3, padding=1))
        layers, c_in = [], 2 * (2 * radius + 1) ** 2 + 9
        for dilation in (1, 2, 4, 8, 1):
            layers += [nn.Conv2d(c_in, channels, 3, padding=dilation, dilation=dilation), nn.ReLU()]
            c_in = channels
        self.net = nn.Sequential(*layers[:-1])

    def forward(self, frame0: torch.Tensor, frame1: torch.Tensor) -> torch.Tensor:
        # unit-length feature vectors: the correlation becomes a cosine similarity in [−1, 1]
        p0, p1 = (F.normalize(self.describe(f - 0.5), dim=1) for f in (frame0, frame1))
        full = cost_volume(p0, p1, self.radius) * self.channels_in
        q0, q1 = (F.normalize(F.avg_pool2d(p, 2, ceil_mode=True), dim=1) for p in (p0, p1))
        half = cost_volume(q0, q1, self.radius) * self.channels_in
        half = F.interpolate(half, size=full.shape[-2:], mode="bilinear", align_corners=False)
        return self.net(torch.cat([full, half, frame0 - 0.5, frame1 - 0.5, frame1 - frame0], 1))
