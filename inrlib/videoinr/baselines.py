"""The baselines of the deck's tables (lecture §4): a frame at time t from the two frames,
then upsampled in space by bicubic interpolation or by chapter 06's LIIF.

* **Linear blend** — no motion at all:

  .. math:: I(x, t) = (1-t)\\,U(I_0)(x) + t\\,U(I_1)(x), \\qquad U ∈ \\{\\text{bicubic}, \\text{LIIF}\\}.

* **Flow interpolation** — classical, as a user without a trained network would do it:
  Horn–Schunck flows both ways (:func:`~inrlib.videoinr.classical.horn_schunck`), the frame
  at t warped from both frames along straight paths, then LIIF ("HS + LIIF", the deck's
  "X + LIIF" rows with a classical X).  Each flow gives a candidate path through x at time t
  (:func:`~inrlib.videoinr.model.trajectory`): from frame 0's flow, the point p with
  :math:`p + tF_{0→1}(p) = x`, whose ends are :math:`p` and :math:`p + F_{0→1}(p)`; from frame 1's
  flow, likewise.  Each candidate's colour is :math:`(1-t)\\,I_0(\\text{start}) + t\\,I_1(\\text{end})`;
  the two are weighted by :math:`(1-t)\\,e^{-e_A/σ}` and :math:`t\\,e^{-e_B/σ}`, where e is how
  much the candidate's two ends differ in colour — a path whose ends disagree runs through an
  occlusion or a wrong flow.
"""
from __future__ import annotations

import numpy as np
import torch

from .. import liif, validate
from ..imaging import bicubic_upsample, pixel_coordinates, to_image
from .classical import horn_schunck
from .clips import check_time, frame_tensors
from .model import sample, trajectory

#: σ of the candidates' weights (colours in [0, 1]).
END_MISMATCH = 0.05


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


def classical_flows(frame0, frame1) -> tuple[torch.Tensor, torch.Tensor]:
    """Horn–Schunck flows frame 0 → 1 and 1 → 0 of two (h, w, 3) frames: (1, 2, h, w) each, in pixels."""
    a, b = frame_tensors(frame0, frame1)
    both = horn_schunck(torch.cat([a, b]), torch.cat([b, a]))
    return both[:1], both[1:]


def flow_interpolate(frame0, frame1, t: float, flows: tuple[torch.Tensor, torch.Tensor]) -> np.ndarray:
    """The frame (h, w, 3) at time t, warped from both frames along the paths of ``flows``
    (frame 0 → 1 and 1 → 0, (1, 2, h, w) in pixels, e.g. :func:`classical_flows`)."""
    a, b = frame_tensors(frame0, frame1)
    t = check_time(t)
    h, w = a.shape[-2:]
    if not isinstance(flows, (tuple, list)) or len(flows) != 2 or any(f.shape != (1, 2, h, w) for f in flows):
        raise ValueError(f"flows must be two flows of shape (1, 2, {h}, {w}), got {validate.show(flows)}")
    pixel = torch.tensor([2.0 / w, 2.0 / h])
    f01, f10 = (f * pixel.view(1, 2, 1, 1) for f in flows)
    x, tt = pixel_coordinates(h, w)[None], torch.tensor(t).view(1, 1, 1)
    p, q = trajectory(f01, x, tt), trajectory(f10, x, 1 - tt)
    colours, weights = [], []
    for start, end, prior in ((p, p + sample(f01, p), 1 - t), (q + sample(f10, q), q, t)):
        c0, c1 = sample(a, start), sample(b, end)
        colours.append((1 - t) * c0 + t * c1)
        weights.append(prior * torch.exp(-(c0 - c1).abs().mean(-1, keepdim=True) / END_MISMATCH))
    out = (weights[0] * colours[0] + weights[1] * colours[1]) / (weights[0] + weights[1]).clamp_min(1e-12)
    return to_image(out.view(1, h, w, 3).permute(0, 3, 1, 2))


def hs_liif(frame0, frame1, t: float, size: tuple[int, int], model: liif.LIIF,
            flows: tuple[torch.Tensor, torch.Tensor] | None = None) -> np.ndarray:
    """Baseline (c): Horn–Schunck flow interpolation at the frames' size, then LIIF to ``size``.
    ``flows``: the pair's :func:`classical_flows`, if already computed (they do not depend on t)."""
    flows = classical_flows(frame0, frame1) if flows is None else flows
    return liif.upsample(model, flow_interpolate(frame0, frame1, t, flows), size=size)
