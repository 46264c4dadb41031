"""Chapter 06 — LIIF: one continuous image representation for every image and every scale.

Chapter 00 fitted one network to one photo and could not reuse it ("another image? — we
cannot").  LIIF (Chen, Liu & Wang, CVPR 2021) shares an **encoder** across images: it
turns a low-resolution image into a grid of latent codes z, and one **local implicit
function** decodes any continuous coordinate from the code nearest to it,

.. math:: I(x_q) = f_θ(z^*, x_q - v^*),

where :math:`v^*` is the centre of the latent pixel nearest to the query :math:`x_q`.
With *cell decoding* the decoder also sees the size :math:`c = [c_h, c_w]` of the pixel
it is asked for, :math:`f_{cell}(z^*, [x_q - v^*, c])`.  Trained with random scales in
[1, 4] it upsamples by any factor, ×2.5 or ×30 alike, with the same weights.

The module follows the lecture:

1. :func:`make_query_grid` — coordinates and cell sizes of a target resolution;
2. :class:`Encoder` — an EDSR-baseline-style residual CNN (no upsampler);
3. :func:`unfold_features`, :func:`nearest_latent`, :func:`local_ensemble_weights` — the
   three ingredients of the local implicit function;
4. :class:`LIIF` — encoder + decoder, each ingredient switchable for the ablation;
5. :func:`upsample`, :func:`bicubic_upsample` — any scale or output size, in chunks;
6. :func:`downsample`, :func:`sample_batch`, :func:`train_liif` — training as in the paper;
7. :func:`degrade`, :func:`evaluate_scale`, :func:`evaluation_table` — the benchmark protocol;
8. ``python -m inrlib.liif train`` — the seeded command that made the shipped weights.

Coordinates follow :mod:`inrlib.data`: (x, y) pixel centres on [−1, 1]².  Relative
coordinates and cells are measured **in low-resolution pixels**, so the nearest code's
offset lies in [−½, ½] and a ×s query pixel has cell size 1/s.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import validate
from .data import load_image, pixel_coordinates
from .metrics import psnr, ssim
from .training import History, train

#: Photos used for training (every bundled photo large enough, except the held-out ones;
#: ``cat`` is not offered by inrlib.data, it is the same photo as ``chelsea``).
TRAIN_PHOTOS = ("astronaut", "brick", "camera", "clock", "coins", "colorwheel", "grace_hopper", "grass",
                "gravel", "horse", "hubble_deep_field", "immunohistochemistry", "moon", "page", "retina",
                "shepp_logan_phantom", "text", "cell")
#: Held-out photos: never seen in training, used for every number the chapter reports.
TEST_PHOTOS = ("chelsea", "coffee", "rocket")
SCALES_IN = (2, 3, 4)
SCALES_OUT = (6, 12, 18, 24, 30)
#: The deck's Table 1 (DIV2K validation, PSNR dB): bicubic and EDSR-baseline-LIIF.
PAPER_TABLE = {
    "scales": SCALES_IN + SCALES_OUT,
    "bicubic": (31.01, 28.22, 26.66, 24.82, 22.27, 21.00, 20.19, 19.59),
    "EDSR-baseline-LIIF": (34.67, 30.96, 29.00, 26.75, 23.71, 22.17, 21.18, 20.48),
}
#: Queries above this many output pixels are refused unless the caller raises the limit.
MAX_OUTPUT_PIXELS = 64_000_000


# ----------------------------------------------------------------------------- 1. queries
def make_query_grid(height: int, width: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Coordinates and cells of an H×W target image on [−1, 1]².

    Returns ``coords`` (H·W, 2), the pixel centres (x, y) of :func:`inrlib.data.pixel_coordinates`,
    and ``cells`` (H·W, 2): each query pixel's width and height, :math:`c = (2/W, 2/H)`.
    """
    h, w = validate.positive_int("height", height), validate.positive_int("width", width)
    coords = pixel_coordinates(h, w)
    cells = torch.tensor([2.0 / w, 2.0 / h]).expand(h * w, 2).clone()
    return coords, cells


