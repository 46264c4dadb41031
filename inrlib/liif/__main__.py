"""``python -m inrlib.liif train|eval|upsample``: the seeded command that made the shipped
weights, their per-scale table on the held-out photos, and your own photo at any scale or
size (see :mod:`inrlib.cli`)::

    python -m inrlib.liif upsample photo.jpg --scale 3.5 --out photo_x3.5.png
    python -m inrlib.liif upsample logo.png --size 1080x1920 --out logo_hd.png
"""
from __future__ import annotations

import argparse
import math
import sys
import time

from .. import cli
from ..checkpoints import save_state_dict, training_parser, training_summary
from ..image_files import check_memory, check_writable, read_image, write_image
from ..imaging import output_size
from .evaluation import evaluation_table
from .photo import output_bytes, upsample_photo
from .sampling import TRAIN_PHOTOS
from .train import CHECKPOINT_NAME, TRAIN_COMMAND, load_pretrained, make_model, train_liif

CHANNEL_NAMES = {1: "grey", 3: "RGB", 4: "RGBA"}


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


def parse_size(text: str) -> tuple[int, int]:
    """``"HxW"`` (e.g. ``"1080x1920"``) → (H, W), else a ValueError naming --size."""
    parts = text.lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() and int(p) > 0 for p in parts):
        raise ValueError(f"--size must be HxW with two positive whole numbers, e.g. 1080x1920, got {text!r}")
    return int(parts[0]), int(parts[1])


def check_scale(scale: float) -> float:
    """``--scale`` as a finite number ≥ 1, else a ValueError naming it."""
    if not math.isfinite(scale) or scale < 1:
        raise ValueError(f"--scale must be a number ≥ 1 (LIIF upsamples), got {scale:g}")
    return scale


def upsample_command(args: argparse.Namespace) -> dict:
    """Upsample the photo ``args.input`` by ``--scale`` or to ``--size`` into ``--out``."""
    scale = None if args.scale is None else check_scale(args.scale)
    size = None if args.size is None else parse_size(args.size)
    image = read_image(args.input)
    channels = 1 if image.ndim == 2 else image.shape[-1]
    out = check_writable(args.out, channels)
    height, width = output_size(image.shape[:2], scale, size)
    check_memory(output_bytes(height, width, channels, image.shape[0] * image.shape[1]),
                 f"an output of {height}×{width} pixels",
                 "choose a smaller --scale or --size")
    start = time.perf_counter()
    result = upsample_photo(load_pretrained(), image, size=(height, width), progress=True)
    write_image(out, result)
    return {"input": str(args.input), "input_size": list(image.shape[:2]), "channels": CHANNEL_NAMES[channels],
            "output": str(out), "output_size": [height, width],
            "scale": [round(height / image.shape[0], 4), round(width / image.shape[1], 4)],
            "seconds": round(time.perf_counter() - start, 2)}


def main(argv: list[str] | None = None) -> int:
    parser, commands = training_parser("python -m inrlib.liif", "LIIF: one model for every image and every scale",
                             default_steps=8000, cache_file="liif_train.pt")
    up = cli.command(commands, "upsample", "upsample your own photo (PNG, JPEG, TIFF; grey, RGB or RGBA) by any "
                                           "scale or to any size with the shipped model")
    up.add_argument("input", help="the photo to upsample")
    amount = up.add_mutually_exclusive_group(required=True)
    amount.add_argument("--scale", type=float, help="upsampling factor ≥ 1, e.g. 2.5")
    amount.add_argument("--size", help="exact output size HxW, e.g. 1080x1920")
    up.add_argument("--out", required=True, help="output file (.png, .tiff, .jpg …; alpha needs .png or .tiff)")
    return cli.run(parser, argv, {"train": train, "eval": evaluate, "upsample": upsample_command})


if __name__ == "__main__":
    sys.exit(main())
