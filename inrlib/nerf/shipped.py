"""The models the course ships (lecture 05 §7 "The shipped model", §8, §9): the hash-grid
field trained on the course scene, the ablation's MLPs and SIREN, and the seeded commands
that made them (``python -m inrlib.nerf train|ablation``)."""
from __future__ import annotations

import json

import torch

from ..checkpoints import load_state_dict, save_state_dict
from ..settings import seed_everything
from .dataset import load_views
from .fields import HashGridField, make_field
from .occupancy import OccupancyGrid
from .rendering import RenderSettings
from .scene import make_scene
from .train import evaluate_views, train_nerf

CHECKPOINT = "nerf_hashgrid_course"


def shipped_config() -> dict:
    """Construction arguments of the shipped hash-grid field."""
    return {"n_levels": 8, "n_features": 2, "log2_table_size": 15, "min_resolution": 16, "max_resolution": 64,
            "bound": 1.0, "width": 64, "dir_frequencies": 4}


#: How the shipped fields are trained and viewed: 64 stratified samples per ray inside the
#: box, empty space skipped by the trained occupancy grid.
SETTINGS = RenderSettings(n_samples=64)
#: Rays per pixel side for the hash grid: trained and evaluated with 2 × 2 rays per pixel,
#: the camera model the course's photos are made with (:func:`pixel_rays`).
SUPERSAMPLE = 2


def load_shipped() -> tuple[HashGridField, OccupancyGrid]:
    """The shipped hash-grid field trained on the course scene and its occupancy grid,
    loaded with ``weights_only=True`` after the sha256 check of the manifest."""
    state = load_state_dict(CHECKPOINT)
    field = HashGridField(**shipped_config())
    occ = OccupancyGrid(resolution=int(state["occupancy.occupied"].shape[0]), bound=1.0)
    field.load_state_dict({k[len("field."):]: v for k, v in state.items() if k.startswith("field.")})
    occ.occupied.copy_(state["occupancy.occupied"])
    occ.density.copy_(state["occupancy.density"].float())
    field.eval()
    return field, occ


def train_command(scene: str = "course", seed: int = 0, steps: int = 3000, time_budget: float | None = None,
                  save: bool = True, size: int = 64, batch_rays: int = 2048, progress: bool = False) -> dict:
    """What ``python -m inrlib.nerf train`` does: generate (or reuse) the scene, train the
    hash-grid field for ``steps`` steps (or until ``time_budget`` seconds) with
    :data:`SUPERSAMPLE`² rays per pixel, report the held-out PSNR/SSIM on the test views
    (rendered the same way; ``psnr_one_ray``: with one ray per pixel) and, with ``save``, write
    the shipped checkpoint."""
    directory = make_scene(scene, size=size)
    train_views, test_views = load_views(directory, "train"), load_views(directory, "test")
    seed_everything(seed)
    field = HashGridField(**shipped_config())
    result = train_nerf(field, train_views, steps=steps, time_budget=time_budget, batch_rays=batch_rays,
                        settings=SETTINGS, supersample=SUPERSAMPLE, seed=seed, progress=progress)
    scores = evaluate_views(field, test_views, result.occupancy, supersample=SUPERSAMPLE)
    one_ray = evaluate_views(field, test_views, result.occupancy)
    out = {"scene": scene, "seed": seed, "psnr": scores["psnr"], "ssim": scores["ssim"],
           "psnr_one_ray": one_ray["psnr"], "steps": result.steps,
           "train_seconds": result.seconds, "occupied": float(result.occupancy.occupied.float().mean()),
           "field": field, "occupancy": result.occupancy, "history": result.history}
    if save:
        state = {f"field.{k}": v for k, v in field.state_dict().items()}
        state["occupancy.occupied"] = result.occupancy.occupied.clone()
        state["occupancy.density"] = result.occupancy.density.half().clone()
        save_state_dict(CHECKPOINT, state, command=f"python -m inrlib.nerf train --seed {seed}",
                        description=f"hash-grid NeRF on the course scene ({size}×{size}, {len(train_views.files)} "
                                    f"views, {result.steps} steps of {batch_rays} rays ({SUPERSAMPLE}×{SUPERSAMPLE} per pixel) "
                                    f"in {result.seconds:.0f} s on "
                                    f"{torch.get_num_threads()} CPU thread(s)); held-out test PSNR "
                                    f"{scores['psnr']:.2f} dB, SSIM {scores['ssim']:.3f} ({one_ray['psnr']:.2f} dB with one ray "
                                    f"per pixel)")
    return out


