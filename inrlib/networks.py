"""Networks and input encodings used throughout the course.

An implicit neural network is a function of coordinates, ``f_θ: R^d → R^c``.  How well
it can represent fine detail depends mostly on what it sees of its input:

* :class:`MLP` on raw coordinates — smooth, blurry fits (spectral bias);
* :class:`PositionalEncoding` — NeRF's γ(p), a fixed ladder of frequencies 2^k π;
* :class:`GaussianFourierFeatures` — random frequencies B ~ N(0, σ²) (Tancik et al. 2020);
* :class:`Siren` — sine activations with a careful initialisation (Sitzmann et al. 2020).

All modules take inputs of shape ``(..., in_features)`` and return ``(..., out_features)``.
"""
from __future__ import annotations

import math

import torch
from torch import nn

from . import validate


# --------------------------------------------------------------------------- encodings
class PositionalEncoding(nn.Module):
    r"""NeRF's positional encoding (Mildenhall et al. 2020, eq. 4), applied per coordinate:

    .. math::
        γ(p) = \big(\sin(2^0 π p), \cos(2^0 π p), …, \sin(2^{L-1} π p), \cos(2^{L-1} π p)\big)

    Parameters
    ----------
    in_features : int
        Dimension d of the coordinates p.
    n_frequencies : int
        L, the number of octaves. ``0`` gives the identity (raw coordinates).
    include_input : bool
        Prepend p itself to γ(p), as NeRF's code does.

    Shapes: ``(..., d)`` → ``(..., d·(2L + include_input))``, ordered
    ``[p, sin(2^0πp), cos(2^0πp), sin(2^1πp), …]`` with each block of size d.
    """

    def __init__(self, in_features: int, n_frequencies: int, include_input: bool = True):
        super().__init__()
        self.in_features = validate.positive_int("in_features", in_features)
        self.n_frequencies = validate.non_negative_int("n_frequencies", n_frequencies)
        if self.n_frequencies == 0 and not include_input:
            raise ValueError("n_frequencies=0 with include_input=False would encode nothing")
        self.include_input = bool(include_input)
        freqs = math.pi * 2.0 ** torch.arange(self.n_frequencies, dtype=torch.float32)
        self.register_buffer("frequencies", freqs)
        self.out_features = self.in_features * (2 * self.n_frequencies + int(self.include_input))

    def forward(self, p: torch.Tensor) -> torch.Tensor:
        validate.tensor("p", p, last_dim=self.in_features)
        parts = [p] if self.include_input else []
        for f in self.frequencies:
            parts += [torch.sin(f * p), torch.cos(f * p)]
        return torch.cat(parts, dim=-1)


class GaussianFourierFeatures(nn.Module):
    r"""Random Fourier features (Tancik et al. 2020, "Fourier Features Let Networks…"):

    .. math::
        γ(v) = \big[\cos(2π B v), \sin(2π B v)\big], \qquad B_{ij} \sim \mathcal N(0, σ^2)

    σ sets the bandwidth: too small and the fit is blurry, too large and the network
    interpolates noise between the training samples.

    Shapes: ``(..., d)`` → ``(..., 2·n_features)``. ``B`` is a fixed (non-trained) buffer
    drawn from a generator seeded with ``seed``, so the features are reproducible.
    """

    def __init__(self, in_features: int, n_features: int = 256, sigma: float = 10.0, seed: int = 0):
        super().__init__()
        self.in_features = validate.positive_int("in_features", in_features)
        self.n_features = validate.positive_int("n_features", n_features)
        self.sigma = validate.positive_float("sigma", sigma)
        gen = torch.Generator().manual_seed(validate.non_negative_int("seed", seed))
        B = torch.randn(self.n_features, self.in_features, generator=gen) * self.sigma
        self.register_buffer("B", B)
        self.out_features = 2 * self.n_features

    def forward(self, v: torch.Tensor) -> torch.Tensor:
        validate.tensor("v", v, last_dim=self.in_features)
        proj = 2 * math.pi * v @ self.B.T
        return torch.cat([torch.cos(proj), torch.sin(proj)], dim=-1)


# --------------------------------------------------------------------------- MLP
_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "softplus": nn.Softplus, "gelu": nn.GELU, "silu": nn.SiLU}


