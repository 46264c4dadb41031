"""Chapter 04's exercise checks (inrlib/checks/pinn.py): never crash, accept the references,
recognise typical mistakes."""
import pytest
import torch

from inrlib import pinn
from inrlib.checks import pinn as check

torch.set_num_threads(1)


CHECKS = [(check.check_heat_residual, check.reference_heat_residual),
          (check.check_boundary_loss, check.reference_boundary_loss),
          (check.check_inverse_loss, check.reference_inverse_loss),
          (check.check_hard_constraint_1d, check.reference_hard_constraint_1d),
          (check.check_resample, check.reference_resample)]


def _raise_todo(*args):
    raise NotImplementedError()


def _crash(*args):
    return 1 / 0


def _nan(*args):
    return torch.tensor(float("nan"))


def _wrong_shape(*args):
    return torch.zeros(3, 3)


def _wrong_type(*args):
    return "hello"


@pytest.mark.parametrize("check_fn, reference", CHECKS, ids=lambda f: getattr(f, "__name__", ""))
def test_checks_accept_the_reference_and_report_broken_answers_without_raising(check_fn, reference, capsys):
    assert check_fn(reference) is True
    assert "✓" in capsys.readouterr().out
    for bad in (_raise_todo, _crash, _nan, _wrong_shape, _wrong_type, 42):
        assert check_fn(bad) is False
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "ZeroDivisionError" in out


def test_checks_recognise_typical_mistakes(capsys):
    def wrong_sign(model, xt, lam):
        return -check.reference_heat_residual(model, xt, lam)

    def first_derivative(model, xt, lam):
        xt = xt.detach().clone().requires_grad_(True)
        g = pinn.gradient(model(xt), xt)
        return g[:, 1] - lam * g[:, 0]

    assert not check.check_heat_residual(wrong_sign)
    assert not check.check_heat_residual(first_derivative)
    assert not check.check_boundary_loss(lambda m, xb, g: ((m(xb) - g) ** 2).mean())
    assert not check.check_inverse_loss(lambda m, lam, xt, xd, ud: ((m(xd)[:, 0] - ud) ** 2).mean())
    assert not check.check_hard_constraint_1d(lambda x, n: x[:, 0] * (1 - x[:, 0]) * n)
    assert not check.check_resample(lambda f, c, n: c[torch.topk(f(c), n).indices])
    out = capsys.readouterr().out
    assert "negative" in out and "differentiate u_x once more" in out and "broadcasts" in out
    assert "data alone" in out and "u(0)" in out and "absolute value" in out
