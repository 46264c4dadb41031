"""Chapter 05 explorer: fly a camera around the shipped NeRF.

Azimuth, elevation and radius sliders place a pinhole camera on a sphere around the
course scene; each move renders a novel view (colour, depth and opacity) from the shipped
hash-grid field with empty-space skipping (its trained occupancy grid, 64 samples per ray)
and early ray termination — no retraining, a fraction of a second per view — with the 2 × 2
rays per pixel it was trained with, or one (four times faster, and aliased). Next to it, the
exact image of the analytic scene from the same camera and the PSNR between them.
"""
from __future__ import annotations

import time

import numpy as np

from .. import nerf
from ..metrics import psnr
from . import Explorer

#: Slider ranges (degrees, scene units) and image sizes.
AZIMUTHS = (-180.0, 180.0)
ELEVATIONS = (-10.0, 80.0)
RADII = (2.6, 5.0)
SIZES = (64, 100)
#: Rays per pixel side: one ray through the centre (fast, aliased) or the s × s rays the
#: model was trained with (:data:`inrlib.nerf.SUPERSAMPLE`).
SUPERSAMPLES = (1, nerf.SUPERSAMPLE)


class NerfViewer(Explorer):
    """Novel views of the shipped NeRF from any camera on the sphere around the scene.

    Attributes
    ----------
    azimuth, elevation, radius, size : ipywidgets controls (created by :meth:`widget`).
    result : dict
        The last view: ``rgb`` (H, W, 3), ``depth``, ``opacity``, ``truth`` (exact image),
        ``psnr``, ``samples`` (network evaluations), ``seconds`` (render time, model only).
    """

    PANELS, FIGSIZE = 3, (10, 3.6)
    ROWS = (("azimuth", "elevation", "radius"), ("size", "supersample"))

    def __init__(self, field=None, occupancy=None, scene: str | None = "course", settings=None,
                 camera_angle_x: float = nerf.CAMERA_ANGLE_X):
        super().__init__()
        if field is None:
            field, occupancy = nerf.load_shipped()
        self.field, self.scene, self.occupancy = field, scene, occupancy
        self.settings, self.camera_angle_x = settings or nerf.SETTINGS, camera_angle_x

    @classmethod
    def from_checkpoint(cls, path) -> "NerfViewer":
        """A viewer of a scene trained by ``python -m inrlib.nerf train --data DIR --out FILE``
        (no exact image beside it: the scene is not one of the course's)."""
        field, occupancy, settings, summary = nerf.load_trained(path)
        return cls(field, occupancy, scene=None, settings=settings, camera_angle_x=summary["camera_angle_x"])

    def compute(self, azimuth: float = 30.0, elevation: float = 30.0, radius: float = nerf.CAMERA_RADIUS,
                size: int = 64, supersample: int = nerf.SUPERSAMPLE, truth: bool = True) -> dict:
        """Render the view from (azimuth, elevation, radius) at size×size with supersample² rays
        per pixel; store it in ``result``."""
        for name, value, (lo, hi) in (("azimuth", azimuth, AZIMUTHS), ("elevation", elevation, ELEVATIONS),
                                      ("radius", radius, RADII)):
            if not isinstance(value, (int, float)) or not lo <= value <= hi:
                raise ValueError(f"{name} must be a number in [{lo:g}, {hi:g}], got {value!r}")
        if size not in SIZES:
            raise ValueError(f"size must be one of {SIZES}, got {size!r}")
        if supersample not in SUPERSAMPLES:
            raise ValueError(f"supersample must be one of {SUPERSAMPLES}, got {supersample!r}")
        pose = nerf.orbit_pose(azimuth, elevation, radius)
        focal = nerf.focal_from_fov(size, self.camera_angle_x)
        t0 = time.perf_counter()
        view = nerf.render_image(self.field, size, size, focal, pose, self.settings, occupancy=self.occupancy,
                                 supersample=supersample)
        seconds = time.perf_counter() - t0
        result = {**view, "azimuth": azimuth, "elevation": elevation, "radius": radius, "size": size,
                  "supersample": supersample,
                  "seconds": seconds, "truth": None, "psnr": None}
        if truth and self.scene is not None:
            rgb, alpha = nerf.render_ground_truth(nerf.SCENES[self.scene], size, size, focal, pose)
            result["truth"] = rgb * alpha[..., None] + (1 - alpha[..., None])
            result["psnr"] = psnr(np.clip(view["rgb"], 0, 1), result["truth"])
        self.result = result
        return result

    def plot(self, axes=None):
        """NeRF view, exact view, depth map of the last result."""
        r, axes = self.start_plot(axes)
        for ax in axes:
            ax.axis("off")
        axes[0].imshow(np.clip(r["rgb"], 0, 1), interpolation="nearest")
        rays = "1 ray" if r["supersample"] == 1 else f"{r['supersample']}×{r['supersample']} rays"
        axes[0].set_title(f"NeRF, {r['size']}×{r['size']}, {rays}/pixel: {r['seconds']:.2f} s", fontsize=10)
        if r["truth"] is not None:
            axes[1].imshow(r["truth"], interpolation="nearest")
            axes[1].set_title(f"exact; PSNR {r['psnr']:.1f} dB", fontsize=10)
        depth = np.where(r["opacity"] > 0.5, r["depth"] / np.maximum(r["opacity"], 1e-6), np.nan)
        axes[2].imshow(depth, cmap="viridis", interpolation="nearest")
        axes[2].set_title("depth (where opacity > ½)", fontsize=10)
        return axes

    def controls(self) -> dict:
        """Three camera sliders, the image size and the rays per pixel (the keyword arguments of
        :meth:`compute`)."""
        import ipywidgets as w

        return {"azimuth": w.FloatSlider(value=30.0, min=AZIMUTHS[0], max=AZIMUTHS[1], step=5.0,
                                         description="azimuth °", continuous_update=False),
                "elevation": w.FloatSlider(value=30.0, min=ELEVATIONS[0], max=ELEVATIONS[1], step=5.0,
                                           description="elevation °", continuous_update=False),
                "radius": w.FloatSlider(value=nerf.CAMERA_RADIUS, min=RADII[0], max=RADII[1], step=0.1,
                                        description="radius", continuous_update=False),
                "size": w.ToggleButtons(options=SIZES, value=64, description="pixels"),
                "supersample": w.ToggleButtons(options=[("1 ray", 1), (f"{nerf.SUPERSAMPLE}×{nerf.SUPERSAMPLE} rays",
                                                                         nerf.SUPERSAMPLE)],
                                               value=nerf.SUPERSAMPLE, description="per pixel")}
