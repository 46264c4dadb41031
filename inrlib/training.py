"""The course's training loop.

Every chapter trains through :func:`train`.  It is deliberately small, but it does the
things a careless loop gets wrong:

* it is **seeded**, so a lecture shows the same curve every time;
* it shows a ``tqdm`` progress bar with the live loss;
* it keeps a :class:`History` (loss and any metrics, with wall time) for plots;
* it **stops with a clear message when the loss stops being finite** and restores the
  last parameters that gave a finite loss (:class:`NonFiniteLossError`);
* it can stop on a time budget, and save/resume a checkpoint so long runs survive a
  closed laptop.

The loss is a function of the model, ``loss_fn(model) -> scalar tensor``; whatever the
chapter needs (a batch of pixels, collocation points, rays) lives in that closure.
"""
from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import torch
from torch import nn
from tqdm.auto import tqdm

from . import validate
from .settings import seed_everything


class NonFiniteLossError(RuntimeError):
    """Raised when the loss becomes NaN or ±inf.  ``.history`` holds what was logged."""

    def __init__(self, message: str, history: "History", step: int):
        super().__init__(message)
        self.history = history
        self.step = step


@dataclass
class History:
    """What happened during training.

    ``step[i]``, ``loss[i]`` and ``seconds[i]`` are logged together every ``log_every``
    steps; ``metrics[name][i]`` likewise when an ``evaluate`` function is given.
    ``stopped`` says why training ended ("finished", "time budget", …).
    """

    step: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    metrics: dict[str, list[float]] = field(default_factory=dict)
    stopped: str = "not started"

    def log(self, step: int, loss: float, seconds: float, metrics: dict[str, float] | None = None) -> None:
        self.step.append(int(step))
        self.loss.append(float(loss))
        self.seconds.append(float(seconds))
        for name, value in (metrics or {}).items():
            self.metrics.setdefault(name, []).append(float(value))

    @property
    def final_loss(self) -> float:
        return self.loss[-1] if self.loss else math.nan

    def to_dict(self) -> dict:
        return {"step": self.step, "loss": self.loss, "seconds": self.seconds,
                "metrics": self.metrics, "stopped": self.stopped}

    @classmethod
    def from_dict(cls, d: dict) -> "History":
        return cls(list(d["step"]), list(d["loss"]), list(d["seconds"]),
                   {k: list(v) for k, v in d["metrics"].items()}, d["stopped"])


