"""Chapter 08 — the limitations of implicit neural networks, measured.

The deck closes with three limitations and one definition.  This chapter measures each
claim with the course's own code (it is the one chapter that reuses the others:
:mod:`inrlib.implicit`, :mod:`inrlib.boundary`, :mod:`inrlib.pinn`, :mod:`inrlib.nerf`,
:mod:`inrlib.liif`), so every number comes from a function the student has already read.

1. **Repetitive training for each sample** — :func:`image_fit_cost` (fit one photo,
   chapter 00), :func:`liif_forward_cost` (one forward pass of the shipped LIIF on a new
   photo, chapter 06), :func:`scene_step_cost` (training steps of chapter 05's hash grid),
   gathered by :func:`time_per_sample_costs`; :func:`break_even_images` says after how
   many images a generalisable model has paid for its own training.
2. **No bound for detected error** — on one problem,
   :math:`-u'' = 4π^2 \\sin(2πx)` on [0, 1], u(0) = 0, u(1) = 1 (exact
   :math:`u = \\sin 2πx + x`): finite differences (:func:`fd_convergence`) converge at
   order 2 *and* obey the a-priori bound of :func:`fd_error_bound`; a PINN's error
   (:func:`pinn_error_study`, :func:`pinn_training_curve`) is whatever training reached.
3. **Sometimes, large computation** — :func:`count_linear_macs`, :func:`frame_cost`,
   :func:`fd_frame_cost`, :func:`frame_costs`: time, network evaluations, multiply-adds
   and memory of one rendered frame (the paper's NeRF MLP, the course's MLP, the hash
   grid) against one finite-difference solve of the same number of values.

Every function returns plain numbers (dataclasses of floats and arrays), never a plot.
"""
from __future__ import annotations

import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from . import boundary, implicit, liif, nerf, pinn, validate
from .metrics import psnr
from .networks import count_parameters

#: The held-out photo of the cost comparison (LIIF never saw it in training).
PHOTO = "coffee"
#: Steps of the shipped hash-grid NeRF (``python -m inrlib.nerf train --seed 0``).
SHIPPED_NERF_STEPS = 3000


def _int_list(name: str, values: Sequence[int], minimum: int = 1) -> list[int]:
    try:
        items = list(values)
    except TypeError as exc:
        raise TypeError(f"{name} must be a sequence of integers, got {validate.show(values)}") from exc
    if not items:
        raise ValueError(f"{name} must contain at least one integer, got {validate.show(values)}")
    out = []
    for v in items:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < minimum:
            raise ValueError(f"{name} must contain integers ≥ {minimum}, got {validate.show(values)}")
        out.append(int(v))
    return out


# ============================================================================ 1. repetitive training
def held_out_photo(size: int) -> np.ndarray:
    """The held-out photo :data:`PHOTO` (centre square, RGB) at ``size``×``size``, float32 in [0, 1]."""
    size = validate.positive_int("size", size)
    if size < 8:
        raise ValueError(f"size must be at least 8 pixels, got {size}")
    photo = liif.load_photos((PHOTO,), max_side=None)[0]
    side = min(photo.shape[:2])
    top, left = (photo.shape[0] - side) // 2, (photo.shape[1] - side) // 2
    square = torch.from_numpy(np.ascontiguousarray(photo[top:top + side, left:left + side])).permute(2, 0, 1)[None]
    return liif.downsample(square, (size, size))[0].permute(1, 2, 0).numpy()


