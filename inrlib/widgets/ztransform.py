"""Chapter 01 explorers: poles and zeros, and the discretised vehicle.

* :class:`PoleZeroExplorer` — a conjugate pole pair and a conjugate zero pair on sliders;
  shows the pole–zero plot with the unit circle, the impulse response and |H(e^{jω})|.
  Everything is analytic (a 2nd-order difference equation), so an update takes a few
  milliseconds to compute and well under 0.2 s to redraw.
* :class:`VehicleExplorer` — mass, damping, stiffness and time step of a mass–spring–damper;
  the exact continuous step response against forward Euler and Tustin.  Unstable settings
  are drawn as such (clipped, labelled "unstable"), never an error.

Both are :class:`~inrlib.widgets.Explorer` s drawn as a PNG on one persistent figure
(``AS_IMAGE``); the controls are attributes (``pole_radius``, ``dt`` …) so tests can move them.
"""
from __future__ import annotations

import time

import numpy as np
from matplotlib.ticker import MaxNLocator

from ..ztransform import (discretize_vehicle, frequency_response, impulse_response, is_stable, poles_zeros, simulate,
                          step_input, vehicle_parameters, vehicle_step_exact)
from . import Explorer

_CIRCLE = np.exp(1j * np.linspace(0, 2 * np.pi, 200))  # the unit circle |z| = 1


def _conjugate_pair(radius: float, angle: float) -> np.ndarray:
    """Coefficients [1, −2r cos θ, r²] of (1 − p z^{−1})(1 − p̄ z^{−1}), p = r e^{jθ}."""
    return np.array([1.0, -2.0 * radius * np.cos(angle), radius**2])