# ----------------------------------------------------------------------------- 2. encoder
class ResidualBlock(nn.Module):
    """EDSR's block without batch norm: :math:`x + s·\\mathrm{conv}(\\mathrm{relu}(\\mathrm{conv}(x)))`."""

    def __init__(self, channels: int, res_scale: float = 1.0):
        super().__init__()
        channels = validate.positive_int("channels", channels)
        res_scale = validate.real_number("res_scale", res_scale)
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
        self.res_scale = res_scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.res_scale * self.conv2(torch.relu(self.conv1(x)))


class Encoder(nn.Module):
    """EDSR-baseline without its upsampler: image (B, 3, h, w) → latent codes (B, C, h, w).

    head conv → ``blocks`` residual blocks → conv, plus a global skip from the head.
    The paper's EDSR-baseline has 16 blocks × 64 channels; the course default is smaller
    so that it trains on a CPU.
    """

    def __init__(self, blocks: int = 8, channels: int = 32):
        super().__init__()
        self.blocks_count = validate.positive_int("blocks", blocks)
        self.channels = validate.positive_int("channels", channels)
        self.head = nn.Conv2d(3, channels, 3, padding=1)
        self.body = nn.Sequential(*[ResidualBlock(channels) for _ in range(blocks)],
                                  nn.Conv2d(channels, channels, 3, padding=1))

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        x = self.head(image - 0.5)  # centre the pixel values
        return x + self.body(x)


# ----------------------------------------------------------------------------- 3. the local implicit function
def unfold_features(features: torch.Tensor) -> torch.Tensor:
    """Feature unfolding: each code is concatenated with its 3×3 neighbours (zero padded).

    (B, C, h, w) → (B, 9C, h, w), :math:`\\hat z_{ij} = \\mathrm{concat}(\\{z_{i+k,\\,j+l}\\}_{k,l∈\\{-1,0,1\\}})`.
    """
    validate.tensor("features", features, ndim=4)
    b, c, h, w = features.shape
    return F.unfold(features, 3, padding=1).view(b, c * 9, h, w)


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
    h, w = validate.size_pair("latent_shape", latent_shape)
    validate.number_pair("offset", offset)
    validate.tensor("coords", coords)
    if coords.shape[-1] != 2:
        raise ValueError(f"coords must have a last dimension of 2 (x, y), got shape {tuple(coords.shape)}")
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


#: The four neighbours of the local ensemble, as offsets (dx, dy) in latent pixels.
ENSEMBLE_OFFSETS = ((-0.5, -0.5), (0.5, -0.5), (-0.5, 0.5), (0.5, 0.5))


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


