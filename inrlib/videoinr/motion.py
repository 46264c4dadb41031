"""Motion (lecture §3 and §5): warping an image by a flow, the cost volume that is the
evidence for motion, and the coarse-to-fine optical flow the temporal implicit function reads.

Flows given to :func:`warp` are in the (x, y) coordinates of [−1, 1]² (:mod:`inrlib.imaging`):
a flow of 2/W moves by one pixel to the right.  :class:`FlowEstimator` works in pixels."""
from __future__ import annotations

import math

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


def pixels_to_units(flow: torch.Tensor) -> torch.Tensor:
    """A flow (B, 2, h, w) in pixels → (B, h, w, 2) in [−1, 1] units, the layout :func:`warp` takes."""
    h, w = flow.shape[-2:]
    return flow.permute(0, 2, 3, 1) * flow.new_tensor([2.0 / w, 2.0 / h])


def resize_flow(flow: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """A flow (B, 2, h, w) in pixels at another ``size`` (H, W): resampled — bilinear when it
    grows, the mean over each cell when it shrinks — and its values scaled with it (W/w, H/h),
    so that it still counts pixels of its new size."""
    h, w = flow.shape[-2:]
    ratio = flow.new_tensor([size[1] / w, size[0] / h]).view(1, 2, 1, 1)
    if size[0] <= h and size[1] <= w:
        return F.adaptive_avg_pool2d(flow, size) * ratio
    return F.interpolate(flow, size=size, mode="bilinear", align_corners=False) * ratio


def soft_argmax(cost: torch.Tensor, temperature: torch.Tensor | float, radius: int) -> torch.Tensor:
    r"""The expected displacement under a softmax of a cost volume (B, (2r+1)², h, w):

    .. math:: F(x) = \sum_{d \in [-r, r]^2} \frac{e^{C_d(x)/T}}{\sum_{d'} e^{C_{d'}(x)/T}}\, d
              \quad → \quad (B, 2, h, w) \text{ in pixels, } (x, y) \text{ order.}

    As T → 0 it is the displacement of the best match; a larger T averages near matches."""
    steps = torch.arange(-radius, radius + 1, dtype=cost.dtype, device=cost.device)
    dy, dx = torch.meshgrid(steps, steps, indexing="ij")  # the order of cost_volume's channels
    weights = torch.softmax(cost / temperature, dim=1)
    return torch.stack([(weights * dx.reshape(1, -1, 1, 1)).sum(1), (weights * dy.reshape(1, -1, 1, 1)).sum(1)], 1)


def _conv(c_in: int, c_out: int, stride: int = 1, dilation: int = 1) -> nn.Module:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, stride, padding=dilation, dilation=dilation), nn.LeakyReLU(0.1))


