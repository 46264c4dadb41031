"""``python -m inrlib.nerf train|ablation``: the seeded commands that made the shipped NeRF weights."""
from __future__ import annotations

import sys

from .. import cli
from .scene import SCENES
from .shipped import train_ablation, train_command


def main(argv: list[str] | None = None) -> int:
    p, commands = cli.parser("python -m inrlib.nerf", "NeRF on the course's procedural scenes")
    tr = cli.command(commands, "train", "train the hash-grid field (and save the shipped checkpoint for 'course')")
    tr.add_argument("--scene", choices=sorted(SCENES), default="course")
    tr.add_argument("--steps", type=int, default=3000, help="training steps (default 3000)")
    tr.add_argument("--time-budget", type=float, default=None, help="stop after this many seconds instead")
    tr.add_argument("--no-save", action="store_true", help="do not write the checkpoint")
    ab = cli.command(commands, "ablation", "train the ablation MLPs and SIREN (needs the shipped hash grid)")
    ab.add_argument("--steps", type=int, default=600, help="training steps per model (default 600)")

    def train(args) -> dict:
        out = train_command(args.scene, args.seed, args.steps, args.time_budget,
                            save=not args.no_save and args.scene == "course", progress=sys.stderr.isatty())
        return {k: v for k, v in out.items() if k not in ("field", "occupancy", "history")}

    def ablation(args) -> None:
        train_ablation(args.seed, args.steps, progress=sys.stderr.isatty())

    return cli.run(p, argv, {"train": train, "ablation": ablation})


if __name__ == "__main__":
    sys.exit(main())
