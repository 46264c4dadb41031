"""``python -m inrlib.videoinr train|eval|interpolate``: the seeded command that made the shipped
temporal weights, the deck's table cells on the held-out clips, and the frames between your
own two frames (see :mod:`inrlib.cli`)::

    python -m inrlib.videoinr interpolate a.png b.png --frames 9 --out between/
    python -m inrlib.videoinr interpolate a.png b.png --frames 16 --scale 2 --out clip.gif
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

from tqdm.auto import tqdm

from .. import cli, liif
from ..checkpoints import save_state_dict, training_parser, training_summary
from ..image_files import atomic_folder, check_memory, read_image, write_gif, write_image
from ..imaging import output_size
from .evaluation import evaluation_table
from .frames import check_same_size, frame_times, interpolate, interpolation_bytes
from .train import CHECKPOINT_NAME, TRAIN_COMMAND, load_pretrained, make_model, train_videoinr


def evaluate(args: argparse.Namespace) -> dict:
    """PSNR of VideoINR-lite and of the three baselines in every cell of the chapter's table."""
    rows = evaluation_table(load_pretrained())
    for row in rows:
        print(f"space ×{row['space']:g} time ×{row['time']}: VideoINR-lite {row['videoinr_psnr']:.2f} | "
              f"HS+LIIF {row['hs_liif_psnr']:.2f} | blend+LIIF {row['blend_liif_psnr']:.2f} | "
              f"blend+bicubic {row['blend_bicubic_psnr']:.2f} dB")
    return {"table": rows}


def train(args: argparse.Namespace) -> dict:
    """Train the flows and the temporal function on chapter 06's shipped LIIF, ship them, then evaluate."""
    model = make_model()
    history = train_videoinr(model, args.steps, seed=args.seed, checkpoint=args.checkpoint, progress=False,
                             log_every=50)
    temporal = {k: v for k, v in model.state_dict().items() if not k.startswith("spatial.")}
    path = save_state_dict(CHECKPOINT_NAME, temporal, command=TRAIN_COMMAND,
                           description=f"flow estimator + temporal function ({sum(v.numel() for v in temporal.values()):,} "
                                       f"numbers), {args.steps} steps, {history.seconds[-1] / 60:.0f} min on one "
                                       f"CPU thread; spatial = {liif.CHECKPOINT_NAME}")
    return {**training_summary(history, path), **evaluate(args)}


def read_frames(path0, path1):
    """The two frames, else an error naming the file — or both files, if their sizes differ."""
    frame0, frame1 = read_image(path0), read_image(path1)
    check_same_size(frame0, frame1, str(path0), str(path1))
    return frame0, frame1


def interpolate_command(args: argparse.Namespace) -> dict:
    """Render ``--frames`` frames from FRAME0 to FRAME1 at ``--scale`` into a folder or a GIF."""
    if not math.isfinite(args.scale) or args.scale < 1:
        raise ValueError(f"--scale must be a number ≥ 1 (the space upsampling factor), got {args.scale:g}")
    if args.frames < 2:
        raise ValueError(f"--frames must be at least 2 (the first and the last frame), got {args.frames}")
    if not math.isfinite(args.fps) or args.fps <= 0:
        raise ValueError(f"--fps must be a positive number, got {args.fps:g}")
    out, as_gif = Path(args.out), Path(args.out).suffix.lower() == ".gif"
    if as_gif and not out.parent.is_dir():
        raise FileNotFoundError(f"{out}: the folder {out.parent} does not exist")
    frame0, frame1 = read_frames(args.frame0, args.frame1)
    check_memory(interpolation_bytes(frame0.shape[:2], args.scale, args.frames, as_gif),
                 f"{args.frames} frames from {frame0.shape[0]}×{frame0.shape[1]} inputs at ×{args.scale:g}",
                 "the model encodes whole frames: use smaller frames, a smaller --scale or fewer --frames")
    model, start = load_pretrained(), time.perf_counter()
    frames = tqdm(interpolate(model, frame0, frame1, args.frames, args.scale), total=args.frames, unit="frame",
                  desc="VideoINR-lite")
    if as_gif:
        write_gif(out, [frame for _, frame in frames], seconds_per_frame=1 / args.fps)
        written = [str(out)]
    else:
        with atomic_folder(out) as folder:
            written = [str(out / write_image(folder / f"frame_{k:03d}.png", frame).name)
                       for k, (_, frame) in enumerate(frames)]
    height, width = output_size(frame0.shape[:2], args.scale)
    return {"frame0": str(args.frame0), "frame1": str(args.frame1), "input_size": list(frame0.shape[:2]),
            "output_size": [height, width], "frames": args.frames,
            "times": [round(t, 4) for t in frame_times(args.frames)],
            "out": str(out), "files": len(written), "first": written[0], "last": written[-1],
            "seconds": round(time.perf_counter() - start, 2)}


def main(argv: list[str] | None = None) -> int:
    parser, commands = training_parser("python -m inrlib.videoinr", "VideoINR-lite: continuous space-time super-resolution "
                             "from two frames", default_steps=5000, cache_file="videoinr_train.pt")
    between = cli.command(commands, "interpolate", "the frames between your own two frames (same size; PNG, JPEG, "
                                                   "TIFF), at any space scale, as PNG files or a GIF")
    between.add_argument("frame0", help="the first frame (t = 0)")
    between.add_argument("frame1", help="the last frame (t = 1)")
    between.add_argument("--frames", type=int, required=True, help="how many frames from t = 0 to t = 1 (≥ 2)")
    between.add_argument("--scale", type=float, default=1.0, help="space upsampling factor ≥ 1 (default 1)")
    between.add_argument("--out", required=True, help="a folder for frame_000.png … or a file clip.gif")
    between.add_argument("--fps", type=float, default=10.0, help="frames per second of a GIF (default 10)")
    return cli.run(parser, argv, {"train": train, "eval": evaluate, "interpolate": interpolate_command})


if __name__ == "__main__":
    sys.exit(main())