def image_fit_cost(image: np.ndarray, steps: int, *, hidden_features: int = 64, hidden_layers: int = 3,
                   seed: int = 0) -> dict:
    """Chapter 00's recipe on one image: fit a SIREN to every pixel for ``steps`` Adam steps.

    ``image`` (H, W, 3) in [0, 1].  Returns ``{"seconds", "steps", "psnr"}`` (PSNR of the
    fitted function at the image's own pixels) and ``"model"``.  The cost is paid again for
    every new image: the weights *are* the image.
    """
    validate.image_array("image", image)
    if np.asarray(image).ndim != 3 or np.asarray(image).shape[-1] != 3:
        raise ValueError(f"image must be an RGB array (H, W, 3), got {validate.show(image)}")
    steps = validate.positive_int("steps", steps)
    model = implicit.make_model("siren", 2, 3, hidden_features, hidden_layers, seed=seed)
    t0 = time.perf_counter()
    implicit.fit_image(model, image, steps, progress=False, log_every=steps, seed=seed)
    seconds = time.perf_counter() - t0
    fitted = implicit.render(model, image.shape[0], image.shape[1])
    return {"seconds": seconds, "steps": steps, "psnr": psnr(fitted, np.asarray(image)), "model": model}


def liif_forward_cost(image: np.ndarray, model: liif.LIIF | None = None, scale: float = 1.0) -> dict:
    """One forward pass of the shipped LIIF (chapter 06) on a new image: no training.

    With ``scale`` = 1 the image itself is encoded and queried at its own pixels — the same
    job as :func:`image_fit_cost` (a continuous function of this image); with ``scale`` = s
    the input is the image shrunk s times (:func:`inrlib.liif.degrade`) and LIIF brings it
    back.  Returns ``{"seconds", "psnr", "scale"}``.
    """
    validate.image_array("image", image)
    scale = validate.positive_float("scale", scale)
    model = liif.load_pretrained() if model is None else model
    image = np.asarray(image, dtype=np.float32)
    lr, hr = (image, image) if scale == 1.0 else liif.degrade(image, scale)
    t0 = time.perf_counter()
    out = liif.upsample(model, lr, size=hr.shape[:2])
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "psnr": psnr(out, hr), "scale": scale}


def scene_step_cost(steps: int = 3, *, batch_rays: int = 2048, scene_size: int = 32, n_views: int = 8,
                    seed: int = 0) -> dict:
    """Seconds per training step of chapter 05's hash-grid NeRF (its shipped configuration).

    A fresh field is trained for ``steps`` steps of ``batch_rays`` rays on the course scene,
    skipping empty space with the shipped occupancy grid (kept fixed: the cost of a step late
    in training).  The cost of a step does not depend on the photos' size (it draws
    ``batch_rays`` rays), so a small copy of the scene (``scene_size``, ``n_views``) is used.
    The first step (warm-up) is not counted.  Returns ``{"seconds_per_step",
    "estimated_fit_seconds"}`` (× :data:`SHIPPED_NERF_STEPS`) and ``"steps"``.
    """
    steps = validate.positive_int("steps", steps)
    if steps < 2:
        raise ValueError(f"steps must be at least 2 (the first one is a warm-up), got {steps}")
    directory = nerf.make_scene("course", size=validate.positive_int("scene_size", scene_size),
                                n_train=validate.positive_int("n_views", n_views), n_val=1, n_test=1)
    views = nerf.load_views(directory, "train")
    _, occupancy = nerf.load_shipped()
    torch.manual_seed(seed)
    field = nerf.HashGridField(**nerf.shipped_config())
    result = nerf.train_nerf(field, views, steps=steps, time_budget=None,
                             batch_rays=validate.positive_int("batch_rays", batch_rays),
                             settings=nerf.TRAIN_SETTINGS, occupancy=occupancy, update_occupancy=False,
                             supersample=nerf.SUPERSAMPLE, seed=seed, log_every=1, progress=False)
    seconds = result.history.seconds
    per_step = (seconds[-1] - seconds[0]) / (len(seconds) - 1)
    return {"seconds_per_step": per_step, "estimated_fit_seconds": per_step * SHIPPED_NERF_STEPS,
            "steps": steps}