class PoleZeroExplorer(Explorer):
    """H(z) = (1 − q z^{−1})(1 − q̄ z^{−1}) / ((1 − p z^{−1})(1 − p̄ z^{−1})) with p = r e^{jθ}, q = ρ e^{jφ}.

    Attributes
    ----------
    pole_radius, pole_angle, zero_radius, zero_angle : ipywidgets sliders (after :meth:`widget`).
    result : dict
        ``poles``, ``zeros``, ``output_coeffs``, ``input_coeffs``, ``impulse`` (n_samples,),
        ``omega`` and ``magnitude`` (n_freq,), ``stable``, ``seconds`` (compute time).
    update_seconds : list of float
        Wall time of each slider update (compute + redraw).
    """

    PANELS, FIGSIZE, AS_IMAGE = 3, (11, 3.2), True
    ROWS = (("pole_radius", "pole_angle"), ("zero_radius", "zero_angle"))

    def __init__(self, n_samples: int = 60, n_freq: int = 256):
        super().__init__()
        self.n_samples, self.n_freq = n_samples, n_freq
        self._art: dict = {}

    def compute(self, pole_radius: float, pole_angle: float, zero_radius: float, zero_angle: float) -> dict:
        start = time.perf_counter()
        out = _conjugate_pair(pole_radius, pole_angle)
        inp = _conjugate_pair(zero_radius, zero_angle)
        poles, zeros = poles_zeros(output_coeffs=out, input_coeffs=inp)
        h = impulse_response(self.n_samples, output_coeffs=out, input_coeffs=inp)
        omega, H = frequency_response(output_coeffs=out, input_coeffs=inp, n_points=self.n_freq)
        self.result = {"poles": poles, "zeros": zeros, "output_coeffs": out, "input_coeffs": inp,
                       "impulse": h, "omega": omega, "magnitude": np.abs(H),
                       "stable": is_stable(output_coeffs=out), "seconds": time.perf_counter() - start}
        return self.result

    def _frame(self, axes) -> dict:
        """The three panels' fixed parts and empty artists; updates only move their data (fast)."""
        ax_pz, ax_h, ax_f = axes
        ax_pz.plot(_CIRCLE.real, _CIRCLE.imag, color="0.6", lw=1)
        art = {
            "axes": axes,
            "zeros": ax_pz.plot([], [], "o", mfc="none", mec="C0", ms=9, label="zeros")[0],
            "poles": ax_pz.plot([], [], "x", color="C3", ms=10, mew=2, label="poles")[0],
            "stems": ax_h.vlines(np.arange(self.n_samples), 0, np.zeros(self.n_samples), color="C0"),
            "heads": ax_h.plot(np.arange(self.n_samples), np.zeros(self.n_samples), "o", color="C0", ms=3)[0],
            "mag": ax_f.plot(np.linspace(0, np.pi, self.n_freq), np.zeros(self.n_freq), color="C2")[0],
        }
        ax_pz.set(xlim=(-1.6, 1.6), ylim=(-1.6, 1.6), aspect="equal", title="pole–zero plot", xlabel="Re z")
        ax_pz.legend(loc="lower left", fontsize=8)
        ax_h.axhline(0, color="0.6", lw=0.8)
        ax_h.set(xlabel="n", xlim=(-1, self.n_samples))
        ax_f.set(xlabel="ω (rad/sample)", xlim=(0, np.pi), ylim=(-60, 60))
        for ax in axes:
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.yaxis.set_major_locator(MaxNLocator(5))
        return art

    def plot(self, axes=None):
        """Pole–zero plot, impulse response and |H(e^{jω})| in dB for the last result."""
        r, axes = self.start_plot(axes)
        if self._art.get("axes") is not axes:
            self._art = self._frame(axes)
        _, ax_h, ax_f = axes
        a = self._art
        a["zeros"].set_data(r["zeros"].real, r["zeros"].imag)
        a["poles"].set_data(r["poles"].real, r["poles"].imag)
        h = np.clip(np.nan_to_num(r["impulse"], nan=0.0, posinf=1e3, neginf=-1e3), -1e3, 1e3)
        a["stems"].set_segments([[(i, 0.0), (i, v)] for i, v in enumerate(h)])
        a["heads"].set_ydata(h)
        top = max(float(np.max(np.abs(h))), 1e-3) * 1.1
        ax_h.set_ylim(-top, top)
        ax_h.set_title("impulse response h[n]" + ("" if r["stable"] else "  — UNSTABLE (grows)"),
                       color="k" if r["stable"] else "C3")
        a["mag"].set_ydata(20 * np.log10(np.clip(r["magnitude"], 1e-3, 1e3)))
        ax_f.set_title(r"$|H(e^{j\omega})|$ in dB" + ("" if r["stable"] else " (no DTFT: unstable)"),
                       color="k" if r["stable"] else "C3")
        return axes

    def controls(self) -> dict:
        import ipywidgets as w

        slider = dict(continuous_update=True, readout_format=".2f")
        return {"pole_radius": w.FloatSlider(value=0.9, min=0.0, max=1.2, step=0.01, description="pole r", **slider),
                "pole_angle": w.FloatSlider(value=0.6, min=0.0, max=np.pi, step=0.01, description="pole θ", **slider),
                "zero_radius": w.FloatSlider(value=1.0, min=0.0, max=1.5, step=0.01, description="zero ρ", **slider),
                "zero_angle": w.FloatSlider(value=2.5, min=0.0, max=np.pi, step=0.01, description="zero φ", **slider)}


