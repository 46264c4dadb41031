"""Chapter 08 benchmark: the limitation figures of lectures/08_limitations.ipynb, full size.

Targets: finite differences converge at order ≈ 2 under their a-priori bound;
the PINN's error differs between seeds (spread > 1 at every N); one LIIF forward pass on a
new image is ≥ 10× cheaper than fitting the image; a hash-grid frame is cheaper than an MLP
frame in multiply-adds and than the paper's NeRF frame in time; the widget updates ≤ 0.2 s.
"""
from __future__ import annotations

import time

import numpy as np

from .. import limitations as L
from ..widgets.limitations import SpreadExplorer
from . import Row


def run() -> list[Row]:
    rows = []
    t0 = time.perf_counter()
    costs = L.time_per_sample_costs(image_size=64, fit_steps=300, nerf_steps=5)
    took = time.perf_counter() - t0
    rows.append(Row("08", "fit one 64² photo (SIREN, 300 steps) vs one LIIF forward pass on it",
                    f"{costs.fit_seconds:.2f} s vs {costs.liif_seconds * 1e3:.0f} ms (×{costs.speedup:.0f}); "
                    f"{costs.fit_psnr:.1f} vs {costs.liif_psnr:.1f} dB",
                    "measured here: forward pass ≥ 10× cheaper", took, costs.speedup >= 10))
    rows.append(Row("08", "fit one scene: hash-grid step × 3000 steps (estimate)",
                    f"{costs.nerf_fit_seconds / 60:.0f} min ({costs.nerf_step_seconds:.2f} s/step)",
                    "measured here: per-sample training, paid again for every scene", 0.0))
    n_star = L.break_even_images(costs.liif_train_seconds, costs.fit_seconds, costs.liif_seconds)
    rows.append(Row("08", "LIIF training pays for itself after", f"{n_star:,} images",
                    f"T_train = {costs.liif_train_seconds / 60:.0f} min (the shipped weights' manifest)", 0.0))

    t0 = time.perf_counter()
    fd = L.fd_convergence((8, 16, 32, 64, 128, 256))
    rows.append(Row("08", "finite differences on −u'' = 4π² sin 2πx: observed order, error ≤ bound",
                    f"p = {fd.order:.3f}; max error / bound {fd.max_errors.min() / fd.bounds.min():.2f}…"
                    f"{np.max(fd.max_errors / fd.bounds):.2f}", "theory (Taylor + discrete maximum principle): |p − 2| < 0.1, error ≤ h²·max|u''''|/96",
                    time.perf_counter() - t0, abs(fd.order - 2) < 0.1 and bool(np.all(fd.max_errors <= fd.bounds))))

    t0 = time.perf_counter()
    study = L.pinn_error_study((4, 8, 16, 32, 64), (0, 1, 2, 3, 4), steps=500)
    spread = study.spread()
    rows.append(Row("08", "PINN (width 32, 500 Adam steps), relative L2 over 5 seeds at N = 4…64",
                    "; ".join(f"N={n}: {row.min():.1e}…{row.max():.1e}" for n, row in zip(study.n_points, study.errors)),
                    "PINN vs FEM table (Lu et al., DeepXDE, SIAM Review 2021): no bound; seeds disagree (spread > 1 at every N)", time.perf_counter() - t0,
                    bool(np.all(spread > 1))))
    rows.append(Row("08", "PINN spread max/min over seeds per N", ", ".join(f"×{s:.1f}" for s in spread),
                    "finite differences, measured here: ×1 (deterministic)", 0.0))
    curve = L.pinn_training_curve((50, 100, 200, 400, 800, 1600), (0, 1, 2), n_points=32)
    monotone = [L.is_monotone_decreasing(curve.errors[:, j]) for j in range(len(curve.seeds))]
    rows.append(Row("08", "PINN error vs Adam steps 50…1600 (N = 32), seeds 0–2",
                    "; ".join(f"seed {s}: " + "→".join(f"{e:.1e}" for e in curve.errors[:, j])
                              for j, s in enumerate(curve.seeds)),
                    f"measured here: monotone per seed: {monotone}", float(curve.seconds.sum())))

    t0 = time.perf_counter()
    paper, mlp, grid, fdm_frame = L.frame_costs(64, paper_size=32)
    for f in (paper, mlp, grid, fdm_frame):
        rows.append(Row("08", f"one 64² frame: {f.name}",
                        f"{f.seconds:.3f} s, {f.evaluations:,} evaluations × {f.macs_per_evaluation:,.0f} MACs, "
                        f"{f.memory_bytes / 2**20:.2f} MiB", "measured here (informational)", f.seconds))
    rows.append(Row("08", "hash grid vs MLPs: MACs per evaluation; frame time vs paper NeRF",
                    f"{grid.macs_per_evaluation:,.0f} vs {mlp.macs_per_evaluation:,.0f} / {paper.macs_per_evaluation:,.0f}; "
                    f"{grid.seconds:.3f} s vs {paper.seconds:.1f} s",
                    "instant-ngp (Müller et al. 2022) vs NeRF (Mildenhall et al. 2020), measured here: ≥ 10× fewer MACs than the course MLP, faster frame than the paper's",
                    time.perf_counter() - t0,
                    grid.macs_per_evaluation * 10 <= mlp.macs_per_evaluation and grid.seconds < paper.seconds))

    explorer = SpreadExplorer(study)
    explorer.compute(4)
    updates = [explorer.compute(int(n))["seconds"] for n in study.n_points]
    rows.append(Row("08", "SpreadExplorer update (slider move)", f"{max(updates) * 1e3:.1f} ms (max of {len(updates)})",
                    "course design (COURSE.md): ≤ 0.2 s", sum(updates), max(updates) <= 0.2))
    return rows
