"""Shipped artifacts of the course, verified before use: pretrained weights and chapter 03's
L-shape reference solution.

Training a chapter's model to full quality can take longer than a lecture has, so such
weights are made once by a documented, seeded command of the repo and committed under
``inrlib/checkpoints/`` (at most 5 MB each); chapter 03's fine-grid reference solution
(``lshape_poisson_h256.npz``) lives beside them.  ``manifest.json`` records, per file, its
name, its sha256, its size and the command that made it::

    {"liif_edsr_small": {"file": "liif_edsr_small.pt", "sha256": "…", "bytes": 123456,
                          "command": "python -m inrlib.liif train --seed 0",
                          "description": "…"}}

:func:`verified_path` refuses a file whose hash does not match (a partial download, a
stale file), naming the file and the command that recreates it; :func:`load_state_dict`
then loads weights with ``torch.load(..., weights_only=True)``, which cannot execute code.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import torch

from . import cli, validate
from .settings import cache_directory
from .training import History

DIRECTORY = Path(__file__).resolve().parent / "checkpoints"
MAX_BYTES = 5 * 1024 * 1024


def sha256_of(path: str | Path) -> str:
    """Hex sha256 of a file's bytes."""
    validate.path("path", path)
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_manifest(directory: str | Path = DIRECTORY) -> dict[str, dict]:
    """The manifest of ``directory`` as a dict (empty when there is none yet)."""
    path = Path(directory) / "manifest.json"
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"manifest {path} is not valid JSON ({exc}); restore it from git") from exc
    if not isinstance(manifest, dict):
        raise ValueError(f"manifest {path} must hold a JSON object, got {type(manifest).__name__}")
    return manifest


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and ``os.replace``, so a crash
    mid-write leaves the old file intact, never half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _check_entry(name: str, command: str) -> None:
    if not isinstance(name, str) or not name or not name.replace("_", "").isalnum():
        raise ValueError(f"name must be a non-empty identifier (letters, digits, _), got {name!r}")
    if not isinstance(command, str) or not command.strip():
        raise ValueError("command must say how to reproduce the checkpoint, got an empty string")


def record(name: str, path: str | Path, command: str, description: str = "",
           directory: str | Path = DIRECTORY) -> dict:
    """Enter the file ``path`` (in ``directory``) in the manifest as ``name``: its sha256,
    its size and ``command``, the repo command that reproduces it.  Returns the entry."""
    _check_entry(name, command)
    path, directory = Path(path), Path(directory)
    manifest = read_manifest(directory)
    manifest[name] = {"file": path.name, "sha256": sha256_of(path), "bytes": path.stat().st_size,
                      "command": command, "description": description}
    _write_atomically(directory / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest[name]


def save_state_dict(name: str, state_dict: dict, command: str, description: str = "",
                    directory: str | Path = DIRECTORY) -> Path:
    """Save ``state_dict`` as ``<name>.pt`` and record it in the manifest.

    ``command`` is the repo command that reproduces the file (it goes in the manifest).
    Raises ``ValueError`` when the file would exceed 5 MB.
    """
    _check_entry(name, command)
    if not isinstance(state_dict, dict):
        raise TypeError(f"state_dict must be a dict of tensors, got {type(state_dict).__name__}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.pt"
    torch.save({k: v.detach().cpu() for k, v in state_dict.items()}, path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        path.unlink()
        raise ValueError(f"checkpoint {name!r} is {size / 2**20:.1f} MB; checkpoints must be ≤ 5 MB")
    record(name, path, command, description, directory)
    return path


def verified_path(name: str, directory: str | Path = DIRECTORY) -> Path:
    """The path of the file listed as ``name`` in the manifest of ``directory``, after checking
    that it exists and that its sha256 is the manifest's.  Errors name the file and the
    command that recreates it."""
    manifest = read_manifest(directory)
    if not isinstance(name, str) or name not in manifest:
        raise ValueError(f"name must be one of the shipped checkpoints {sorted(manifest)}, got {name!r}")
    entry = manifest[name]
    path = Path(directory) / entry["file"]
    if not path.exists():
        raise FileNotFoundError(f"shipped file {path} is listed in the manifest but missing; "
                                f"recreate it with: {entry['command']}")
    digest = sha256_of(path)
    if digest != entry["sha256"]:
        raise ValueError(f"shipped file {name!r} failed verification: the sha256 of {path} ({digest[:12]}…) "
                         f"differs from the manifest's {entry['sha256'][:12]}… (sha256 mismatch: the file was "
                         f"modified or truncated); recreate it with: {entry['command']}")
    return path


def load_state_dict(name: str, directory: str | Path = DIRECTORY) -> dict[str, torch.Tensor]:
    """Load shipped weights after checking their sha256 against the manifest (:func:`verified_path`)."""
    return torch.load(verified_path(name, directory), map_location="cpu", weights_only=True)


def training_parser(prog: str, description: str, default_steps: int, cache_file: str) -> tuple[argparse.ArgumentParser, Any]:
    """The command line of every ``python -m inrlib.<topic>`` that ships trained weights, on
    :mod:`inrlib.cli` (run it with :func:`inrlib.cli.run`).

    ``train [--seed S] [--threads T] [--steps N] [--checkpoint PATH]`` trains (resumably,
    through the training checkpoint PATH, by default ``cache_file`` in
    :func:`inrlib.settings.cache_directory`) and ships the weights; ``eval`` evaluates the
    shipped ones. Returns ``(parser, subparsers)`` like :func:`inrlib.cli.parser`, so a module
    adds its own commands beside these.
    """
    parser, commands = cli.parser(prog, description)
    train = cli.command(commands, "train", "train the shipped weights (resumable), then evaluate them")
    train.add_argument("--steps", type=int, default=default_steps, help=f"training steps (default {default_steps})")
    train.add_argument("--checkpoint", type=Path, default=cache_directory() / cache_file,
                       help="resumable training checkpoint (default: in the inrlib cache directory)")
    cli.command(commands, "eval", "evaluate the shipped weights")
    return parser, commands


def training_summary(history: History, path: Path) -> dict:
    """Print and return what a ``train`` command did: steps, minutes, final loss and the file it shipped."""
    minutes = history.seconds[-1] / 60
    print(f"trained {history.step[-1]} steps in {minutes:.0f} min, final loss {history.final_loss:.4f}; saved {path}")
    return {"steps": history.step[-1], "minutes": minutes, "final_loss": history.final_loss, "saved": str(path)}