def liif_training_seconds() -> float:
    """The one-off training time of the shipped LIIF, read from the checkpoint manifest
    (``"… N min on one CPU thread"``); NaN if the manifest does not say."""
    from .checkpoints import read_manifest

    text = read_manifest()[liif.CHECKPOINT_NAME].get("description", "")
    found = re.search(r"(\d+(?:\.\d+)?) min on one CPU thread", text)
    return float(found.group(1)) * 60 if found else math.nan


def break_even_images(train_seconds: float, fit_seconds: float, forward_seconds: float) -> int:
    """Smallest number of images n for which training a generalisable model once and running
    it n times costs no more than fitting every image separately:

    .. math:: T_{train} + n\\,T_{forward} \\le n\\,T_{fit} \\iff n \\ge \\frac{T_{train}}{T_{fit} - T_{forward}} .

    Raises ``ValueError`` when ``fit_seconds`` ≤ ``forward_seconds`` (it never breaks even).
    """
    train_seconds = validate.positive_float("train_seconds", train_seconds)
    fit_seconds = validate.positive_float("fit_seconds", fit_seconds)
    forward_seconds = validate.positive_float("forward_seconds", forward_seconds)
    if fit_seconds <= forward_seconds:
        raise ValueError(f"fit_seconds must exceed forward_seconds for a break-even to exist, got "
                         f"fit_seconds={fit_seconds:g} ≤ forward_seconds={forward_seconds:g}")
    return max(1, math.ceil(train_seconds / (fit_seconds - forward_seconds) - 1e-12))


@dataclass
class PerSampleCosts:
    """What one more sample costs: fit an image, fit a scene, or one LIIF forward pass."""

    image_size: int
    fit_steps: int
    fit_seconds: float
    fit_psnr: float
    liif_seconds: float
    liif_psnr: float
    liif_x4_seconds: float
    liif_x4_psnr: float
    nerf_step_seconds: float
    nerf_fit_seconds: float
    liif_train_seconds: float

    @property
    def speedup(self) -> float:
        """How many LIIF forward passes cost as much as fitting one image."""
        return self.fit_seconds / self.liif_seconds

    def rows(self) -> list[tuple[str, str, float, str]]:
        """Table rows ``(chapter, what, seconds, quality)`` for the lecture."""
        s = self.image_size
        return [
            ("00", f"fit a SIREN to one new {s}×{s} photo ({self.fit_steps} steps)", self.fit_seconds,
             f"{self.fit_psnr:.1f} dB at its pixels"),
            ("05", f"fit one scene (hash grid, {SHIPPED_NERF_STEPS} steps × {self.nerf_step_seconds:.2f} s, estimated)",
             self.nerf_fit_seconds, "29.6 dB held-out (shipped model)"),
            ("06", f"LIIF on the new {s}×{s} photo (one forward pass, ×1)", self.liif_seconds,
             f"{self.liif_psnr:.1f} dB at its pixels"),
            ("06", "LIIF from its ×4 smaller copy (one forward pass)", self.liif_x4_seconds,
             f"{self.liif_x4_psnr:.1f} dB"),
            ("06", "train LIIF once (shipped weights, from the manifest)", self.liif_train_seconds, "—"),
        ]


def time_per_sample_costs(image_size: int = 64, fit_steps: int = 300, nerf_steps: int = 3,
                          seed: int = 0) -> PerSampleCosts:
    """Measure the three costs of "repetitive training for each sample" (see module docstring).

    The fit and the LIIF forward pass are each timed after one warm-up call (the first call
    in a process pays one-off allocation costs).
    """
    image = held_out_photo(image_size)
    image_fit_cost(image, 1, seed=seed)  # warm-up: the first training step of a process pays one-off costs
    fit = image_fit_cost(image, fit_steps, seed=seed)
    model = liif.load_pretrained()
    liif_forward_cost(image, model)  # warm-up
    one = liif_forward_cost(image, model)
    four = liif_forward_cost(image, model, scale=4.0)
    scene = scene_step_cost(nerf_steps, seed=seed)
    return PerSampleCosts(image_size, fit["steps"], fit["seconds"], fit["psnr"], one["seconds"], one["psnr"],
                          four["seconds"], four["psnr"], scene["seconds_per_step"], scene["estimated_fit_seconds"],
                          liif_training_seconds())


