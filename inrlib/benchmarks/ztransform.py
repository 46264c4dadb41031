"""Chapter 01 benchmark: the z-transform library against SymPy / scipy.signal, the vehicle's
orders of accuracy and stability limit, and the widgets' update times."""
from __future__ import annotations

import time

import numpy as np
import scipy.signal
import sympy as sp

from .. import ztransform as zt
from ..widgets import figure_png
from ..widgets.ztransform import PoleZeroExplorer, VehicleExplorer
from . import Row


def run() -> list[Row]:
    rows: list[Row] = []
    rng = np.random.default_rng(0)

    # 1. own simulator and frequency response vs scipy.signal, 200 random stable systems
    start = time.perf_counter()
    sim_err = freq_err = 0.0
    for _ in range(200):
        poles = rng.uniform(-0.95, 0.95, rng.integers(1, 5))
        out, inp = np.real(np.poly(poles)), rng.standard_normal(rng.integers(1, 5))
        x = rng.standard_normal(200)
        sim_err = max(sim_err, np.max(np.abs(zt.simulate(x, output_coeffs=out, input_coeffs=inp)
                                             - scipy.signal.lfilter(inp, out, x))))
        _, H = zt.frequency_response(output_coeffs=out, input_coeffs=inp, n_points=256)
        _, H2 = scipy.signal.freqz(inp, out, worN=256)
        freq_err = max(freq_err, np.max(np.abs(H - H2)))
    secs = time.perf_counter() - start
    rows.append(Row("01", "simulate vs scipy.signal.lfilter(input, output), 200 random systems (max |diff|)",
                    f"{sim_err:.1e}", "scipy.signal.lfilter (the reference): ≤ 1e-9", secs, sim_err <= 1e-9))
    rows.append(Row("01", "frequency_response vs scipy.signal.freqz, 200 random systems (max |diff|)",
                    f"{freq_err:.1e}", "scipy.signal.freqz (the reference): ≤ 1e-9", secs, freq_err <= 1e-9))

    # 2. inverse z-transform by partial fractions vs simulation and rsolve
    start = time.perf_counter()
    half = sp.Rational(1, 2)
    systems = [([1, -sp.Rational(5, 6), sp.Rational(1, 6)], [1]), ([1, -1, sp.Rational(1, 4)], [1, 2]),
               ([1, -1, half], [1]), ([1, -sp.Rational(3, 2), sp.Rational(3, 4), -sp.Rational(1, 8)], [2, -1]),
               ([1, -half], [1, 0, 0, 3]), ([1, 0, -sp.Rational(1, 4)], [0, 1])]
    inv_err = 0.0
    for out, inp in systems:
        h = zt.inverse_ztransform(zt.transfer_function(output_coeffs=out, input_coeffs=inp))
        ref = scipy.signal.lfilter(np.array(inp, float), np.array(out, float), np.r_[1.0, np.zeros(39)])
        inv_err = max(inv_err, np.max(np.abs(zt.sequence_values(h, 40) - ref)))
    rows.append(Row("01", "inverse z-transform (simple, repeated, complex poles, pole at 0) vs simulated h[n]",
                    f"{inv_err:.1e}", "simulated h[n] and SymPy rsolve (the references): ≤ 1e-10", time.perf_counter() - start, inv_err <= 1e-10))

    # 3. the properties table, every row, on random sequences
    start = time.perf_counter()
    worst = {}
    for name in zt.PROPERTIES:
        w = 0.0
        for _ in range(50):
            x = rng.standard_normal(rng.integers(1, 7))
            x2 = rng.standard_normal(6)
            zval = rng.uniform(1.2, 2.0) * np.exp(2j * np.pi * rng.random())
            X = zt.finite_ztransform(list(x))
            X2 = zt.finite_ztransform(list(x2))
            Zs = lambda v, s=0: complex(np.sum(np.asarray(v) * zval ** -(np.arange(len(v)) + s).astype(float)))  # noqa: E731
            f = lambda T: complex(sp.lambdify(zt.z, T.expr, "numpy")(zval))  # noqa: E731
            lhs, rhs = {
                "Linearity": (lambda: Zs(2 * np.pad(x, (0, 6 - len(x))) - 3 * x2), lambda: f(zt.linearity(X, X2, 2, -3))),
                "Translation": (lambda: Zs(np.r_[0, 0, x]), lambda: f(zt.translation(X, 2))),
                "Modulation": (lambda: Zs(0.8 ** np.arange(len(x)) * x), lambda: f(zt.modulation(X, sp.Rational(4, 5)))),
                "Time Reversal": (lambda: Zs(x[::-1], -(len(x) - 1)), lambda: f(zt.time_reversal(X))),
                "Upsampling": (lambda: Zs(np.ravel(np.c_[x, 0 * x])), lambda: f(zt.upsampling(X, 2))),
                "Downsampling": (lambda: Zs(x[::2]), lambda: f(zt.downsampling(X, 2))),
                "Conjugation": (lambda: Zs(np.conj(x)), lambda: f(zt.conjugation(X))),
                "Convolution": (lambda: Zs(np.convolve(x, x2)), lambda: f(zt.convolution(X, X2))),
                "Z-Domain Diff.": (lambda: Zs(np.arange(len(x)) * x), lambda: f(zt.z_differentiation(X))),
                "Differencing": (lambda: Zs(np.r_[x, 0] - np.r_[0, x]), lambda: f(zt.differencing(X))),
                "Accumulation": (lambda: Zs(np.cumsum(np.r_[x, np.zeros(400)])), lambda: f(zt.accumulation(X))),
            }[name]
            w = max(w, abs(lhs() - rhs()))
        worst[name] = w
    gap = max(worst.values())
    rows.append(Row("01", "properties table: all 11 rows, 50 random sequences each (max |Z{time} − Z-domain|)",
                    f"{gap:.1e}", "the defining sum Σ x[n] z^-n (the reference): ≤ 1e-9", time.perf_counter() - start, gap <= 1e-9))

    # 4. the vehicle: orders of accuracy and the Euler stability limit
    start = time.perf_counter()
    car = dict(mass=300.0, damping=1500.0, stiffness=20000.0)
    err = {m: [] for m in ("euler", "tustin")}
    for dt in (0.002, 0.001):
        steps = int(round(1.0 / dt)) + 1
        exact = zt.vehicle_step_exact(np.arange(steps) * dt, **car)
        for m in err:
            err[m].append(np.max(np.abs(zt.vehicle_step_discrete(steps, **car, dt=dt, method=m) - exact))
                          / np.max(np.abs(exact)))
    for m, target in (("euler", 1.0), ("tustin", 2.0)):
        order = float(np.log2(err[m][0] / err[m][1]))
        rows.append(Row("01", f"vehicle step response, {m}: observed order (T = 2 ms → 1 ms)", f"{order:.2f}",
                        f"theory (Taylor): {target:g}", time.perf_counter() - start, abs(order - target) < 0.15))
    lo, hi = 1e-4, 1.0
    for _ in range(50):
        mid = (lo + hi) / 2
        stable = zt.is_stable(output_coeffs=zt.discretize_vehicle(**car, dt=mid, method="euler")["output_coeffs"])
        lo, hi = (mid, hi) if stable else (lo, mid)
    limit = car["damping"] / car["stiffness"]
    tustin_ok = all(zt.is_stable(output_coeffs=zt.discretize_vehicle(**car, dt=T, method="tustin")["output_coeffs"])
                    for T in np.geomspace(1e-4, 10, 50))
    rows.append(Row("01", "forward Euler: largest stable time step (bisection on the poles)", f"{lo:.5f} s",
                    f"theory (Euler poles, lecture 01 §7): c/k = {limit:.5f} s", time.perf_counter() - start, abs(lo - limit) < 1e-6))
    rows.append(Row("01", "Tustin stable for every T in [1e-4, 10] s", str(tustin_ok), "theory (the bilinear map sends Re s < 0 into |z| < 1): always",
                    time.perf_counter() - start, tustin_ok))

    # 5. widgets: compute + render one PNG per update
    for label, explorer, moves in (
        ("pole–zero explorer", PoleZeroExplorer(), [(r, 0.6, 1.0, 2.5) for r in np.linspace(0.5, 1.1, 25)]),
        ("vehicle explorer", VehicleExplorer(), [(300.0, 1500.0, 20000.0, T) for T in np.geomspace(0.002, 0.3, 25)]),
    ):
        fig, axes = explorer.figure()  # one persistent figure, as the live explorer draws
        explorer.compute(*moves[0])
        explorer.plot(axes)
        fig.tight_layout()
        times = []
        for args in moves:
            t0 = time.perf_counter()
            explorer.compute(*args)
            explorer.plot(axes)
            figure_png(fig)
            times.append(time.perf_counter() - t0)
        med = float(np.median(times))
        rows.append(Row("01", f"{label}: update (compute + redraw), median of 25", f"{1000 * med:.0f} ms",
                        "course design (COURSE.md): ≤ 200 ms", float(np.sum(times)), med <= 0.2))
    for r in rows:  # plain Python types, so benchmarks.json can hold them
        r.passed, r.seconds = bool(r.passed), float(r.seconds)
    return rows