class VehicleExplorer(Explorer):
    """m y'' + c y' + k y = F u(t): exact step response vs forward Euler and Tustin at step dt.

    Attributes
    ----------
    mass, damping, stiffness, dt : ipywidgets sliders (after :meth:`widget`).
    result : dict
        ``t`` and ``exact`` (continuous), ``t_discrete``, ``discrete`` and ``stable`` per
        method, ``poles`` per method and ``exact_poles`` = e^{sT}, ``euler_limit`` = c/k.
    update_seconds : list of float
        Wall time of each slider update (compute + redraw).
    """

    PANELS, FIGSIZE, WIDTH_RATIOS, AS_IMAGE = 2, (11, 3.4), (2.2, 1), True
    ROWS = (("mass", "damping"), ("stiffness", "dt"))

    def __init__(self, duration: float = 2.0, force: float = 1000.0):
        super().__init__()
        self.duration, self.force = duration, force

    def compute(self, mass: float, damping: float, stiffness: float, dt: float) -> dict:
        t = np.linspace(0, self.duration, 300)
        exact = vehicle_step_exact(t, mass, damping, stiffness, self.force)
        steps = int(np.floor(self.duration / dt)) + 1
        t_d = np.arange(steps) * dt
        discrete, stable, poles = {}, {}, {}
        for method in ("euler", "tustin"):
            coeffs = discretize_vehicle(mass, damping, stiffness, dt, method=method)
            discrete[method] = simulate(step_input(steps, self.force, method=method), **coeffs)
            stable[method] = is_stable(output_coeffs=coeffs["output_coeffs"])
            poles[method] = poles_zeros(**coeffs)[0]
        s = vehicle_parameters(mass, damping, stiffness)["poles"]
        self.result = {"t": t, "exact": exact, "t_discrete": t_d, "discrete": discrete, "stable": stable,
                       "poles": poles, "exact_poles": np.exp(s * dt), "euler_limit": damping / stiffness,
                       "dt": dt}
        return self.result

    def plot(self, axes=None):
        """The step responses (exact, Euler, Tustin) and the poles in the z-plane."""
        r, axes = self.start_plot(axes)
        ax, ax_z = axes
        ax.clear()
        ax_z.clear()
        scale = 1000 * max(np.max(np.abs(r["exact"])), 1e-12)  # mm
        ax.plot(r["t"], r["exact"] * 1000, color="k", lw=2, label="exact (continuous)")
        for method, color in (("euler", "C3"), ("tustin", "C0")):
            with np.errstate(invalid="ignore", over="ignore"):
                y = r["discrete"][method] * 1000
                y = np.where(np.abs(y) < 10 * scale, y, np.nan)  # off the chart (unstable): not drawn
            tag = "" if r["stable"][method] else " — UNSTABLE"
            ax.plot(r["t_discrete"], y, "o-" if len(y) <= 150 else "-", ms=3, lw=1, color=color, label=f"{method}{tag}")
        ax.set(ylim=(-0.5 * scale, 2.2 * scale), xlabel="t (s)", ylabel="displacement (mm)",
               title=f"step force {self.force:g} N, T = {r['dt']:.3g} s (Euler stable for T < c/k = "
                     f"{r['euler_limit']:.3g} s)")
        ax.legend(loc="upper right", fontsize=8)
        ax_z.plot(_CIRCLE.real, _CIRCLE.imag, color="0.6", lw=1)
        ax_z.plot(r["exact_poles"].real, r["exact_poles"].imag, "s", mfc="none", mec="k", ms=9, label=r"$e^{sT}$ (exact)")
        ax_z.plot(r["poles"]["euler"].real, r["poles"]["euler"].imag, "x", color="C3", ms=9, mew=2, label="Euler")
        ax_z.plot(r["poles"]["tustin"].real, r["poles"]["tustin"].imag, "+", color="C0", ms=11, mew=2,
                  label="Tustin")
        lim = max(1.3, float(np.max(np.abs(r["poles"]["euler"]))) + 0.1)
        ax_z.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", title="poles in the z-plane")
        ax_z.legend(loc="lower left", fontsize=8)
        return axes

    def controls(self) -> dict:
        import ipywidgets as w

        opts = dict(continuous_update=False)
        return {"mass": w.FloatSlider(value=300.0, min=50.0, max=1000.0, step=10.0, description="m (kg)", **opts),
                "damping": w.FloatSlider(value=1500.0, min=0.0, max=6000.0, step=50.0, description="c (N·s/m)",
                                         **opts),
                "stiffness": w.FloatSlider(value=20000.0, min=2000.0, max=60000.0, step=500.0,
                                           description="k (N/m)", **opts),
                "dt": w.FloatLogSlider(value=0.02, base=10, min=-3, max=-0.5, step=0.05, description="T (s)",
                                       readout_format=".3f", **opts)}