# ============================================================================ 2. no bound for detected error
#: max |u''''| of the exact solution u = sin(2πx) + x on [0, 1].
U4_MAX = (2 * math.pi) ** 4


def poisson_rhs(x: np.ndarray) -> np.ndarray:
    """f(x) = 4π² sin(2πx), the right-hand side of chapter 04's 1-D problem −u'' = f."""
    return 4 * math.pi**2 * np.sin(2 * math.pi * np.asarray(x, dtype=float))


def poisson_exact(x: np.ndarray) -> np.ndarray:
    """u(x) = sin(2πx) + x (chapter 04's :func:`inrlib.pinn.poisson_1d_exact`, as NumPy)."""
    x = np.asarray(x, dtype=float)
    return pinn.poisson_1d_exact(torch.from_numpy(x.reshape(-1, 1))).numpy().reshape(x.shape)


def fd_error_bound(h: float, u4_max: float = U4_MAX) -> float:
    """A-priori bound of the 3-point finite-difference solution of −u'' = f, Dirichlet ends:

    .. math:: \\max_k |u_k - u(x_k)| \\le \\frac{h^2}{96} \\max |u''''| .

    The truncation error is at most :math:`h^2 \\max|u''''| / 12` (Taylor), and the discrete
    maximum principle gives :math:`\\|A_h^{-1}\\|_\\infty \\le 1/8` on [0, 1].
    """
    return validate.positive_float("h", h) ** 2 * validate.positive_float("u4_max", u4_max) / 96


@dataclass
class FDConvergence:
    """Finite differences on −u'' = 4π² sin 2πx, one row per grid: ``hs``, ``unknowns``,
    ``max_errors`` (max over nodes), ``errors`` (relative L2 over nodes, chapter 04's
    measure), ``bounds`` (:func:`fd_error_bound`), ``seconds`` (solve time), ``order``
    (least-squares slope of log max error against log h)."""

    hs: np.ndarray
    unknowns: np.ndarray
    max_errors: np.ndarray
    errors: np.ndarray
    bounds: np.ndarray
    seconds: np.ndarray
    order: float


def fd_convergence(cells: Sequence[int] = (8, 16, 32, 64, 128, 256)) -> FDConvergence:
    """Solve the 1-D problem with chapter 03's :func:`inrlib.boundary.solve_1d` on grids of
    h = 1/m for each m in ``cells`` (each ≥ 2) and measure the error against the exact solution."""
    cells = _int_list("cells", cells, minimum=2)
    hs, unknowns, max_err, rel, bounds, secs = [], [], [], [], [], []
    for m in cells:
        h = 1.0 / m
        t0 = time.perf_counter()
        x, u = boundary.solve_1d(poisson_rhs, h, boundary.dirichlet(0.0), boundary.dirichlet(1.0))
        secs.append(time.perf_counter() - t0)
        exact = poisson_exact(x)
        hs.append(h)
        unknowns.append(m - 1)
        max_err.append(float(np.max(np.abs(u - exact))))
        rel.append(pinn.relative_l2(u, exact))
        bounds.append(fd_error_bound(h))
    order = boundary.convergence_order(np.array(hs), np.array(max_err)) if len(cells) >= 2 else math.nan
    return FDConvergence(np.array(hs), np.array(unknowns), np.array(max_err), np.array(rel), np.array(bounds),
                         np.array(secs), order)


@dataclass
class PINNStudy:
    """PINN errors on the same problem: ``errors[i, j]`` (relative L2 on 201 points) and
    ``seconds[i, j]`` for ``n_points[i]`` collocation points and seed ``seeds[j]``;
    ``solutions[i, j]`` the trained u on ``x`` (201,); ``parameters`` per network."""

    n_points: np.ndarray
    seeds: np.ndarray
    steps: int
    errors: np.ndarray
    seconds: np.ndarray
    solutions: np.ndarray
    x: np.ndarray
    parameters: int

    def spread(self) -> np.ndarray:
        """max/min error over the seeds, per number of collocation points (n_points,)."""
        return self.errors.max(axis=1) / self.errors.min(axis=1)


