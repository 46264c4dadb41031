"""Chapter 02's exercise checks: never crash on broken student code, accept the references, give specific hints."""
import numpy as np
import pytest

from inrlib import fdm
from inrlib.checks import fdm as checks


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _crash(*args, **kwargs):
    return [1, 2][5]


ALL_CHECKS = [checks.check_central_difference, checks.check_fit_order, checks.check_predicted_best_h,
              checks.check_largest_stable_dt, checks.check_implicit_step, checks.check_stencil_weights]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("student", [_stub, _crash, lambda *a: float("nan"), lambda *a: "text",
                                     lambda *a: np.zeros((3, 3)), None], ids=range(6))
def test_checks_never_crash_on_bad_student_code(check, student, capsys):
    assert check(student) is False
    out = capsys.readouterr().out
    assert out.startswith(("✗", "…")) and "Traceback" not in out


def test_checks_accept_the_references(capsys):
    assert checks.check_central_difference(checks.reference_central_difference)
    assert checks.check_fit_order(checks.reference_fit_order)
    assert checks.check_predicted_best_h(checks.reference_predicted_best_h)
    assert checks.check_largest_stable_dt(checks.reference_largest_stable_dt)
    assert checks.check_implicit_step(checks.reference_implicit_step)
    assert checks.check_stencil_weights(checks.reference_stencil_weights)
    assert capsys.readouterr().out.count("✓") == 6


def test_checks_give_specific_hints(capsys):
    assert not checks.check_central_difference(lambda f, x, h: (f(x + h) - f(x - h)) / h)
    assert "2h" in capsys.readouterr().out
    assert not checks.check_central_difference(lambda f, x, h: (f(x + h) - f(x)) / h)
    assert "forward difference" in capsys.readouterr().out
    assert not checks.check_fit_order(lambda hs, e: float(np.polyfit(np.log(e), np.log(hs), 1)[0]))
    assert "swapped" in capsys.readouterr().out
    assert not checks.check_largest_stable_dt(lambda dx, lam: dx / (2 * lam))
    assert "squared" in capsys.readouterr().out
    assert not checks.check_implicit_step(lambda u, r: fdm.ftcs_step(np.asarray(u, float), r))
    assert "explicit" in capsys.readouterr().out
    assert not checks.check_implicit_step(lambda u, r: fdm.theta_step(u, r, 0.5))
    assert "Crank" in capsys.readouterr().out
    assert not checks.check_stencil_weights(
        lambda s, m: np.linalg.solve(np.vander(np.asarray(s, float), increasing=True).T,
                                     np.eye(len(s))[m]))
    assert "factorial" in capsys.readouterr().out
