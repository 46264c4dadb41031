"""Training a PINN: Adam, then L-BFGS (strong Wolfe) in stages with stall detection; and
residual-based resampling of the collocation points."""
from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch
from torch import nn

from .. import validate
from ..training import History, train
from .losses import _dtype_of, check_residual


@dataclass
class FitResult:
    """What :func:`fit` did: the histories of both phases, why L-BFGS stopped, timings."""

    adam: History
    lbfgs: list[History] = field(default_factory=list)
    stopped: str = ""
    seconds: float = 0.0
    switched_to_float64: bool = False

    @property
    def loss(self) -> list[float]:
        """The loss over the whole run (Adam, then every L-BFGS stage)."""
        return list(self.adam.loss) + [v for h in self.lbfgs for v in h.loss]

    @property
    def final_loss(self) -> float:
        return self.loss[-1] if self.loss else math.nan


def _check_fit(model: nn.Module, loss_fn: Callable[[nn.Module], torch.Tensor], *, adam_steps: int = 500,
               lbfgs_steps: int = 200, lr: float = 3e-3, time_budget: float | None = None, stage: int = 10,
               stall_tol: float = 1e-3, parameters: Sequence[nn.Parameter] | None = None, progress: bool = False,
               seed: int = 0) -> None:
    validate.module("model", model)
    validate.function("loss_fn", loss_fn)
    validate.non_negative_int("adam_steps", adam_steps)
    validate.non_negative_int("lbfgs_steps", lbfgs_steps)
    validate.positive_int("stage", stage)
    validate.positive_float("lr", lr)
    validate.non_negative_float("stall_tol", stall_tol)
    if parameters is not None and (not isinstance(parameters, (list, tuple))
                                   or not all(isinstance(q, torch.Tensor) for q in parameters)):
        raise TypeError(f"parameters must be a list of tensors (nn.Parameter), got {validate.show(parameters)}")
    if time_budget is not None:
        validate.positive_float("time_budget", time_budget)


@validate.checked(_check_fit)
def fit(model: nn.Module, loss_fn: Callable[[nn.Module], torch.Tensor], *, adam_steps: int = 500,
        lbfgs_steps: int = 200, lr: float = 3e-3, time_budget: float | None = None, stage: int = 10,
        stall_tol: float = 1e-3, parameters: Sequence[nn.Parameter] | None = None, progress: bool = False,
        seed: int = 0) -> FitResult:
    r"""Adam for ``adam_steps``, then L-BFGS (strong Wolfe) for up to ``lbfgs_steps`` steps.

    L-BFGS runs in stages of ``stage`` steps through :func:`inrlib.training.train`.  Within
    each stage the loss must fall by at least a factor (1 − ``stall_tol``); otherwise
    L-BFGS has *stalled* (in float32 the line search keeps failing and every useless step
    costs several loss evaluations).  On a stall a float32 model is converted to float64
    once and L-BFGS restarts; a float64 model stops.  ``time_budget`` (seconds) covers both
    phases.  ``loss_fn(model)`` must cast its points to the model's dtype (the residual
    functions of this module do).  ``parameters`` (a list) defaults to ``model.parameters()``.
    """
    t0 = time.perf_counter()
    left = lambda: None if time_budget is None else max(time_budget - (time.perf_counter() - t0), 1e-3)
    params = lambda: list(parameters) if parameters is not None else list(model.parameters())
    adam = History()
    if adam_steps:
        adam = train(model, loss_fn, adam_steps, optimizer=torch.optim.Adam(params(), lr=lr), seed=seed,
                     time_budget=left(), progress=progress, desc="Adam", log_every=10)
        model.train()
    result = FitResult(adam=adam, stopped="finished")

    def new_lbfgs():
        return torch.optim.LBFGS(params(), lr=1.0, max_iter=20, history_size=50, line_search_fn="strong_wolfe",
                                 tolerance_grad=1e-12, tolerance_change=1e-14)

    opt, done = new_lbfgs(), 0
    while done < lbfgs_steps:
        if time_budget is not None and time.perf_counter() - t0 >= time_budget:
            result.stopped = f"time budget ({time_budget:g} s)"
            break
        n = min(stage, lbfgs_steps - done)
        h = train(model, loss_fn, n, optimizer=opt, seed=None, time_budget=left(), progress=progress,
                  desc="L-BFGS", log_every=1)
        model.train()
        done += n
        result.lbfgs.append(h)
        if h.loss and h.loss[-1] > h.loss[0] * (1 - stall_tol):  # no progress within this stage
            if _dtype_of(model) == torch.float32:
                model.double()
                result.switched_to_float64 = True
                opt = new_lbfgs()
                continue
            result.stopped = f"L-BFGS stalled after {done} steps (loss {h.loss[-1]:.3g})"
            break
    model.eval()
    result.seconds = time.perf_counter() - t0
    return result


def _check_resample_by_residual(residual_fn: Callable[[torch.Tensor], torch.Tensor], candidates: torch.Tensor,
                                n: int) -> None:
    validate.function("residual_fn", residual_fn)
    validate.tensor("candidates", candidates, ndim=2)
    if validate.positive_int("n", n) > candidates.shape[0]:
        raise ValueError(f"n must be at most the number of candidates ({candidates.shape[0]}), got {n}")


@validate.checked(_check_resample_by_residual)
def resample_by_residual(residual_fn: Callable[[torch.Tensor], torch.Tensor], candidates: torch.Tensor,
                         n: int) -> torch.Tensor:
    r"""The ``n`` candidate points with the largest \|residual\| (residual-based refinement).

    ``residual_fn(points) -> (N,)``; ``candidates`` (N, d) with N ≥ n.  Add the result to
    the collocation set: the PDE is then enforced where it is violated most.
    """
    r = check_residual(residual_fn(candidates), candidates, "residual_fn").detach().abs()
    return candidates[torch.topk(r, n).indices].detach()
