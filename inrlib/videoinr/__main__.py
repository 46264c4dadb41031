"""``python -m inrlib.videoinr train|eval``: the seeded command that made the shipped temporal
weights, and the deck's table cells on the held-out clips (see :mod:`inrlib.cli`)."""
from __future__ import annotations

import argparse
import sys

from .. import cli, liif
from ..checkpoints import save_state_dict, training_parser, training_summary
from .evaluation import evaluation_table
from .train import CHECKPOINT_NAME, TRAIN_COMMAND, load_pretrained, make_model, train_videoinr


def evaluate(args: argparse.Namespace) -> dict:
    """PSNR of VideoINR-lite and of both baselines in every cell of the chapter's table."""
    rows = evaluation_table(load_pretrained())
    for row in rows:
        print(f"space ×{row['space']:g} time ×{row['time']}: VideoINR-lite {row['videoinr_psnr']:.2f} | "
              f"blend+LIIF {row['blend_liif_psnr']:.2f} | blend+bicubic {row['blend_bicubic_psnr']:.2f} dB")
    return {"table": rows}


def train(args: argparse.Namespace) -> dict:
    """Train the temporal function on chapter 06's shipped LIIF, ship it, then evaluate it."""
    model = make_model()
    history = train_videoinr(model, args.steps, seed=args.seed, checkpoint=args.checkpoint, progress=False,
                             log_every=50)
    temporal = {k: v for k, v in model.state_dict().items() if not k.startswith("spatial.")}
    path = save_state_dict(CHECKPOINT_NAME, temporal, command=TRAIN_COMMAND,
                           description=f"temporal function only ({sum(v.numel() for v in temporal.values()):,} "
                                       f"numbers), {args.steps} steps, {history.seconds[-1] / 60:.0f} min on one "
                                       f"CPU thread; spatial = {liif.CHECKPOINT_NAME}")
    return {**training_summary(history, path), **evaluate(args)}


def main(argv: list[str] | None = None) -> int:
    parser = training_parser("python -m inrlib.videoinr", "VideoINR-lite: continuous space-time super-resolution "
                             "from two frames", default_steps=3000, cache_file="videoinr_train.pt")
    return cli.run(parser, argv, {"train": train, "eval": evaluate})


if __name__ == "__main__":
    sys.exit(main())
