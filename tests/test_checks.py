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
        if label in ("never returns", "swallows exceptions while looping") and \
                check.__name__ not in ("check_sine_layer", "check_property"):  # their first argument is no function
            assert "did not return within" in out, f"{label}: printed {out!r}"
            assert time.monotonic() - start < 10, f"{label}: took {time.monotonic() - start:.1f} s"
        if label == "returns None" and check.__name__ not in ("check_sine_layer", "check_property"):
            assert "None" in out, f"{label}: printed {out!r}"


# ------------------------------------------------------------------ time limits, error locations, validators
def test_run_student_stops_a_loop_and_lets_ctrl_c_through(monkeypatch):
    import time

    from inrlib.checks import StudentTimeout, run_student

    monkeypatch.setenv("INRLIB_CHECK_TIME_SCALE", "1")
    start = time.monotonic()
    with pytest.raises(StudentTimeout, match="did not return within 0.3 s — an infinite loop"):
        run_student(_forever, timeout=0.3)
    assert time.monotonic() - start < 3

    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_student(interrupted)
    assert run_student(lambda x: x + 1, 1) == 2  # the alarm is disarmed afterwards
    time.sleep(0.4)


def test_run_student_off_the_main_thread_runs_without_a_limit():
    import threading

    from inrlib.checks import run_student

    out = []
    worker = threading.Thread(target=lambda: out.append(run_student(lambda: 42, timeout=0.01)))
    worker.start()
    worker.join()
    assert out == [42]


def test_an_error_is_located_at_the_students_own_line_not_inside_torch():
    from inrlib.checks import StudentError, run_student

    namespace = {"torch": torch}
    source = "def encode(p):\n    q = p * 2\n    return torch.cat([q, q], dim=5)\n"
    exec(compile(source, "/tmp/ipykernel_4242/3141592653.py", "exec"), namespace)  # how ipykernel names a cell
    with pytest.raises(StudentError) as info:
        run_student(namespace["encode"], torch.zeros(2, 2))
    message = str(info.value)
    assert "IndexError" in message and "in encode, line 3" in message and "torch" not in message.split("(in")[1][:12]


def test_validators_name_what_differs():
    from inrlib.checks import Wrong, expect_array, expect_number, expect_tensor

    assert expect_number(np.int64(3), integer=True) == 3.0 and expect_number(torch.tensor([2.5])) == 2.5
    for bad, says in ((None, "returned None"), (float("nan"), "nan"), ("1.0", "str"), (True, "bool"),
                      (np.ones(2), "one number")):
        with pytest.raises(Wrong, match=says):
            expect_number(bad)
    with pytest.raises(Wrong, match=r"wrong shape: expected \(…, 3\), got \(2, 4\)"):
        expect_array(np.zeros((2, 4)), shape=(None, 3))
    with pytest.raises(Wrong, match="numbers"):
        expect_array(["1", "2"])
    with pytest.raises(Wrong, match="dtype float32"):
        expect_array(torch.zeros(2, dtype=torch.float64), dtype=torch.float32)
    with pytest.raises(Wrong, match="detached"):
        expect_tensor(torch.zeros(2), requires_grad=True)
    with pytest.raises(Wrong, match="torch.Tensor"):
        expect_tensor(np.zeros(2))


def test_a_check_prints_one_verdict_even_when_its_parts_disagree(capsys):
    """00's psnr: right on the reference cases, wrong on identical images → one ✗ line only."""
    import math

    from inrlib.checks import implicit

    def psnr_no_inf(p, t, R=1.0):
        mse = float(np.mean((np.asarray(p, float) - np.asarray(t, float)) ** 2))
        return 10 * math.log10(R**2 / mse) if mse else 0.0

    assert implicit.check_psnr(psnr_no_inf) is False
    out = capsys.readouterr().out
    assert out.startswith("✗ psnr: identical images") and "✓" not in out


def test_handing_back_inrlibs_reference_from_a_notebook_is_not_an_answer(capsys):
    from inrlib.checks import fdm

    namespace = {"check": fdm}
    exec(compile("verdict = check.check_central_difference(check.reference_central_difference)",
                 "<ipython-input-3-0123456789ab>", "exec"), namespace)
    assert namespace["verdict"] is False and "inrlib's own" in capsys.readouterr().out
    assert fdm.check_central_difference(fdm.reference_central_difference)  # tests may still use it
