"""``python -m inrlib.liif train|eval``: the seeded command that made the shipped weights,
and their per-scale table on the held-out photos (see :mod:`inrlib.cli`)."""
from __future__ import annotations

import argparse
import sys

from .. import cli
from ..checkpoints import save_state_dict, training_parser, training_summary
from .evaluation import evaluation_table
from .sampling import TRAIN_PHOTOS
from .train import CHECKPOINT_NAME, TRAIN_COMMAND, load_pretrained, make_model, train_liif


def evaluate(args: argparse.Namespace) -> dict:
    """PSNR of the shipped weights and of bicubic at every scale of the chapter's table."""
    rows = evaluation_table(load_pretrained())
    for row in rows:
        print(f"x{row['scale']:<5g} LIIF {row['liif_psnr']:.2f} dB  bicubic {row['bicubic_psnr']:.2f} dB  "
              f"gain {row['liif_psnr'] - row['bicubic_psnr']:+.2f}")
    return {"table": rows}


def train(args: argparse.Namespace) -> dict:
    """Train the course's LIIF (resumably), ship its weights, then evaluate them."""
    model = make_model()
    history = train_liif(model, args.steps, seed=args.seed, checkpoint=args.checkpoint, progress=False, log_every=100)
    path = save_state_dict(CHECKPOINT_NAME, model.state_dict(), command=TRAIN_COMMAND,
                           description=f"LIIF {model.config}, {args.steps} steps on {len(TRAIN_PHOTOS)} photos, "
                                       f"{history.seconds[-1] / 60:.0f} min on one CPU thread")
    return {**training_summary(history, path), **evaluate(args)}


def main(argv: list[str] | None = None) -> int:
    parser = training_parser("python -m inrlib.liif", "LIIF: one model for every image and every scale",
                             default_steps=8000, cache_file="liif_train.pt")
    return cli.run(parser, argv, {"train": train, "eval": evaluate})


if __name__ == "__main__":
    sys.exit(main())
