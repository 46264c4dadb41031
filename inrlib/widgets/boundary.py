"""Chapter 03 explorer: choose the condition on each side of the square and watch u change.

−Δu = s on [−1, 1]² (s = 1 with the source on, 0 off).  Each side is Dirichlet (u = value)
or Neumann (∂u/∂n = value, outward normal).  With four Neumann sides the problem has a
solution only if ∫s + ∮g = 0 — the explorer says so instead of drawing nonsense.
A solve on the 65×65 node grid (h = 1/32) takes a few milliseconds.
"""
from __future__ import annotations

import time
from typing import Callable

import ipywidgets as w
import numpy as np
import traitlets

from ..boundary import SIDES, dirichlet, neumann, solve_square
from . import Explorer

LABELS = {"dirichlet": "Dirichlet u = value", "neumann": "Neumann ∂u/∂n = value"}


class PerSide(w.VBox):
    """One control per side of the square, in a column; ``value`` is ``{side: value}`` and
    ``per_side["left"]`` is the left side's control."""

    value = traitlets.Dict()

    def __init__(self, make: Callable[[str], w.ValueWidget]):
        self.by_side = {s: make(s) for s in SIDES}
        super().__init__(list(self.by_side.values()))
        self.value = self._read()
        for control in self.by_side.values():
            control.observe(lambda _: setattr(self, "value", self._read()), "value")

    def _read(self) -> dict:
        return {s: c.value for s, c in self.by_side.items()}

    def __getitem__(self, side: str) -> w.ValueWidget:
        return self.by_side[side]


class BoundaryExplorer(Explorer):
    """Per-side boundary conditions on the square, solved live.

    Attributes
    ----------
    kinds, values : :class:`PerSide` controls, indexed by side (created by :meth:`widget`).
    source : ipywidgets.Checkbox — the source term f = 1 on or off.
    result : dict
        The last solve: ``kinds``, ``values``, ``source``, ``u`` (ny, nx) or None,
        ``message`` (why there is no solution, or a note), ``seconds``.
    """

    FIGSIZE = (5.0, 4.3)

    def __init__(self, n: int = 64):
        if not isinstance(n, int) or n < 4 or n % 2:
            raise ValueError(f"n must be an even integer ≥ 4 (cells per side), got {n!r}")
        super().__init__()
        self.h = 2.0 / n

    def controls(self) -> dict:
        return {
            "kinds": PerSide(lambda s: w.Dropdown(options=[("Dirichlet", "dirichlet"), ("Neumann", "neumann")],
                                                  value="dirichlet", description=s, layout=w.Layout(width="200px"))),
            "values": PerSide(lambda s: w.FloatSlider(value=0.0, min=-1.0, max=1.0, step=0.1, description="value",
                                                      continuous_update=False)),
            "source": w.Checkbox(value=True, description="source f = 1"),
        }

    def compute(self, kinds: dict[str, str], values: dict[str, float], source: bool = True) -> dict:
        """Solve for the given per-side kinds ('dirichlet'/'neumann') and values; store in ``result``."""
        for name in SIDES:
            if kinds.get(name) not in LABELS:
                raise ValueError(f"kinds[{name!r}] must be one of {list(LABELS)}, got {kinds.get(name)!r}")
        t0 = time.perf_counter()
        sides = {s: (dirichlet if kinds[s] == "dirichlet" else neumann)(float(values[s])) for s in SIDES}
        u, message = None, ""
        try:
            sol = solve_square(self.h, 1.0 if source else 0.0, sides)
            u = sol.u
            if sol.pure_neumann:
                message = "pure Neumann: u up to a constant (mean 0 shown)"
        except ValueError as exc:
            if "compatibility" not in str(exc):   # only the pure Neumann refusal is an expected outcome
                raise
            total = 4.0 * bool(source) + 2.0 * sum(float(values[s]) for s in SIDES)   # ∫f + ∮g on [−1, 1]²
            message = (f"compatibility condition violated: ∫f + ∮g = {total:.2g} ≠ 0.\n"
                       "Balance the data (source on: every value −0.5)\nor make one side Dirichlet.")
        self.result = {"kinds": dict(kinds), "values": {s: float(values[s]) for s in SIDES}, "source": bool(source),
                       "u": u, "message": message, "seconds": time.perf_counter() - t0}
        return self.result

    def plot(self, ax=None):
        """Draw the last result: u as an image with contours, each side labelled with its condition."""
        r, ax = self.start_plot(ax)
        if r["u"] is None:
            ax.text(0, 0, "no solution —\n" + r["message"], ha="center", va="center", fontsize=9, color="C3")
            ax.set_xlim(-1, 1), ax.set_ylim(-1, 1)
            ax.set_xticks([]), ax.set_yticks([])
        else:
            im = ax.imshow(r["u"], origin="lower", extent=(-1, 1, -1, 1), cmap="viridis")
            ax.contour(np.linspace(-1, 1, r["u"].shape[1]), np.linspace(-1, 1, r["u"].shape[0]), r["u"], 10,
                       colors="w", linewidths=0.6)
            if ax.figure is not None and not getattr(ax, "_has_colorbar", False):
                ax.figure.colorbar(im, ax=ax, shrink=0.8)
                ax._has_colorbar = True
        short = {s: f"{'D' if r['kinds'][s] == 'dirichlet' else 'N'} {r['values'][s]:+.2g}" for s in SIDES}
        note = "\n" + r["message"] if r["u"] is not None and r["message"] else ""
        ax.set_title(f"−Δu = {1 if r['source'] else 0}{note}", fontsize=9)
        ax.set_xlabel(f"bottom: {short['bottom']}   top: {short['top']}")
        ax.set_ylabel(f"left: {short['left']}   right: {short['right']}")
        ax.grid(False)
        return ax
