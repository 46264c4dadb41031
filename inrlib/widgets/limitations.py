"""Chapter 08 explorer: the PINN's error spread against finite differences' guarantee.

A slider over the number of points N (collocation points for the PINN, unknowns for
finite differences) on chapter 04's problem −u'' = 4π² sin 2πx, u(0) = 0, u(1) = 1.  The
PINNs of every seed are trained once, before the widget is shown
(:func:`inrlib.limitations.pinn_error_study`); a slider move only looks them up and solves
the finite-difference system (well under a millisecond), so an update is instant.
"""
from __future__ import annotations

import time

import numpy as np

from .. import boundary, limitations
from . import Explorer


class SpreadExplorer(Explorer):
    """Slider ``n_points`` over the study's numbers of points; checkbox ``show_seeds``.

    Attributes
    ----------
    n_points : ipywidgets.SelectionSlider, show_seeds : ipywidgets.Checkbox (created by :meth:`widget`).
    result : dict
        The last update: ``n_points``, ``pinn_errors`` (one per seed), ``spread`` (max/min),
        ``fd_x``, ``fd_u`` (the finite-difference solution with N unknowns), ``fd_error``
        (relative L2 at its nodes), ``fd_bound`` (its guaranteed max error), ``x``,
        ``pinn_u`` (seeds, 201), ``show_seeds``, ``seconds``.
    """

    PANELS, FIGSIZE = 2, (12, 3.8)

    def __init__(self, study: limitations.PINNStudy):
        super().__init__()
        if not isinstance(study, limitations.PINNStudy):
            raise TypeError(f"study must be a PINNStudy from inrlib.limitations.pinn_error_study, got {type(study).__name__}")
        self.study = study

    def compute(self, n_points: int | None = None, show_seeds: bool = True) -> dict:
        """Look up the PINNs trained with ``n_points`` collocation points and solve finite
        differences with as many unknowns; store in ``self.result``."""
        t0 = time.perf_counter()
        options = [int(n) for n in self.study.n_points]
        n_points = options[-1] if n_points is None else n_points
        if n_points not in options:
            raise ValueError(f"n_points must be one of the study's {options}, got {n_points!r}")
        if not isinstance(show_seeds, (bool, np.bool_)):
            raise TypeError(f"show_seeds must be True or False, got {show_seeds!r}")
        i = options.index(n_points)
        h = 1.0 / (n_points + 1)
        x, u = boundary.solve_1d(limitations.poisson_rhs, h, boundary.dirichlet(0.0), boundary.dirichlet(1.0))
        exact = limitations.poisson_exact(x)
        errors = self.study.errors[i]
        self.result = {"n_points": n_points, "pinn_errors": errors.copy(), "spread": float(errors.max() / errors.min()),
                       "fd_x": x, "fd_u": u, "fd_error": float(np.linalg.norm(u - exact) / np.linalg.norm(exact)),
                       "fd_bound": limitations.fd_error_bound(h), "x": self.study.x,
                       "pinn_u": self.study.solutions[i].copy(), "show_seeds": bool(show_seeds),
                       "seconds": time.perf_counter() - t0}
        return self.result

    def plot(self, axes=None):
        """Left: the seeds' PINNs, finite differences and the exact solution.  Right: error
        against N for every seed and for finite differences, the current N marked."""
        r, axes = self.start_plot(axes)
        ax = axes[0]
        ax.plot(r["x"], limitations.poisson_exact(r["x"]), "k", lw=2, label="exact")
        if r["show_seeds"]:
            for j, seed in enumerate(self.study.seeds):
                ax.plot(r["x"], r["pinn_u"][j], lw=1, label=f"PINN seed {seed}: {r['pinn_errors'][j]:.1e}")
        ax.plot(r["fd_x"], r["fd_u"], "o", ms=3, color="C3", label=f"finite differences: {r['fd_error']:.1e}")
        ax.set_title(f"N = {r['n_points']} points (relative L2 errors in the legend)", fontsize=10)
        ax.legend(fontsize=7)
        ax = axes[1]
        ns = self.study.n_points
        for j, seed in enumerate(self.study.seeds):
            ax.loglog(ns, self.study.errors[:, j], "o-", ms=4, lw=0.8, alpha=0.8, label=f"PINN seed {seed}")
        fd = [limitations.fd_convergence([int(n) + 1]).errors[0] for n in ns]
        ax.loglog(ns, fd, "s-", color="C3", lw=2, label="finite differences")
        ax.axvline(r["n_points"], color="0.5", ls=":")
        ax.set_xlabel("N (collocation points / unknowns)")
        ax.set_ylabel("relative L2 error")
        ax.set_title(f"spread over seeds at N = {r['n_points']}: ×{r['spread']:.1f}", fontsize=10)
        ax.legend(fontsize=7)
        return axes

    def controls(self) -> dict:
        import ipywidgets as w

        options = [int(n) for n in self.study.n_points]
        return {"n_points": w.SelectionSlider(options=options, value=options[-1], description="N points",
                                              continuous_update=False),
                "show_seeds": w.Checkbox(value=True, description="show every seed's PINN")}
