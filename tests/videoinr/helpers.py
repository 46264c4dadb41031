"""Shared test inputs for chapter 07."""
import numpy as np
import torch

from inrlib import videoinr


def noise_photo(h=64, w=64, seed=0):
    return np.random.default_rng(seed).random((h, w, 3), dtype=np.float32)


def _chw(a):
    return torch.from_numpy(a).permute(2, 0, 1)


def _frames(seed=0, size=16):
    clip = videoinr.evaluation_clips(per_photo=1)[seed]
    return clip, clip.low_res(0.0, size, 4), clip.low_res(1.0, size, 4)
