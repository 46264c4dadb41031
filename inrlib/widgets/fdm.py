"""Chapter 02 explorers: the grid size h of a difference formula, and Δt of the heat equation.

* :class:`StencilExplorer` — move h (and float32/float64): the difference quotients on
  f = sin near x₀ = 1 and where h sits on the error curves (truncation ↘, round-off ↗).
* :class:`HeatExplorer` — move Δt around the FTCS limit Δx²/(2λ): the solution at t = 0.05,
  the exact one beside it; above the limit the explicit scheme blows up, the implicit ones
  do not.

Both are :class:`~inrlib.widgets.Explorer` s: the computation in :meth:`compute` (fast,
testable), the last result in ``.result``; the controls are attributes so tests can move them.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .. import fdm, validate
from . import Explorer

X0 = 1.0


class StencilExplorer(Explorer):
    """Errors of the forward, backward, central and second differences of sin at x₀ = 1.

    Attributes
    ----------
    h_values : the slider's grid sizes (10^-0.5 … 10^-12).
    h_slider, dtype : ipywidgets controls (created by :meth:`widget`; ``h_slider`` is ``h``).
    result : dict with ``h``, ``dtype``, ``errors`` (name → error at h), ``hs``, ``curves``
        (name → error for every h), ``best`` (name → (h*, error)).
    """

    PANELS, FIGSIZE = 2, (11, 3.8)

    def __init__(self):
        super().__init__()
        self.h_values = tuple(float(10 ** (-k / 2)) for k in range(1, 25))
        self.hs = np.logspace(-12, -0.5, 47)
        self.exact = {1: math.cos(X0), 2: -math.sin(X0)}
        self._curves = {dt: {name: fdm.difference_errors(name, np.sin, self.exact[m], X0, self.hs, np.dtype(dt))
                             for name, (_, m, _) in fdm.FORMULAS.items()}
                        for dt in ("float32", "float64")}

    def compute(self, h: float, dtype: str = "float64") -> dict:
        """Errors at ``h`` in ``dtype`` (``"float32"`` or ``"float64"``); stored in ``.result``."""
        if dtype not in self._curves:
            raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
        h = validate.positive_float("h", h)
        errors = {name: float(fdm.difference_errors(name, np.sin, self.exact[m], X0, [h], np.dtype(dtype))[0])
                  for name, (_, m, _) in fdm.FORMULAS.items()}
        curves = self._curves[dtype]
        self.result = {"h": h, "dtype": dtype, "errors": errors, "hs": self.hs, "curves": curves,
                       "best": {name: fdm.best_step(self.hs, c) for name, c in curves.items()}}
        return self.result

    def plot(self, axes=None):
        """Left: f = sin, its tangent at x₀ and the three first-derivative chords at h.
        Right: error against h (log–log) with the current h marked."""
        r, axes = self.start_plot(axes)
        ax, bx = axes
        h = r["h"]
        span = max(1.2 * h, 0.05)
        xs = np.linspace(X0 - span, X0 + span, 200)
        ax.plot(xs, np.sin(xs), color="k", lw=2, label="f = sin")
        ax.plot(xs, np.sin(X0) + math.cos(X0) * (xs - X0), color="0.6", ls="--", label="tangent f'(x₀)")
        for name, color in (("forward", "C0"), ("backward", "C1"), ("central", "C2")):
            slope = float(fdm.FORMULAS[name][0](np.sin, np.array(X0, dtype=r["dtype"]), h))
            ax.plot(xs, np.sin(X0) + slope * (xs - X0), color=color, lw=1, label=f"{name} slope")
        ax.plot([X0 - h, X0, X0 + h], np.sin([X0 - h, X0, X0 + h]), "o", color="C3", ms=5)
        ax.set_title(f"h = {h:.1e}: stencil points x₀−h, x₀, x₀+h")
        ax.legend(fontsize=8, loc="lower right")
        for k, (name, curve) in enumerate(r["curves"].items()):
            bx.loglog(r["hs"], np.maximum(curve, 1e-18), color=f"C{k}", label=f"{name}")
            bx.loglog([h], [max(r["errors"][name], 1e-18)], "o", color=f"C{k}")
        bx.axvline(h, color="0.5", ls=":")
        bx.set_xlabel("h")
        bx.set_ylabel("|error|")
        bx.set_title(f"{r['dtype']}: central error {r['errors']['central']:.1e} "
                     f"(best h ≈ {r['best']['central'][0]:.0e})")
        bx.legend(fontsize=8, loc="upper left")
        bx.figure.tight_layout()
        return axes

    def controls(self) -> dict:
        """A log-scale slider for h and a float32/float64 toggle."""
        import ipywidgets as w

        return {"h": w.SelectionSlider(options=[(f"{h:.0e}", h) for h in self.h_values], value=self.h_values[1],
                                       description="h", continuous_update=False, layout=w.Layout(width="420px")),
                "dtype": w.ToggleButtons(options=["float64", "float32"], value="float64", description="dtype")}

    @property
    def h_slider(self):
        """The h slider (the control named ``h``)."""
        return self.h


class HeatExplorer(Explorer):
    """u_t = λ u_xx on [0, 1], u = 0 at the ends, u(x, 0) = sin(πx) + 0.01·sin(39πx), N = 40.

    The 1 % wiggle at the grid scale is the mode FTCS amplifies first when r > ½
    (round-off would seed it too, only later).

    Attributes
    ----------
    limit : the FTCS limit Δx²/(2λ).
    dt_values : the slider's Δt values, from 0.2× to 10× the limit.
    dt_slider, method : ipywidgets controls (created by :meth:`widget`; ``dt_slider`` is ``dt``).
    result : dict with ``dt``, ``r``, ``method``, ``t``, ``x``, ``u``, ``exact``, ``max_abs``,
        ``blew_up`` and ``warning`` (the library's message, or None).
    """

    FACTORS = (0.2, 0.5, 0.8, 0.9, 1.0, 1.04, 1.1, 1.2, 1.6, 2.0, 4.0, 10.0)
    FIGSIZE, ROWS = (9, 3.6), (("dt",), ("method",))

    def __init__(self, n_intervals: int = 40, lam: float = 1.0, t_end: float = 0.05):
        super().__init__()
        self.x = fdm.heat_grid(n_intervals)
        self.dx, self.lam, self.t_end = self.x[1], lam, t_end
        self.modes = ((1, 1.0), (n_intervals - 1, 0.01))
        self.u0 = fdm.heat_exact(self.x, 0.0, lam, self.modes)
        self.limit = fdm.largest_stable_dt(self.dx, lam)
        self.dt_values = tuple(self.limit * f for f in self.FACTORS)

    def compute(self, dt: float, method: str = "ftcs") -> dict:
        """Step to t ≈ t_end with ``dt``; never raises on blow-up (the warning is kept as text)."""
        dt = validate.positive_float("dt", dt)
        n_steps = max(1, round(self.t_end / dt))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", fdm.StabilityWarning)
            sol = fdm.solve_heat(self.u0, self.lam, self.dx, dt, n_steps, method)
        message = next((str(c.message) for c in caught if issubclass(c.category, fdm.StabilityWarning)), None)
        u = sol.final
        with np.errstate(invalid="ignore"):
            max_abs = float(np.max(np.abs(u))) if np.all(np.isfinite(u)) else float("inf")
        self.result = {"dt": dt, "r": sol.r, "method": method, "t": float(sol.t[-1]), "x": self.x, "u": u,
                       "exact": fdm.heat_exact(self.x, float(sol.t[-1]), self.lam, self.modes),
                       "max_abs": max_abs, "blew_up": sol.blew_up or max_abs > 10, "warning": message}
        return self.result

    def plot(self, ax=None):
        """The initial value, the exact and the computed solution; a blow-up is clipped and labelled."""
        r, ax = self.start_plot(ax)
        ax.plot(self.x, self.u0, color="0.7", ls="--", label="u(x, 0)")
        ax.plot(self.x, r["exact"], color="k", lw=2, label="exact")
        shown = np.clip(np.nan_to_num(r["u"], nan=0.0, posinf=1e30, neginf=-1e30), -1.5, 1.5)
        ax.plot(self.x, shown, "o-", color="C3" if r["blew_up"] else "C0", ms=3, lw=1, label=r["method"])
        ax.set_ylim(-1.6, 1.6)
        status = f"BLOW-UP: max|u| = {r['max_abs']:.1e}" if r["blew_up"] else f"max|u| = {r['max_abs']:.3f}"
        ax.set_title(f"{r['method']}: Δt = {r['dt']:.2e} (limit {self.limit:.2e}), "
                     f"r = {r['r']:.2f}, t = {r['t']:.3f} — {status}", color="C3" if r["blew_up"] else "k")
        ax.set_xlabel("x")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
        return ax

    def controls(self) -> dict:
        """A Δt slider (labelled with r) and a method toggle."""
        import ipywidgets as w

        return {"dt": w.SelectionSlider(options=[(f"{dt:.2e} (r={self.lam * dt / self.dx**2:.2f})", dt)
                                                 for dt in self.dt_values],
                                        value=self.dt_values[3], description="Δt", continuous_update=False,
                                        layout=w.Layout(width="480px")),
                "method": w.ToggleButtons(options=list(fdm.HEAT_METHODS), value="ftcs", description="method")}

    @property
    def dt_slider(self):
        """The Δt slider (the control named ``dt``)."""
        return self.dt
