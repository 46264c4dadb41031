"""Fields: networks giving a density σ(x) and a colour c(x, d) (lecture 05 §2, §8, §9).

The paper's MLP (with and without view dependence, with and without positional encoding),
a SIREN field and instant-ngp's hash-grid field, all with one interface:
``field(x, d) -> (sigma, rgb)``.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .. import validate
from ..networks import PositionalEncoding, Siren
from .encodings import HashGridEncoding

#: The kinds :func:`make_field` builds.
FIELD_KINDS = ("hashgrid", "nerf", "nerf-noview", "nerf-nope", "siren")


class Field(nn.Module):
    """Base class: ``field(x, d) -> (sigma, rgb)`` with ``sigma`` (N,) ≥ 0 and ``rgb`` (N, 3)
    in (0, 1); ``field.density(x)`` gives σ alone (used by the occupancy grid)."""

    view_dependent: bool = True

    def density(self, x: torch.Tensor) -> torch.Tensor:
        return self.forward(x, torch.zeros_like(x))[0]


def _exp_density(raw: torch.Tensor) -> torch.Tensor:
    # instant-ngp's activation: σ = e^raw reaches the large densities of an opaque surface
    # (σδ ≫ 1) with raw of only a few units; clamped so σ stays finite
    return torch.exp((raw - 1.0).clamp(max=15.0))


def _density_activation(raw: torch.Tensor) -> torch.Tensor:
    # softplus keeps σ ≥ 0 with a gradient everywhere (the paper's ReLU can die); the shift
    # starts the field almost empty, as a scene mostly is.
    return F.softplus(raw - 1.0)


class NeRFField(Field):
    r"""The paper's MLP (Mildenhall et al. 2020, Fig. 7), with its size as parameters.

    ``γ(x)`` → ``depth`` ReLU layers of ``width`` (``γ(x)`` concatenated again after layer
    ``skip``) → σ and a feature vector; the feature and ``γ(d)`` → one ReLU layer of
    ``width/2`` → RGB. ``view_dependent=False`` drops ``d`` (the ablation "no view
    dependence"); ``pos_frequencies=0`` feeds raw ``x`` ("no positional encoding").
    The paper uses L = 10 for x, 4 for d, width 256, depth 8, skip after layer 4.
    """

    def __init__(self, pos_frequencies: int = 10, dir_frequencies: int = 4, width: int = 256, depth: int = 8,
                 skip: int = 4, view_dependent: bool = True):
        super().__init__()
        validate.non_negative_int("pos_frequencies", pos_frequencies)
        validate.non_negative_int("dir_frequencies", dir_frequencies)
        self.pos_encoding = PositionalEncoding(3, pos_frequencies)
        self.dir_encoding = PositionalEncoding(3, dir_frequencies)
        width, depth = validate.positive_int("width", width), validate.positive_int("depth", depth)
        self.skip = validate.non_negative_int("skip", skip)
        self.view_dependent = bool(view_dependent)
        enc = self.pos_encoding.out_features
        self.layers = nn.ModuleList()
        for k in range(depth):
            fan_in = enc if k == 0 else width + (enc if k == self.skip and k > 0 else 0)
            self.layers.append(nn.Linear(fan_in, width))
        self.sigma_out = nn.Linear(width, 1)
        self.feature = nn.Linear(width, width)
        dir_in = self.dir_encoding.out_features if self.view_dependent else 0
        self.color = nn.Sequential(nn.Linear(width + dir_in, width // 2), nn.ReLU(), nn.Linear(width // 2, 3))

    def trunk(self, x: torch.Tensor) -> torch.Tensor:
        e = self.pos_encoding(x)
        h = e
        for k, layer in enumerate(self.layers):
            if k == self.skip and k > 0:
                h = torch.cat([h, e], dim=-1)
            h = F.relu(layer(h))
        return h

    def density(self, x: torch.Tensor) -> torch.Tensor:
        return _density_activation(self.sigma_out(self.trunk(x))[..., 0])

    def forward(self, x: torch.Tensor, d: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.trunk(x)
        sigma = _density_activation(self.sigma_out(h)[..., 0])
        f = self.feature(h)
        if self.view_dependent:
            f = torch.cat([f, self.dir_encoding(F.normalize(d, dim=-1))], dim=-1)
        return sigma, torch.sigmoid(self.color(f))


class SirenField(Field):
    r"""A SIREN trunk (:class:`inrlib.networks.Siren`, sine activations, ω₀) on raw ``x``
    giving σ and a feature vector; the feature and ``γ(d)`` → a small ReLU head → RGB
    (the deck's "NeRF – improved: SIREN")."""

    def __init__(self, width: int = 128, depth: int = 3, omega_0: float = 30.0, n_features: int = 32,
                 dir_frequencies: int = 4, bound: float = 1.0):
        super().__init__()
        self.bound = validate.positive_float("bound", bound)
        validate.positive_int("width", width)
        validate.non_negative_int("depth", depth)
        validate.positive_float("omega_0", omega_0)
        validate.non_negative_int("n_features", n_features)
        validate.non_negative_int("dir_frequencies", dir_frequencies)
        self.trunk = Siren(3, 1 + n_features, hidden_features=width, hidden_layers=depth, first_omega_0=omega_0)
        self.dir_encoding = PositionalEncoding(3, dir_frequencies)
        self.color = nn.Sequential(nn.Linear(n_features + self.dir_encoding.out_features, 64), nn.ReLU(),
                                   nn.Linear(64, 3))

    def density(self, x: torch.Tensor) -> torch.Tensor:
        return _density_activation(self.trunk(x / self.bound)[..., 0])

    def forward(self, x, d):
        h = self.trunk(x / self.bound)
        f = torch.cat([h[..., 1:], self.dir_encoding(F.normalize(d, dim=-1))], dim=-1)
        return _density_activation(h[..., 0]), torch.sigmoid(self.color(f))


class HashGridField(Field):
    r"""instant-ngp's field: :class:`HashGridEncoding` → a tiny MLP giving σ and 15 geometry
    features; those and ``γ(d)`` → a tiny MLP giving RGB. Almost all parameters sit in the
    hash table, and each point touches only 8 rows per level, so a step is cheap."""

    def __init__(self, n_levels: int = 8, n_features: int = 2, log2_table_size: int = 15,
                 min_resolution: int = 16, max_resolution: int = 256, bound: float = 1.0,
                 width: int = 64, dir_frequencies: int = 4):
        super().__init__()
        validate.positive_int("width", width)
        validate.non_negative_int("dir_frequencies", dir_frequencies)
        self.encoding = HashGridEncoding(n_levels, n_features, log2_table_size, min_resolution, max_resolution, bound)
        self.dir_encoding = PositionalEncoding(3, dir_frequencies)
        self.sigma_net = nn.Sequential(nn.Linear(self.encoding.out_features, width), nn.ReLU(), nn.Linear(width, 16))
        self.color = nn.Sequential(nn.Linear(15 + self.dir_encoding.out_features, width), nn.ReLU(),
                                   nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 3))
        self.config = {"n_levels": n_levels, "n_features": n_features, "log2_table_size": log2_table_size,
                       "min_resolution": min_resolution, "max_resolution": max_resolution, "bound": bound,
                       "width": width, "dir_frequencies": dir_frequencies}

    def density(self, x):
        return _exp_density(self.sigma_net(self.encoding(x))[..., 0])

    def forward(self, x, d):
        h = self.sigma_net(self.encoding(x))
        f = torch.cat([h[..., 1:], self.dir_encoding(F.normalize(d, dim=-1))], dim=-1)
        return _exp_density(h[..., 0]), torch.sigmoid(self.color(f))


def make_field(kind: str, **kwargs) -> Field:
    """A field by name: ``"hashgrid"``, ``"nerf"`` (MLP + PE + view direction),
    ``"nerf-noview"``, ``"nerf-nope"`` (no positional encoding) or ``"siren"``.

    The MLP variants default to a laptop-sized network (width 128, depth 4, skip 2).
    """
    validate.one_of("kind", kind, FIELD_KINDS)
    if kind == "hashgrid":
        return HashGridField(**kwargs)
    if kind == "siren":
        return SirenField(**kwargs)
    base = {"width": 128, "depth": 4, "skip": 2}
    base.update({"nerf-noview": {"view_dependent": False}, "nerf-nope": {"pos_frequencies": 0}}.get(kind, {}))
    base.update(kwargs)
    return NeRFField(**base)


