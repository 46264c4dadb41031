"""Checks for chapter 08's exercises (``exercises/08_limitations.ipynb``).

Each check runs the student's function and inrlib's reference on several inputs — small
synthetic data and the chapter's own measurements — and prints ✓ or a specific hint.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .. import limitations, nerf
from ..networks import MLP, PositionalEncoding
from . import (
    StudentError,
    StudentTimeout,
    as_array,
    run_student,
    attempt,
    check_against_reference,
    diagnose_by_mistakes,
    never_crash,
    report,
)


# ----------------------------------------------------------------------------- exercise 1: observed order
def reference_observed_order(hs, errors) -> float:
    """Least-squares slope p of log(error) against log(h): error ≈ C h^p."""
    return limitations.boundary.convergence_order(np.asarray(hs, float), np.asarray(errors, float))


def _order_cases():
    hs = np.array([1 / 8, 1 / 16, 1 / 32, 1 / 64])
    noisy = 3.0 * hs**2 * np.array([1.0, 1.1, 0.95, 1.02])
    fd = limitations.fd_convergence((8, 16, 32, 64))
    # noisy data first: on an exact power law a slope through the first two points is right too
    return [(hs, noisy), (hs, 0.5 * hs**1), (fd.hs, fd.max_errors), (np.array([0.1, 0.01]), np.array([1e-3, 1e-7]))]


@never_crash
def check_observed_order(student) -> bool:
    """Exercise 1: ``observed_order(hs, errors)`` → the least-squares slope in log–log."""
    return check_against_reference(
        "observed_order", student, reference_observed_order, _order_cases(),
        describe=lambda a: f"hs = {np.round(a[0], 5).tolist()}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, [
            (lambda h, e: -reference_observed_order(h, e),
             "fit log(error) against log(h), not against log(1/h) or log(N): the order is positive."),
            (lambda h, e: np.log(e[0] / e[1]) / np.log(h[0] / h[1]),
             "use every grid (a least-squares line through all points, np.polyfit), not only the first two."),
            (lambda h, e: np.polyfit(h, e, 1)[0], "take logarithms first: error ≈ C h^p is a line in log–log."),
            (lambda h, e: np.polyfit(np.log(e), np.log(h), 1)[0],
             "put log(h) on the x-axis and log(error) on the y-axis (you fitted 1/p)."),
        ]), rtol=1e-6, atol=1e-8)


# ----------------------------------------------------------------------------- exercise 2: the a-priori bound
def reference_fd_error_bound(h, u4_max) -> float:
    """h² · max|u''''| / 96."""
    return limitations.fd_error_bound(h, u4_max)


@never_crash
def check_fd_error_bound(student) -> bool:
    """Exercise 2: ``fd_error_bound(h, u4_max)``; then: the bound holds on every measured grid."""
    # h = 1/8 first would make h·u/96 and h²·u/12 the same number: start where every mistake differs
    cases = [(0.01, 37.5), (1 / 64, limitations.U4_MAX), (0.125, 1.0), (0.5, 96.0)]
    ok = check_against_reference(
        "fd_error_bound", student, reference_fd_error_bound, cases,
        describe=lambda a: f"h = {a[0]:g}, u4_max = {a[1]:g}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, [
            (lambda h, u: h**2 * u / 12, ("h²·max|u''''|/12 is the truncation error τ; the error of the solution "
                                          "is τ times ‖A_h⁻¹‖∞ ≤ 1/8, so divide by 96.")),
            (lambda h, u: h * u / 96, "the scheme is second order: the bound goes like h², not h."),
            (lambda h, u: h**2 * u / 8, "τ ≤ h²·max|u''''|/12 (Taylor) and ‖A_h⁻¹‖∞ ≤ 1/8: multiply both."),
        ]), rtol=1e-9, atol=0)
    if not ok:
        return False
    fd = limitations.fd_convergence((8, 16, 32, 64, 128))
    for h, err in zip(fd.hs, fd.max_errors):
        bound = float(attempt("fd_error_bound", student, float(h), limitations.U4_MAX))
        if not err <= bound:
            return report("fd_error_bound", False, f"at h = {h:g} the measured max error {err:.3g} exceeds your bound {bound:.3g}")
    return report("fd_error_bound", True, f"and the bound holds on all {len(fd.hs)} measured grids "
                  f"(measured / bound between {np.min(fd.max_errors / fd.bounds):.2f} and {np.max(fd.max_errors / fd.bounds):.2f}).")


# ----------------------------------------------------------------------------- exercise 3: seed spread
def reference_seed_spread(errors) -> np.ndarray:
    """max/min of each row of ``errors`` (n_points, n_seeds) → (n_points,)."""
    e = np.asarray(errors, dtype=float)
    return e.max(axis=1) / e.min(axis=1)


def _spread_cases():
    rng = np.random.default_rng(0)
    return [(np.array([[0.1, 0.2, 0.4], [0.01, 0.01, 0.02]]),), (rng.uniform(1e-4, 1e-1, (5, 4)),),
            (np.array([[3e-3, 1e-3]]),)]


