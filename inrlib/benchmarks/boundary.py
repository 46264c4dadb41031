"""Chapter 03 benchmark (boundary conditions).

Headline numbers: manufactured-solution orders (Dirichlet, Neumann, mixed, pure Neumann),
the L-shape corner orders (2/3 max, 4/3 L2), the reference values at h = 1/512, the
cached-solution load time, assembly + solve at h = 1/256 against a bare spsolve, and the explorer's
update time (solve + redraw at 65×65).
"""
from __future__ import annotations

import time

import numpy as np
import scipy.sparse.linalg as spla

from .. import boundary as bc
from ..boundary import SIDES, dirichlet, neumann
from ..widgets import figure_png
from ..widgets.boundary import BoundaryExplorer
from . import Row


def run() -> list[Row]:
    rows: list[Row] = []

    # --- manufactured solutions on the square: order 2 for every kind of side
    u = lambda x, y: np.sin(np.pi * x / 2 + 0.3) * np.cos(np.pi * y / 3) + x * y**2  # noqa: E731
    f = lambda x, y: (np.pi**2 / 4 + np.pi**2 / 9) * np.sin(np.pi * x / 2 + 0.3) * np.cos(np.pi * y / 3) - 2 * x  # noqa: E731
    ux = lambda x, y: np.pi / 2 * np.cos(np.pi * x / 2 + 0.3) * np.cos(np.pi * y / 3) + y**2  # noqa: E731
    uy = lambda x, y: -np.pi / 3 * np.sin(np.pi * x / 2 + 0.3) * np.sin(np.pi * y / 3) + 2 * x * y  # noqa: E731
    g = {"left": lambda x, y: -ux(x, y), "right": ux, "bottom": lambda x, y: -uy(x, y), "top": uy}
    cases = {"Dirichlet": {s: dirichlet(u) for s in SIDES},
             "mixed D/N": {"left": dirichlet(u), "right": neumann(g["right"]), "bottom": neumann(g["bottom"]),
                           "top": dirichlet(u)},
             "pure Neumann": {s: neumann(g[s]) for s in SIDES}}
    hs = [1 / 16, 1 / 32, 1 / 64, 1 / 128]
    for name, sides in cases.items():
        t0 = time.perf_counter()
        errs = []
        for h in hs:
            sol = bc.solve_square(h, f, sides)
            e = sol.u - u(sol.grid.X, sol.grid.Y)
            if sol.pure_neumann:
                w = np.ones(e.shape); w[0] *= .5; w[-1] *= .5; w[:, 0] *= .5; w[:, -1] *= .5  # noqa: E702
                e = e - (w * e).sum() / w.sum()
            errs.append(np.abs(e).max())
        p = bc.convergence_order(hs, errs)
        rows.append(Row("03", f"order, manufactured solution, {name} sides (max norm, h=1/16…1/128)",
                        f"{p:.3f}", "theory (Taylor; ghost points keep it): 2", time.perf_counter() - t0, abs(p - 2) < 0.1))

    # --- the L-shape: corner orders from successive grids
    t0 = time.perf_counter()
    hs_L = [1 / 16, 1 / 32, 1 / 64, 1 / 128, 1 / 256]
    diffs = bc.successive_differences(bc.solve_lshape, hs_L)
    h_d = [d["h"] for d in diffs]
    p_max = bc.convergence_order(h_d, [d["max"] for d in diffs])
    p_l2 = bc.convergence_order(h_d, [d["l2"] for d in diffs])
    dt = time.perf_counter() - t0
    rows.append(Row("03", "L-shape order of u_h − u_h/2, max norm (h=1/16…1/128)", f"{p_max:.3f}", "theory (corner singularity r^(2/3)): 2/3 ≈ 0.667",
                    dt, abs(p_max - 2 / 3) < 0.06))
    rows.append(Row("03", "L-shape order of u_h − u_h/2, L2 norm (h=1/16…1/128)", f"{p_l2:.3f}", "theory (corner singularity r^(2/3)): 4/3 ≈ 1.333",
                    0.0, abs(p_l2 - 4 / 3) < 0.08))

    # --- reference values from the shipped h = 1/256 solution
    t0 = time.perf_counter()
    grid, u256 = bc.load_lshape_solution()
    t_load = time.perf_counter() - t0
    rows.append(Row("03", "load cached L-shape solution (h=1/256) [s]", f"{t_load:.3f}", "course design (chapter 04 loads it): < 1 s", t_load, t_load < 1.0))
    for (x, y), ref in {(-0.5, -0.5): 0.131048, (-0.5, 0.5): 0.102360}.items():
        val = u256[grid.index(x, y)]
        rows.append(Row("03", f"u({x:g}, {y:g}) at h=1/256", f"{val:.6f}", f"{ref:.6f} (measured here, h=1/512)", 0.0,
                        bool(abs(val - ref) < 1.5e-5)))
    rows.append(Row("03", "max u at h=1/256", f"{u256.max():.5f}", "0.14940 (measured here, h=1/512)", 0.0,
                    bool(abs(u256.max() - 0.14940) < 3e-5)))

    # --- speed at h = 1/256: assembly + solve vs spsolve on the same matrix, same run
    def best(fn, n=3):
        times = []
        for _ in range(n):
            t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)  # noqa: E702
        return min(times)

    h = 1 / 256
    A, b = bc.assemble_dirichlet(bc.lshape_grid(h), 1.0, 0.0)
    t_asm = best(lambda: bc.assemble_dirichlet(bc.lshape_grid(h), 1.0, 0.0))
    t_ours = best(lambda: bc.solve_lshape(h))
    t_sp = best(lambda: spla.spsolve(A.tocsc(), b))
    rows.append(Row("03", f"L-shape h=1/256 ({A.shape[0]} unknowns): assembly [s]", f"{t_asm:.3f}",
                    "measured here (informational)", t_asm, None))
    rows.append(Row("03", "L-shape h=1/256: (assembly + solve) / spsolve alone", f"{t_ours / t_sp:.2f}",
                    f"scipy.sparse.linalg.spsolve alone ({t_sp:.2f} s): ratio ≤ 1.3", t_ours + t_sp, t_ours / t_sp <= 1.3))

    # --- the explorer: solve + redraw + PNG per slider move, 65×65 grid
    explorer = BoundaryExplorer(n=64)
    fig, ax = explorer.figure()
    settings = [({s: "dirichlet" for s in SIDES}, {s: 0.0 for s in SIDES}),
                ({**{s: "neumann" for s in SIDES}, "top": "dirichlet"}, {s: 0.3 for s in SIDES})]
    times = []
    for kinds, values in settings * 3:
        t0 = time.perf_counter()
        explorer.compute(kinds, values, True)
        explorer.plot(ax)
        figure_png(fig)
        times.append(time.perf_counter() - t0)
    rows.append(Row("03", "boundary explorer: update (solve + redraw at 65×65), slowest of 6", f"{max(times) * 1e3:.0f} ms",
                    "course design (COURSE.md): ≤ 200 ms", sum(times), max(times) <= 0.2))
    return rows