#: The PINN of the study: chapter 04's warm-up solver, hard boundary conditions, width 32.
PINN_WIDTH = 32


def _pinn_parameters(width: int) -> int:
    # the MLP(1, 1, width, 2 hidden layers) inside solve_poisson_1d
    return (1 * width + width) + (width * width + width) + (width + 1)


def pinn_error_study(n_points: Sequence[int] = (8, 16, 32, 64), seeds: Sequence[int] = (0, 1, 2),
                     steps: int = 500, width: int = PINN_WIDTH) -> PINNStudy:
    """Train chapter 04's PINN (:func:`inrlib.pinn.solve_poisson_1d`, hard boundary
    conditions) for every number of collocation points and every seed, and record its error
    against the exact solution.  Nothing predicts these numbers in advance."""
    n_points = _int_list("n_points", n_points)
    seeds = _int_list("seeds", seeds, minimum=0)
    steps = validate.positive_int("steps", steps)
    width = validate.positive_int("width", width)
    errors, seconds, outs = _train_pinns([(n, steps) for n in n_points], seeds, width)
    solutions = np.array([[out["u"] for out in row] for row in outs])
    return PINNStudy(np.array(n_points), np.array(seeds), steps, errors, seconds, solutions, outs[0][0]["x"],
                     _pinn_parameters(width))


def _train_pinns(runs: list[tuple[int, int]], seeds: list[int], width: int
                 ) -> tuple[np.ndarray, np.ndarray, list[list[dict]]]:
    """Train chapter 04's 1-D Poisson PINN (hard boundary conditions) once for every
    ``(n_points, steps)`` of ``runs`` and every seed: errors and seconds, each
    (len(runs), len(seeds)), and the solver's outputs."""
    errors = np.zeros((len(runs), len(seeds)))
    seconds = np.zeros_like(errors)
    outs = []
    for i, (n, steps) in enumerate(runs):
        outs.append([])
        for j, seed in enumerate(seeds):
            t0 = time.perf_counter()
            out = pinn.solve_poisson_1d(n_collocation=n, hard=True, width=width, steps=steps, seed=seed)
            seconds[i, j] = time.perf_counter() - t0
            errors[i, j] = out["error"]
            outs[-1].append(out)
    return errors, seconds, outs


@dataclass
class TrainingCurve:
    """PINN error after each number of Adam ``steps`` (a fresh, identically seeded run per
    entry, so entry k is the state after ``steps[k]`` steps of one run): ``errors[k, j]`` and
    training ``seconds[k, j]`` for seed ``seeds[j]``, with ``n_points`` collocation points."""

    steps: np.ndarray
    seeds: np.ndarray
    n_points: int
    errors: np.ndarray
    seconds: np.ndarray


def pinn_training_curve(steps: Sequence[int] = (50, 100, 200, 400, 800), seeds: Sequence[int] = (0, 1, 2),
                        n_points: int = 32, width: int = PINN_WIDTH) -> TrainingCurve:
    """The PINN's error against training time: does more training always help?  (It need not:
    the loss falls, the error against the exact solution may rise for a while.)"""
    steps = _int_list("steps", steps)
    seeds = _int_list("seeds", seeds, minimum=0)
    n_points = validate.positive_int("n_points", n_points)
    width = validate.positive_int("width", width)
    errors, seconds, _ = _train_pinns([(n_points, s) for s in steps], seeds, width)
    return TrainingCurve(np.array(steps), np.array(seeds), n_points, errors, seconds)


