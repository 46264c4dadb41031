"""Chapter 07 explorer: any time t ∈ [0, 1] and any space scale, from two low-resolution frames.

A held-out clip is shown through its two input frames (shrunk by the chosen space scale);
VideoINR-lite renders the 128×128 frame at time t, next to the linear-blend + LIIF
baseline and the exact frame, each with its PSNR.  :class:`TwoFramesExplorer` does the same
for your own two frames, where no exact frame exists.
"""
from __future__ import annotations

import math
import time

import numpy as np

from .. import videoinr
from ..imaging import fit_within, output_size, to_image
from ..metrics import psnr
from . import Explorer

#: Output size of the explorer (pixels per side).
SIZE = 128


class SpaceTimeExplorer(Explorer):
    """Sliders for t (0 … 1) and the space scale (1 … 12) over a held-out clip.

    Attributes
    ----------
    t, scale : ipywidgets.FloatSlider (created by :meth:`widget`).
    result : dict
        The last update: ``t``, ``scale``, ``frame0``, ``frame1`` (inputs), ``videoinr``,
        ``blend`` (blend + LIIF), ``truth``, their PSNRs, ``seconds`` (wall time) and
        ``cpu_seconds`` (the process's CPU time: the wall time on an otherwise idle core).
    """

    PANELS, FIGSIZE = 5, (15, 3.4)

    def __init__(self, clip: int = 0, model: videoinr.VideoINR | None = None, size: int = SIZE):
        super().__init__()
        clips = videoinr.evaluation_clips()
        if not 0 <= clip < len(clips):
            raise ValueError(f"clip must be an index into the {len(clips)} held-out clips, got {clip!r}")
        self.clip = clips[clip]
        self.model = videoinr.load_pretrained() if model is None else model
        self.size = size
        self._frames: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def compute(self, t: float = 0.5, scale: float = 4.0) -> dict:
        """Render time t at ``size``² from inputs ``size/scale`` pixels wide; store in ``self.result``."""
        t = videoinr.check_time(t)
        scale = float(scale)
        if not 1.0 <= scale <= 12.0 or math.isnan(scale):
            raise ValueError(f"scale must be between 1 and 12, got {scale!r}")
        t0, cpu0 = time.perf_counter(), time.process_time()
        lr_size = max(2, round(self.size / scale))
        if lr_size not in self._frames:
            self._frames[lr_size] = tuple(self.clip.low_res(k, lr_size, self.size / lr_size) for k in (0.0, 1.0))
        f0, f1 = self._frames[lr_size]
        out = videoinr.render(self.model, f0, f1, t, (self.size, self.size))
        blend = videoinr.blend_liif(f0, f1, t, (self.size, self.size), self.model.spatial)
        truth = self.clip.frame(t, self.size)
        self.result = {"t": t, "scale": self.size / lr_size, "frame0": f0, "frame1": f1, "videoinr": out,
                       "blend": blend, "truth": truth, "videoinr_psnr": psnr(out, truth),
                       "blend_psnr": psnr(blend, truth), "seconds": time.perf_counter() - t0,
                       "cpu_seconds": time.process_time() - cpu0}
        return self.result

    def plot(self, axes=None):
        """Inputs, blend + LIIF, VideoINR-lite and the exact frame."""
        r, axes = self.start_plot(axes)
        n = r["frame0"].shape[0]
        panels = [(r["frame0"], f"input t = 0 ({n}×{n})"), (r["frame1"], "input t = 1"),
                  (r["blend"], f"blend + LIIF: {r['blend_psnr']:.2f} dB"),
                  (r["videoinr"], f"VideoINR-lite: {r['videoinr_psnr']:.2f} dB"),
                  (r["truth"], f"exact frame, t = {r['t']:.2f}")]
        self.image_panels(axes, panels)
        axes[0].figure.suptitle(f"space ×{r['scale']:.1f}, time t = {r['t']:.2f} — update {r['seconds']:.2f} s",
                                fontsize=10)
        return axes

    def controls(self) -> dict:
        import ipywidgets as w

        return {"t": w.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.01, description="t", continuous_update=False),
                "scale": w.FloatSlider(value=4.0, min=1.0, max=12.0, step=0.5, description="space ×",
                                       continuous_update=False)}


class TwoFramesExplorer(Explorer):
    """Your own two frames: sliders for t (0 … 1) and the space scale (1 … 4).

    The frames (RGB arrays (h, w, 3) of one size; larger ones are first shrunk, antialiased,
    to at most ``max_side`` pixels a side so an update stays interactive on a CPU) are
    rendered by VideoINR-lite at time t and ``scale`` times their size, next to the
    linear blend + LIIF.  There is no ground truth: judge by eye, e.g. edges seen twice.

    Attributes: ``t``, ``scale`` (sliders, created by :meth:`widget`) and ``result``
    (``t``, ``scale``, ``frame0``, ``frame1``, ``videoinr``, ``blend``, ``seconds``).
    """

    PANELS, FIGSIZE = 4, (13, 3.6)

    def __init__(self, frame0, frame1, model: videoinr.VideoINR | None = None, max_side: int = 96):
        super().__init__()
        a, b = videoinr.frame_tensors(frame0, frame1)
        self.frame0, self.frame1 = to_image(fit_within(a, max_side)), to_image(fit_within(b, max_side))
        self.model = videoinr.load_pretrained() if model is None else model

    def compute(self, t: float = 0.5, scale: float = 2.0) -> dict:
        """Render time t at ``scale`` × the frames' size, and the blend; store in ``self.result``."""
        t, scale = videoinr.check_time(t), float(scale)
        if not 1.0 <= scale <= 4.0 or math.isnan(scale):
            raise ValueError(f"scale must be between 1 and 4, got {scale!r}")
        start = time.perf_counter()
        size = output_size(self.frame0.shape[:2], scale)
        self.result = {"t": t, "scale": scale, "frame0": self.frame0, "frame1": self.frame1,
                       "videoinr": videoinr.render(self.model, self.frame0, self.frame1, t, size),
                       "blend": videoinr.blend_liif(self.frame0, self.frame1, t, size, self.model.spatial),
                       "seconds": time.perf_counter() - start}
        return self.result

    def plot(self, axes=None):
        """Both inputs, blend + LIIF and VideoINR-lite at time t."""
        r, axes = self.start_plot(axes)
        h, w = r["videoinr"].shape[:2]
        self.image_panels(axes, [(r["frame0"], "your frame, t = 0"), (r["frame1"], "your frame, t = 1"),
                                 (r["blend"], f"blend + LIIF, t = {r['t']:.2f}"),
                                 (r["videoinr"], f"VideoINR-lite {h}×{w}, t = {r['t']:.2f}")])
        axes[0].figure.suptitle(f"space ×{r['scale']:.1f} — update {r['seconds']:.2f} s", fontsize=10)
        return axes

    def controls(self) -> dict:
        import ipywidgets as w

        return {"t": w.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.01, description="t", continuous_update=False),
                "scale": w.FloatSlider(value=2.0, min=1.0, max=4.0, step=0.25, description="space ×",
                                       continuous_update=False)}
