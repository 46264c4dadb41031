"""The one command-line pattern of every ``python -m inrlib.<module>``.

A module describes its commands with :func:`parser` (which adds the options every command
shares) and hands the parsed arguments to :func:`run`, which sets the thread count and the
seed, calls the command and prints its summary as JSON, the last thing on standard output.
A bad argument or file becomes one line ``error: …`` naming it, and exit status 2 — never a
traceback::

    p, commands = cli.parser("python -m inrlib.liif", "LIIF: one model for every scale")
    train = cli.command(commands, "train", "train the shipped weights")
    train.add_argument("--steps", type=int, default=8000)
    return cli.run(p, argv, {"train": lambda args: {"psnr": ...}})
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Callable

import torch

from .settings import seed_everything


def parser(prog: str, description: str) -> tuple[argparse.ArgumentParser, Any]:
    """A parser with an empty set of sub-commands; add each with :func:`command`.
    Returns ``(parser, subparsers)``."""
    p = argparse.ArgumentParser(prog=prog, description=description)
    return p, p.add_subparsers(dest="command", required=True)


def command(subparsers, name: str, help: str) -> argparse.ArgumentParser:
    """A sub-command with the options every command shares: ``--threads T`` (PyTorch CPU
    threads, default 1, so timings are reproducible) and ``--seed S`` (default 0)."""
    sub = subparsers.add_parser(name, help=help, description=help)
    sub.add_argument("--threads", type=int, default=1, help="CPU threads for PyTorch (default 1)")
    sub.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    return sub


def run(p: argparse.ArgumentParser, argv: list[str] | None,
        commands: dict[str, Callable[[argparse.Namespace], dict | None]]) -> int:
    """Parse ``argv``, apply ``--threads`` and ``--seed``, run the chosen command.

    A command returns a dict (printed as JSON, the last output) or None. ``ValueError``,
    ``TypeError``, ``FileNotFoundError`` and ``OSError`` from a command become
    ``error: <message>`` on standard error and exit status 2.
    """
    args = p.parse_args(argv)
    threads, seed = getattr(args, "threads", 1), getattr(args, "seed", 0)
    if threads < 1:
        p.error(f"--threads must be a positive integer, got {threads}")
    if seed < 0:
        p.error(f"--seed must be a non-negative integer, got {seed}")
    torch.set_num_threads(threads)
    seed_everything(seed)
    try:
        summary = commands[args.command](args)
    except (ValueError, TypeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if summary is not None:
        print(json.dumps(summary, indent=1, default=float))
    return 0
