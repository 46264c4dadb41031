"""Chapter 02 benchmark (finite differences): the headline numbers of lectures/02_fdm.ipynb, full mode."""
from __future__ import annotations

import math
import time
import warnings

import numpy as np

from .. import fdm
from ..widgets.fdm import HeatExplorer, StencilExplorer
from . import Row


def run() -> list[Row]:
    """Measured orders (differences, IVP, heat equation), the round-off floor, FTCS stability, widget speed."""
    rows: list[Row] = []

    # 1. difference formulas: fitted log–log slopes on sin at x0 = 1, h in [1e-3, 1e-1]
    start = time.perf_counter()
    hs = np.logspace(-3, -1, 13)
    exact = {1: math.cos(1.0), 2: -math.sin(1.0)}
    slopes = {name: fdm.fit_order(hs, fdm.difference_errors(name, np.sin, exact[m], 1.0, hs))
              for name, (_, m, _) in fdm.FORMULAS.items()}
    seconds = time.perf_counter() - start
    for name, (_, _, order) in fdm.FORMULAS.items():
        rows.append(Row("02", f"order of the {name} difference (fitted slope)", f"{slopes[name]:.3f}",
                        f"theory (Taylor): {order} ± 0.05", seconds, abs(slopes[name] - order) < 0.05))

    # 2. round-off floor: best h of the central difference against ε^(1/3)
    for dtype in (np.float32, np.float64):
        start = time.perf_counter()
        wide = np.logspace(-12, -0.5, 95)
        errors = fdm.difference_errors("central", np.sin, exact[1], 1.0, wide, dtype)
        h_best, e_best = fdm.best_step(wide, errors)
        predicted = fdm.predicted_best_step(2, 1, float(np.finfo(dtype).eps))
        rows.append(Row("02", f"central difference, {dtype.__name__}: best h (error there; error at h=1e-12)",
                        f"{h_best:.1e} ({e_best:.1e}; {errors[0]:.1e})", f"theory (truncation vs round-off): ε^(1/3) = {predicted:.1e}, within 10×",
                        time.perf_counter() - start,
                        bool(predicted / 10 < h_best < predicted * 10 and errors[0] > 1000 * e_best)))

    # 3. initial value problem u' = -2u + sin t, u(0) = 1 on [0, 2]
    ns = np.array([20, 40, 80, 160, 320, 640])
    for method, order in (("euler", 1), ("heun", 2)):
        start = time.perf_counter()
        errs = []
        for n in ns:
            t, u = fdm.integrate(lambda t, u: -2 * u + np.sin(t), 1.0, 2.0, int(n), method)
            errs.append(np.max(np.abs(u - (1.2 * np.exp(-2 * t) + (2 * np.sin(t) - np.cos(t)) / 5))))
        p = fdm.fit_order(2.0 / ns, errs)
        rows.append(Row("02", f"IVP order, {method}", f"{p:.3f}", f"theory (Taylor): {order} ± 0.1", time.perf_counter() - start,
                        abs(p - order) < 0.1))

    # 4. heat equation: convergence in space (r = 0.4) and in time (Δx = 1/64, semi-discrete reference)
    Ns = np.array([8, 16, 32, 64, 128])
    for method in fdm.HEAT_METHODS:
        start = time.perf_counter()
        errs = [fdm.heat_error(method, int(n), int(np.ceil(0.1 / (0.4 / n**2)))) for n in Ns]
        p = fdm.fit_order(1 / Ns, errs)
        rows.append(Row("02", f"heat equation, order in space, {method} (error at Δx=1/128)",
                        f"{p:.3f} ({errs[-1]:.1e})", "theory (Taylor): 2 ± 0.1", time.perf_counter() - start, abs(p - 2) < 0.1))
    steps = np.array([10, 20, 40, 80, 160, 320])
    for method, order in (("backward_euler", 1), ("crank_nicolson", 2)):
        start = time.perf_counter()
        errs = [fdm.heat_error(method, 64, int(n), reference="semidiscrete") for n in steps]
        p = fdm.fit_order(0.1 / steps, errs)
        rows.append(Row("02", f"heat equation, order in time, {method}", f"{p:.3f}", f"theory (Taylor): {order} ± 0.1",
                        time.perf_counter() - start, abs(p - order) < 0.1))

    # 5. stability: FTCS warns and blows up just above r = 1/2; implicit schemes stay bounded at r = 5
    start = time.perf_counter()
    x = fdm.heat_grid(40)
    dx = x[1]
    u0 = np.sin(math.pi * x) + 0.01 * np.sin(39 * math.pi * x)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        below = fdm.solve_heat(u0, 1.0, dx, 0.5 * dx**2, 200)
        above = fdm.solve_heat(u0, 1.0, dx, 0.55 * dx**2, 200)
    warned = sum(issubclass(c.category, fdm.StabilityWarning) for c in caught)
    implicit = [fdm.solve_heat(u0, 1.0, dx, 5 * dx**2, 20, m) for m in ("crank_nicolson", "backward_euler")]
    rows.append(Row("02", "FTCS max|u| after 200 steps at r = 0.50 / 0.55 (warnings)",
                    f"{np.max(np.abs(below.final)):.2f} / {np.max(np.abs(above.final)):.1e} ({warned})",
                    "theory (von Neumann, r ≤ 1/2): bounded / blow-up, 1 warning", time.perf_counter() - start,
                    not below.blew_up and above.blew_up and warned == 1
                    and not any(s.blew_up for s in implicit)))

    # 6. widgets: computation per slider move
    stencil, heat = StencilExplorer(), HeatExplorer()
    start = time.perf_counter()
    times = []
    for h in stencil.h_values:
        t0 = time.perf_counter(); stencil.compute(h, "float32"); times.append(time.perf_counter() - t0)
    for dt in heat.dt_values:
        for m in fdm.HEAT_METHODS:
            t0 = time.perf_counter(); heat.compute(dt, m); times.append(time.perf_counter() - t0)
    rows.append(Row("02", "widget update (h slider, Δt slider): slowest computation", f"{max(times) * 1e3:.1f} ms",
                    "course design (COURSE.md): < 200 ms", time.perf_counter() - start, max(times) < 0.2))
    return rows
