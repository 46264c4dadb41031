"""Volume rendering (lecture 05 §4) and the renderer built from it (§6).

:func:`render_rays` is the composition the lecture teaches — samples along each ray →
the field at those points → :func:`compositing_weights` → :func:`composite` — and named
accelerations over the same pieces, none of which changes the image by more than the
threshold it is given: an occupancy grid skips empty space, ``skip_hidden`` skips (in
training) samples hidden behind a surface, ``skip_faint`` (in training) samples that barely
absorb, ``early_stop`` ends (at render time) rays that have become opaque.
``RenderSettings.n_fine`` turns on hierarchical sampling.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from .. import validate
from .cameras import pixel_rays, ray_box_intersection
from .fields import Field
from .occupancy import OccupancyGrid
from .samplers import bin_edges, sample_pdf, stratified_samples


# ---------------------------------------------------------------------------- the discrete integral


def _check_weights(sigma, deltas) -> None:
    validate.tensor("sigma", sigma), validate.tensor("deltas", deltas)
    _broadcastable("deltas", deltas, sigma.shape, "have the shape of sigma {shape} (R, S)")


@validate.checked(_check_weights)
def transmittance(sigma: torch.Tensor, deltas: torch.Tensor) -> torch.Tensor:
    r"""The light that reaches sample i unblocked,
    :math:`T_i = \exp\big(-\sum_{j<i} σ_j δ_j\big) = \prod_{j<i} (1 - α_j)`. (R, S), (R, S) → (R, S).

    The sum runs over the samples *before* i only, so it is formed as such (never as
    "all up to i, minus the i-th", which cancels catastrophically in float32 when a δ is huge,
    like the paper's last δ = 10¹⁰)."""
    tau = sigma * deltas  # optical thickness of each segment
    before = torch.cumsum(torch.cat([torch.zeros_like(tau[..., :1]), tau[..., :-1]], dim=-1), dim=-1)
    return torch.exp(-before)


@validate.checked(_check_weights)
def compositing_weights(sigma: torch.Tensor, deltas: torch.Tensor) -> torch.Tensor:
    r"""Volume-rendering weights (paper eq. 3):

    .. math::
        α_i = 1 - e^{-σ_i δ_i}, \qquad T_i = \prod_{j<i} (1 - α_j) = e^{-\sum_{j<i} σ_j δ_j},
        \qquad w_i = T_i α_i ,

    so that :math:`\hat C = \sum_i w_i c_i` and :math:`1 - \sum_i w_i = e^{-\sum_i σ_i δ_i}`
    is the light that passes the whole ray. Shapes: (R, S), (R, S) → (R, S).
    """
    alpha = -torch.expm1(-sigma * deltas)  # 1 − e^{−σδ}, exact to the last bit for small σδ too
    return transmittance(sigma, deltas) * alpha


def _check_deltas(t, last=1e10) -> None:
    validate.tensor("t", t, ndim=2, finite=True), validate.non_negative_float("last", last)


@validate.checked(_check_deltas)
def deltas_from_t(t: torch.Tensor, last: float = 1e10) -> torch.Tensor:
    """Distances between consecutive samples, ``δ_i = t_{i+1} − t_i`` (the last one
    ``last``, as in the paper's code). Shape (R, S) → (R, S)."""
    return torch.cat([t[:, 1:] - t[:, :-1], torch.full_like(t[:, :1], last)], dim=-1)


def _check_composite(weights, rgb, t, background=1.0) -> None:
    validate.tensor("weights", weights, ndim=(1, 2, 3, 4), finite=True)
    validate.tensor("rgb", rgb, last_dim=3, finite=True), validate.tensor("t", t, finite=True)
    _broadcastable("rgb", rgb, weights.shape + (3,), "have shape {shape} to match weights")
    _broadcastable("t", t, weights.shape, "have shape {shape} to match weights")
    if isinstance(background, torch.Tensor):
        validate.tensor("background", background, finite=True)
        _broadcastable("background", background, weights.shape[:-1] + (3,), "be a number or a tensor of shape {shape}")
    else:
        validate.real_number("background", background)


@validate.checked(_check_composite)
def composite(weights: torch.Tensor, rgb: torch.Tensor, t: torch.Tensor, background: float | torch.Tensor = 1.0
              ) -> dict[str, torch.Tensor]:
    r"""Colour, depth and opacity of each ray from the weights (R, S), colours (R, S, 3) and
    sample positions t (R, S):

    .. math:: \hat C = \sum_i w_i c_i + (1 - \textstyle\sum_i w_i)\, c_{bg}, \quad
              \hat D = \sum_i w_i t_i, \quad A = \sum_i w_i .

    ``background`` 1.0 is white (the public synthetic scenes), 0.0 black; a tensor (R, 3)
    gives each ray its own colour.
    """
    opacity = weights.sum(dim=-1)
    color = (weights[..., None] * rgb).sum(dim=-2) + (1.0 - opacity)[..., None] * background
    depth = (weights * t).sum(dim=-1)
    return {"rgb": color, "depth": depth, "opacity": opacity}


def _broadcastable(name: str, value: torch.Tensor, shape: tuple, wanted: str) -> None:
    try:
        torch.broadcast_shapes(shape, value.shape)
    except RuntimeError:
        raise ValueError(f"{name} must {wanted.format(shape=tuple(shape))}, got {validate.show(value)}") from None


# ---------------------------------------------------------------------------- samples along the rays


@dataclass
class RenderSettings:
    """How rays are sampled: ``n_samples`` stratified samples between the ray's entry and
    exit of the box ``[-bound, bound]³`` (and within ``[near, far]``), then ``n_fine``
    hierarchical samples where the first ones found the surface (0: none); ``background`` colour."""

    n_samples: int = 128
    bound: float = 1.0
    near: float = 0.0
    far: float = 1e3
    background: float = 1.0
    n_fine: int = 0

    def __post_init__(self):
        validate.positive_int("n_samples", self.n_samples)
        validate.positive_float("bound", self.bound)
        near = validate.non_negative_float("near", self.near)
        if not (isinstance(self.far, float) and self.far == math.inf):  # far = inf: the box alone bounds rays
            validate.real_number("far", self.far)
        if not self.far > near:
            raise ValueError(f"far must be > near = {self.near!r}, got {self.far!r}")
        validate.real_number("background", self.background)
        validate.non_negative_int("n_fine", self.n_fine)


def ray_segments(origins: torch.Tensor, directions: torch.Tensor, settings: RenderSettings):
    """The part ``[t0, t1]`` (R,) of each ray inside the scene box and ``[near, far]``, and
    whether there is one (R,). Rays that miss get the dummy segment [0, 1]."""
    t0, t1 = ray_box_intersection(origins, directions, settings.bound)
    t0, t1 = t0.clamp(min=settings.near), t1.clamp(max=settings.far)
    hit = t1 > t0
    return torch.where(hit, t0, torch.zeros_like(t0)), torch.where(hit, t1, torch.ones_like(t1)), hit


def sample_along_rays(field: Field, origins: torch.Tensor, directions: torch.Tensor, settings: RenderSettings,
                      perturb: bool) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Sample positions t (R, S), segment lengths δ (R, S) in world units, and which samples
    lie on the ray's segment inside the box (R, S).

    Each sample stands for its bin, so δ is the bin's length: equal bins for stratified
    samples; with ``settings.n_fine`` the hierarchical samples join them, and a sample's bin
    reaches halfway to its neighbours (:func:`bin_edges`)."""
    t0, t1, hit = ray_segments(origins, directions, settings)
    t = stratified_samples(t0, t1, settings.n_samples, perturb=perturb)
    deltas = ((t1 - t0) / settings.n_samples)[:, None].expand_as(t)
    if settings.n_fine:
        t = hierarchical_samples(field, origins, directions, t, deltas, t0, t1, settings.n_fine, perturb)
        deltas = bin_edges(t, t0, t1).diff(dim=-1)
    # δ is a length in the world: d is not a unit vector, so a step in t is |d| long
    return t, deltas * directions.norm(dim=-1, keepdim=True), hit[:, None].expand_as(t)


@torch.no_grad()
def hierarchical_samples(field: Field, origins, directions, t, deltas, t0, t1, n_fine: int, perturb: bool
                         ) -> torch.Tensor:
    """Hierarchical sampling (paper Sec. 5.2) with one network, as mip-NeRF does: the
    density at the coarse samples t (R, S) gives weights; ``n_fine`` more samples are drawn
    from them by :func:`sample_pdf`. Returns all S + n_fine samples, sorted (R, S + n_fine)."""
    x = origins[:, None, :] + t[..., None] * directions[:, None, :]
    weights = compositing_weights(field.density(x), deltas * directions.norm(dim=-1, keepdim=True))
    fine = sample_pdf(bin_edges(t, t0, t1), weights, n_fine, deterministic=not perturb)
    return torch.cat([t, fine], dim=-1).sort(dim=-1).values


# ---------------------------------------------------------------------------- the renderer


def query_field(field: Field, x: torch.Tensor, directions: torch.Tensor, keep: torch.Tensor
                ) -> tuple[torch.Tensor, torch.Tensor]:
    """σ (R, S) and colour (R, S, 3) of the field at the samples x (R, S, 3) marked in
    ``keep`` (R, S); elsewhere σ = 0 (empty space), so those samples add nothing."""
    sigma, rgb = x.new_zeros(keep.shape), x.new_zeros(*keep.shape, 3)
    if keep.any():
        s, c = field(x[keep], directions[:, None, :].expand_as(x)[keep])
        sigma, rgb = sigma.index_put((keep,), s), rgb.index_put((keep,), c)
    return sigma, rgb


@torch.no_grad()
def visible(field: Field, x: torch.Tensor, deltas: torch.Tensor, keep: torch.Tensor, threshold: float,
            faint: float | None = None) -> torch.Tensor:
    """Which samples (R, S) light still reaches (transmittance above ``threshold``), from a
    density-only pass without gradients: the rest is hidden behind a surface. With ``faint``,
    only those that also absorb more than it, opacity :math:`α_i = 1 - e^{-σ_i δ_i} >` ``faint``:
    the rest are (nearly) empty space, which adds at most ``faint`` of a colour each — or more than
    the mean opacity of the samples seen, if that is lower: an untrained field is a uniform haze,
    and leaving all of it out would leave nothing to learn from (the occupancy grid's rule)."""
    sigma = x.new_zeros(keep.shape)
    if keep.any():
        sigma = sigma.index_put((keep,), field.density(x[keep]))
    seen = transmittance(sigma, deltas) > threshold
    seen_kept = seen & keep
    if faint is None or not seen_kept.any():
        return seen
    alpha = -torch.expm1(-sigma * deltas)
    return seen & (alpha > min(faint, float(alpha[seen_kept].mean())))


@torch.no_grad()
def march_front_to_back(field: Field, x, directions, deltas, keep, early_stop: float, depth_chunk: int):
    """:func:`query_field` in chunks of ``depth_chunk`` samples, front to back; a ray stops
    once its transmittance falls below ``early_stop`` (early ray termination).
    Returns σ, colour and which samples were evaluated."""
    sigma, rgb = x.new_zeros(keep.shape), x.new_zeros(*keep.shape, 3)
    evaluated, alive, n = torch.zeros_like(keep), torch.ones_like(keep[:, 0]), keep.shape[1]
    for k in range(0, n, depth_chunk):
        part = slice(k, k + depth_chunk)
        evaluated[:, part] = keep[:, part] & alive[:, None]
        sigma[:, part], rgb[:, part] = query_field(field, x[:, part], directions, evaluated[:, part])
        if k + depth_chunk < n:
            alive = transmittance(sigma, deltas)[:, k + depth_chunk] > early_stop
    return sigma, rgb, evaluated


def kept_first(keep: torch.Tensor, *samples: torch.Tensor) -> list[torch.Tensor]:
    """Each ray's kept samples moved to the front, in their order along the ray, and the columns
    no ray needs dropped: ``keep`` (R, S) and each of ``samples`` (R, S) or (R, S, C) → (R, S').
    Exact for rendering: a skipped sample has σ = 0, so it adds nothing and dims nothing behind it."""
    order = torch.sort((~keep).to(torch.uint8), dim=1, stable=True).indices  # kept first, order kept
    order = order[:, :max(int(keep.sum(dim=1).max()), 1)]
    return [v.gather(1, order if v.dim() == 2 else order[..., None].expand(-1, -1, v.shape[-1]))
            for v in (keep, *samples)]


def _check_render_rays(field, origins, directions, settings=None, occupancy=None, perturb=False, early_stop=None,
                       depth_chunk=32, skip_hidden=None, background=None, skip_faint=None) -> None:
    _check_field_settings_occupancy(field, settings, occupancy)
    validate.tensor("origins", origins, ndim=2, last_dim=3)
    validate.tensor("directions", directions, ndim=2, last_dim=3)
    validate.positive_int("depth_chunk", depth_chunk)
    _check_early_stop(early_stop), _check_skips(skip_hidden, skip_faint)
    if background is not None:
        rows = max(origins.shape[0], directions.shape[0])
        validate.tensor("background", background, ndim=2, last_dim=3, finite=True)
        if background.shape[0] != rows:
            raise ValueError(f"background must have shape (R, 3) = ({rows}, 3), one colour per ray, "
                             f"got {validate.show(background)}")


@validate.checked(_check_render_rays)
def render_rays(field: Field, origins: torch.Tensor, directions: torch.Tensor, settings: RenderSettings | None = None,
                occupancy: OccupancyGrid | None = None, perturb: bool = False, early_stop: float | None = None,
                depth_chunk: int = 32, skip_hidden: float | None = None, background: torch.Tensor | None = None,
                skip_faint: float | None = None) -> dict[str, torch.Tensor]:
    """Render a batch of rays (R, 3): samples → field → weights → colour.

    The accelerations: ``occupancy`` skips samples in cells the grid marks empty;
    ``skip_hidden`` (training, e.g. 1e-3) evaluates with gradients only the samples light
    still reaches; ``skip_faint`` (training, with ``skip_hidden``, e.g. 1e-2) also leaves out the
    samples whose opacity α is below it — the empty space a coarse occupancy cell still holds
    (nerfacc's ``alpha_thre``); ``early_stop`` (render time, e.g. 1e-3) ends a ray once its transmittance
    falls below it. ``background`` (R, 3), if given, replaces ``settings.background`` ray by ray.

    Returns ``{"rgb": (R, 3), "depth": (R,), "opacity": (R,), "samples": int}`` where
    ``samples`` counts the evaluations of ``field(x, d)`` (density-only passes not counted).
    """
    settings = settings or RenderSettings()
    t, deltas, keep = sample_along_rays(field, origins, directions, settings, perturb)  # (R, S) each
    x = origins[:, None, :] + t[..., None] * directions[:, None, :]  # (R, S, 3): the sample points
    if occupancy is not None:
        keep = keep & occupancy.query(x)  # skip empty space
        keep, t, deltas, x = kept_first(keep, t, deltas, x)  # and drop it: (R, S') with S' ≪ S
    if skip_hidden is not None:
        keep = keep & visible(field, x, deltas, keep, skip_hidden, skip_faint)  # hidden, or barely absorbing
    if early_stop is None:
        sigma, rgb = query_field(field, x, directions, keep)
    else:
        sigma, rgb, keep = march_front_to_back(field, x, directions, deltas, keep, early_stop, depth_chunk)
    weights = compositing_weights(sigma, deltas)
    out = composite(weights, rgb, t, settings.background if background is None else background)
    return {**out, "samples": int(keep.sum())}


def _check_render_image(field, height, width, focal, pose, settings=None, occupancy=None, chunk=4096,
                        early_stop=1e-3, supersample=1) -> None:
    _check_field_settings_occupancy(field, settings, occupancy)
    validate.positive_int("chunk", chunk), _check_early_stop(early_stop)  # the camera: pixel_rays checks it


@validate.checked(_check_render_image)
@torch.no_grad()
def render_image(field: Field, height: int, width: int, focal: float, pose, settings: RenderSettings | None = None,
                 occupancy: OccupancyGrid | None = None, chunk: int = 4096, early_stop: float | None = 1e-3,
                 supersample: int = 1) -> dict[str, np.ndarray]:
    """Render a whole view in chunks of ``chunk`` rays, so memory stays bounded at any size.

    ``supersample`` s > 1 treats a pixel as the little square it is on a sensor: s × s rays
    per pixel (:func:`pixel_rays`), averaged — how the course's ground-truth photos are made (s = 2).

    Returns ``{"rgb": (H, W, 3), "depth": (H, W), "opacity": (H, W)}`` as NumPy arrays and
    ``"samples"``, the number of network evaluations.
    """
    s = supersample
    origins, directions = pixel_rays(height, width, focal, pose, s)
    o, d = origins.reshape(-1, 3), directions.reshape(-1, 3)
    was_training = field.training
    field.eval()
    parts = [render_rays(field, o[k:k + chunk], d[k:k + chunk], settings, occupancy, early_stop=early_stop)
             for k in range(0, o.shape[0], chunk)]
    field.train(was_training)
    # the s² rays of a pixel are consecutive: average them (the pixel's box filter)
    out = {key: torch.cat([p[key] for p in parts]).reshape(height, width, s * s, -1).mean(dim=2).squeeze(-1).numpy()
           for key in ("rgb", "depth", "opacity")}
    out["samples"] = sum(p["samples"] for p in parts)
    return out


def _check_skips(skip_hidden, skip_faint) -> None:
    """``skip_hidden`` a transmittance, ``skip_faint`` an opacity, each in [0, 1) or None; the second needs the first."""
    if skip_hidden is not None and not 0 <= validate.non_negative_float("skip_hidden", skip_hidden) < 1:
        raise ValueError(f"skip_hidden must be a transmittance in [0, 1) or None, got {skip_hidden!r}")
    if skip_faint is not None:
        if not 0 <= validate.non_negative_float("skip_faint", skip_faint) < 1:
            raise ValueError(f"skip_faint must be an opacity in [0, 1) or None, got {skip_faint!r}")
        if skip_hidden is None:
            raise ValueError("skip_faint needs skip_hidden: both are read off the same density-only pass")


def _check_early_stop(early_stop) -> None:
    if early_stop is not None and not 0 < validate.positive_float("early_stop", early_stop) < 1:
        raise ValueError(f"early_stop must be a transmittance in (0, 1) or None, got {early_stop!r}")


def _check_field_settings_occupancy(field, settings, occupancy) -> None:
    """The arguments every renderer shares: a :class:`Field`, and ``None`` or the right record."""
    if not isinstance(field, Field):
        raise TypeError(f"field must be an inrlib.nerf.Field (e.g. HashGridField), got {validate.show(field)}")
    if settings is not None and not isinstance(settings, RenderSettings):
        raise TypeError(f"settings must be a RenderSettings or None, got {validate.show(settings)}")
    if occupancy is not None and not isinstance(occupancy, OccupancyGrid):
        raise TypeError(f"occupancy must be an OccupancyGrid or None, got {validate.show(occupancy)}")