def is_monotone_decreasing(values: Sequence[float]) -> bool:
    """True when every value is strictly below the one before it."""
    v = validate.finite_array("values", values, ndim=1, min_size=1)
    return bool(np.all(np.diff(v) < 0))


# ============================================================================ 3. large computation
def count_linear_macs(model: nn.Module, *inputs: torch.Tensor) -> dict:
    """Run ``model(*inputs)`` once and count, with forward hooks on every ``nn.Linear``, the
    multiply-adds and the bytes of the layers' outputs, **per input point**:

    .. math:: \\text{MACs} = \\sum_{\\text{Linear layers}} n_{in}\\, n_{out},

    for a layer applied once per point.  ``inputs[0]`` has shape (N, d); returns
    ``{"macs_per_point", "activation_bytes_per_point", "points"}``.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {validate.show(model)}")
    if not inputs:
        raise ValueError("inputs must contain at least one tensor (the points, shape (N, d))")
    points = validate.tensor("inputs[0]", inputs[0], ndim=2).shape[0]
    if points < 1:
        raise ValueError(f"inputs[0] must hold at least one point, got {validate.show(inputs[0])}")
    totals = {"macs": 0, "bytes": 0}

    def hook(layer: nn.Linear, args, output):
        rows = output.numel() // layer.out_features
        totals["macs"] += rows * layer.in_features * layer.out_features
        totals["bytes"] += output.numel() * output.element_size()

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Linear)]
    try:
        with torch.no_grad():
            model(*inputs)
    finally:
        for h in handles:
            h.remove()
    return {"macs_per_point": totals["macs"] / points, "activation_bytes_per_point": totals["bytes"] / points,
            "points": points}


def parameter_bytes(model: nn.Module) -> int:
    """Bytes of the model's parameters (what a checkpoint stores, buffers excluded)."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {validate.show(model)}")
    return sum(p.numel() * p.element_size() for p in model.parameters())


@dataclass
class FrameCost:
    """Cost of producing one ``pixels``-value frame: wall ``seconds``, network ``evaluations``,
    ``macs_per_evaluation`` (Linear layers), hash-table ``lookups_per_evaluation``,
    ``parameters`` (or unknowns), ``memory_bytes`` (parameters, or the sparse matrix and
    vectors), ``activation_bytes_per_evaluation``."""

    name: str
    pixels: int
    seconds: float
    evaluations: int
    macs_per_evaluation: float
    lookups_per_evaluation: int
    parameters: int
    memory_bytes: int
    activation_bytes_per_evaluation: float

    @property
    def total_macs(self) -> float:
        return self.evaluations * self.macs_per_evaluation

    @property
    def microseconds_per_evaluation(self) -> float:
        return 1e6 * self.seconds / self.evaluations if self.evaluations else math.nan


def frame_cost(name: str, field: nerf.Field, size: int, settings: nerf.RenderSettings | None = None,
               occupancy: nerf.OccupancyGrid | None = None, early_stop: float | None = None,
               azimuth: float = 30.0, elevation: float = 30.0) -> FrameCost:
    """Render one ``size``×``size`` view of ``field`` with chapter 05's
    :func:`inrlib.nerf.render_image` and count what it cost.  ``occupancy=None`` and
    ``early_stop=None`` evaluate every sample of every ray that meets the scene box."""
    validate.positive_int("size", size)
    if not isinstance(field, nerf.Field):
        raise TypeError(f"field must be an inrlib.nerf.Field, got {validate.show(field)}")
    focal = nerf.focal_from_fov(size, nerf.CAMERA_ANGLE_X)
    pose = nerf.orbit_pose(azimuth, elevation, nerf.CAMERA_RADIUS)
    nerf.render_image(field, 4, 4, nerf.focal_from_fov(4, nerf.CAMERA_ANGLE_X), pose, settings, occupancy,
                      early_stop=early_stop)  # warm-up: the first call of a model pays one-off costs
    t0 = time.perf_counter()
    out = nerf.render_image(field, size, size, focal, pose, settings, occupancy, early_stop=early_stop)
    seconds = time.perf_counter() - t0
    probe = count_linear_macs(field, torch.zeros(4, 3), torch.ones(4, 3))
    enc = getattr(field, "encoding", None)
    lookups = enc.n_levels * 8 * enc.n_features if isinstance(enc, nerf.HashGridEncoding) else 0
    return FrameCost(name, size * size, seconds, int(out["samples"]), probe["macs_per_point"], lookups,
                     count_parameters(field), parameter_bytes(field), probe["activation_bytes_per_point"])


