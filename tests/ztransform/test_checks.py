"""Chapter 01's exercise checks: never crash on broken student code, accept correct answers, explain typical mistakes."""
import numpy as np
import scipy.signal

from inrlib.ztransform import discretize_vehicle, n, z


# ----------------------------------------------------------------------------- exercise checks
def _stubs():
    def not_done(*args, **kwargs):
        raise NotImplementedError()

    def crash(*args, **kwargs):
        raise ZeroDivisionError("oops")

    def nan(*args, **kwargs):
        return np.full(3, np.nan)

    def wrong_type(*args, **kwargs):
        return "hello"

    return [not_done, crash, nan, wrong_type, None, 42]


def test_every_check_reports_instead_of_raising_on_broken_student_code(capsys):
    from inrlib.checks import ztransform as check

    for stub in _stubs():
        for fn in (check.check_geometric_transform, check.check_simulate, check.check_find_poles,
                   check.check_is_stable, check.check_two_pole_response, check.check_discretize_euler):
            assert fn(stub) is False
        assert check.check_property("convolution", stub, stub) is False
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "ZeroDivisionError" in out and "Traceback" not in out


def test_checks_accept_the_references_and_correct_answers(capsys):
    from inrlib.checks import ztransform as check

    assert check.check_geometric_transform(check.reference_geometric_transform)
    assert check.check_simulate(check.reference_simulate)
    assert check.check_find_poles(check.reference_find_poles)
    assert check.check_is_stable(check.reference_is_stable)
    assert check.check_two_pole_response(check.reference_two_pole_response)
    assert check.check_discretize_euler(check.reference_discretize_euler)
    scaled = lambda m, c, k, T: tuple(2 * v for v in check.reference_discretize_euler(m, c, k, T))  # noqa: E731
    assert check.check_discretize_euler(scaled)
    for name, (time_side, z_side) in check.PROPERTY_CHOICES.items():
        assert check.check_property(name, time_side, z_side), name
    assert capsys.readouterr().out.count("✓") == 7 + len(check.PROPERTY_CHOICES)


def test_pole_check_accepts_correct_poles_in_any_order(capsys):
    """A correct answer whose conjugate pairs carry ±1e-15 real-part noise (eigvals, polyroots) sorts
    differently under np.sort_complex; the check must still accept it."""
    from inrlib.checks import ztransform as check

    def noisy_roots(out):
        p = np.roots(out).astype(complex)
        return (p - 1e-15 * np.sign(p.imag))[::-1]

    assert check.check_find_poles(noisy_roots)
    assert "✓" in capsys.readouterr().out
    reversed_coeffs = lambda m, c, k, T: (check.reference_discretize_euler(m, c, k, T)[0][::-1],  # noqa: E731
                                         check.reference_discretize_euler(m, c, k, T)[1])
    assert not check.check_discretize_euler(reversed_coeffs)
    assert "b₀ multiplies the newest output" in capsys.readouterr().out


def test_checks_recognise_typical_mistakes(capsys):
    from inrlib.checks import ztransform as check

    assert not check.check_geometric_transform(lambda a: (1 / (1 - a * z), abs(a)))
    assert "z^(−n)" in capsys.readouterr().out
    assert not check.check_geometric_transform(lambda a: (z / (z - a), 1 / abs(a)))
    assert "|z| > |a|" in capsys.readouterr().out
    assert not check.check_simulate(lambda x, *, output_coeffs, input_coeffs:
                                     scipy.signal.lfilter(output_coeffs, input_coeffs, x))
    assert "swapped" in capsys.readouterr().out
    assert not check.check_find_poles(lambda out: np.roots(out[::-1]))
    assert "HIGHEST power" in capsys.readouterr().out
    assert not check.check_is_stable(lambda out: bool(np.all(np.abs(np.roots(out)) <= 1)))
    assert "ON the unit circle" in capsys.readouterr().out
    assert not check.check_two_pole_response(lambda n, p1, p2: (p1**n - p2**n) / (p1 - p2))
    assert "off by one" in capsys.readouterr().out
    tustin = lambda m, c, k, T: tuple(discretize_vehicle(m, c, k, T, method="tustin").values())  # noqa: E731
    assert not check.check_discretize_euler(tustin)
    assert "Tustin" in capsys.readouterr().out
    time_side, _ = check.PROPERTY_CHOICES["differencing"]
    assert not check.check_property("differencing", time_side, lambda X, zz: (1 - zz) * X(zz))
    assert not check.check_property("convolution", time_side, lambda X, zz: X(zz) ** 2)  # wrong time side
    assert not check.check_property("made up", time_side, time_side)