# ----------------------------------------------------------------------------- 4. the model
class LIIF(nn.Module):
    """Encoder + local implicit function.

    The decoder is an MLP on :math:`[\\hat z^*, x_q - v^*, c]` (unfolded code, relative
    coordinate, cell).  Its first layer is linear, so it splits exactly into a part that
    depends only on the code and a part that depends only on the query:

    .. math:: W [\\hat z^*, r, c] + b = \\underbrace{(W_z \\hat z + b)}_{\\text{3×3 conv over the latent grid}}{}^*
              + W_r\\, r + W_c\\, c .

    The code part is computed **once per latent pixel** (as a 3×3 convolution, which is
    what a linear layer on unfolded 3×3 features is) instead of once per query; this is
    the same function as the paper's, just cheaper when there are many queries per code.

    Parameters
    ----------
    blocks, channels : encoder size (EDSR-baseline: 16 × 64).
    hidden, layers : decoder width and number of linear layers (paper: 256, 5).
    feature_unfold, local_ensemble, cell_decode : the paper's three ingredients.
    residual : bool
        Add the decoder's output to bicubic interpolation of the input.  **Not in the
        paper**: it lets a small model trained for minutes on a CPU start from bicubic
        instead of from zero; the lecture shows its effect.
    """

    def __init__(self, blocks: int = 8, channels: int = 32, hidden: int = 128, layers: int = 4, *,
                 feature_unfold: bool = True, local_ensemble: bool = True, cell_decode: bool = True,
                 residual: bool = True):
        super().__init__()
        hidden = validate.positive_int("hidden", hidden)
        layers = validate.positive_int("layers", layers)
        if layers < 2:
            raise ValueError(f"layers must be at least 2 (input and output layer), got {layers}")
        self.config = dict(blocks=blocks, channels=channels, hidden=hidden, layers=layers,
                           feature_unfold=bool(feature_unfold), local_ensemble=bool(local_ensemble),
                           cell_decode=bool(cell_decode), residual=bool(residual))
        self.encoder = Encoder(blocks, channels)
        self.code_layer = nn.Conv2d(channels, hidden, 3 if feature_unfold else 1, padding=1 if feature_unfold else 0)
        self.query_layer = nn.Linear(4 if cell_decode else 2, hidden, bias=False)
        rest: list[nn.Module] = []
        for _ in range(layers - 2):
            rest += [nn.ReLU(), nn.Linear(hidden, hidden)]
        self.decoder_rest = nn.Sequential(*rest, nn.ReLU(), nn.Linear(hidden, 3))
        if residual:  # start exactly at bicubic: the correction is zero until it is learned
            nn.init.zeros_(self.decoder_rest[-1].weight)
            nn.init.zeros_(self.decoder_rest[-1].bias)

    # The two halves of a forward pass, so that one image is encoded once and queried often.
    def encode(self, image: torch.Tensor) -> dict[str, torch.Tensor]:
        """image (B, 3, h, w) in [0, 1] → the latent grid (and the image, for the residual)."""
        validate.tensor("image", image, ndim=4)
        if image.shape[1] != 3:
            raise ValueError(f"image must have 3 channels (B, 3, h, w), got shape {tuple(image.shape)}")
        # channels-last memory makes CPU convolutions about 25 % faster; the values are the same
        image = image.contiguous(memory_format=torch.channels_last)
        codes = self.code_layer(self.encoder(image))  # (B, hidden, h, w): W_z ẑ + b per latent pixel
        return {"codes": codes, "image": image}

    def query(self, state: dict[str, torch.Tensor], coords: torch.Tensor,
              cells: torch.Tensor | None = None) -> torch.Tensor:
        """RGB at continuous coordinates: coords (B, Q, 2), cells (B, Q, 2) → (B, Q, 3)."""
        codes, image = state["codes"], state["image"]
        b, hidden, h, w = codes.shape
        validate.tensor("coords", coords, ndim=3)
        if coords.shape[0] != b or coords.shape[-1] != 2:
            raise ValueError(f"coords must have shape ({b}, Q, 2), got {tuple(coords.shape)}")
        if self.config["cell_decode"]:
            if cells is None:
                raise ValueError("cells must be given (B, Q, 2) for a model with cell decoding")
            if cells.shape != coords.shape:
                raise ValueError(f"cells must have the shape of coords {tuple(coords.shape)}, got {tuple(cells.shape)}")
            cells_in_pixels = cells * coords.new_tensor([w, h]) / 2
        flat = codes.permute(0, 2, 3, 1).reshape(b * h * w, hidden)
        batch_offset = (torch.arange(b, device=coords.device) * (h * w)).view(b, 1)
        offsets = ENSEMBLE_OFFSETS if self.config["local_ensemble"] else ((0.0, 0.0),)
        predictions, relatives = [], []
        for offset in offsets:
            index, relative = nearest_latent((h, w), coords, offset)
            query = torch.cat([relative, cells_in_pixels], -1) if self.config["cell_decode"] else relative
            first = flat[(index + batch_offset).reshape(-1)].view(b, -1, hidden) + self.query_layer(query)
            predictions.append(self.decoder_rest(first))
            relatives.append(nearest_latent((h, w), coords, offset, clamp=False)[1])
        if self.config["local_ensemble"]:
            weights = local_ensemble_weights(relatives)
            out = sum(p * weights[..., t : t + 1] for t, p in enumerate(predictions))
        else:
            out = predictions[0]
        if self.config["residual"]:
            out = out + bicubic_sample(image, coords)
        return out

    def forward(self, image: torch.Tensor, coords: torch.Tensor, cells: torch.Tensor | None = None) -> torch.Tensor:
        return self.query(self.encode(image), coords, cells)

    @property
    def margin(self) -> int:
        """How far (in input pixels) an input pixel can influence a query: the receptive
        field of the encoder's 2·blocks + 2 convolutions and the 3×3 code layer, plus the
        ensemble's neighbour and the bicubic base's taps."""
        return 2 * self.config["blocks"] + 3 + 3


