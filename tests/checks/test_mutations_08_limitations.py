"""Mutation suite, chapter 08 (inrlib.checks.limitations)."""
import math

import numpy as np
from torch import nn

from inrlib import nerf
from inrlib.checks import limitations as check


def forever(*args, **kwargs):
    while True:
        pass


def broken(judge, chk, scalar=True):
    judge.fails(chk, lambda *a: None, says="None")
    judge.fails(chk, lambda *a: math.nan)
    judge.fails(chk, lambda *a: "2.0")
    judge.fails(chk, lambda *a: [][1], says="IndexError")
    judge.fails(chk, forever, says="did not return within")


def test_observed_order(judge, short_limits):
    judge.passes(check.check_observed_order, lambda h, e: np.polyfit(np.log2(h), np.log2(e), 1)[0])
    judge.fails(check.check_observed_order, lambda h, e: -np.polyfit(np.log(h), np.log(e), 1)[0], hint="positive")
    judge.fails(check.check_observed_order, lambda h, e: np.log(e[0] / e[1]) / np.log(h[0] / h[1]), hint="every grid")
    judge.fails(check.check_observed_order, lambda h, e: np.polyfit(h, e, 1)[0], hint="logarithms first")
    judge.fails(check.check_observed_order, lambda h, e: np.polyfit(np.log(e), np.log(h), 1)[0], hint="x-axis")
    judge.fails(check.check_observed_order, lambda h, e: 2.0)
    broken(judge, check.check_observed_order)


def test_fd_error_bound(judge, short_limits):
    judge.passes(check.check_fd_error_bound, lambda h, u: (h * h / 12) * (u / 8))
    judge.fails(check.check_fd_error_bound, lambda h, u: h**2 * u / 12, hint="divide by 96")
    judge.fails(check.check_fd_error_bound, lambda h, u: h * u / 96, hint="not h")
    judge.fails(check.check_fd_error_bound, lambda h, u: h**2 * u / 8, hint="multiply both")
    broken(judge, check.check_fd_error_bound)


def test_seed_spread(judge, short_limits):
    judge.passes(check.check_seed_spread, lambda e: np.array([max(r) / min(r) for r in np.asarray(e)]))
    judge.fails(check.check_seed_spread, lambda e: e.max(axis=0) / e.min(axis=0))
    judge.fails(check.check_seed_spread, lambda e: e.max(axis=1) - e.min(axis=1), hint="ratio")
    judge.fails(check.check_seed_spread, lambda e: e.max(axis=1) / e.mean(axis=1), hint="not by the mean")
    judge.fails(check.check_seed_spread, lambda e: e.min(axis=1) / e.max(axis=1), hint="≥ 1")
    judge.fails(check.check_seed_spread, lambda e: np.full(len(e), np.nan), says="NaN")
    judge.fails(check.check_seed_spread, lambda e: None, says="None")
    judge.fails(check.check_seed_spread, forever, says="did not return within")


def test_linear_macs(judge, short_limits):
    def macs(model):
        total = 0
        for module in model.modules():
            if isinstance(module, nn.Linear):
                total += module.weight.numel()
        return total

    judge.passes(check.check_linear_macs, macs)
    judge.passes(check.check_linear_macs, lambda m: np.int64(macs(m)))
    judge.fails(check.check_linear_macs, lambda m: sum(p.numel() for l in m.modules() if isinstance(l, nn.Linear)
                                                       for p in l.parameters()), hint="counted the parameters")
    judge.fails(check.check_linear_macs, lambda m: str(macs(m)))
    judge.fails(check.check_linear_macs, lambda m: float("nan"))
    judge.fails(check.check_linear_macs, lambda m: None, says="None")
    judge.fails(check.check_linear_macs, forever, says="did not return within")
    assert f"{macs(nerf.NeRFField(width=32, depth=2, skip=1)):,}"  # the next cell's format


def test_break_even(judge, short_limits):
    def even(train, fit, forward):
        if fit <= forward:
            raise ValueError("fitting is not dearer than a forward pass: LIIF never pays off")
        return math.ceil(train / (fit - forward))

    def no_guard(train, fit, forward):  # counts images until paid off: never ends when fit ≤ forward
        n = 0
        while n * (fit - forward) < train:
            n += 1
        return n

    judge.passes(check.check_break_even, even)
    judge.passes(check.check_break_even, lambda t, f, a: np.int64(even(t, f, a)))
    judge.fails(check.check_break_even, no_guard, says="did not return within")
    judge.fails(check.check_break_even, lambda t, f, a: math.ceil(t / f), hint="divide by (fit − forward)")
    judge.fails(check.check_break_even, lambda t, f, a: math.floor(t / (f - a)) if f > a else 1 / 0, hint="round up")
    judge.fails(check.check_break_even, lambda t, f, a: t / (f - a), hint="math.ceil")
    judge.fails(check.check_break_even, lambda t, f, a: math.ceil(t / (f - a)), says="ValueError")
    judge.fails(check.check_break_even, lambda *a: None, says="None")
    judge.fails(check.check_break_even, lambda *a: "3")
    judge.fails(check.check_break_even, forever, says="did not return within")