class FlowEstimator(nn.Module):
    r"""Coarse-to-fine optical flow from frame 0 to frame 1, as PWC-Net (Sun et al., 2018),
    started by matching and refined in place, as RAFT (Teed & Deng, 2020).

    A shared CNN turns each frame into a feature pyramid φ, at half size and at full size.
    At half size the flow starts from the best matches: the soft arg-max of the cost volume
    over the search window, scaled by a gate γ,

    .. math:: F = γ \sum_d \mathrm{softmax}_d\big(C_d / T\big)\, d, \qquad C = \mathrm{cost\_volume}(φ_0, φ_1),

    then, ``iterations`` times at each level (the same weights each time),

    .. math:: C = \mathrm{cost\_volume}\big(φ_0,\ \mathrm{warp}(φ_1, F)\big), \qquad
              F \leftarrow F + g_\ell(C, φ_0, F),

    and F is upsampled (×2 in size and in value) to the next level.  Training supervises the
    start itself as well as every level's result (:func:`inrlib.videoinr.train.pyramid_error`):
    a start that only the final flow's loss reaches is easily ignored (the corrections learn
    to do without it, and γ stays near 0); supervised, the features learn to match.  With radii (3, 6)
    (finest first) the half-size level sees every displacement up to 12 pixels — a small
    object moving against the background included, which a coarser start would blur away —
    and each pass at full size corrects it by up to 3.  Each correction :math:`g_\ell` is a
    small CNN whose last layer starts at zero, and the gate γ starts at zero, so the
    untrained estimator says "no motion".

    ``forward(frame0, frame1)`` → list of flows (B, 2, h_ℓ, w_ℓ) in pixels of their level,
    finest first; ``[0]`` is the flow at the frames' resolution.
    """

    def __init__(self, channels: tuple[int, ...] = (24, 32), radius: tuple[int, ...] = (3, 6), hidden: int = 48,
                 iterations: tuple[int, ...] = (2, 1)):
        super().__init__()
        if not isinstance(channels, (tuple, list)) or not channels:
            raise TypeError(f"channels must be a non-empty tuple of feature counts, finest level first, "
                            f"got {validate.show(channels)}")
        channels = [validate.positive_int("channels", c) for c in channels]
        if not isinstance(radius, (tuple, list)) or len(radius) != len(channels):
            raise TypeError(f"radius must be a tuple of {len(channels)} search radii (one per level, finest first), "
                            f"got {validate.show(radius)}")
        self.radius = [validate.non_negative_int("radius", r) for r in radius]
        if not isinstance(iterations, (tuple, list)) or len(iterations) != len(channels):
            raise TypeError(f"iterations must be a tuple of {len(channels)} refinement counts (one per level, finest "
                            f"first), got {validate.show(iterations)}")
        self.iterations = [validate.positive_int("iterations", n) for n in iterations]
        hidden = validate.positive_int("hidden", hidden)
        if hidden < 2:
            raise ValueError(f"hidden must be at least 2, got {hidden}")
        c_in, self.levels = 3, nn.ModuleList()
        for k, c in enumerate(channels):
            self.levels.append(nn.Sequential(_conv(c_in, c, stride=1 if k == 0 else 2), _conv(c, c)))
            c_in = c
        self.correct = nn.ModuleList()
        for c, r in zip(channels, self.radius):
            head = nn.Conv2d(hidden // 2, 2, 3, padding=1)
            nn.init.zeros_(head.weight), nn.init.zeros_(head.bias)
            self.correct.append(nn.Sequential(_conv((2 * r + 1) ** 2 + c + 2, hidden), _conv(hidden, hidden, dilation=2),
                                              _conv(hidden, hidden // 2, dilation=4), head))
        # γ = 10 · match_gate: 0, no motion, until training opens it — in tenths, so that Adam's
        # steps (about lr each) open it within a hundred steps rather than a thousand
        self.match_gate = nn.Parameter(torch.zeros(()))
        self.match_log_temperature = nn.Parameter(torch.tensor(math.log(0.1)))  # log T, T in cosine units

    def features(self, frame: torch.Tensor) -> list[torch.Tensor]:
        """The feature pyramid φ of one frame (B, 3, h, w): unit-length vectors, finest first."""
        out, x = [], frame - 0.5
        for level in self.levels:
            x = level(x)
            out.append(x)
        return [F.normalize(x, dim=1) for x in out]

    def forward(self, frame0: torch.Tensor, frame1: torch.Tensor) -> list[torch.Tensor]:
        return self.flows_between(self.features(frame0), self.features(frame1))

    def flows_between(self, pyramid0: list[torch.Tensor], pyramid1: list[torch.Tensor],
                      with_start: bool = False) -> list[torch.Tensor] | tuple[list[torch.Tensor], torch.Tensor]:
        """The coarse-to-fine flows from the two frames' feature pyramids (:meth:`features`),
        finest first — for a caller that has the pyramids already.  ``with_start``: also return
        the start γ·soft-arg-max (B, 2, h, w) at the coarsest level, which training supervises."""
        flow, flows = None, []
        for level in reversed(range(len(pyramid0))):
            p0, p1, r = pyramid0[level], pyramid1[level], self.radius[level]
            if flow is None:  # the start: soft arg-max of the matches, gated
                flow = start = 10 * self.match_gate * soft_argmax(cost_volume(p0, p1, r) * p0.shape[1],
                                                             self.match_log_temperature.exp(), r)
            else:  # upsample the coarser flow: ×2 in size, and its values with it
                flow = resize_flow(flow, p0.shape[-2:])
            for _ in range(self.iterations[level]):  # the same correction, applied again to its own result
                cost = cost_volume(p0, warp(p1, pixels_to_units(flow)), r) * p0.shape[1]  # cosines
                flow = flow + self.correct[level](torch.cat([cost, p0, flow], 1))
            flows.insert(0, flow)
        return (flows, start) if with_start else flows
