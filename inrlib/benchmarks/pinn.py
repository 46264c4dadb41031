"""Chapter 04 benchmark (physics-informed neural networks).

The course's targets, each trained from scratch in full mode on this machine, one thread:
heat forward problem (relative L2 ≤ 1e-4 within 30 s), inverse problem (λ from 200 samples
with 1 % noise, relative error ≤ 0.5 % within 30 s), −Δu = 1 on the L-shape with the
corner-singular hard constraint (relative L2 vs the fine FD solution ≤ 2e-3 within 60 s),
the generic hard-constraint and plain soft-constraint PINNs on the L-shape (informational);
1-D Maxwell: the Yee FDTD scheme's order (2 ± 0.1) and stability limit (Courant number 1),
and a PINN against it (relative L2 ≤ 1e-2 within 60 s).  Then the engineering the lecture
leaves out: the explorer's cached update time and L-BFGS from a float32 copy of the heat PINN
(does :func:`inrlib.pinn.fit` detect the stall and switch to float64?).
"""
from __future__ import annotations

import numpy as np
import torch

import copy
import time

from .. import pinn
from ..boundary import solve_lshape  # chapter 03's public FD solver: the reference
from ..widgets.pinn import PinnExplorer
from . import Row


def run() -> list[Row]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # these small networks gain nothing from a 2nd thread; on a busy
    try:                      # 2-core machine a 2nd thread makes each step up to 20× slower
        return _run()
    finally:
        torch.set_num_threads(threads)


def _run() -> list[Row]:
    rows: list[Row] = []
    out = pinn.solve_heat(lam=0.4, time_budget=27.0)
    rows.append(Row("04", "heat u_t = 0.4 u_xx, hard-constrained PINN: relative L2 (101×101 grid)",
                    f"{out['error']:.2e}", "≤ 1e-4 within 30 s (course target; the DeepXDE library on the same "
                    "problem: 5.4e-4 in 29 s)", out["seconds"],
                    out["error"] <= 1e-4 and out["seconds"] <= 30))

    xt, u = pinn.heat_samples(200, noise=0.01, lam=0.4, seed=0)
    inv = pinn.solve_heat_inverse(xt, u, lam_init=1.0, time_budget=27.0)
    rel = abs(inv["estimate"] - 0.4) / 0.4
    rows.append(Row("04", "inverse: λ from 200 samples, 1 % noise (true 0.4): relative error",
                    f"{rel:.2%} (λ = {inv['estimate']:.5f})", "≤ 0.5 % within 30 s (course target)", inv["seconds"],
                    rel <= 0.005 and inv["seconds"] <= 30))

    # the reference: chapter 03's FD solution at h = 1/512, compared at every 4th node (h = 1/128 nodes)
    grid, u512 = solve_lshape(1 / 512)
    inside = grid.inside[::4, ::4]
    pts = torch.from_numpy(np.stack([grid.X[::4, ::4][inside], grid.Y[::4, ::4][inside]], 1))
    ref = u512[::4, ::4][inside]

    def error_512(model) -> float:
        with torch.no_grad():
            return pinn.relative_l2(model(pts), ref)

    ls = pinn.solve_lshape_pinn("singular", time_budget=55.0)
    e512 = error_512(ls["model"])
    rows.append(Row("04", "L-shape −Δu = 1, corner-singular hard constraint: relative L2 vs FD h=1/512",
                    f"{e512:.2e} (vs shipped h=1/256: {ls['error']:.2e})",
                    "≤ 2e-3 within 60 s (course target; the DeepXDE library on the same problem: 5.1e-2 in 169 s)",
                    ls["seconds"],
                    e512 <= 2e-3 and ls["seconds"] <= 60))
    for kind in ("generic", "soft"):
        other = pinn.solve_lshape_pinn(kind, time_budget=55.0)
        rows.append(Row("04", f"L-shape, {'generic hard constraint' if kind == 'generic' else 'plain soft-constraint'}"
                        " PINN (same budget): relative L2 vs FD h=1/512", f"{error_512(other['model']):.2e}",
                        "informational", other["seconds"], None))
    rows += _maxwell_rows()
    rows += _engineering_rows(out["model"])
    return rows


def _maxwell_rows() -> list[Row]:
    """1-D Maxwell: Yee's order and stability limit against the exact standing wave; the PINN against Yee."""
    t0 = time.perf_counter()
    errors, order = pinn.yee_order((25, 50, 100, 200), courant=0.5)
    rows = [Row("04", "Maxwell 1-D, Yee FDTD (S = 0.5): order of the max error vs the exact standing wave, "
                "25…200 cells", f"{order:.3f} (errors {errors[0]:.1e} → {errors[-1]:.1e})",
                "2 ± 0.1 (Yee 1966: centred in space and time)", time.perf_counter() - t0, abs(order - 2) <= 0.1)]
    t0 = time.perf_counter()
    peak = {s: float(abs(pinn.yee(100, courant=s, t_end=1.0).E).max()) for s in (0.9, 1.0, 1.05)}
    rows.append(Row("04", "Maxwell 1-D, Yee FDTD, 100 cells to t = 1: max ‖E‖∞ at Courant number S = 0.9 / 1 / 1.05",
                    " / ".join(f"{v:.3g}" for v in peak.values()),
                    "bounded iff S ≤ 1 (Courant, Friedrichs & Lewy 1928); exact ‖E‖∞ ≤ 1.5",
                    time.perf_counter() - t0, peak[0.9] < 1.5 and peak[1.0] < 1.5 and peak[1.05] > 1e3))
    out = pinn.solve_maxwell_pinn(time_budget=55.0)
    rows.append(Row("04", "Maxwell 1-D, PINN (E, H) vs Yee FDTD (200 cells, S = 0.5): relative L2 on t ∈ [0, 1]",
                    f"{out['error']:.2e} (FDTD itself: {out['fdtd_seconds'] * 1e3:.0f} ms)",
                    "≤ 1e-2 within 60 s (course target; the deck: 'similar results to the conventional solution')",
                    out["seconds"], out["error"] <= 1e-2 and out["seconds"] <= 60))
    return rows


def _engineering_rows(heat_model) -> list[Row]:
    """The explorer's cached update, and L-BFGS continued from a float32 copy of the heat PINN."""
    explorer = PinnExplorer()
    settings = dict(n_collocation=32, boundary_weight=10.0, hard=False, width=16)
    t0 = time.perf_counter()
    explorer.compute(**settings)
    first = time.perf_counter() - t0
    t0 = time.process_time()
    explorer.compute(**settings)
    cached = time.process_time() - t0  # CPU time: unaffected by whatever else the machine runs
    rows = [Row("04", "explorer update (lecture section 4): training live / from the cache",
                f"{first:.2f} s / {cached * 1e3:.2f} ms CPU", "cached < 200 ms (course target)", first,
                cached < 0.2)]
    model32 = copy.deepcopy(heat_model).float()
    xt = pinn.SpaceTime(pinn.Interval(0, 1)).sample_interior(1024)
    res = pinn.fit(model32, lambda m: pinn.mse(pinn.heat_residual(m, xt, 0.4)), adam_steps=0, lbfgs_steps=200,
                   time_budget=20.0)
    stages = "; ".join(f"{h.loss[0]:.1e} → {h.loss[-1]:.1e}" for h in res.lbfgs if h.loss)
    rows.append(Row("04", "L-BFGS from a float32 copy of the trained heat PINN: stages (loss), switch, stop",
                    f"{stages}; float64: {res.switched_to_float64}; {res.stopped}",
                    "informational (measured here)", res.seconds, None))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
