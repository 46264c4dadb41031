"""inrlib — the companion library of the inr-course (implicit neural networks).

One module per chapter (``implicit``, ``ztransform``, ``fdm``, ``boundary``, ``pinn``,
``nerf``, ``liif``, ``videoinr``, ``limitations``) on top of a few core modules:

* :mod:`inrlib.settings`  — seeding, device, quick mode, plot style
* :mod:`inrlib.networks`  — MLP, positional encoding, Fourier features, SIREN
* :mod:`inrlib.training`  — the training loop
* :mod:`inrlib.metrics`   — PSNR, SSIM
* :mod:`inrlib.data`      — bundled photos, image ↔ coordinate samples
* :mod:`inrlib.teaching`  — show source, images side by side
* :mod:`inrlib.checkpoints` — shipped weights, verified by sha256

Exercise checkers live in :mod:`inrlib.checks`, widget explorers in :mod:`inrlib.widgets`.
"""
from .settings import get_device, is_quick, quick_or_full, seed_everything, setup

__version__ = "0.1.0"
__all__ = ["get_device", "is_quick", "quick_or_full", "seed_everything", "setup", "__version__"]
