"""Exercise checkers: answer back with a ✓ or a specific hint, never a traceback.

Each chapter has a module ``inrlib.checks.<topic>`` whose ``check_*`` functions take the
student's function, run it and the reference on several inputs, and print one line:

    ✓ positional_encoding: matches the reference on 4 inputs.
    ✗ positional_encoding: wrong shape for p of shape (5, 2): expected (5, 34), got (5, 32).
      Hint: did you forget to include p itself in front of the sines and cosines?

A check never raises on student code — not when it is not implemented yet, raises,
returns NaN, the wrong shape or the wrong type.  Every check returns ``True``/``False``
so tests (and the student) can use the verdict.

This module holds the shared machinery; the chapter modules hold the references, inputs
and hints.
"""
from __future__ import annotations

import os
import traceback
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import torch

PASS, FAIL, TODO = "✓", "✗", "…"


def report(name: str, passed: bool | None, message: str, hint: str | None = None) -> bool:
    """Print one verdict line (and a hint) and return ``passed`` (None → False)."""
    mark = TODO if passed is None else PASS if passed else FAIL
    line = f"{mark} {name}: {message}"
    if hint:
        line += f"\n  Hint: {hint}"
    print(line)
    return bool(passed)


def not_implemented(name: str) -> bool:
    return report(name, None, "not implemented yet — fill in the cell marked # YOUR CODE HERE, run it, then run this check again.")


def describe_exception(exc: BaseException) -> str:
    """``ValueError: message (in my_function, line 3)``: the error and where in the
    student's own code (the last frame outside inrlib) it happened."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not os.path.abspath(frame.filename).startswith(here):
            where = f" (in {frame.name}, line {frame.lineno})"
            break
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}{': ' + text if text else ''}{where}"


class StudentError(Exception):
    """Wraps an exception raised by student code, so checks can tell it apart."""

    def __init__(self, original: BaseException):
        super().__init__(describe_exception(original))
        self.original = original


def call_student(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call student code; its exceptions come back wrapped in :class:`StudentError`.

    ``NotImplementedError`` is re-raised unchanged: it means "not done yet".
    """
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - any student error is reported, not raised
        raise StudentError(exc) from exc


def as_array(value: Any) -> np.ndarray | None:
    """Student output as a float64 NumPy array, or None if it is not array-like numbers."""
    try:
        if isinstance(value, torch.Tensor):
            return value.detach().to("cpu", torch.float64).numpy()
        arr = np.asarray(value, dtype=np.float64)
        return arr
    except (TypeError, ValueError):
        return None


def compare_outputs(got: Any, expected: Any, *, what: str, rtol: float = 1e-4, atol: float = 1e-5,
                    want_tensor: bool | None = None) -> tuple[bool, str, str | None]:
    """Compare a student's output with the reference output.

    Returns ``(ok, message, hint)`` with a message that says what differs: type, shape,
    NaN/inf, sign, a constant factor, or just the size of the error.
    """
    if want_tensor and not isinstance(got, torch.Tensor):
        return False, f"{what}: expected a torch.Tensor, got {type(got).__name__}", \
            "use torch operations (torch.sin, torch.cat, …) so the result stays a tensor."
    g, e = as_array(got), as_array(expected)
    if g is None:
        return False, f"{what}: expected numbers, got {type(got).__name__}", "return the computed value, not print it."
    if g.shape != e.shape:
        return False, f"{what}: wrong shape: expected {e.shape}, got {g.shape}", None
    if not np.all(np.isfinite(g)):
        return False, f"{what}: the result contains NaN or inf", \
            "look for a division by zero, a log of 0, or an overflow."
    if np.allclose(g, e, rtol=rtol, atol=atol):
        return True, "", None
    if np.allclose(-g, e, rtol=rtol, atol=atol):
        return False, f"{what}: the result has the wrong sign", "check the sign of each term."
    denom = float(np.vdot(e, e))
    if denom > 0:
        scale = float(np.vdot(g, e)) / denom
        if scale not in (0.0,) and np.allclose(g, scale * e, rtol=rtol, atol=atol):
            return False, f"{what}: off by a constant factor {scale:.4g}", \
                "a factor such as 2, π or 1/N is missing or extra."
    err = float(np.max(np.abs(g - e)))
    return False, f"{what}: values differ from the reference (max abs error {err:.3g})", None


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
) -> bool:
    """Run ``student(*args)`` and ``reference(*args)`` on each case and compare.

    ``diagnose(got, expected, args)`` may return a chapter-specific hint for a mismatch
    (e.g. "did you forget π?").  Prints one verdict; returns True when all cases match.
    """
    if not callable(student):
        return report(name, False, f"expected a function, got {type(student).__name__}")
    for args in cases:
        expected = reference(*args)
        try:
            got = call_student(student, *args)
        except NotImplementedError:
            return not_implemented(name)
        except StudentError as exc:
            return report(name, False, f"your code raised {exc} for {describe(args)}")
        ok, message, hint = compare_outputs(got, expected, what=describe(args), rtol=rtol, atol=atol,
                                            want_tensor=want_tensor)
        if not ok:
            if diagnose is not None:
                try:
                    hint = diagnose(got, expected, args) or hint
                except Exception:  # noqa: BLE001 - a hint must never crash the check
                    pass
            return report(name, False, message, hint)
    return report(name, True, f"matches the reference on {len(cases)} inputs.")


def works(fn: Callable, *args: Any) -> bool:
    """True if ``fn(*args)`` runs without raising (quietly)."""
    try:
        fn(*args)
        return True
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


class _Verdict(Exception):
    """Ends a check early with a verdict that has already been printed."""

    def __init__(self, passed: bool):
        super().__init__(passed)
        self.passed = passed


def attempt(name: str, student: Callable, *args: Any, context: str = "", **kwargs: Any) -> Any:
    """Run student code inside a ``@never_crash`` check and return its result.

    If the code is not implemented yet, or raises, the verdict is printed ("not
    implemented yet" / "your code raised …<context>") and the check ends with False.
    """
    try:
        return call_student(student, *args, **kwargs)
    except NotImplementedError:
        raise _Verdict(not_implemented(name)) from None
    except StudentError as exc:
        raise _Verdict(report(name, False, f"your code raised {exc}{context}")) from None


def never_crash(check: Callable[..., bool]) -> Callable[..., bool]:
    """Decorator for every ``check_*`` function: whatever the student's object does
    (odd types, tensors where numbers were expected …), the check reports, never raises."""
    import functools

    @functools.wraps(check)
    def wrapper(*args: Any, **kwargs: Any) -> bool:
        try:
            return bool(check(*args, **kwargs))
        except _Verdict as verdict:
            return verdict.passed
        except NotImplementedError:
            return not_implemented(check.__name__.removeprefix("check_"))
        except Exception as exc:  # noqa: BLE001
            return report(check.__name__.removeprefix("check_"), False,
                          f"could not use your answer: {describe_exception(exc)}",
                          "compare the type and shape of what you return with the exercise's description.")

    return wrapper