class MLP(nn.Module):
    """A plain multilayer perceptron, optionally behind an input encoding.

    ``hidden_layers`` hidden layers of width ``hidden_features`` with ``activation``
    between them, then a linear output layer::

        x → encoding(x) → [Linear → act] × hidden_layers → Linear → (output_activation)

    Parameters
    ----------
    in_features, out_features : int
        Input dimension (before the encoding) and output dimension.
    hidden_features, hidden_layers : int
        Width and number of hidden layers.
    activation : str
        One of ``relu``, ``tanh``, ``softplus``, ``gelu``, ``silu``.
    encoding : nn.Module, optional
        A module with attributes ``in_features == in_features`` and ``out_features``
        (e.g. :class:`PositionalEncoding`).
    output_activation : str, optional
        ``"sigmoid"`` to squash outputs into (0, 1), or None.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        hidden_features: int = 256,
        hidden_layers: int = 3,
        activation: str = "relu",
        encoding: nn.Module | None = None,
        output_activation: str | None = None,
    ):
        super().__init__()
        in_features = validate.positive_int("in_features", in_features)
        self.out_features = validate.positive_int("out_features", out_features)
        validate.positive_int("hidden_features", hidden_features)
        validate.positive_int("hidden_layers", hidden_layers)
        validate.one_of("activation", activation, _ACTIVATIONS)
        validate.one_of("output_activation", output_activation, [None, "sigmoid"])
        if encoding is not None and getattr(encoding, "in_features", None) != in_features:
            raise ValueError(
                f"encoding must accept in_features={in_features} inputs, "
                f"got an encoding with in_features={getattr(encoding, 'in_features', None)}"
            )
        self.in_features = in_features
        self.encoding = encoding if encoding is not None else nn.Identity()
        width_in = encoding.out_features if encoding is not None else in_features
        layers: list[nn.Module] = []
        for _ in range(hidden_layers):
            layers += [nn.Linear(width_in, hidden_features), _ACTIVATIONS[activation]()]
            width_in = hidden_features
        layers.append(nn.Linear(width_in, out_features))
        if output_activation == "sigmoid":
            layers.append(nn.Sigmoid())
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        validate.tensor("x", x, last_dim=self.in_features)
        return self.net(self.encoding(x))


# --------------------------------------------------------------------------- SIREN
def _check_sine_layer(self, in_features, out_features, omega_0=30.0, is_first=False) -> None:
    validate.positive_int("in_features", in_features)
    validate.positive_int("out_features", out_features)
    validate.positive_float("omega_0", omega_0)


class SineLayer(nn.Module):
    r"""One SIREN layer, :math:`y = \sin(ω_0 (W x + b))` (Sitzmann et al. 2020, Sec. 3.2).

    Initialisation, with n = ``in_features``:

    * first layer:  :math:`W \sim U(-1/n,\ 1/n)` — with ω₀ = 30 the first layer then
      spans several periods of the sine over the input range [−1, 1];
    * later layers: :math:`W \sim U(-\sqrt{6/n}/ω_0,\ \sqrt{6/n}/ω_0)` — so that
      ω₀·W x has unit-ish variance and activations stay arcsine-distributed at any depth.

    Biases keep PyTorch's default ``U(-1/√n, 1/√n)``, as in the reference code.
    """

    @validate.checked(_check_sine_layer)
    def __init__(self, in_features: int, out_features: int, omega_0: float = 30.0, is_first: bool = False):
        super().__init__()
        self.in_features, self.out_features = int(in_features), int(out_features)
        self.omega_0, self.is_first = float(omega_0), bool(is_first)
        self.linear = nn.Linear(self.in_features, self.out_features)
        self.reset_parameters()

    def init_bound(self) -> float:
        """Half-width of the uniform distribution of the weights."""
        n = self.in_features
        return 1.0 / n if self.is_first else math.sqrt(6.0 / n) / self.omega_0

    @torch.no_grad()
    def reset_parameters(self) -> None:
        bound = self.init_bound()
        self.linear.weight.uniform_(-bound, bound)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sin(self.omega_0 * self.linear(x))


class Siren(nn.Module):
    """A SIREN: sine layers, then a linear output layer initialised like a later layer.

    Parameters
    ----------
    in_features, out_features : int
    hidden_features, hidden_layers : int
        Width, and number of sine layers after the first one.
    first_omega_0, hidden_omega_0 : float
        ω₀ of the first layer (sets the bandwidth; 30 in the paper) and of the others.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        hidden_features: int = 256,
        hidden_layers: int = 3,
        first_omega_0: float = 30.0,
        hidden_omega_0: float = 30.0,
    ):
        super().__init__()
        self.in_features = validate.positive_int("in_features", in_features)
        self.out_features = validate.positive_int("out_features", out_features)
        validate.positive_int("hidden_features", hidden_features)
        validate.non_negative_int("hidden_layers", hidden_layers)
        validate.positive_float("first_omega_0", first_omega_0)
        validate.positive_float("hidden_omega_0", hidden_omega_0)
        layers: list[nn.Module] = [SineLayer(in_features, hidden_features, first_omega_0, is_first=True)]
        for _ in range(hidden_layers):
            layers.append(SineLayer(hidden_features, hidden_features, hidden_omega_0))
        last = nn.Linear(hidden_features, out_features)
        with torch.no_grad():
            bound = math.sqrt(6.0 / hidden_features) / hidden_omega_0
            last.weight.uniform_(-bound, bound)
        layers.append(last)
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        validate.tensor("x", x, last_dim=self.in_features)
        return self.net(x)


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters of ``model``."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