def bicubic_sample(image: torch.Tensor, coords: torch.Tensor) -> torch.Tensor:
    """Bicubic interpolation of image (B, C, h, w) at coords (B, Q, 2) → (B, Q, C).

    The same interpolant as ``F.interpolate(mode="bicubic", align_corners=False)`` (Keys'
    cubic, a = −0.75, border pixels repeated), at arbitrary points.
    """
    validate.tensor("image", image, ndim=4)
    validate.tensor("coords", coords, ndim=3, last_dim=2)
    if coords.shape[0] != image.shape[0]:
        raise ValueError(f"coords must have the batch size {image.shape[0]} of image, got {validate.show(coords)}")
    out = F.grid_sample(image, coords.unsqueeze(2), mode="bicubic", padding_mode="border", align_corners=False)
    return out.squeeze(-1).transpose(1, 2)


# ----------------------------------------------------------------------------- 5. upsampling
def _image_tensor(name: str, image) -> torch.Tensor:
    """Validate an (h, w, 3) RGB image in [0, 1] and return it as a (1, 3, h, w) tensor."""
    array = validate.finite_array(name, image)
    if array.ndim != 3 or array.shape[-1] != 3:
        raise ValueError(f"{name} must be an RGB image of shape (h, w, 3), got shape {array.shape}; "
                         f"a grayscale image can be repeated: np.repeat(img[..., None], 3, axis=-1)")
    if array.min() < -1e-6 or array.max() > 1 + 1e-6:
        raise ValueError(f"{name} must have values in [0, 1], got range [{array.min():.3g}, {array.max():.3g}]")
    return torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32)).permute(2, 0, 1)[None]


def output_size(lr_shape: tuple[int, int], scale: float | None = None,
                size: tuple[int, int] | None = None) -> tuple[int, int]:
    """The output (H, W) for an upsampling ``scale`` ≥ 1 (rounded) or an exact ``size``."""
    lr_shape = validate.size_pair("lr_shape", lr_shape)
    if (scale is None) == (size is None):
        raise ValueError("give exactly one of scale (a number ≥ 1) or size (H, W)")
    if size is not None:
        if not isinstance(size, (tuple, list)) or len(size) != 2:
            raise ValueError(f"size must be a pair (H, W), got {validate.show(size)}")
        return validate.positive_int("size[0]", size[0]), validate.positive_int("size[1]", size[1])
    scale = validate.positive_float("scale", scale)
    if scale < 1:
        raise ValueError(f"scale must be ≥ 1 (this is upsampling), got {scale:g}")
    return max(1, round(lr_shape[0] * scale)), max(1, round(lr_shape[1] * scale))


