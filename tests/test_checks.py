"""The shared exercise-check machinery (inrlib.checks)."""
import numpy as np
import pytest
import torch

from inrlib.checks import (compare_outputs, check_against_reference, diagnose_by_mistakes, use_or_reference)


def test_compare_outputs_names_the_difference():
    ref = np.array([1.0, 2.0, 3.0])
    assert compare_outputs(ref.copy(), ref, what="x")[0]
    assert "wrong shape" in compare_outputs(ref[:2], ref, what="x")[1]
    assert "wrong sign" in compare_outputs(-ref, ref, what="x")[1]
    assert "2 × the expected" in compare_outputs(2 * ref, ref, what="x")[1]
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


# ------------------------------------------------------------------ hardening (issue 9)
def _all_checks():
    """Every check_* defined in a chapter module of inrlib.checks (found, not listed, so a
    new chapter's checks are covered the day they are written)."""
    import importlib
    import inspect
    import pkgutil

    import inrlib.checks

    for info in pkgutil.iter_modules(inrlib.checks.__path__):
        module = importlib.import_module(f"inrlib.checks.{info.name}")
        for name, fn in vars(module).items():
            if name.startswith("check_") and inspect.unwrap(fn).__module__ == module.__name__:
                yield fn


def _todo(*args, **kwargs):
    raise NotImplementedError()


def _crash(*args, **kwargs):
    return [][1]  # IndexError, as a slip in student code would


BROKEN_STUDENT_CODE = {
    "not implemented": _todo,
    "raises": _crash,
    "returns NaN": lambda *a, **k: float("nan"),
    "returns a NaN tensor": lambda *a, **k: torch.full((4, 3), float("nan")),
    "wrong shape": lambda *a, **k: torch.zeros(7, 5, 3),
    "wrong type": lambda *a, **k: "hello",
    "returns None": lambda *a, **k: None,
    # a tensor on another device; 'meta' (no data) stands in for a GPU on a CPU-only machine
    "wrong device": lambda *a, **k: torch.zeros(4, 3, device="meta"),
    "not a function": 42,
    "returns a numeric string": lambda *a, **k: "1.0",
    "returns a constant": lambda *a, **k: 1.0,
    "returns True": lambda *a, **k: True,
    "never returns": lambda *a, **k: _forever(),
    "swallows exceptions while looping": lambda *a, **k: _forever_swallowing(),
}


def _forever():
    while True:
        pass


def _forever_swallowing():
    while True:
        try:
            while True:
                pass
        except Exception:  # noqa: BLE001 - a student's over-broad except must not defeat the limit
            pass


@pytest.fixture
def short_limits(monkeypatch):
    """Time limits scaled down (5 s → 0.1 s), so a never-returning answer is stopped quickly."""
    monkeypatch.setenv("INRLIB_CHECK_TIME_SCALE", "0.02")


@pytest.mark.parametrize("check", list(_all_checks()), ids=lambda c: f"{c.__module__.split('.')[-1]}.{c.__name__}")
def test_every_check_answers_broken_student_code_with_a_hint_never_an_exception(check, capsys, short_limits):
    """Each check, fed each kind of broken answer in place of every argument it requires,
    returns False and prints a line starting with ✗ or … (a hint), and never raises.
    Code that never returns is stopped by the check's time limit (scaled down here)."""
    import inspect
    import time

    required = [p for p in inspect.signature(check).parameters.values() if p.default is p.empty]
    for label, broken in BROKEN_STUDENT_CODE.items():
        start = time.monotonic()
        verdict = check(*[broken] * len(required))
        out = capsys.readouterr().out
        assert verdict is False, f"{label}: the check said {verdict!r}"
        assert out.strip().startswith(("✗", "…")) and "✓" not in out, f"{label}: printed {out!r}"
        assert len([line for line in out.splitlines() if line and line[0] in "✓✗…"]) == 1, f"{label}: printed {out!r}"
        if label in ("never returns", "swallows exceptions while looping"):
            assert "did not return within" in out, f"{label}: printed {out!r}"
            assert time.monotonic() - start < 10, f"{label}: took {time.monotonic() - start:.1f} s"
        if label == "returns None" and check.__name__ not in ("check_sine_layer", "check_property"):
            assert "None" in out, f"{label}: printed {out!r}"