def _snapshot(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _copy_into(snapshot: dict[str, torch.Tensor], model: nn.Module) -> None:
    with torch.no_grad():
        for k, v in model.state_dict().items():
            snapshot[k].copy_(v)


def save_checkpoint(path: str | os.PathLike, model: nn.Module, optimizer: torch.optim.Optimizer,
                    step: int, history: History) -> None:
    """Write model, optimizer, step and history to ``path`` atomically (tmp file + rename)."""
    path = Path(validate.path("path", path))
    validate.module("model", model)
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(f"optimizer must be a torch.optim.Optimizer, got {validate.show(optimizer)}")
    step = validate.non_negative_int("step", step)
    if not isinstance(history, History):
        raise TypeError(f"history must be a training.History, got {validate.show(history)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "step": step, "history": history.to_dict()}, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: str | os.PathLike, model: nn.Module,
                    optimizer: torch.optim.Optimizer | None = None) -> tuple[int, History]:
    """Load a checkpoint written by :func:`save_checkpoint`; returns ``(step, history)``."""
    path = Path(validate.path("path", path))
    validate.module("model", model)
    if not path.is_file():
        raise FileNotFoundError(f"checkpoint {str(path)!r} does not exist")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - a truncated or foreign file: say which one
        raise ValueError(f"path {str(path)!r} is not a readable training checkpoint "
                         f"({type(exc).__name__}); delete it to start afresh") from exc
    model.load_state_dict(state["model"])
    if optimizer is not None:
        optimizer.load_state_dict(state["optimizer"])
    return int(state["step"]), History.from_dict(state["history"])


def train(
    model: nn.Module,
    loss_fn: Callable[[nn.Module], torch.Tensor],
    steps: int,
    *,
    lr: float = 1e-3,
    optimizer: torch.optim.Optimizer | None = None,
    lr_schedule: Callable[[int], float] | None = None,
    seed: int | None = 0,
    log_every: int = 10,
    evaluate: Callable[[nn.Module], dict[str, float]] | None = None,
    time_budget: float | None = None,
    checkpoint: str | os.PathLike | None = None,
    checkpoint_every: int = 200,
    resume: bool = True,
    progress: bool = True,
    desc: str = "training",
) -> History:
    """Minimise ``loss_fn(model)`` for ``steps`` optimiser steps.

    Parameters
    ----------
    model : nn.Module
    loss_fn : callable
        ``loss_fn(model)`` returns a scalar loss tensor.
    steps : int
        Total number of steps (a resumed run continues up to this number).
    lr : float
        Learning rate of the default optimiser, Adam.
    optimizer : torch.optim.Optimizer, optional
        Any optimiser over ``model``'s parameters; ``torch.optim.LBFGS`` is driven
        through its closure.
    lr_schedule : callable, optional
        ``lr_schedule(step)`` gives the learning rate of step ``step`` (1-based); it is
        set on every parameter group before the step, so a resumed run continues the
        schedule where it stopped.
    seed : int or None
        Seeds Python/NumPy/PyTorch before the first step (random batches repeat).
    log_every : int
        Log loss (and ``evaluate(model)``, run under ``torch.no_grad``) every this many
        steps, and at the last step.
    time_budget : float, optional
        Stop after this many seconds of training; ``history.stopped`` says so.
    checkpoint : path, optional
        Save model + optimizer + history here every ``checkpoint_every`` steps and at
        the end; with ``resume=True`` an existing file is loaded and training continues.
    progress : bool
        Show a tqdm progress bar with the live loss.

    Returns
    -------
    History

    Raises
    ------
    NonFiniteLossError
        When the loss becomes NaN or ±inf.  The model is first restored to the last
        parameters that gave a finite loss, so it is still usable.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable as loss_fn(model), got {type(loss_fn).__name__}")
    steps = validate.non_negative_int("steps", steps)
    log_every = validate.positive_int("log_every", log_every)
    checkpoint_every = validate.positive_int("checkpoint_every", checkpoint_every)
    if time_budget is not None:
        time_budget = validate.positive_float("time_budget", time_budget)
    if optimizer is None:
        optimizer = torch.optim.Adam(model.parameters(), lr=validate.positive_float("lr", lr))
    elif not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(f"optimizer must be a torch.optim.Optimizer, got {type(optimizer).__name__}")
    if lr_schedule is not None and not callable(lr_schedule):
        raise TypeError(f"lr_schedule must be callable as lr_schedule(step), got {type(lr_schedule).__name__}")
    if evaluate is not None and not callable(evaluate):
        raise TypeError(f"evaluate must be callable as evaluate(model), got {type(evaluate).__name__}")
    if checkpoint is not None:
        validate.path("checkpoint", checkpoint)
    if seed is not None:
        seed_everything(seed)

    history, start = History(), 0
    if checkpoint is not None and resume and Path(checkpoint).is_file():
        start, history = load_checkpoint(checkpoint, model, optimizer)
    elapsed0 = history.seconds[-1] if history.seconds else 0.0
    is_lbfgs = isinstance(optimizer, torch.optim.LBFGS)
    good, candidate = _snapshot(model), _snapshot(model)
    last_good_loss, last_good_step = math.nan, start
    history.stopped = "finished"

    bar = tqdm(total=steps, initial=start, desc=desc, disable=not progress, leave=True)
    t0 = time.perf_counter()
    model.train()
    for step in range(start + 1, steps + 1):
        if lr_schedule is not None:
            for group in optimizer.param_groups:
                group["lr"] = float(lr_schedule(step))
        if is_lbfgs:
            # L-BFGS evaluates the loss several times inside one step; the value it
            # returns belongs to the parameters *before* the step, so copy those first.
            _copy_into(candidate, model)

            def closure():
                optimizer.zero_grad(set_to_none=True)
                value = loss_fn(model)
                value.backward()
                return value

            loss = optimizer.step(closure)
        else:
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model)
        if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
            bar.close()
            raise TypeError(f"loss_fn must return a scalar tensor, got {type(loss).__name__}"
                            f"{tuple(loss.shape) if isinstance(loss, torch.Tensor) else ''}")
        value = float(loss.detach())
        if not math.isfinite(value):
            bar.close()
            model.load_state_dict(good)
            history.stopped = f"non-finite loss at step {step}"
            raise NonFiniteLossError(
                f"Training stopped at step {step}: the loss is {value} (not finite). "
                f"The model was restored to the parameters that gave the last finite loss "
                f"({last_good_loss:.4g}, at step {last_good_step}). Common causes: a learning "
                f"rate that is too high (lr={optimizer.param_groups[0]['lr']:g}), an "
                f"unstable encoding scale, or a division by zero in the loss.",
                history, step,
            )
        # The current parameters gave a finite loss: remember them, then update.
        if is_lbfgs:
            good, candidate = candidate, good
        else:
            _copy_into(good, model)
            loss.backward()
            optimizer.step()
        last_good_loss, last_good_step = value, step
        seconds = elapsed0 + time.perf_counter() - t0
        out_of_time = time_budget is not None and seconds - elapsed0 >= time_budget
        if step % log_every == 0 or step == steps or out_of_time:
            metrics = None
            if evaluate is not None:
                model.eval()
                with torch.no_grad():
                    metrics = evaluate(model)
                model.train()
            history.log(step, value, seconds, metrics)
            bar.set_postfix(loss=f"{value:.3g}", **{k: f"{v:.3g}" for k, v in (metrics or {}).items()})
        bar.update(1)
        if checkpoint is not None and (step % checkpoint_every == 0 or step == steps):
            save_checkpoint(checkpoint, model, optimizer, step, history)
        if out_of_time:
            history.stopped = f"time budget ({time_budget:g} s) reached at step {step}"
            if checkpoint is not None:
                save_checkpoint(checkpoint, model, optimizer, step, history)
            break
    bar.close()
    model.eval()
    return history