@torch.no_grad()
def upsample(model: LIIF, image, scale: float | None = None, size: tuple[int, int] | None = None, *,
             chunk_size: int = 4096, max_pixels: int = MAX_OUTPUT_PIXELS, cell_scale_limit: float | None = None,
             region: tuple[slice, slice] | None = None) -> np.ndarray:
    """Upsample an RGB image (h, w, 3) in [0, 1] by any ``scale`` ≥ 1 or to an exact ``size``.

    The image is encoded once; the output pixels are queried ``chunk_size`` at a time, so
    memory stays bounded for any output size.  ``cell_scale_limit`` (optional): for scales
    beyond it, pass the cell of that scale instead of the true one (a common trick for
    far out-of-distribution scales; off by default).  ``region`` = (rows, cols) slices of
    the output to compute only a crop of it (a zoom widget needs only what it shows).

    Returns the (H, W, 3) float32 image, clipped to [0, 1].
    """
    if not isinstance(model, LIIF):
        raise TypeError(f"model must be an inrlib.liif.LIIF, got {type(model).__name__}")
    lr = _image_tensor("image", image)
    height, width = output_size(lr.shape[-2:], scale, size)
    chunk_size = validate.positive_int("chunk_size", chunk_size)
    max_pixels = validate.positive_int("max_pixels", max_pixels)
    if region is not None and (not isinstance(region, (tuple, list)) or len(region) != 2
                               or not all(isinstance(r, slice) for r in region)):
        raise TypeError(f"region must be a pair (rows, cols) of slices, e.g. (slice(0, 64), slice(0, 64)), "
                        f"got {validate.show(region)}")
    rows, cols = region if region is not None else (slice(0, height), slice(0, width))
    rows, cols = range(height)[rows], range(width)[cols]
    if len(rows) * len(cols) > max_pixels:
        raise ValueError(f"size: an output of {len(rows)}×{len(cols)} pixels exceeds max_pixels={max_pixels:,} "
                         f"(about {len(rows) * len(cols) * 12 / 2**30:.1f} GiB as float32); ask for a region or raise max_pixels")
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    ys = -1 + (2 * torch.tensor(list(rows), dtype=torch.float32) + 1) / height
    xs = -1 + (2 * torch.tensor(list(cols), dtype=torch.float32) + 1) / width
    yy, xx = torch.meshgrid(ys, xs, indexing="ij")
    coords = torch.stack([xx, yy], -1).reshape(1, -1, 2)
    cell = torch.tensor([2.0 / width, 2.0 / height])
    if cell_scale_limit is not None:
        limit = validate.positive_float("cell_scale_limit", cell_scale_limit)
        cell = torch.maximum(cell, torch.tensor([2.0 / (lr.shape[-1] * limit), 2.0 / (lr.shape[-2] * limit)]))
    # Encode only the input pixels that can influence the region (its footprint plus the
    # model's receptive field), then express the queries in that window's coordinates.
    window, coords, cell = _input_window(lr, coords, cell, model.margin)
    state = model.encode(window.to(device))
    coords, cell = coords.to(device), cell.to(device)
    out = torch.empty(coords.shape[1], 3)
    for start in range(0, coords.shape[1], chunk_size):
        part = coords[:, start : start + chunk_size]
        out[start : start + part.shape[1]] = model.query(state, part, cell.expand_as(part))[0].cpu()
    model.train(was_training)
    return out.clamp(0, 1).view(len(rows), len(cols), 3).numpy()


