"""Where along a ray the field is asked (lecture 05 §6): stratified samples in equal bins
(paper eq. 2) and hierarchical samples drawn from a coarse pass's weights (paper Sec. 5.2)."""
from __future__ import annotations

import numpy as np
import torch

from .. import validate


def _distance(name: str, value) -> torch.Tensor:
    """``value`` (a number or a tensor of shape (R,)) as a float32 tensor, else an error naming ``name``."""
    expected = f"{name} must be a number or a tensor of shape (R,), got {validate.show(value)}"
    if isinstance(value, torch.Tensor):
        if value.dtype.is_complex or value.dtype == torch.bool:
            raise TypeError(expected)
        t = torch.as_tensor(value, dtype=torch.float32)
    else:
        if value is None or isinstance(value, (bool, str, bytes)):
            raise TypeError(expected)
        try:
            t = torch.as_tensor(np.asarray(value, dtype=np.float64), dtype=torch.float32)
        except (TypeError, ValueError):
            raise TypeError(expected) from None
    if t.ndim > 1:
        raise ValueError(expected)
    if not torch.isfinite(t).all():
        raise ValueError(f"{name} must be finite (no NaN or inf), got {validate.show(value)}")
    return t


def _check_stratified(near, far, n_samples, n_rays=None, perturb=True, generator=None) -> None:
    validate.positive_int("n_samples", n_samples)
    near_t, far_t = _distance("near", near), _distance("far", far)
    if near_t.ndim == 1 and far_t.ndim == 1 and near_t.shape != far_t.shape \
            and 1 not in (near_t.shape[0], far_t.shape[0]):
        raise ValueError(f"far must have the shape of near, got far {validate.show(far)} "
                         f"and near {validate.show(near)}")
    if (near_t < 0).any():
        raise ValueError(f"near must be ≥ 0, got {validate.show(near)}")
    if (near_t >= far_t).any():
        raise ValueError(f"near must be < far, got near={validate.show(near)}, far={validate.show(far)}")
    if near_t.ndim == 0 and far_t.ndim == 0:
        validate.positive_int("n_rays", n_rays if n_rays is not None else 1)


@validate.checked(_check_stratified)
def stratified_samples(near, far, n_samples: int, n_rays: int | None = None, perturb: bool = True,
                       generator: torch.Generator | None = None) -> torch.Tensor:
    r"""Stratified sampling (paper eq. 2): split ``[near, far]`` into ``n_samples`` equal bins
    and draw one ``t`` uniformly in each (``perturb=False``: the bin midpoints)

    .. math:: t_i \sim \mathcal U\Big[t_n + \tfrac{i-1}{N}(t_f - t_n),\; t_n + \tfrac{i}{N}(t_f - t_n)\Big].

    ``near``/``far`` are numbers or tensors of shape (R,) (with numbers, ``n_rays`` rays).
    Returns ``t`` of shape (R, n_samples), increasing along each ray.
    """
    near, far = torch.as_tensor(near, dtype=torch.float32), torch.as_tensor(far, dtype=torch.float32)
    rays = max(near.numel(), far.numel()) if near.ndim or far.ndim else (n_rays or 1)
    near, far = near.expand(rays), far.expand(rays)
    u = torch.rand(rays, n_samples, generator=generator) if perturb else torch.full((rays, n_samples), 0.5)
    frac = (torch.arange(n_samples, dtype=torch.float32) + u) / n_samples
    return near[:, None] + (far - near)[:, None] * frac


def bin_edges(t: torch.Tensor, near: torch.Tensor, far: torch.Tensor) -> torch.Tensor:
    """Edges (R, S + 1) of the bins around samples t (R, S): midpoints between neighbours,
    closed by the ray's ``near`` and ``far`` (R,)."""
    return torch.cat([near[:, None], (t[:, 1:] + t[:, :-1]) / 2, far[:, None]], dim=-1)


def _check_pdf(bins, weights, n_samples, deterministic=False, generator=None) -> None:
    validate.positive_int("n_samples", n_samples)
    validate.tensor("bins", bins, ndim=2)
    validate.tensor("weights", weights, ndim=2)
    if bins.shape != (weights.shape[0], weights.shape[1] + 1):
        raise ValueError(f"bins must have shape (R, B + 1) = {(weights.shape[0], weights.shape[1] + 1)} for weights of "
                         f"shape {tuple(weights.shape)}, got {tuple(bins.shape)}")


@validate.checked(_check_pdf)
def sample_pdf(bins: torch.Tensor, weights: torch.Tensor, n_samples: int, deterministic: bool = False,
               generator: torch.Generator | None = None) -> torch.Tensor:
    r"""Hierarchical sampling (paper Sec. 5.2): draw ``n_samples`` new ``t`` from the
    piecewise-constant PDF :math:`\hat w_i = w_i / \sum_j w_j` on the bins of the coarse
    samples, by inverse transform sampling: ``u ~ U[0, 1]``, find the bin where the CDF
    crosses ``u``, interpolate linearly inside it.

    Parameters
    ----------
    bins : (R, B + 1) bin edges, increasing along each ray
    weights : (R, B) non-negative weights (a small constant is added so a ray with all zero
        weights samples uniformly)
    deterministic : use evenly spaced ``u`` instead of random ones

    Returns
    -------
    (R, n_samples) samples, sorted along each ray.
    """
    w = weights.detach().clamp(min=0) + 1e-5
    pdf = w / w.sum(dim=-1, keepdim=True)
    cdf = torch.cat([torch.zeros_like(pdf[:, :1]), pdf.cumsum(dim=-1)], dim=-1).clamp(max=1.0)  # (R, B + 1)
    if deterministic:
        u = torch.linspace(0.0, 1.0, n_samples + 2)[1:-1].expand(cdf.shape[0], n_samples).contiguous()
    else:
        u = torch.rand(cdf.shape[0], n_samples, generator=generator)
    idx = torch.searchsorted(cdf.contiguous(), u, right=True).clamp(1, cdf.shape[1] - 1)
    lo, hi = idx - 1, idx
    cdf_lo, cdf_hi = cdf.gather(1, lo), cdf.gather(1, hi)
    bin_lo, bin_hi = bins.detach().gather(1, lo), bins.detach().gather(1, hi)
    frac = ((u - cdf_lo) / (cdf_hi - cdf_lo).clamp(min=1e-12)).clamp(0, 1)
    return (bin_lo + frac * (bin_hi - bin_lo)).sort(dim=-1).values
