"""Chapter 06 explorer: one LIIF model, a continuous zoom from ×1 to ×30.

A held-out photo — or your own, passed as an RGB array — is shrunk by the chosen factor
(antialiased, as in training) and brought back to its size by the shipped LIIF model and
by bicubic interpolation; a 256×256 crop of each is shown beside the truth, with its PSNR.  Only the crop is queried, so an update
takes well under a second on a laptop CPU.
"""
from __future__ import annotations

import math
import time

import numpy as np

from .. import liif
from ..imaging import fit_within, image_tensor, to_image
from ..metrics import psnr
from . import Explorer

#: Output crop shown by the explorer (pixels per side).
CROP = 256


class ZoomExplorer(Explorer):
    """A scale slider (1.0 … 30.0) over a held-out photo: LIIF vs bicubic, live.

    Attributes
    ----------
    scale : ipywidgets.FloatSlider (created by :meth:`widget`).
    result : dict
        The last update: ``scale``, ``lr`` (the input), ``truth``, ``liif``, ``bicubic``
        (the crops), ``liif_psnr``, ``bicubic_psnr``, ``seconds`` (wall time) and
        ``cpu_seconds`` (the process's CPU time: the wall time on an otherwise idle core).
    """

    PANELS, FIGSIZE = 4, (13, 3.6)

    def __init__(self, photo: str | np.ndarray = "chelsea", model: liif.LIIF | None = None, crop: int = CROP,
                 max_side: int = 512):
        super().__init__()
        if isinstance(photo, str) and photo not in liif.TEST_PHOTOS:
            raise ValueError(f"photo must be a held-out photo, one of {liif.TEST_PHOTOS}, or an RGB image "
                             f"(h, w, 3), got {photo!r}")
        # your own photo is first shrunk to at most max_side pixels a side, like the bundled ones
        self.photo = (liif.load_photos((photo,))[0] if isinstance(photo, str)
                      else to_image(fit_within(image_tensor("photo", photo), max_side)))
        self.model = liif.load_pretrained() if model is None else model
        self.crop = crop

    def compute(self, scale: float = 4.0) -> dict:
        """Shrink by ``scale``, upsample back both ways, keep the central crop; store in ``self.result``."""
        scale = float(scale)
        if not (1.0 <= scale <= 30.0) or math.isnan(scale):
            raise ValueError(f"scale must be between 1 and 30, got {scale!r}")
        t0, cpu0 = time.perf_counter(), time.process_time()
        lr, hr = liif.degrade(self.photo, scale)
        height, width = hr.shape[:2]
        top, left = max(0, (height - self.crop) // 2), max(0, (width - self.crop) // 2)
        rows, cols = slice(top, top + self.crop), slice(left, left + self.crop)
        ours = liif.upsample(self.model, lr, size=(height, width), region=(rows, cols))
        base = liif.bicubic_upsample(lr, size=(height, width))[rows, cols]
        truth = hr[rows, cols]
        self.result = {"scale": scale, "lr": lr, "truth": truth, "liif": ours, "bicubic": base,
                       "liif_psnr": psnr(ours, truth), "bicubic_psnr": psnr(base, truth),
                       "seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - cpu0}
        return self.result

    def plot(self, axes=None):
        """Input, bicubic, LIIF and truth side by side, with PSNRs."""
        r, axes = self.start_plot(axes)
        panels = [(r["lr"], f"input {r['lr'].shape[0]}×{r['lr'].shape[1]} (whole photo)"),
                  (r["bicubic"], f"bicubic ×{r['scale']:.1f}: {r['bicubic_psnr']:.2f} dB"),
                  (r["liif"], f"LIIF ×{r['scale']:.1f}: {r['liif_psnr']:.2f} dB"),
                  (r["truth"], "ground truth (crop)")]
        self.image_panels(axes, panels)
        axes[0].figure.suptitle(f"one model, any scale — update took {r['seconds']:.2f} s", fontsize=10)
        return axes

    def controls(self) -> dict:
        import ipywidgets as w

        return {"scale": w.FloatSlider(value=4.0, min=1.0, max=30.0, step=0.1, description="scale ×",
                                       continuous_update=False, readout_format=".1f")}