def fd_frame_cost(size: int) -> FrameCost:
    """One finite-difference solve that produces ``size``×``size`` values: chapter 03's
    −Δu = 1 on the square with u = 0 on its edge (:func:`inrlib.boundary.solve_dirichlet`),
    ``size``² unknowns.  Memory: the CSR matrix and the right-hand side and solution."""
    size = validate.positive_int("size", size)
    grid = boundary.square_grid(2.0 / (size + 1))
    t0 = time.perf_counter()
    A, b = boundary.assemble_dirichlet(grid, 1.0, 0.0)
    u = boundary.sparse_solve(A, b)
    seconds = time.perf_counter() - t0
    memory = A.data.nbytes + A.indices.nbytes + A.indptr.nbytes + b.nbytes + u.nbytes
    return FrameCost(f"finite differences: −Δu = 1, {size}×{size} unknowns", grid.n_unknowns, seconds, 0, 0.0, 0,
                     grid.n_unknowns, memory, 0.0)


#: The paper's NeRF recipe: MLP 256 × 8 with a skip at layer 4, 64 coarse + 128 fine samples.
PAPER_SAMPLES = 64 + 128


def frame_costs(size: int = 64, paper_size: int | None = None, seed: int = 0) -> list[FrameCost]:
    """One frame, four ways:

    1. the paper's NeRF (:class:`inrlib.nerf.NeRFField` 256 × 8, 192 samples per ray, no
       empty-space skipping), rendered at ``paper_size`` (default ``size``; the cost of every
       sample is the same, so a smaller frame scales exactly by the number of rays);
    2. the course's MLP NeRF (chapter 05's shipped ablation field, 128 × 4) and
    3. the shipped hash-grid field, both with 64 samples, the shipped occupancy grid and
       early ray termination (chapter 05's fast renderer);
    4. a finite-difference solve with ``size``² unknowns.

    Row 1 is random-weight (its cost does not depend on the weights without skipping).
    """
    size = validate.positive_int("size", size)
    paper_size = size if paper_size is None else validate.positive_int("paper_size", paper_size)
    torch.manual_seed(seed)
    paper = nerf.NeRFField(width=256, depth=8, skip=4)
    hashgrid, occupancy = nerf.load_shipped()
    view = occupancy
    mlp = nerf.load_ablation()["nerf"]["field"]
    first = frame_cost(f"paper NeRF: MLP 256×8, {PAPER_SAMPLES} samples/ray, no skipping", paper, paper_size,
                       nerf.RenderSettings(n_samples=PAPER_SAMPLES))
    if paper_size != size:  # every ray costs the same: scale by the number of rays
        ratio = (size / paper_size) ** 2
        first = FrameCost(first.name + f" (measured at {paper_size}×{paper_size}, ×{ratio:g})", size * size,
                          first.seconds * ratio, round(first.evaluations * ratio), first.macs_per_evaluation,
                          0, first.parameters, first.memory_bytes, first.activation_bytes_per_evaluation)
    rows = [first,
            frame_cost("course NeRF: MLP 128×4, 64 samples, occupancy + early stop", mlp, size,
                       nerf.VIEW_SETTINGS, view, 1e-3),
            frame_cost("hash grid (instant-ngp), 64 samples, occupancy + early stop", hashgrid, size,
                       nerf.VIEW_SETTINGS, view, 1e-3),
            fd_frame_cost(size)]
    return rows
