"""Chapter 03's exercise checks (inrlib/checks/boundary.py): never crash, accept the
references, give specific hints."""
import numpy as np
import pytest

from inrlib import boundary as bc
from inrlib.checks import boundary as checks


ALL_CHECKS = [checks.check_laplacian_1d, checks.check_solve_dirichlet_1d, checks.check_solve_neumann_1d,
              checks.check_measured_order, checks.check_largest_difference, checks.check_solve_robin_1d]


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _crash(*args, **kwargs):
    return [1, 2][5]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("student", [_stub, _crash, lambda *a: float("nan"), lambda *a: "text",
                                     lambda *a: np.zeros((3, 3)), None], ids=["stub", "crash", "nan", "text", "shape", "none"])
def test_checks_never_crash_on_bad_student_code(check, student, capsys):
    assert check(student) is False
    out = capsys.readouterr().out
    assert out.startswith(("✗", "…")) and "Traceback" not in out


def test_checks_accept_the_references(capsys):
    assert checks.check_laplacian_1d(checks.reference_laplacian_1d)
    assert checks.check_laplacian_1d(bc.laplacian_1d)          # sparse is fine too
    assert checks.check_solve_dirichlet_1d(checks.reference_solve_dirichlet_1d)
    assert checks.check_solve_neumann_1d(checks.reference_solve_neumann_1d)
    assert checks.check_measured_order(2.01)
    assert checks.check_largest_difference(checks.reference_largest_difference)
    assert checks.check_solve_robin_1d(checks.reference_solve_robin_1d)
    assert capsys.readouterr().out.count("✓") == 7


def test_checks_give_specific_hints(capsys):
    assert not checks.check_laplacian_1d(lambda n, h: -checks.reference_laplacian_1d(n, h))
    assert "−d²/dx²" in capsys.readouterr().out
    assert not checks.check_laplacian_1d(lambda n, h: checks.reference_laplacian_1d(n, h) * h**2)
    assert "divide by h²" in capsys.readouterr().out
    assert not checks.check_solve_dirichlet_1d(checks._dirichlet_forgot_rhs)
    assert "right-hand side" in capsys.readouterr().out
    assert not checks.check_solve_neumann_1d(checks._neumann_one_sided)
    assert "first order" in capsys.readouterr().out
    assert not checks.check_solve_neumann_1d(checks._neumann_wrong_ghost_sign)
    assert "sign of the ghost" in capsys.readouterr().out
    assert not checks.check_measured_order(1.02)
    assert "first order" in capsys.readouterr().out

    def half_value(h):
        x, y, v = checks.reference_largest_difference(h)
        return x, y, v / 2

    assert not checks.check_largest_difference(half_value)
    assert "coarse nodes" in capsys.readouterr().out

    def far_from_corner(h):
        return -0.5, -0.5, checks.reference_largest_difference(h)[2]

    assert not checks.check_largest_difference(far_from_corner)
    assert "not the largest" in capsys.readouterr().out
    assert not checks.check_solve_robin_1d(lambda f, al, a, g, m: checks.reference_solve_neumann_1d(f, al, g, m))
    assert "Robin term" in capsys.readouterr().out
