"""Classical optical flow (lecture §4): Horn–Schunck, coarse to fine with warping — the
motion estimate of the third baseline, no learning involved.

Horn and Schunck (1981) find the flow (u, v) that minimises

.. math:: \\iint \\big(I_x u + I_y v + I_t\\big)^2 + λ^2 \\big(|\\nabla u|^2 + |\\nabla v|^2\\big)\\,dx\\,dy,

brightness constancy linearised, plus smoothness.  Its Euler–Lagrange equations are solved by
Jacobi iterations, with ū the average of the neighbours:

.. math:: u \\leftarrow ū - I_x\\,\\frac{I_x ū + I_y \\bar v + I_t}{λ^2 + I_x^2 + I_y^2}, \\qquad
          v \\leftarrow \\bar v - I_y\\,\\frac{I_x ū + I_y \\bar v + I_t}{λ^2 + I_x^2 + I_y^2}.

The linearisation holds for motions under about a pixel, so the flow is found coarse to
fine (an image pyramid, halving the size) and, at each level, frame 1 is warped by the
current flow and only the remaining increment is solved for (Brox et al. 2004's "warping");
each warp moves the flow by at most a pixel, the reach of the linearisation, and a 3×3
median filter after each warp removes outliers (Sun, Roth & Black 2010).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .. import validate
from .motion import pixels_to_units, resize_flow, warp

#: Neighbour average of Horn and Schunck's paper.
NEIGHBOURS = torch.tensor([[1 / 12, 1 / 6, 1 / 12], [1 / 6, 0.0, 1 / 6], [1 / 12, 1 / 6, 1 / 12]])


def _check_horn_schunck(frame0, frame1, smoothness=0.05, iterations=150, warps=3, min_size=10) -> None:
    validate.tensor("frame0", frame0, ndim=4)
    validate.tensor("frame1", frame1, ndim=4)
    if frame0.shape != frame1.shape:
        raise ValueError(f"frame1 must have the shape of frame0 {tuple(frame0.shape)}, got {tuple(frame1.shape)}")
    validate.positive_float("smoothness", smoothness)
    for name, value in (("iterations", iterations), ("warps", warps), ("min_size", min_size)):
        validate.positive_int(name, value)


def _filter(image: torch.Tensor, kernel: torch.Tensor) -> torch.Tensor:
    """Each channel of (B, C, h, w) filtered by a 3×3 kernel, borders repeated."""
    c = image.shape[1]
    return F.conv2d(F.pad(image, (1, 1, 1, 1), mode="replicate"), kernel.to(image).expand(c, 1, 3, 3), groups=c)


def _median3(flow: torch.Tensor) -> torch.Tensor:
    b, c, h, w = flow.shape
    patches = F.unfold(F.pad(flow, (1, 1, 1, 1), mode="replicate"), 3).view(b, c, 9, h, w)
    return patches.median(2).values


@validate.checked(_check_horn_schunck)
def horn_schunck(frame0: torch.Tensor, frame1: torch.Tensor, smoothness: float = 0.05, iterations: int = 150,
                 warps: int = 3, min_size: int = 10) -> torch.Tensor:
    """Coarse-to-fine Horn–Schunck flow from frame 0 to frame 1: (B, 3, h, w) → (B, 2, h, w) in pixels.

    ``smoothness`` is λ (intensities in [0, 1]); ``iterations`` Jacobi iterations per warp,
    ``warps`` warps per level; the pyramid halves the frames down to ``min_size`` pixels.
    """
    grey0, grey1 = frame0.mean(1, keepdim=True), frame1.mean(1, keepdim=True)
    pyramid = [(grey0, grey1)]
    while min(pyramid[-1][0].shape[-2:]) >= 2 * min_size:
        pyramid.append(tuple(F.avg_pool2d(g, 2, ceil_mode=True) for g in pyramid[-1]))
    dx = torch.tensor([[0.0, 0.0, 0.0], [-0.5, 0.0, 0.5], [0.0, 0.0, 0.0]])  # central differences
    flow = None
    for i0, i1 in reversed(pyramid):
        flow = i0.new_zeros(i0.shape[0], 2, *i0.shape[-2:]) if flow is None else resize_flow(flow, i0.shape[-2:])
        for _ in range(warps):
            moved = warp(i1, pixels_to_units(flow))
            mean = (i0 + moved) / 2
            ix, iy, it = _filter(mean, dx), _filter(mean, dx.T), moved - i0
            start, denominator = flow, smoothness**2 + ix**2 + iy**2
            for _ in range(iterations):
                average = _filter(flow, NEIGHBOURS)
                u, v = average[:, :1], average[:, 1:]
                residual = it + ix * (u - start[:, :1]) + iy * (v - start[:, 1:])
                flow = torch.cat([u - ix * residual / denominator, v - iy * residual / denominator], 1)
            flow = _median3(start + (flow - start).clamp(-1.0, 1.0))  # the linearisation's reach: a pixel
    return flow
