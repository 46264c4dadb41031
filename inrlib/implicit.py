"""Chapter 00 — what is an implicit neural network?

A conventional network maps an input (an image) to a label and learns from many
examples.  An *implicit* network learns **one signal** from its own samples: an image
becomes a function of its coordinates,

.. math:: f_θ(x, y) ≈ I(x, y), \\qquad θ^* = \\arg\\min_θ \\sum_{\\text{pixels}} \\|f_θ(x_i, y_i) - I_i\\|^2 .

The module follows the lecture:

1. :func:`make_model` — the four networks compared: plain ReLU MLP, positional
   encoding, Gaussian Fourier features, SIREN;
2. :func:`fit_image` / :func:`render` — fit one photo, then query the function on any grid;
3. :func:`bicubic_upsample` — the honest baseline for "querying a finer grid" (the core's
   :func:`inrlib.imaging.bicubic_upsample`, for grayscale images too);
4. :func:`make_signal` / :func:`fit_signal` — the same ideas on a 1-D signal, small
   enough to refit live in a widget and to show over-fitting with a held-out half.
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import imaging, validate
from .data import image_to_samples, samples_to_image
from .imaging import pixel_coordinates
from .metrics import psnr
from .networks import MLP, GaussianFourierFeatures, PositionalEncoding, Siren
from .training import History, train

#: The networks compared in the lecture, with the settings used there.
MODEL_KINDS = ("relu", "pe", "ff", "siren")
MODEL_LABELS = {"relu": "ReLU MLP", "pe": "positional encoding", "ff": "Fourier features", "siren": "SIREN"}


# ----------------------------------------------------------------------------- 1. models
def make_model(kind: str, in_features: int = 2, out_features: int = 1, hidden_features: int = 128,
               hidden_layers: int = 3, *, n_frequencies: int = 8, sigma: float = 10.0,
               n_fourier: int = 128, omega_0: float = 30.0, seed: int = 0) -> nn.Module:
    """Build one of the lecture's coordinate networks.

    Parameters
    ----------
    kind : {"relu", "pe", "ff", "siren"}
        ``relu``: MLP on raw coordinates.  ``pe``: MLP on γ(p) with ``n_frequencies``
        octaves.  ``ff``: MLP on Gaussian Fourier features with scale ``sigma``.
        ``siren``: sine activations with first-layer frequency ``omega_0``.
    in_features, out_features : int
        Coordinate dimension (2 for images, 1 for signals) and channels.
    hidden_features, hidden_layers : int
        Width and depth, the same for all kinds so the comparison is fair.
    seed : int
        Seeds the initial weights (and the Fourier matrix B).
    """
    validate.one_of("kind", kind, MODEL_KINDS)
    n_frequencies = validate.non_negative_int("n_frequencies", n_frequencies)
    sigma, omega_0 = validate.positive_float("sigma", sigma), validate.positive_float("omega_0", omega_0)
    n_fourier = validate.positive_int("n_fourier", n_fourier)
    torch.manual_seed(validate.non_negative_int("seed", seed))
    if kind == "siren":
        return Siren(in_features, out_features, hidden_features, hidden_layers - 1,
                     first_omega_0=omega_0, hidden_omega_0=30.0)
    encoding = None
    if kind == "pe":
        encoding = PositionalEncoding(in_features, n_frequencies)
    elif kind == "ff":
        encoding = GaussianFourierFeatures(in_features, n_fourier, sigma, seed=seed)
    return MLP(in_features, out_features, hidden_features, hidden_layers, "relu", encoding)


# ----------------------------------------------------------------------------- 2. fit an image
def render(model: nn.Module, height: int, width: int, chunk: int = 65536) -> np.ndarray:
    """Query ``model`` at the pixel centres of an H×W grid on [−1, 1]² (see :mod:`inrlib.data`).

    Any H, W works: the representation is continuous.  Returns an image clipped to [0, 1].
    """
    validate.module("model", model)
    coords = pixel_coordinates(height, width)
    chunk = validate.positive_int("chunk", chunk)
    device = next(model.parameters()).device
    with torch.no_grad():
        out = torch.cat([model(c.to(device)).cpu() for c in coords.split(chunk)])
    return np.clip(samples_to_image(out, height, width), 0.0, 1.0)


def fit_image(model: nn.Module, image: np.ndarray, steps: int, *, lr: float = 1e-3, log_every: int = 25,
              time_budget: float | None = None, progress: bool = True, desc: str | None = None,
              seed: int = 0) -> History:
    """Fit ``model`` to every pixel of ``image`` by full-batch Adam on the MSE.

    The history's ``metrics["psnr"]`` is the training PSNR (dB) of the clipped output.
    """
    validate.module("model", model)
    validate.image_array("image", image)
    coords, values = image_to_samples(image)
    if getattr(model, "out_features", values.shape[1]) != values.shape[1]:
        raise ValueError(f"model must output {values.shape[1]} channels for this image, "
                         f"got a model with out_features={model.out_features}")
    device = next(model.parameters()).device
    coords, values = coords.to(device), values.to(device)

    def loss_fn(m: nn.Module) -> torch.Tensor:
        return F.mse_loss(m(coords), values)

    def evaluate(m: nn.Module) -> dict[str, float]:
        return {"psnr": psnr(m(coords).clamp(0, 1).cpu(), values.cpu())}

    return train(model, loss_fn, steps, lr=lr, log_every=log_every, evaluate=evaluate,
                 time_budget=time_budget, progress=progress, seed=seed,
                 desc=desc or f"fitting {type(model).__name__}")


# ----------------------------------------------------------------------------- 3. the baseline
def bicubic_upsample(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """The course's bicubic baseline (:func:`inrlib.imaging.bicubic_upsample`: Keys, a = −0.75,
    as in PyTorch) to H×W for this chapter's images, grayscale (H, W) or RGB (H, W, 3),
    clipped to [0, 1].  A grayscale image goes through as three equal channels and comes back
    as one.  Uses the same pixel-centre convention as :func:`render`, so both are queried at
    exactly the same points.
    """
    validate.image_array("image", image)
    size = validate.positive_int("height", height), validate.positive_int("width", width)
    gray = np.ndim(image) == 2
    rgb = np.repeat(np.asarray(image)[..., None], 3, axis=-1) if gray else image
    up = imaging.bicubic_upsample(rgb, size=size)
    return up[..., 0] if gray else up


# ----------------------------------------------------------------------------- 4. a 1-D signal
def make_signal(n: int = 512, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """An audio-like 1-D test signal on [−1, 1]: a chirp, two tones and a click.

    .. math:: s(x) = 0.5\\sin(2π(3x + 6x^2)) + 0.3\\sin(2π·11x)\\,e^{-x^2}
                     + 0.15\\sin(2π·23x)\\,[x>0.2] + 0.4\\,e^{-((x+0.5)/0.02)^2}

    plus a little seeded noise (σ = 0.01).  Returns ``x`` (n, 1) and ``y`` (n, 1).
    """
    n = validate.positive_int("n", n)
    g = torch.Generator().manual_seed(validate.non_negative_int("seed", seed))
    x = torch.linspace(-1, 1, n)
    y = (0.5 * torch.sin(2 * math.pi * (3 * x + 6 * x**2))
         + 0.3 * torch.sin(2 * math.pi * 11 * x) * torch.exp(-x**2)
         + 0.15 * torch.sin(2 * math.pi * 23 * x) * (x > 0.2)
         + 0.4 * torch.exp(-(((x + 0.5) / 0.02) ** 2))
         + 0.01 * torch.randn(n, generator=g))
    return x[:, None], y[:, None]


def split_even_odd(x: torch.Tensor, y: torch.Tensor):
    """Train on the even-indexed samples, hold out the odd ones (in between).

    Returns ``(x_train, y_train), (x_test, y_test)``.
    """
    validate.tensor("x", x, ndim=2)
    validate.tensor("y", y, ndim=2)
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y must have the same number of samples, got {x.shape[0]} and {y.shape[0]}")
    return (x[0::2], y[0::2]), (x[1::2], y[1::2])


def fit_signal(kind: str, x_train: torch.Tensor, y_train: torch.Tensor, *, steps: int = 300, lr: float = 2e-3,
               hidden_features: int = 64, hidden_layers: int = 2, seed: int = 0, progress: bool = False,
               **model_options) -> tuple[nn.Module, History]:
    """Fit a small 1-D coordinate network to ``(x_train, y_train)`` — fast enough to
    refit while a slider moves (≈ 0.3 s on a laptop CPU).

    ``model_options`` go to :func:`make_model` (``sigma``, ``n_frequencies``, ``omega_0``).
    Returns the trained model and its history.
    """
    validate.tensor("x_train", x_train, ndim=2, last_dim=1)
    validate.tensor("y_train", y_train, ndim=2, last_dim=1)
    steps = validate.positive_int("steps", steps)
    model = make_model(kind, 1, 1, hidden_features, hidden_layers, seed=seed, **model_options)
    history = train(model, lambda m: F.mse_loss(m(x_train), y_train), steps, lr=lr, seed=seed,
                    log_every=max(1, steps // 20), progress=progress, desc=f"fitting {kind}")
    return model, history


def signal_psnr(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """PSNR (dB) of ``model(x)`` against ``y``, with the signal's peak-to-peak range as R."""
    validate.module("model", model)
    validate.tensor("x", x, ndim=2)
    validate.tensor("y", y)
    if y.numel() != x.shape[0]:
        raise ValueError(f"y must hold one value per row of x ({x.shape[0]}), got {validate.show(y)}")
    with torch.no_grad():
        pred = model(x)
    rng = float(y.max() - y.min())
    return psnr(pred.reshape(-1, 1), y.reshape(-1, 1), data_range=rng)
