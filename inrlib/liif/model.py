"""The model (lecture §3–§6): encoder + local implicit function, each ingredient switchable
for the ablation, with cell decoding.

.. math:: I(x_q) = f_θ(z^*, [x_q - v^*, c]),

where :math:`z^*` is the latent code nearest to the query :math:`x_q`, :math:`v^*` its
centre and :math:`c` the size of the queried pixel, all measured in low-resolution pixels.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .. import validate
from .encoder import Encoder
from .local import ENSEMBLE_OFFSETS, local_ensemble_weights, nearest_latent


def _check_query(model, state, coords, cells=None) -> None:
    b = state["codes"].shape[0]
    validate.tensor("coords", coords, ndim=3)
    if coords.shape[0] != b or coords.shape[-1] != 2:
        raise ValueError(f"coords must have shape ({b}, Q, 2), got {tuple(coords.shape)}")
    if model.config["cell_decode"]:
        if cells is None:
            raise ValueError("cells must be given (B, Q, 2) for a model with cell decoding")
        if cells.shape != coords.shape:
            raise ValueError(f"cells must have the shape of coords {tuple(coords.shape)}, got {tuple(cells.shape)}")


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

    @validate.checked(_check_query)
    def query(self, state: dict[str, torch.Tensor], coords: torch.Tensor,
              cells: torch.Tensor | None = None) -> torch.Tensor:
        """RGB at continuous coordinates: coords (B, Q, 2), cells (B, Q, 2) → (B, Q, 3)."""
        codes, image = state["codes"], state["image"]
        b, hidden, h, w = codes.shape
        if self.config["cell_decode"]:
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