@never_crash
def check_seed_spread(student) -> bool:
    """Exercise 3: ``seed_spread(errors)`` → max/min over seeds for every row."""
    return check_against_reference(
        "seed_spread", student, reference_seed_spread, _spread_cases(),
        describe=lambda a: f"errors of shape {np.shape(a[0])}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, [
            (lambda e: e.max(axis=0) / e.min(axis=0), "one value per row (per number of points): reduce over axis=1, the seeds."),
            (lambda e: e.max(axis=1) - e.min(axis=1), "the spread is a ratio max/min (errors span decades), not a difference."),
            (lambda e: e.max(axis=1) / e.mean(axis=1), "divide the largest error by the smallest, not by the mean."),
            (lambda e: e.min(axis=1) / e.max(axis=1), "max/min, so the spread is ≥ 1."),
        ]), rtol=1e-6, atol=1e-9)


# ----------------------------------------------------------------------------- exercise 4: multiply-adds per point
def reference_linear_macs(model: nn.Module) -> int:
    """Σ n_in · n_out over the model's nn.Linear layers (each applied once per point)."""
    return int(sum(m.in_features * m.out_features for m in model.modules() if isinstance(m, nn.Linear)))


def _mac_models():
    torch.manual_seed(0)
    return [(MLP(2, 1, 8, 2),), (MLP(3, 3, 16, 3, encoding=PositionalEncoding(3, 4)),),
            (nerf.NeRFField(pos_frequencies=4, dir_frequencies=2, width=32, depth=4, skip=2),),
            (nerf.HashGridField(n_levels=4, n_features=2, log2_table_size=10, max_resolution=32, width=16),)]


@never_crash
def check_linear_macs(student) -> bool:
    """Exercise 4: ``linear_macs(model)`` → multiply-adds of one evaluation; compared with
    the count made by forward hooks (:func:`inrlib.limitations.count_linear_macs`)."""
    def counted(model):
        x = torch.zeros(3, model.in_features if isinstance(model, MLP) else 3)
        return limitations.count_linear_macs(model, x) if isinstance(model, MLP) else \
            limitations.count_linear_macs(model, x, torch.ones(3, 3))

    for (model,) in _mac_models():
        want = counted(model)["macs_per_point"]
        assert want == reference_linear_macs(model)
        got = attempt("linear_macs", student, model)
        value = as_array(got)
        name = type(model).__name__
        if value is None or value.shape != ():
            return report("linear_macs", False, f"expected one number for a {name}, got {type(got).__name__}")
        value = float(value)
        if value == want:
            continue
        params = sum(p.numel() for m in model.modules() if isinstance(m, nn.Linear) for p in m.parameters())
        hint = ("you counted the parameters (weights and biases); a bias is an addition, not a multiply-add."
                if value == params else
                "every nn.Linear(n_in, n_out) does n_in·n_out multiply-adds per point; walk model.modules()."
                if value < want else "count each nn.Linear once (model.modules() visits each module once).")
        return report("linear_macs", False, f"{name}: expected {want:,.0f} multiply-adds per point, got {value:,.0f}", hint)
    return report("linear_macs", True, f"matches the forward-hook count on {len(_mac_models())} models "
                  "(an MLP, a PE-MLP, a NeRF MLP, a hash-grid field).")


# ----------------------------------------------------------------------------- exercise 5 (stretch): break-even
def reference_break_even(train_seconds, fit_seconds, forward_seconds) -> int:
    return limitations.break_even_images(train_seconds, fit_seconds, forward_seconds)


@never_crash
def check_break_even(student) -> bool:
    """Exercise 5: ``break_even(train_seconds, fit_seconds, forward_seconds)`` → int, and a
    ``ValueError`` when fitting is not dearer than a forward pass."""
    # the first case tells the prepared mistakes apart (ceil(t/f) = 17, floor = 21, right = 22)
    cases = [(50.0, 3.0, 0.7), (100.0, 10.0, 0.0001), (3780.0, 2.5, 0.1), (10.0, 2.0, 1.0), (9.0, 4.0, 1.0),
             (1.0, 100.0, 1.0)]
    for args in cases:
        want = reference_break_even(*args)
        got = attempt("break_even", student, *args, context=f" for {args}")
        if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
            return report("break_even", False, f"expected an int (a number of images), got {type(got).__name__} {got!r}",
                          "round up with math.ceil: a fraction of an image does not exist.")
        if got != want:
            t, f, a = args
            hint = None
            if got == math.ceil(t / f):
                hint = "each of the n images still costs one forward pass: divide by (fit − forward)."
            elif got == math.floor(t / (f - a)):
                hint = "round up: after ⌊n⌋ images the model has not yet paid for itself."
            return report("break_even", False, f"train {t:g} s, fit {f:g} s, forward {a:g} s: expected {want}, got {got}", hint)
    try:
        run_student(student, 10.0, 1.0, 2.0)
    except StudentTimeout as exc:
        return report("break_even", False, f"with fit 1 s < forward 2 s your code {exc}",
                      "check that fitting is dearer than a forward pass before looping: otherwise raise ValueError.")
    except StudentError as exc:
        if not isinstance(exc.original, ValueError):
            return report("break_even", False, f"fit 1 s < forward 2 s should raise ValueError, got {exc}")
    else:
        return report("break_even", False, "fit 1 s < forward 2 s never breaks even: raise a ValueError saying so")
    return report("break_even", True, f"matches the reference on {len(cases)} inputs and refuses an impossible break-even.")
