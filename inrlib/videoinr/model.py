"""The model (lecture §5–§6): chapter 06's LIIF as the spatial implicit function, frozen, and
a temporal implicit function that, at a query (x_s, t), follows the motion through that point
to each frame and predicts a blend:

.. math:: I(x_s, t) = (1-\\alpha)\\,\\mathcal{F}_s^{(0)}(x_s + \\mathcal{M}_0) + \\alpha\\,\\mathcal{F}_s^{(1)}(x_s + \\mathcal{M}_1),
          \\quad \\alpha = \\frac{t e^{a}}{t e^{a} + 1 - t}.

The motion comes from two dense flows of the frames (:class:`~inrlib.videoinr.motion.FlowEstimator`,
:math:`F_{0\\to1}` and :math:`F_{1\\to0}`).  Assuming each point moves in a straight line
from frame 0 to frame 1, the content at :math:`(x_s, t)` came from the point p of frame 0 with
:math:`p + t\\,F_{0\\to1}(p) = x_s`, and went to the point q of frame 1 with
:math:`q + (1-t)\\,F_{1\\to0}(q) = x_s`.  Both equations are solved per query by fixed-point
iteration (:func:`trajectory`) from four starts, keeping the solution that best explains x_s
(:func:`path_through`: a fast object has a second solution, the background it hides); each
gives a candidate pair of flows to the two frames.  A small MLP reads, with t, how well the
two ends of each candidate agree (features of both frames), and returns the weight of each
candidate, a correction of each flow and the blend logit a.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .. import liif, validate
from ..imaging import make_query_grid, output_size, pixel_coordinates
from .clips import check_time, frame_tensors
from .motion import FlowEstimator

#: Fixed-point iterations of :func:`trajectory`.
TRAJECTORY_STEPS = 4
#: λ of :func:`path_through`: how much a faster path is preferred (per pixel of motion).
FASTER_IN_FRONT = 0.2


def sample(grid: torch.Tensor, coords: torch.Tensor) -> torch.Tensor:
    """Bilinear read of a map (B, C, h, w) at coordinates (B, Q, 2) in [−1, 1]²: (B, Q, C)."""
    return F.grid_sample(grid, coords.unsqueeze(2), mode="bilinear", padding_mode="border",
                         align_corners=False)[..., 0].transpose(1, 2)


def trajectory(flow: torch.Tensor, coords: torch.Tensor, fraction: torch.Tensor,
               steps: int = TRAJECTORY_STEPS, start: torch.Tensor | None = None) -> torch.Tensor:
    """The start p of the straight path that passes ``coords`` after ``fraction`` of its flow:

    .. math:: p + τ\\,F(p) = x \\quad\\Longleftarrow\\quad p_{k+1} = x - τ\\,F(p_k),
              \\; p_0 = x \\text{ (or ``start``)}.

    flow (B, 2, h, w) in [−1, 1] units, coords (B, Q, 2), fraction τ (B, 1, 1) or (B, Q, 1).
    Returns p (B, Q, 2); at τ = 0 it is exactly x.
    """
    p = coords if start is None else start
    for _ in range(steps):
        p = coords - fraction * sample(flow, p)
    return p


def splat(flow: torch.Tensor, fraction: torch.Tensor) -> torch.Tensor:
    """Forward splatting: the flow carried to time τ, as Super-SloMo and softmax splatting do.

    Every pixel p of the frame moves to :math:`p + τF(p)` and writes its flow into the pixel
    it lands in; where several land in one pixel, the fastest wins (see :func:`path_through`);
    a pixel nothing lands in gets 0.

    flow (B, 2, h, w) in [−1, 1] units, fraction τ (B, 1, 1) → (B, 2, h, w): at a pixel x, the
    flow of the content that reaches x at τ, so :math:`x - τ\\,\\mathrm{splat}(x)` is where it started.
    """
    b, _, h, w = flow.shape
    moves = flow.flatten(2).transpose(1, 2)  # (B, hw, 2)
    lands = pixel_coordinates(h, w).to(flow) + fraction * moves
    col, row = ((lands[..., 0] + 1) * w / 2).floor().long(), ((lands[..., 1] + 1) * h / 2).floor().long()
    inside = (col >= 0) & (col < w) & (row >= 0) & (row < h)
    target = torch.where(inside, row * w + col, h * w)  # outside: into a spare pixel, dropped below
    speed = moves.norm(dim=-1)
    fastest = torch.full((b, h * w + 1), -1.0, dtype=flow.dtype).scatter_reduce(1, target, speed, "amax")
    target = torch.where(inside & (speed >= fastest.gather(1, target)), target, h * w)
    out = flow.new_zeros(b, h * w + 1, 2).scatter_(1, target[..., None].expand(-1, -1, 2), moves)
    return out[:, :-1].transpose(1, 2).reshape(b, 2, h, w)


def path_through(flow: torch.Tensor, other: torch.Tensor, coords: torch.Tensor, fraction: torch.Tensor,
                 features: torch.Tensor, other_features: torch.Tensor, pixel: torch.Tensor) -> torch.Tensor:
    """The solution of :math:`p + τF(p) = x` (:func:`trajectory`) that best explains x.

    Where an object moves fast, the equation has two solutions: the object, and the background
    it hides at time t (visible in this frame, behind the object in the other).  Started at x
    alone, the iteration finds the background whenever x lies off the object in this frame.
    So it starts four times,

    .. math:: p_0 = x, \\qquad p_0 = x - τF(x), \\qquad p_0 = x + τG(x),
              \\qquad p_0 = x - τ\\,\\mathrm{splat}(F, τ)(x)

    (G: the other frame's flow, whose content at x came from :math:`x + G(x)`; moving at
    constant speed, it was at :math:`x + τG(x)` in this frame; :func:`splat` carries F forward to
    time τ and so reaches the sides of a passing object, where neither frame shows it at x),
    and keeps the end p with the smallest score

    .. math:: \\underbrace{|p + τF(p) - x|}_{\\text{residual, pixels}} + \\big(1 - \\cos(φ(p), φ'(p + F(p)))\\big)
              - λ\\,|τF(p)|_{\\text{pixels}}, \\qquad λ = \\mathtt{FASTER\\_IN\\_FRONT} = 0.2:

    a path that solves the equation, whose two ends look alike (φ here, φ' in the other
    frame: hidden background matches badly), and — where two paths explain x equally well,
    as at the sides of a passing object, whose background shows in both frames — the faster
    one, taken to be in front.  That last rule is an assumption about the scene: in these
    clips the object moves faster than the camera; a camera that follows the object would
    need the opposite.

    flow, other (B, 2, h, w) in [−1, 1] units; coords (B, Q, 2); fraction τ (B, 1, 1), one per pair;
    features, other_features (B, C, h, w) unit vectors; pixel (2,) one pixel in [−1, 1] units.
    Returns p (B, Q, 2).  At τ = 0 every start is x, so p = x exactly.
    """
    with torch.no_grad():  # where to start is a choice, not a function to differentiate
        carried = F.grid_sample(splat(flow, fraction), coords.unsqueeze(2), mode="nearest", padding_mode="border",
                                align_corners=False)[..., 0].transpose(1, 2)
    starts = (coords, coords - fraction * sample(flow, coords), coords + fraction * sample(other, coords),
              coords - fraction * carried)
    ends = torch.stack([trajectory(flow, coords, fraction, start=s) for s in starts])  # (4, B, Q, 2)
    scores = []
    with torch.no_grad():
        for p in ends:
            moved = sample(flow, p)
            residual = ((p + fraction * moved - coords) / pixel).norm(dim=-1)
            match = (sample(features, p) * sample(other_features, p + moved)).sum(-1)
            scores.append(residual + 1 - match - FASTER_IN_FRONT * (fraction * moved / pixel).norm(dim=-1))
    best = torch.stack(scores).argmin(0)  # (B, Q)
    return ends.gather(0, best[None, ..., None].expand(1, *ends.shape[1:]))[0]


class VideoINR(nn.Module):
    """Spatial implicit function (frozen LIIF) + temporal implicit function (flows and blend).

    ``flow`` estimates the two dense flows once per pair of frames; ``temporal`` maps, per
    query, [t, t(1 − t), the two candidate trajectories (flows in pixels), how well each
    matches (cosines), the frames' features at both ends of each] to
    (c, d₀, d₁, a): the weight logit of candidate A, corrections of the flows in pixels and
    the blend logit.  The last layers of both start at zero, so the untrained model *is*
    the linear-blend + LIIF baseline; at t = 0 and t = 1 the query is exactly LIIF of the
    first and the last frame, whatever the weights.
    """

    def __init__(self, spatial: liif.LIIF, hidden: int = 96, freeze_spatial: bool = True):
        super().__init__()
        if not isinstance(spatial, liif.LIIF):
            raise TypeError(f"spatial must be an inrlib.liif.LIIF, got {type(spatial).__name__}")
        hidden = validate.positive_int("hidden", hidden)
        self.spatial = spatial
        if freeze_spatial:
            self.spatial.requires_grad_(False)
        self.flow = FlowEstimator()
        c = self.flow.levels[0][-1][0].out_channels
        self.temporal = nn.Sequential(nn.Linear(4 * c + 12, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                      nn.Linear(hidden, 6))
        nn.init.zeros_(self.temporal[-1].weight)
        nn.init.zeros_(self.temporal[-1].bias)

    def encode(self, frame0: torch.Tensor, frame1: torch.Tensor) -> dict:
        """Encode the two frames (B, 3, h, w) once: LIIF states, both dense flows, features."""
        for name, f in (("frame0", frame0), ("frame1", frame1)):
            validate.tensor(name, f, ndim=4)
        if frame0.shape != frame1.shape:
            raise ValueError(f"frame1 must have the shape of frame0 {tuple(frame0.shape)}, got {tuple(frame1.shape)}")
        b = len(frame0)
        pyramid = self.flow.features(torch.cat([frame0, frame1]))  # each frame described once
        swapped = [torch.cat([level[b:], level[:b]]) for level in pyramid]
        flows, start = self.flow.flows_between(pyramid, swapped, with_start=True)  # both directions at once
        features = pyramid[0]
        return {"s0": self.spatial.encode(frame0), "s1": self.spatial.encode(frame1),
                "flow01": flows[0][:b], "flow10": flows[0][b:], "pyramids": flows, "start": start,
                "features0": features[:b], "features1": features[b:], "size": frame0.shape[-2:]}

    def motion_at(self, state: dict, coords: torch.Tensor, t: torch.Tensor) -> dict[str, torch.Tensor]:
        """The temporal implicit function at coords (B, Q, 2) and t (B, 1, 1): flows M₀, M₁ (B, Q, 2, in
        [−1, 1] units) and blend α (B, Q, 1)."""
        h, w = state["size"]
        pixel = coords.new_tensor([2.0 / w, 2.0 / h])  # one pixel in [−1, 1] units
        tau, t = t.reshape(-1, 1, 1), t.expand(*coords.shape[:2], 1)  # one t per pair; per query
        f01, f10 = (state[k] * pixel.view(1, 2, 1, 1) for k in ("flow01", "flow10"))
        p = path_through(f01, f10, coords, tau, state["features0"], state["features1"], pixel)  # A: from frame 0 …
        a0, a1 = p - coords, p + sample(f01, p) - coords  # … and where frame 0's flow takes it
        q = path_through(f10, f01, coords, 1 - tau, state["features1"], state["features0"], pixel)  # B: to frame 1 …
        b0, b1 = q + sample(f10, q) - coords, q - coords  # … and where frame 1's flow says it came from
        ends = [sample(state["features0"], coords + a0), sample(state["features1"], coords + a1),
                sample(state["features0"], coords + b0), sample(state["features1"], coords + b1)]
        match = [(ends[0] * ends[1]).sum(-1, keepdim=True), (ends[2] * ends[3]).sum(-1, keepdim=True)]
        out = self.temporal(torch.cat([t, t * (1 - t), *(f / pixel for f in (a0, a1, b0, b1)), *match, *ends], -1))
        odds = torch.log(t) - torch.log(1 - t)  # −∞ at t = 0, +∞ at t = 1
        weight = torch.sigmoid(out[..., 0:1] - odds)  # (1−t)e^c / ((1−t)e^c + t): 1 at t = 0 (A is exact), 0 at t = 1
        flow0 = weight * a0 + (1 - weight) * b0 + t * out[..., 1:3] * pixel
        flow1 = weight * a1 + (1 - weight) * b1 + (1 - t) * out[..., 3:5] * pixel
        alpha = torch.sigmoid(out[..., 5:6] + odds)  # t e^a / (t e^a + 1 − t)
        return {"flow0": flow0, "flow1": flow1, "alpha": alpha}

    def query(self, state: dict, coords: torch.Tensor, t: float | torch.Tensor,
              cells: torch.Tensor | None = None) -> torch.Tensor:
        """RGB (B, Q, 3) at space coordinates (B, Q, 2) and time t ∈ [0, 1] (a number or (B, 1, 1))."""
        t = torch.as_tensor(t, dtype=coords.dtype).reshape(-1, 1, 1)
        if ((t < 0) | (t > 1)).any():
            raise ValueError(f"t must lie in [0, 1], got {t.flatten().tolist()}")
        m = self.motion_at(state, coords, t)
        rgb0 = self.spatial.query(state["s0"], coords + m["flow0"], cells)
        rgb1 = self.spatial.query(state["s1"], coords + m["flow1"], cells)
        return (1 - m["alpha"]) * rgb0 + m["alpha"] * rgb1

    def forward(self, frame0, frame1, coords, t, cells=None):
        return self.query(self.encode(frame0, frame1), coords, t, cells)


@torch.no_grad()
def render(model: VideoINR, frame0, frame1, t: float, size: tuple[int, int], chunk_size: int = 4096) -> np.ndarray:
    """The frame at time t ∈ [0, 1] at any output ``size`` (H, W) from two (h, w, 3) frames."""
    if not isinstance(model, VideoINR):
        raise TypeError(f"model must be an inrlib.videoinr.VideoINR, got {type(model).__name__}")
    a, b = frame_tensors(frame0, frame1)
    t = check_time(t)
    height, width = output_size(a.shape[-2:], size=size)
    if height < a.shape[-2] or width < a.shape[-1]:
        raise ValueError(f"size must be at least the frames' size {tuple(a.shape[-2:])} (scale ≥ 1), got {size}")
    model.eval()
    state = model.encode(a, b)
    coords, cells = make_query_grid(height, width)
    out = torch.empty(height * width, 3)
    for start in range(0, len(coords), validate.positive_int("chunk_size", chunk_size)):
        c = coords[None, start : start + chunk_size]
        out[start : start + c.shape[1]] = model.query(state, c, t, cells[None, start : start + chunk_size])[0]
    return out.clamp(0, 1).view(height, width, 3).numpy()
