"""The shared exercise-check machinery (inrlib.checks)."""
import numpy as np
import torch

from inrlib.checks import (compare_outputs, check_against_reference, diagnose_by_mistakes, use_or_reference)


def test_compare_outputs_names_the_difference():
    ref = np.array([1.0, 2.0, 3.0])
    assert compare_outputs(ref.copy(), ref, what="x")[0]
    assert "wrong shape" in compare_outputs(ref[:2], ref, what="x")[1]
    assert "wrong sign" in compare_outputs(-ref, ref, what="x")[1]
    assert "constant factor 2" in compare_outputs(2 * ref, ref, what="x")[1]
    assert "NaN or inf" in compare_outputs(ref * np.nan, ref, what="x")[1]
    assert "expected numbers" in compare_outputs({"a": 1}, ref, what="x")[1]
    assert "torch.Tensor" in compare_outputs(ref, torch.tensor(ref), what="x", want_tensor=True)[1]
    assert "max abs error" in compare_outputs(ref + [0, 0, 0.5], ref, what="x")[1]


def test_check_against_reference_and_mistake_diagnosis(capsys):
    square = lambda x: x**2  # noqa: E731
    cases = [(np.arange(3.0),), (np.linspace(-1, 1, 5),)]
    assert check_against_reference("square", square, square, cases)
    assert "✓ square" in capsys.readouterr().out
    mistakes = [(lambda x: x**3, "square, don't cube")]
    ok = check_against_reference("square", lambda x: x**3, square, cases,
                                 diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, mistakes))
    assert not ok and "square, don't cube" in capsys.readouterr().out
    assert diagnose_by_mistakes(np.zeros(3), (np.arange(3.0),), mistakes) is None


def test_use_or_reference_falls_back_until_the_student_code_runs(capsys):
    def stub(x):
        raise NotImplementedError()

    ref = lambda x: x + 1  # noqa: E731
    assert use_or_reference(stub, ref, [(1,)], "f") is ref
    assert "reference f" in capsys.readouterr().out
    mine = lambda x: x + 1  # noqa: E731
    assert use_or_reference(mine, ref, [(1,)], "f") is mine
