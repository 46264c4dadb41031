"""``python -m inrlib.nerf train|ablation``: train on a scene directory of your own, or make
the shipped NeRF weights with their seeded commands."""
from __future__ import annotations

import sys

from .. import cli
from .own_scene import fit_scene
from .scene import SCENES
from .shipped import train_ablation, train_command


def main(argv: list[str] | None = None) -> int:
    p, commands = cli.parser("python -m inrlib.nerf", "NeRF on a scene in the standard layout, or on the course's")
    tr = cli.command(commands, "train", "train a hash-grid field: on --data DIR (a scene directory in the standard "
                                        "layout), or on the course's --scene (which saves the shipped checkpoint)")
    where = tr.add_mutually_exclusive_group()
    where.add_argument("--data", metavar="DIR", help="a scene directory: transforms_train.json, transforms_test.json "
                                                     "and their images")
    where.add_argument("--scene", choices=sorted(SCENES), help="one of the course's generated scenes (default course)")
    tr.add_argument("--downscale", type=int, default=1, metavar="K", help="average K×K pixels into one (with --data)")
    tr.add_argument("--bound", type=float, default=None, metavar="B",
                    help="half-size of the scene's box (with --data; default: read off the cameras)")
    budget = tr.add_mutually_exclusive_group()
    budget.add_argument("--steps", type=int, default=None, help="training steps (default: 3000 for --scene)")
    budget.add_argument("--time-budget", type=float, default=None, metavar="S",
                        help="stop after S seconds (default with --data: 180)")
    tr.add_argument("--out", metavar="FILE", default=None, help="where to save the trained scene (with --data)")
    tr.add_argument("--no-save", action="store_true", help="do not write the shipped checkpoint (with --scene)")
    ab = cli.command(commands, "ablation", "train the ablation MLPs and SIREN (needs the shipped hash grid)")
    ab.add_argument("--steps", type=int, default=600, help="training steps per model (default 600)")

    def train(args) -> dict:
        for name in ("steps", "downscale"):
            if getattr(args, name) is not None and getattr(args, name) < 1:
                raise ValueError(f"--{name} must be a positive integer, got {getattr(args, name)}")
        if args.data is not None:
            budget = args.time_budget if args.time_budget is not None or args.steps else 180.0
            return fit_scene(args.data, downscale=args.downscale, bound=args.bound, steps=args.steps,
                             time_budget=budget, out=args.out, seed=args.seed, progress=sys.stderr.isatty(),
                             log=lambda text: print(text, file=sys.stderr))
        if args.downscale != 1 or args.bound is not None or args.out is not None:
            raise ValueError("--downscale, --bound and --out go with --data DIR")
        out = train_command(args.scene or "course", args.seed, args.steps or 3000, args.time_budget,
                            save=not args.no_save and (args.scene or "course") == "course",
                            progress=sys.stderr.isatty())
        return {k: v for k, v in out.items() if k not in ("field", "occupancy", "history")}

    def ablation(args) -> None:
        train_ablation(args.seed, args.steps, progress=sys.stderr.isatty())

    return cli.run(p, argv, {"train": train, "ablation": ablation})


if __name__ == "__main__":
    sys.exit(main())
