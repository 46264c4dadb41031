"""Chapter 04 explorer: train a small PINN live and watch what the loss design does.

−u'' = 4π² sin(2πx) on [0, 1], u(0) = 0, u(1) = 1 (exact: u = sin 2πx + x).  Controls: the
number of collocation points, the boundary weight w_b, hard or soft boundary condition,
and the network width.  Each setting trains a fresh network with Adam (about a second on
a laptop CPU; results are cached, so going back to a setting is instant) and shows the
solution next to the exact one, plus the live loss curve.
"""
from __future__ import annotations

import time
from functools import lru_cache

import ipywidgets as w

from ..pinn import solve_poisson_1d
from . import Explorer

#: Choices of each control.
COLLOCATION = (4, 8, 16, 32, 64)
WEIGHTS = (0.01, 0.1, 1.0, 10.0, 100.0, 1000.0)
WIDTHS = (4, 8, 16, 32, 64)


class PinnExplorer(Explorer):
    """Collocation count, boundary weight, hard/soft and width of a 1-D PINN.

    Attributes
    ----------
    n_collocation (alias ``collocation``), boundary_weight (alias ``weight``), hard, width :
        ipywidgets controls (created by :meth:`widget`).
    result : dict
        The last run (see :func:`inrlib.pinn.solve_poisson_1d`) plus the settings and
        ``seconds`` (wall time of the update, training included).
    """

    PANELS = 2
    FIGSIZE = (10.0, 3.2)
    ROWS = (("n_collocation", "boundary_weight"), ("width", "hard"))

    def __init__(self, steps: int = 250):
        super().__init__()
        self.steps = steps
        self._run = lru_cache(maxsize=128)(self._run_uncached)

    def controls(self) -> dict:
        def slider(options, value, description):
            return w.SelectionSlider(options=options, value=value, description=description, continuous_update=False)

        return {"n_collocation": slider(COLLOCATION, 32, "points"), "boundary_weight": slider(WEIGHTS, 1.0, "w_b"),
                "hard": w.Checkbox(value=False, description="hard BC"), "width": slider(WIDTHS, 16, "width")}

    @property
    def collocation(self):
        """The collocation-count control (same as ``n_collocation``)."""
        return self.n_collocation

    @property
    def weight(self):
        """The boundary-weight control (same as ``boundary_weight``)."""
        return self.boundary_weight

    def _run_uncached(self, n_collocation: int, boundary_weight: float, hard: bool, width: int) -> dict:
        return solve_poisson_1d(n_collocation, boundary_weight, hard, width, steps=self.steps)

    def compute(self, n_collocation: int = 32, boundary_weight: float = 1.0, hard: bool = False,
                width: int = 16) -> dict:
        """Train (or fetch from the cache) and store the result in ``self.result``."""
        for name, value, options in (("n_collocation", n_collocation, COLLOCATION),
                                     ("boundary_weight", boundary_weight, WEIGHTS), ("width", width, WIDTHS)):
            if value not in options:
                raise ValueError(f"{name} must be one of {options}, got {value!r}")
        if not isinstance(hard, bool):
            raise TypeError(f"hard must be True or False, got {hard!r}")
        t0 = time.perf_counter()
        out = self._run(n_collocation, float(boundary_weight), hard, width)
        self.result = {**out, "n_collocation": n_collocation, "boundary_weight": boundary_weight, "hard": hard,
                       "width": width, "seconds": time.perf_counter() - t0}
        return self.result

    def plot(self, axes=None):
        """Solution vs exact (left) and the loss curve (right) of the last result."""
        r, axes = self.start_plot(axes)
        a, b = axes
        a.plot(r["x"], r["exact"], color="0.7", lw=3, label="exact")
        a.plot(r["x"], r["u"], color="C3", lw=1.3, label="PINN")
        a.plot(r["collocation"], 0 * r["collocation"] - 1.6, "|", color="k", ms=8, label="collocation")
        a.plot([0, 1], [0, 1], "o", color="C0", label="boundary values")
        bc = "hard" if r["hard"] else f"soft, w_b = {r['boundary_weight']:g}"
        a.set_title(f"{bc}: relative L2 {r['error']:.2e}, |u − g| at ends {r['boundary_error']:.1e}", fontsize=10)
        a.set_ylim(-1.8, 2.2)
        a.legend(fontsize=8, ncol=2, loc="upper left")
        b.semilogy(r["loss_step"], r["loss"], color="C1")
        b.set_xlabel("Adam step")
        b.set_title(f"loss ({r['seconds']:.2f} s this update)", fontsize=10)
        return axes
