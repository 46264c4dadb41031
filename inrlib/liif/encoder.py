"""The encoder: a low-resolution image → a grid of latent codes, one per input pixel (lecture §2)."""
from __future__ import annotations

import torch
from torch import nn

from .. import validate


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
