"""The local implicit function's three ingredients (lecture §3–§5): the nearest latent code
and the relative coordinate, feature unfolding, and the local ensemble's area weights.

Coordinates follow :mod:`inrlib.imaging`: (x, y) pixel centres on [−1, 1]².  Relative
coordinates are measured **in low-resolution pixels**, so the nearest code's offset lies
in [−½, ½].
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .. import validate

#: The four neighbours of the local ensemble, as offsets (dx, dy) in latent pixels.
ENSEMBLE_OFFSETS = ((-0.5, -0.5), (0.5, -0.5), (-0.5, 0.5), (0.5, 0.5))


def unfold_features(features: torch.Tensor) -> torch.Tensor:
    """Feature unfolding: each code is concatenated with its 3×3 neighbours (zero padded).

    (B, C, h, w) → (B, 9C, h, w), :math:`\\hat z_{ij} = \\mathrm{concat}(\\{z_{i+k,\\,j+l}\\}_{k,l∈\\{-1,0,1\\}})`.
    """
    validate.tensor("features", features, ndim=4)
    b, c, h, w = features.shape
    return F.unfold(features, 3, padding=1).view(b, c * 9, h, w)


def _check_nearest_latent(latent_shape, coords, offset=(0.0, 0.0), clamp=True) -> None:
    validate.size_pair("latent_shape", latent_shape)
    validate.number_pair("offset", offset)
    validate.tensor("coords", coords)
    if coords.shape[-1] != 2:
        raise ValueError(f"coords must have a last dimension of 2 (x, y), got shape {tuple(coords.shape)}")


@validate.checked(_check_nearest_latent)
def nearest_latent(latent_shape: tuple[int, int], coords: torch.Tensor,
                   offset: tuple[float, float] = (0.0, 0.0), clamp: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """Index of the latent code nearest to each query, and the relative coordinate x_q − v*.

    Parameters
    ----------
    latent_shape : (h, w)
        Size of the latent grid (the low-resolution image).
    coords : tensor (..., 2)
        Query coordinates (x, y) in [−1, 1]².
    offset : (dx, dy)
        Look up the code this many latent pixels away from the nearest one (the local
        ensemble uses ±½); the result is clamped at the border, as in the paper.
    clamp : bool
        ``False`` skips the clamping (the index may then lie outside the grid): the
        ensemble takes its area weights from this unclamped geometry.

    Returns
    -------
    index : long tensor (...,), the flat index ``row * w + col`` of :math:`z^*`;
    relative : tensor (..., 2), :math:`x_q - v^*` measured in latent pixels (nearest code:
        each component in [−½, ½]).
    """
    h, w = latent_shape
    size = coords.new_tensor([w, h])
    # Coordinate → continuous pixel position u ∈ [0, size): pixel k covers [k, k+1).
    position = (coords + 1) / 2 * size
    shift = coords.new_tensor(offset)
    # The ensemble's ±½ neighbours are floor(u − ½) and floor(u − ½) + 1, computed from one
    # floor so that rounding can never make them two pixels apart.
    cell_index = torch.where(shift.abs() == 0.5, torch.floor(position - 0.5) + (shift > 0), torch.floor(position + shift))
    if clamp:
        cell_index = cell_index.clamp(min=0).minimum(size - 1)
    relative = position - (cell_index + 0.5)  # x_q − v*, in pixels
    col, row = cell_index[..., 0].long(), cell_index[..., 1].long()
    return row * w + col, relative


def local_ensemble_weights(relatives: list[torch.Tensor]) -> torch.Tensor:
    """Area weights of the local ensemble (the paper's eq. 4).

    The query is predicted from the four codes around it; code t is weighted by the area
    :math:`S_{t'}` of the rectangle between the query and the *diagonally opposite* code t',

    .. math:: I(x_q) = \\sum_t \\frac{S_{t'}}{S} f_θ(z_t^*, x_q - v_t^*), \\qquad S = \\sum_t S_t,

    so the nearer a code, the larger its weight, and the prediction is continuous where
    the nearest code changes.  With a constant decoder this is bilinear interpolation.

    Pass the *unclamped* relative coordinates (``nearest_latent(..., clamp=False)``): at
    the image border the paper's clamped neighbours can coincide with the query's row or
    column, making every area 0; the unclamped geometry keeps the weights bilinear there
    (the clamped codes then simply repeat the border, as bilinear interpolation does).

    ``relatives``: four tensors (..., 2) from :func:`nearest_latent` with
    :data:`ENSEMBLE_OFFSETS`.  Returns weights (..., 4) that sum to 1.
    """
    if not isinstance(relatives, (list, tuple)) or len(relatives) != 4:
        raise ValueError(f"relatives must be a list of 4 tensors (one per neighbour), got {validate.show(relatives)}")
    areas = torch.stack([(r[..., 0] * r[..., 1]).abs() + 1e-9 for r in relatives], dim=-1)
    opposite = areas.flip(-1)  # neighbour t' = 3 − t in ENSEMBLE_OFFSETS' order
    return opposite / opposite.sum(dim=-1, keepdim=True)
