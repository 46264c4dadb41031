"""Videos with exact ground truth at any (x, y, t) (lecture §2): real photos under known pan,
zoom and rotation, with a textured disc moving over them; their true motion; the checks of
a time t and of a pair of frames that the rest of the chapter shares."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .. import validate
from ..imaging import downsample, image_tensor, pixel_coordinates, to_image


def _rotation(angle: torch.Tensor) -> torch.Tensor:
    c, s = torch.cos(angle), torch.sin(angle)
    return torch.stack([torch.stack([c, -s]), torch.stack([s, c])])


@dataclass
class Clip:
    """A continuous video: a photo seen through a moving camera, and a moving textured disc.

    The camera looks at the window of the ``background`` photo centred at
    ``center + t·velocity`` (photo coordinates in [−1, 1]), rotated by ``angle + t·spin``
    (radians) and of half-size ``half_size · zoom**t``.  The disc (radius ``radius`` in view
    coordinates, texture ``texture``) moves from ``disc_start`` to ``disc_start + disc_velocity``.
    Any frame at any time t and any resolution is rendered exactly by :meth:`frame`, and the
    true motion by :meth:`true_flow`.
    """

    background: torch.Tensor  # (3, H, W) in [0, 1]
    texture: torch.Tensor  # (3, h, w) in [0, 1]
    center: tuple[float, float] = (0.0, 0.0)
    velocity: tuple[float, float] = (0.0, 0.0)
    angle: float = 0.0
    spin: float = 0.0
    half_size: float = 0.5
    zoom: float = 1.0
    disc_start: tuple[float, float] = (0.0, 0.0)
    disc_velocity: tuple[float, float] = (0.0, 0.0)
    radius: float = 0.0

    def _camera(self, t: float):
        t = torch.as_tensor(float(t))
        c = torch.tensor(self.center) + t * torch.tensor(self.velocity)
        r = _rotation(self.angle + t * self.spin)
        h, w = self.background.shape[-2:]
        half = self.half_size * self.zoom ** t * torch.tensor([h / w, 1.0])  # square pixels in the view
        return c, r, half

    def view_to_photo(self, t: float, coords: torch.Tensor) -> torch.Tensor:
        """Photo coordinates seen at view coordinates ``coords`` (N, 2) at time t."""
        c, r, half = self._camera(t)
        return c + (coords @ r.T) * half

    def photo_to_view(self, t: float, points: torch.Tensor) -> torch.Tensor:
        """Inverse of :meth:`view_to_photo`."""
        c, r, half = self._camera(t)
        return ((points - c) / half) @ r

    def disc_center(self, t: float) -> torch.Tensor:
        return torch.tensor(self.disc_start) + float(t) * torch.tensor(self.disc_velocity)

    def in_disc(self, t: float, coords: torch.Tensor) -> torch.Tensor:
        return ((coords - self.disc_center(t)) ** 2).sum(-1) < self.radius**2

    def sample(self, t: float, coords: torch.Tensor) -> torch.Tensor:
        """Exact colours (N, 3) at view coordinates (N, 2) at time t (bilinear in the photos)."""
        photo = self.view_to_photo(t, coords)
        out = F.grid_sample(self.background[None], photo.view(1, -1, 1, 2), mode="bilinear",
                            padding_mode="reflection", align_corners=False)[0, :, :, 0].T
        if self.radius > 0:
            inside = self.in_disc(t, coords)
            local = (coords - self.disc_center(t)) / self.radius
            disc = F.grid_sample(self.texture[None], local.view(1, -1, 1, 2), mode="bilinear",
                                 padding_mode="border", align_corners=False)[0, :, :, 0].T
            out = torch.where(inside[:, None], disc, out)
        return out

    def frame(self, t: float, size: int | tuple[int, int]) -> np.ndarray:
        """The frame at time t ∈ [0, 1] rendered at ``size`` (H, W): (H, W, 3) float32."""
        t = check_time(t)
        h, w = (size, size) if isinstance(size, int) else size
        coords = pixel_coordinates(h, w)
        return self.sample(t, coords).clamp(0, 1).view(h, w, 3).numpy()

    def low_res(self, t: float, size: int, scale: float) -> np.ndarray:
        """The input the model sees: the exact ``size·scale`` frame, antialiased down to ``size``."""
        hr = image_tensor("frame", self.frame(t, round(size * scale)))
        return to_image(downsample(hr, (size, size)))

    def true_flow(self, t: float, coords: torch.Tensor, to: float) -> torch.Tensor:
        """Where the content at view ``coords`` at time t is at time ``to``, minus coords: (N, 2).

        Background: follow the camera, :math:`A(to)^{-1} A(t)\\,x - x`; disc pixels: the
        disc's own translation.
        """
        flow = self.photo_to_view(to, self.view_to_photo(t, coords)) - coords
        if self.radius > 0:
            moved = self.disc_center(to) - self.disc_center(t)
            flow = torch.where(self.in_disc(t, coords)[:, None], moved.expand_as(coords), flow)
        return flow


def check_time(t) -> float:
    """t as a float in [0, 1], else a ValueError naming t."""
    try:
        value = float(t)
    except (TypeError, ValueError):
        raise TypeError(f"t must be a number in [0, 1], got {validate.show(t)}") from None
    if not 0.0 <= value <= 1.0:  # also rejects NaN
        raise ValueError(f"t must lie in [0, 1] (0 = first frame, 1 = second), got {t!r}")
    return value


def frame_tensors(frame0, frame1) -> tuple[torch.Tensor, torch.Tensor]:
    """Two RGB frames (h, w, 3) of the same size as (1, 3, h, w) tensors, else an error naming them."""
    a, b = image_tensor("frame0", frame0), image_tensor("frame1", frame1)
    if a.shape != b.shape:
        raise ValueError(f"frame1 must have the size of frame0 {tuple(frame0.shape)}, got {tuple(frame1.shape)}")
    return a, b


def random_clip(background: np.ndarray, texture: np.ndarray, generator: torch.Generator, *,
                motion: str = "mixed") -> Clip:
    """A clip over ``background`` with random motion of the kind ``motion``: pan, zoom,
    rotation, object (a disc textured with ``texture``) or mixed (all four).

    Magnitudes between the two frames: a pan of up to 4 % of the view, zoom up to ±8 %,
    rotation up to ±4°, the disc moving up to 7.5 % of the view — a few input pixels.
    """
    validate.one_of("motion", motion, ("pan", "zoom", "rotation", "object", "mixed"))
    g = generator

    def u(lo, hi, n=None):
        x = lo + (hi - lo) * torch.rand(() if n is None else (n,), generator=g)
        return x.item() if n is None else tuple(x.tolist())

    clip = Clip(image_tensor("background", background)[0], image_tensor("texture", texture)[0],
                center=u(-0.2, 0.2, 2), half_size=u(0.45, 0.6))
    if motion in ("pan", "mixed"):
        clip.velocity = tuple(v * 0.08 * clip.half_size for v in u(-1, 1, 2))
    if motion in ("zoom", "mixed"):
        clip.zoom = math.exp(u(-0.08, 0.08))
    if motion in ("rotation", "mixed"):
        clip.spin = math.radians(u(-4, 4))
    if motion in ("object", "mixed"):
        clip.radius = u(0.2, 0.35)
        clip.disc_start = u(-0.4, 0.4, 2)
        clip.disc_velocity = u(-0.15, 0.15, 2)
    return clip
