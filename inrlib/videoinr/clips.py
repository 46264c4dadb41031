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

    def occluded(self, t: float, coords: torch.Tensor, to: float) -> torch.Tensor:
        """(N,) True where the content at view ``coords`` at time t is hidden at time ``to``:
        background that the disc covers then.  Everywhere else the frame at ``to``, read at
        ``coords + true_flow(t, coords, to)``, shows what the frame at t shows at ``coords``."""
        if self.radius <= 0:
            return torch.zeros(len(coords), dtype=torch.bool)
        moved = coords + self.true_flow(t, coords, to)
        return self.in_disc(t, coords) != self.in_disc(to, moved)


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

    Magnitudes between the two frames, in view units (the view is 2 wide: on 48-pixel
    frames one unit is 24 pixels): a pan of 0.1–0.35, a zoom of up to ±20 %, a rotation of up
    to ±10° (alone; about half of each when mixed), and a disc crossing 0.25–0.5 of the view —
    up to about 12 input pixels on 48-pixel frames, with the background it uncovers and hides.
    """
    validate.one_of("motion", motion, ("pan", "zoom", "rotation", "object", "mixed"))
    g = generator

    def u(lo, hi, n=None):
        x = lo + (hi - lo) * torch.rand(() if n is None else (n,), generator=g)
        return x.item() if n is None else tuple(x.tolist())

    def towards(length):  # a vector of this length in a random direction
        angle = u(0, 2 * math.pi)
        return length * math.cos(angle), length * math.sin(angle)

    clip = Clip(image_tensor("background", background)[0], image_tensor("texture", texture)[0],
                center=u(-0.2, 0.2, 2), half_size=u(0.45, 0.6), angle=math.radians(u(-20, 20)))
    camera = 0.6 if motion == "mixed" else 1.0  # mixed: the camera's three motions add up
    if motion in ("pan", "mixed"):
        clip.velocity = tuple(v * clip.half_size for v in towards(u(0.1, 0.35) * camera))
    if motion in ("zoom", "mixed"):
        clip.zoom = math.exp(u(-0.2, 0.2) * camera)
    if motion in ("rotation", "mixed"):
        clip.spin = math.radians(u(-10, 10) * camera)
    if motion in ("object", "mixed"):
        clip.radius = u(0.2, 0.35)
        clip.disc_velocity = towards(u(0.25, 0.5))
        middle = u(-0.35, 0.35, 2)  # where the disc is at t = ½
        clip.disc_start = tuple(m - v / 2 for m, v in zip(middle, clip.disc_velocity))
    return clip
