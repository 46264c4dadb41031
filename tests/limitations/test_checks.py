"""Chapter 08 — the limitations, measured: the exercise checks.

Every number the chapter reports is checked against an independent reference (analytic
solutions, scipy, hand counts), without timing asserts."""
import math

import numpy as np
import pytest
import torch

from inrlib.checks import limitations as check


REFERENCES = [(check.check_observed_order, check.reference_observed_order),
              (check.check_fd_error_bound, check.reference_fd_error_bound),
              (check.check_seed_spread, check.reference_seed_spread),
              (check.check_linear_macs, check.reference_linear_macs),
              (check.check_break_even, check.reference_break_even)]


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _crash(*args, **kwargs):
    return 1 / 0


@pytest.mark.parametrize("check_fn, reference", REFERENCES, ids=lambda x: getattr(x, "__name__", ""))
def test_checks_accept_the_reference_and_survive_broken_answers(check_fn, reference, capsys):
    assert check_fn(reference) is True
    assert "✓" in capsys.readouterr().out
    for student in (_stub, _crash, lambda *a: float("nan"), lambda *a: "text", lambda *a: np.zeros((2, 2)), 42):
        assert check_fn(student) is False
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "ZeroDivisionError" in out


def test_checks_recognise_typical_mistakes(capsys):
    assert not check.check_observed_order(lambda h, e: -check.reference_observed_order(h, e))
    assert "log(1/h)" in capsys.readouterr().out
    assert not check.check_fd_error_bound(lambda h, u: h**2 * u / 12)
    assert "divide by 96" in capsys.readouterr().out
    assert not check.check_seed_spread(lambda e: np.max(e, 1) - np.min(e, 1))
    assert "ratio" in capsys.readouterr().out
    assert not check.check_linear_macs(lambda m: sum(p.numel() for mod in m.modules() if isinstance(mod, torch.nn.Linear)
                                                     for p in mod.parameters()))
    assert "bias" in capsys.readouterr().out
    assert not check.check_break_even(lambda t, f, a: math.ceil(t / f))
    assert "fit − forward" in capsys.readouterr().out
    assert not check.check_break_even(lambda t, f, a: max(1, math.ceil(t / (f - a))))
    assert "ValueError" in capsys.readouterr().out
