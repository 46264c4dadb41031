"""The model (lecture §5–§6): chapter 06's LIIF as the spatial implicit function, frozen, and
a temporal implicit function that predicts, from motion features at :math:`x_s` and the time
t, a flow to each frame and a blend:

.. math:: I(x_s, t) = (1-\\alpha)\\,\\mathcal{F}_s^{(0)}(x_s + \\mathcal{M}_0) + \\alpha\\,\\mathcal{F}_s^{(1)}(x_s + \\mathcal{M}_1),
          \\quad \\mathcal{M}_0 = t\\,d_0,\\; \\mathcal{M}_1 = (1-t)\\,d_1,\\; \\alpha = \\frac{t e^{a}}{t e^{a} + 1 - t}.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .. import liif, validate
from ..imaging import make_query_grid, output_size
from .clips import check_time, frame_tensors
from .motion import MotionEncoder


class VideoINR(nn.Module):
    """Spatial implicit function (frozen LIIF) + temporal implicit function (flow and blend).

    ``temporal`` maps [motion features at x_s (C), t, t(1 − t)] to (d₀, d₁, a): flows in
    low-resolution pixels and a blend logit (see the module docstring).  Its last layer
    starts at zero, so the untrained model *is* the linear-blend + LIIF baseline.
    """

    def __init__(self, spatial: liif.LIIF, channels: int = 32, hidden: int = 64, freeze_spatial: bool = True):
        super().__init__()
        if not isinstance(spatial, liif.LIIF):
            raise TypeError(f"spatial must be an inrlib.liif.LIIF, got {type(spatial).__name__}")
        channels, hidden = validate.positive_int("channels", channels), validate.positive_int("hidden", hidden)
        self.spatial = spatial
        if freeze_spatial:
            self.spatial.requires_grad_(False)
        self.motion = MotionEncoder(channels)
        self.temporal = nn.Sequential(nn.Linear(channels + 2, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                      nn.Linear(hidden, 5))
        nn.init.zeros_(self.temporal[-1].weight)
        nn.init.zeros_(self.temporal[-1].bias)

    def encode(self, frame0: torch.Tensor, frame1: torch.Tensor) -> dict:
        """Encode the two frames (B, 3, h, w) once: LIIF states and the motion features."""
        for name, f in (("frame0", frame0), ("frame1", frame1)):
            validate.tensor(name, f, ndim=4)
        if frame0.shape != frame1.shape:
            raise ValueError(f"frame1 must have the shape of frame0 {tuple(frame0.shape)}, got {tuple(frame1.shape)}")
        return {"s0": self.spatial.encode(frame0), "s1": self.spatial.encode(frame1),
                "motion": self.motion(frame0, frame1), "size": frame0.shape[-2:]}

    def motion_at(self, state: dict, coords: torch.Tensor, t: torch.Tensor) -> dict[str, torch.Tensor]:
        """The temporal implicit function: flows M₀, M₁ (B, Q, 2, in [−1, 1] units) and blend α (B, Q, 1)."""
        h, w = state["size"]
        feats = F.grid_sample(state["motion"], coords.unsqueeze(2), mode="bilinear", padding_mode="border",
                              align_corners=False)[..., 0].transpose(1, 2)
        t = t.expand(*coords.shape[:2], 1)
        out = self.temporal(torch.cat([feats, t, t * (1 - t)], -1))
        pixel = coords.new_tensor([2.0 / w, 2.0 / h])
        flow0, flow1 = t * out[..., 0:2] * pixel, (1 - t) * out[..., 2:4] * pixel
        weight = t * torch.exp(out[..., 4:5])
        alpha = weight / (weight + (1 - t)).clamp_min(1e-12)
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