#: The deck's ablation and "NeRF – improved" candidates, trained by ``python -m inrlib.nerf ablation``.
ABLATION = {"nerf": "complete model (MLP + PE + view dependence)", "nerf-noview": "no view dependence",
            "nerf-nope": "no positional encoding", "siren": "SIREN"}
ABLATION_CHECKPOINT = "nerf_ablation"
ABLATION_LR = {"nerf": 1e-3, "nerf-noview": 1e-3, "nerf-nope": 1e-3, "siren": 5e-4}


def train_ablation(seed: int = 0, steps: int = 600, batch_rays: int = 1024, save: bool = True,
                   progress: bool = False) -> dict:
    """Train the MLP variants of the paper's ablation and a SIREN field on the course scene,
    each for ``steps`` steps of ``batch_rays`` rays, all skipping empty space with the shipped
    hash grid's occupancy grid (kept fixed). Saves one checkpoint with every field and its
    history (wall-clock seconds, loss), and returns ``{kind: {"psnr", "ssim", "steps", "seconds"}}``
    (PSNR/SSIM on the first 8 test views)."""
    _, occupancy = load_shipped()
    directory = make_scene("course")
    train_views, test_views = load_views(directory, "train"), load_views(directory, "test")
    state, out = {}, {}
    for kind in ABLATION:
        seed_everything(seed)
        field = make_field(kind)
        result = train_nerf(field, train_views, steps=steps, time_budget=None, batch_rays=batch_rays,
                            lr=ABLATION_LR[kind], occupancy=occupancy, update_occupancy=False,
                            settings=SETTINGS, skip_hidden=None, seed=seed, progress=progress, desc=kind)
        scores = evaluate_views(field, test_views, occupancy, limit=8)
        out[kind] = {"psnr": scores["psnr"], "ssim": scores["ssim"], "steps": result.steps, "seconds": result.seconds}
        state.update({f"{kind}.{k}": v for k, v in field.state_dict().items()})
        state[f"{kind}.history.seconds"] = torch.tensor(result.history.seconds)
        state[f"{kind}.history.loss"] = torch.tensor(result.history.loss)
        state[f"{kind}.history.step"] = torch.tensor(result.history.step)
        print(json.dumps({kind: out[kind]}), flush=True)
    if save:
        save_state_dict(ABLATION_CHECKPOINT, state, command=f"python -m inrlib.nerf ablation --seed {seed}",
                        description=f"the paper's ablation (MLP width 128, depth 4) + SIREN on the course scene, "
                                    f"{steps} steps of {batch_rays} rays each, shipped occupancy grid; held-out PSNR "
                                    + ", ".join(f"{k} {v['psnr']:.2f} dB" for k, v in out.items()) + " (8 test views)")
    return out


def load_ablation() -> dict[str, dict]:
    """The shipped ablation fields: ``{kind: {"field": Field, "seconds", "loss", "step"}}``
    (the history of its training run), verified by sha256 and loaded with ``weights_only=True``."""
    state = load_state_dict(ABLATION_CHECKPOINT)
    out = {}
    for kind in ABLATION:
        field = make_field(kind)
        prefix = f"{kind}."
        field.load_state_dict({k[len(prefix):]: v for k, v in state.items()
                               if k.startswith(prefix) and ".history." not in k})
        field.eval()
        out[kind] = {"field": field, **{key: state[f"{kind}.history.{key}"].numpy() for key in ("seconds", "loss", "step")}}
    return out
