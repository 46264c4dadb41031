"""Run settings shared by every chapter: seeding, device, quick mode, plot style.

Quick mode
----------
The test suite (and anyone short of time) sets the environment variable
``INRLIB_QUICK=1``.  Every chapter picks its step counts and sizes through the one
helper :func:`quick_or_full`, so quick mode changes *how much* is computed and
nothing else::

    steps = quick_or_full(quick=60, full=500)
"""
from __future__ import annotations

import os
import random
from typing import TypeVar

import numpy as np
import torch

T = TypeVar("T")

QUICK_ENV = "INRLIB_QUICK"
CACHE_ENV = "INRLIB_CACHE"


def is_quick() -> bool:
    """True when the environment asks for quick mode (``INRLIB_QUICK`` is 1/true/yes)."""
    return os.environ.get(QUICK_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def quick_or_full(quick: T, full: T) -> T:
    """Return ``quick`` in quick mode and ``full`` otherwise.

    This is the only place where quick mode is decided: notebooks and library code
    call it for step counts, image sizes, numbers of samples.
    """
    return quick if is_quick() else full


def cache_directory() -> "Path":
    """Where inrlib keeps what it can regenerate (scenes, resumable training checkpoints):
    ``$INRLIB_CACHE`` if set, else ``~/.cache/inrlib``.  Created on first use."""
    from pathlib import Path

    directory = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "inrlib")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def seed_everything(seed: int = 0) -> torch.Generator:
    """Seed Python, NumPy and PyTorch (CPU and CUDA) and return a seeded generator.

    Parameters
    ----------
    seed : int
        A non-negative integer.

    Returns
    -------
    torch.Generator
        A CPU generator seeded with ``seed``, for code that wants its own stream.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def get_device(prefer: str | None = None) -> torch.device:
    """Pick the compute device: ``prefer`` if given, else CUDA, then Apple MPS, then CPU.

    The environment variable ``INRLIB_DEVICE`` (e.g. ``cpu``) overrides the automatic
    choice, which is how the tests pin everything to the CPU.
    """
    if prefer is not None and not isinstance(prefer, str):
        raise TypeError(f"prefer must be a device name such as 'cpu' or 'cuda', got {prefer!r}")
    choice = prefer or os.environ.get("INRLIB_DEVICE")
    if choice:
        if choice not in {"cpu", "cuda", "mps"} and not choice.startswith("cuda:"):
            raise ValueError(f"prefer must be 'cpu', 'cuda', 'cuda:N' or 'mps', got {choice!r}")
        if choice.startswith("cuda") and not torch.cuda.is_available():
            raise ValueError(f"prefer={choice!r} but CUDA is not available on this machine")
        if choice == "mps" and not torch.backends.mps.is_available():
            raise ValueError("prefer='mps' but Apple MPS is not available on this machine")
        return torch.device(choice)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def default_threads() -> int:
    """Half the machine's cores (at least 1, at most 4).

    Small coordinate networks gain little from many threads, and PyTorch's OpenMP
    threads spin while they wait: with as many threads as cores on a machine that is
    also busy with something else (a browser, a second notebook, a test run), one Adam
    step of a small MLP was measured here 25× slower with 2 threads than with 1 on a
    loaded 2-core CPU.  Leaving half the cores free avoids that collapse.
    """
    return max(1, min(4, (os.cpu_count() or 1) // 2))


def set_threads(n: int | None = None) -> int:
    """Set the number of CPU threads PyTorch uses (default: :func:`default_threads`).

    Returns the number set.
    """
    if n is None:
        n = default_threads()
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    torch.set_num_threads(n)
    return n


def use_course_style() -> None:
    """Matplotlib defaults for readable figures on a projector."""
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "figure.figsize": (8, 4),
            "figure.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "font.size": 11,
            "axes.titlesize": 12,
            "image.cmap": "gray",
            "legend.frameon": False,
        }
    )


def setup(seed: int = 0, threads: int | None = None) -> torch.device:
    """One call at the top of every notebook: seed, threads, plot style, device.

    Prints what was chosen (device and quick/full mode) and returns the device.
    """
    seed_everything(seed)
    n = set_threads(threads)
    use_course_style()
    device = get_device()
    mode = "quick" if is_quick() else "full"
    print(f"inrlib: device={device.type}, threads={n}, mode={mode}, seed={seed}")
    return device