def _input_window(lr: torch.Tensor, coords: torch.Tensor, cell: torch.Tensor,
                  margin: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The part of ``lr`` (1, 3, h, w) within ``margin`` pixels of the queries, and the
    queries and cell in its coordinates.  Outputs are unchanged: nothing farther than the
    margin can reach a query through the encoder, the ensemble or the bicubic base."""
    h, w = lr.shape[-2:]
    size = torch.tensor([w, h], dtype=torch.float32)
    position = (coords[0] + 1) / 2 * size  # in input pixels
    low = (position.min(0).values.floor() - margin).clamp(min=0).long()
    high = torch.minimum(position.max(0).values.ceil() + margin, size).long()
    (c0, r0), (c1, r1) = low.tolist(), high.tolist()
    if (r0, c0, r1, c1) == (0, 0, h, w):
        return lr, coords, cell
    extent = torch.tensor([c1 - c0, r1 - r0], dtype=torch.float32)
    local = (position - torch.tensor([c0, r0], dtype=torch.float32)) / extent * 2 - 1
    return lr[..., r0:r1, c0:c1], local[None], cell * size / extent


def bicubic_upsample(image, scale: float | None = None, size: tuple[int, int] | None = None) -> np.ndarray:
    """The baseline: bicubic interpolation (Keys, a = −0.75) of (h, w, 3) to any scale or size, clipped to [0, 1]."""
    lr = _image_tensor("image", image)
    height, width = output_size(lr.shape[-2:], scale, size)
    out = F.interpolate(lr, size=(height, width), mode="bicubic", align_corners=False)
    return out.clamp(0, 1)[0].permute(1, 2, 0).numpy()


# ----------------------------------------------------------------------------- 6. training data and training
def downsample(image: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """Antialiased bicubic downsampling (B, 3, H, W) → (B, 3, h, w), as the paper makes its inputs."""
    validate.tensor("image", image, ndim=4)
    size = validate.size_pair("size", size)
    return F.interpolate(image, size=size, mode="bicubic", antialias=True, align_corners=False).clamp(0, 1)


def load_photos(names: tuple[str, ...] = TRAIN_PHOTOS, max_side: int | None = 512) -> list[np.ndarray]:
    """Full photos as RGB float32 (grayscale ones repeated to 3 channels), longest side ≤ ``max_side``."""
    photos = []
    for name in names:
        img = load_image(name, size=None, gray=False, square=False)
        if max_side is not None and max(img.shape[:2]) > max_side:
            from .data import resize

            f = max_side / max(img.shape[:2])
            img = resize(img, (round(img.shape[0] * f), round(img.shape[1] * f)))
        photos.append(img)
    return photos


def sample_batch(photos: list[np.ndarray], batch_size: int = 16, patch: int = 48, scale_range: tuple[float, float] = (1.0, 4.0),
                 queries: int = 2304, generator: torch.Generator | None = None) -> dict[str, torch.Tensor]:
    """One training batch as in the paper's figure "(a) data preparation".

    For each sample: a scale s ~ U(scale_range); a random crop of ⌊patch·s⌋² pixels of a
    random photo (random flips and transposition); its antialiased downsampling to
    patch² is the input; ``queries`` random pixels of the crop are the targets, with
    their coordinates and cells (2/⌊patch·s⌋).

    Returns ``{"image": (B, 3, patch, patch), "coords": (B, Q, 2), "cells": (B, Q, 2), "target": (B, Q, 3)}``.
    """
    batch_size, patch, queries = (validate.positive_int("batch_size", batch_size),
                                  validate.positive_int("patch", patch), validate.positive_int("queries", queries))
    if not isinstance(photos, (list, tuple)) or not all(isinstance(p, np.ndarray) and p.ndim == 3 for p in photos):
        raise TypeError(f"photos must be a list of (H, W, 3) arrays (see load_photos), got {validate.show(photos)}")
    low, high = validate.number_pair("scale_range", scale_range)
    if not 1.0 <= low <= high:
        raise ValueError(f"scale_range must satisfy 1 ≤ low ≤ high, got {scale_range}")
    usable = [p for p in photos if min(p.shape[:2]) >= math.floor(patch * high)]
    if not usable:
        raise ValueError(f"photos: none is at least {math.floor(patch * high)} pixels on each side")
    g = generator
    images, coords, cells, targets = [], [], [], []
    for _ in range(batch_size):
        s = low + (high - low) * torch.rand((), generator=g).item()
        side = math.floor(patch * s)
        photo = usable[torch.randint(len(usable), (), generator=g).item()]
        top = torch.randint(photo.shape[0] - side + 1, (), generator=g).item()
        left = torch.randint(photo.shape[1] - side + 1, (), generator=g).item()
        crop = torch.from_numpy(np.ascontiguousarray(photo[top : top + side, left : left + side])).permute(2, 0, 1)
        if torch.rand((), generator=g) < 0.5:
            crop = crop.flip(-1)
        if torch.rand((), generator=g) < 0.5:
            crop = crop.flip(-2)
        if torch.rand((), generator=g) < 0.5:
            crop = crop.transpose(-1, -2)
        images.append(downsample(crop[None], (patch, patch))[0])
        pick = torch.randperm(side * side, generator=g)[:queries]
        coords.append(pixel_coordinates(side, side)[pick])
        cells.append(torch.full((len(pick), 2), 2.0 / side))
        targets.append(crop.reshape(3, -1).T[pick])
    return {"image": torch.stack(images), "coords": torch.stack(coords), "cells": torch.stack(cells),
            "target": torch.stack(targets)}


def train_liif(model: LIIF, steps: int, photos: list[np.ndarray] | None = None, *, batch_size: int = 8,
               patch: int = 48, queries: int = 1024, lr: float = 2e-4, seed: int = 0, time_budget: float | None = None,
               checkpoint: str | Path | None = None, log_every: int = 50, progress: bool = True) -> History:
    """Train with L1 loss on random batches (:func:`sample_batch`), Adam, cosine learning-rate decay.

    The paper uses batches of 16 patches × 2304 queries for 1000 epochs of DIV2K on a GPU;
    the CPU default is 8 × 1024 (each step about 3× cheaper), which learns more per second.

    Resumable through ``checkpoint`` (see :func:`inrlib.training.train`).
    """
    if not isinstance(model, LIIF):
        raise TypeError(f"model must be an inrlib.liif.LIIF, got {type(model).__name__}")
    steps = validate.positive_int("steps", steps)
    photos = load_photos() if photos is None else photos
    generator = torch.Generator().manual_seed(validate.non_negative_int("seed", seed))
    optimizer = torch.optim.Adam(model.parameters(), lr=validate.positive_float("lr", lr))
    device = next(model.parameters()).device

    def loss_fn(m: LIIF) -> torch.Tensor:
        batch = {k: v.to(device) for k, v in sample_batch(photos, batch_size, patch, queries=queries,
                                                            generator=generator).items()}
        return (m(batch["image"], batch["coords"], batch["cells"]) - batch["target"]).abs().mean()

    def schedule(step: int) -> float:
        return lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(step, steps) / steps)))

    return train(model, loss_fn, steps, optimizer=optimizer, seed=seed, lr_schedule=schedule,
                 time_budget=time_budget, checkpoint=checkpoint, log_every=log_every, progress=progress,
                 desc="LIIF")


# ----------------------------------------------------------------------------- 7. evaluation protocol
def degrade(photo: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """The benchmark's input and ground truth for one photo at one scale.

    The LR size is ⌊H/s⌋ × ⌊W/s⌋; the ground truth is the top-left crop of
    round(h·s) × round(w·s) pixels (so its size is an exact multiple for integer s), and
    the input is its antialiased bicubic downsampling.  Returns ``(lr, hr)``.
    """
    hr = _image_tensor("photo", photo)
    scale = validate.positive_float("scale", scale)
    if scale < 1:
        raise ValueError(f"scale must be ≥ 1, got {scale:g}")
    h, w = math.floor(hr.shape[-2] / scale), math.floor(hr.shape[-1] / scale)
    if min(h, w) < 2:
        raise ValueError(f"scale: ×{scale:g} leaves a {h}×{w} input of a {tuple(hr.shape[-2:])} photo")
    hr = hr[..., : round(h * scale), : round(w * scale)]
    lr = downsample(hr, (h, w))
    return lr[0].permute(1, 2, 0).numpy(), hr[0].permute(1, 2, 0).numpy()


def shaved(image: np.ndarray, border: int) -> np.ndarray:
    """Drop ``border`` pixels on every side (the benchmark sets' protocol: border = scale)."""
    validate.image_array("image", image)
    border = validate.non_negative_int("border", border)
    if 2 * border >= min(image.shape[:2]):
        raise ValueError(f"border must be less than half the image side, got {border} for {validate.show(image)}")
    return image[border:-border, border:-border] if border > 0 else image


def evaluate_scale(model: LIIF, photo: np.ndarray, scale: float, **upsample_kwargs) -> dict[str, float]:
    """PSNR/SSIM of LIIF and bicubic on one photo at one scale, RGB, border ⌈scale⌉ shaved."""
    lr, hr = degrade(photo, scale)
    border = math.ceil(scale)
    ours = upsample(model, lr, size=hr.shape[:2], **upsample_kwargs)
    base = bicubic_upsample(lr, size=hr.shape[:2])
    truth = shaved(hr, border)
    return {"liif_psnr": psnr(shaved(ours, border), truth), "bicubic_psnr": psnr(shaved(base, border), truth),
            "liif_ssim": ssim(shaved(ours, border), truth), "bicubic_ssim": ssim(shaved(base, border), truth)}


def evaluation_table(model: LIIF, photos: tuple[str, ...] = TEST_PHOTOS, scales=SCALES_IN + SCALES_OUT,
                     **upsample_kwargs) -> list[dict[str, float]]:
    """Mean PSNR/SSIM over held-out photos at each scale: one row per scale."""
    images = load_photos(photos)
    rows = []
    for scale in scales:
        per_photo = [evaluate_scale(model, img, scale, **upsample_kwargs) for img in images]
        row = {"scale": float(scale)}
        for key in per_photo[0]:
            row[key] = float(np.mean([p[key] for p in per_photo]))
        rows.append(row)
    return rows


# ----------------------------------------------------------------------------- 8. shipped weights
CHECKPOINT_NAME = "liif_edsr_small"
#: How the shipped weights were made (a session's time limit cut the first run short;
#: a clean ``train --seed 0`` runs the same recipe as one 8000-step schedule).
TRAIN_COMMAND = ("python -m inrlib.liif train --seed 0 --steps 13000, stopped after its step-5800 checkpoint, then "
                 "python -m inrlib.liif train --seed 0 --steps 8000 (resumes from that checkpoint; the cosine decay "
                 "then follows the 8000-step schedule)")


def make_model(**overrides) -> LIIF:
    """The course's LIIF configuration (the shipped weights use exactly this)."""
    config = dict(blocks=8, channels=32, hidden=128, layers=4)
    config.update(overrides)
    return LIIF(**config)


def load_pretrained() -> LIIF:
    """The shipped model, verified by sha256 and loaded with ``weights_only=True``."""
    from .checkpoints import load_state_dict

    model = make_model()
    model.load_state_dict(load_state_dict(CHECKPOINT_NAME))
    return model.eval()


def main(argv: list[str] | None = None) -> None:
    from .checkpoints import save_state_dict, training_command

    args = training_command(argv, "python -m inrlib.liif", __doc__.split("\n")[0], 8000, "liif_train.pt")
    if args.command == "train":
        model = make_model()
        history = train_liif(model, args.steps, seed=args.seed, checkpoint=args.checkpoint, progress=False,
                             log_every=100)
        minutes = history.seconds[-1] / 60
        path = save_state_dict(CHECKPOINT_NAME, model.state_dict(), command=TRAIN_COMMAND,
                               description=f"LIIF {model.config}, {args.steps} steps on {len(TRAIN_PHOTOS)} "
                                           f"photos, {minutes:.0f} min on one CPU thread")
        print(f"trained {history.step[-1]} steps in {minutes:.0f} min, final L1 {history.final_loss:.4f}; saved {path}")
    for row in evaluation_table(load_pretrained()):
        print(f"x{row['scale']:<5g} LIIF {row['liif_psnr']:.2f} dB  bicubic {row['bicubic_psnr']:.2f} dB  "
              f"gain {row['liif_psnr'] - row['bicubic_psnr']:+.2f}")


if __name__ == "__main__":
    main()
