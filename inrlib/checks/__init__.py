"""Exercise checkers: answer back with a ✓ or a specific hint, never a traceback.

Each chapter has a module ``inrlib.checks.<topic>`` whose ``check_*`` functions take the
student's function, run it and the reference on several inputs, and print one line:

    ✓ positional_encoding: matches the reference on 4 inputs.
    ✗ positional_encoding: wrong shape for p of shape (5, 2): expected (5, 34), got (5, 32).
      Hint: did you forget to include p itself in front of the sines and cosines?

A check never raises on student code — not when it is not implemented yet, raises, runs
forever (every call has a time limit), returns None, NaN, text, the wrong shape or the
wrong type — and prints exactly one verdict.  Every check returns ``True``/``False`` so
tests (and the student) can use the verdict.

The shared machinery lives in :mod:`inrlib.checks.core` (time limits, result validation,
verdicts); this module adds the comparison helpers the chapter modules use, and the
chapter modules hold the references, inputs and hints.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

import numpy as np
import torch

from .core import (DEFAULT_TIMEOUT, FAIL, PASS, TIMEOUT_PHRASE, TODO, StudentError, StudentTimeout, Wrong,
                   _Verdict, attempt, call_student, describe_exception, differs, expect_array, expect_number,
                   expect_tensor, format_verdict, kind, never_crash, not_implemented, report, run_student,
                   to_array)

__all__ = [
    "DEFAULT_TIMEOUT", "FAIL", "PASS", "TIMEOUT_PHRASE", "TODO", "StudentError", "StudentTimeout", "Wrong",
    "as_array", "attempt", "call_student", "check_against_reference", "compare_outputs", "describe_exception",
    "diagnose_by_mistakes", "differs", "expect_array", "expect_number", "expect_tensor", "format_verdict", "kind",
    "never_crash", "not_implemented", "report", "run_student", "to_array", "use_or_reference", "works",
]


def as_array(value: Any) -> np.ndarray | None:
    """Student output as a float64 (or complex128) NumPy array, or None if it is not numbers
    (None, text, an object)."""
    try:
        return to_array(value)
    except Wrong:
        return None


def _low_precision(value: Any) -> bool:
    dtype = getattr(value, "dtype", None)
    return dtype in (np.float32, np.float16, np.complex64, torch.float32, torch.float16, torch.bfloat16,
                     torch.complex64)


def compare_outputs(got: Any, expected: Any, *, what: str, rtol: float = 1e-4, atol: float = 1e-5,
                    want_tensor: bool | None = None) -> tuple[bool, str, str | None]:
    """Compare a student's output with the reference output.

    Returns ``(ok, message, hint)`` with a message that says what differs: None, text, type,
    shape, NaN/inf, sign, a scale, or the size of the error.  A float32 answer is compared
    at float32's precision (rtol ≥ 2e-5)."""
    if want_tensor and not isinstance(got, torch.Tensor):
        if got is None:
            return False, f"{what}: your function returned None", "end the function with `return …`."
        return False, f"{what}: expected a torch.Tensor, got {kind(got)}", \
            "use torch operations (torch.sin, torch.cat, …) so the result stays a tensor."
    try:
        g = to_array(got, what)
    except Wrong as exc:
        return False, exc.message, exc.hint or "return the computed value, not print it."
    e = to_array(expected)
    if g.shape != e.shape:
        return False, f"{what}: wrong shape: expected {e.shape}, got {g.shape}", None
    if not np.all(np.isfinite(g)):
        return False, f"{what}: the result contains NaN or inf", \
            "look for a division by zero, a log of 0, or an overflow."
    if _low_precision(got):
        rtol, atol = max(rtol, 2e-5), max(atol, 2e-6 * float(np.max(np.abs(e), initial=1.0)))
    if np.allclose(g, e, rtol=rtol, atol=atol):
        return True, "", None
    message = differs(g, e, rtol=rtol, atol=atol)
    hint = "check the sign of each term." if "wrong sign" in message else \
        "a factor such as 2, π or 1/N is missing or extra." if "×" in message else None
    return False, f"{what}: {message}", hint


def check_against_reference(
    name: str,
    student: Callable,
    reference: Callable,
    cases: Sequence[tuple],
    *,
    describe: Callable[[tuple], str] = lambda args: f"input {args!r}",
    diagnose: Callable[[Any, Any, tuple], str | None] | None = None,
    rtol: float = 1e-4,
    atol: float = 1e-5,
    want_tensor: bool | None = None,
    timeout: float | None = None,
) -> bool:
    """Run ``student(*args)`` and ``reference(*args)`` on each case and compare.

    ``diagnose(got, expected, args)`` may return a chapter-specific hint for a mismatch
    (e.g. "did you forget π?").  Records one verdict; returns True when all cases match.
    """
    if not callable(student):
        return report(name, False, f"expected a function, got {kind(student)}")
    for args in cases:
        expected = reference(*args)
        try:
            got = run_student(student, *args, timeout=timeout)
        except NotImplementedError:
            return not_implemented(name)
        except StudentTimeout as exc:
            return report(name, False, f"your code {exc} for {describe(args)}",
                          "look for a loop whose condition never becomes false.")
        except StudentError as exc:
            return report(name, False, f"your code raised {exc} for {describe(args)}")
        ok, message, hint = compare_outputs(got, expected, what=describe(args), rtol=rtol, atol=atol,
                                            want_tensor=want_tensor)
        if not ok:
            if diagnose is not None and got is not None:
                try:
                    hint = diagnose(got, expected, args) or hint
                except Exception:  # noqa: BLE001 - a hint must never crash the check
                    pass
            return report(name, False, message, hint)
    return report(name, True, f"matches the reference on {len(cases)} inputs.")


def works(fn: Callable, *args: Any) -> bool:
    """True if ``fn(*args)`` runs without raising, within the time limit (quietly)."""
    try:
        run_student(fn, *args)
        return True
    except (StudentError, NotImplementedError):
        return False
    except Exception:  # noqa: BLE001
        return False


def use_or_reference(student: Callable, reference: Callable, probe_args: Iterable[tuple], name: str) -> Callable:
    """The student's function if it runs on every probe input, else the reference.

    Later cells of an exercise call this, so an untouched notebook still runs top to
    bottom (on the reference) and a finished one runs on the student's own code.
    """
    if callable(student) and all(works(student, *args) for args in probe_args):
        return student
    print(f"(using inrlib's reference {name} until yours runs)")
    return reference


def diagnose_by_mistakes(got: Any, args: tuple, mistakes: Sequence[tuple[Callable, str]],
                         rtol: float = 1e-4, atol: float = 1e-5) -> str | None:
    """Hint for a wrong answer by recognising a typical mistake.

    ``mistakes`` is a list of ``(wrong_implementation, hint)``; the hint of the first
    wrong implementation that reproduces the student's output is returned.
    """
    g = as_array(got)
    if g is None:
        return None
    for wrong, hint in mistakes:
        try:
            w = as_array(wrong(*args))
        except Exception:  # noqa: BLE001
            continue
        if w is not None and w.shape == g.shape and np.allclose(g, w, rtol=rtol, atol=atol):
            return hint
    return None
