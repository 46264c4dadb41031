"""The machinery every exercise check shares: run student code safely, judge what it returns,
print exactly one verdict.

* :func:`run_student` calls student code under a time limit (``SIGALRM`` in the main thread,
  where Jupyter runs cells; Ctrl-C still stops it).  Past the limit the check says
  "did not return within N s — an infinite loop?" and the notebook goes on.
* :func:`expect_number`, :func:`expect_array`, :func:`expect_tensor` (in ``expect.py``) validate a result and
  raise :class:`Wrong` with a message that names what differs ("your function returned
  None", a string, NaN, a shape, a dtype, a detached graph …).
* :func:`describe_exception` names the student's own line (the notebook cell), not the
  torch/NumPy frame where the error surfaced.
* Inside a ``@never_crash`` check, :func:`report` only records; the decorator prints one
  line — the first ✗ if any, else the last ✓ — so no check prints two verdicts.

The verdict line format is stable (the grade command reads it from cell outputs)::

    ✓ name: message
    ✗ name: message
      Hint: …
    … name: not implemented yet — …
"""
from __future__ import annotations

import functools
import inspect
import linecache
import os
import re
import signal
import sys
import threading
import traceback
from typing import Any, Callable

import numpy as np
import torch

from .expect import Wrong, differs, expect_array, expect_number, expect_tensor, kind, to_array  # noqa: F401 (re-exported)

PASS, FAIL, TODO = "✓", "✗", "…"

#: Default time limit (seconds) of one call of student code.
DEFAULT_TIMEOUT = 5.0
TIMEOUT_PHRASE = "did not return within"


def time_scale() -> float:
    """``INRLIB_CHECK_TIME_SCALE`` multiplies every limit (a slow machine may set 3)."""
    try:
        return max(float(os.environ.get("INRLIB_CHECK_TIME_SCALE", "1")), 1e-3)
    except ValueError:
        return 1.0


# ----------------------------------------------------------------------------- verdicts
_RECORDS = threading.local()


def _stack() -> list:
    if not hasattr(_RECORDS, "stack"):
        _RECORDS.stack = []
    return _RECORDS.stack


def format_verdict(name: str, passed: bool | None, message: str, hint: str | None = None) -> str:
    mark = TODO if passed is None else PASS if passed else FAIL
    message = " ".join(str(message).split())
    if len(message) > 300:
        message = message[:297] + "…"
    line = f"{mark} {name}: {message}"
    if hint:
        line += f"\n  Hint: {hint}"
    return line


def report(name: str, passed: bool | None, message: str, hint: str | None = None) -> bool:
    """One verdict (and a hint); returns ``passed`` (None → False).

    Inside a ``@never_crash`` check the verdict is recorded and the decorator prints the one
    that counts; outside, it is printed at once."""
    stack = _stack()
    if stack:
        stack[-1].append((name, passed, message, hint))
    else:
        print(format_verdict(name, passed, message, hint))
    return bool(passed)


def not_implemented(name: str) -> bool:
    return report(name, None, "not implemented yet — fill in the cell marked # YOUR CODE HERE, run it, "
                              "then run this check again.")


# ----------------------------------------------------------------------------- where an error happened
_LIBRARY_DIRS = tuple({os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                       os.path.dirname(os.path.abspath(np.__file__)),
                       os.path.dirname(os.path.abspath(torch.__file__)),
                       os.path.dirname(os.path.dirname(os.path.abspath(np.__file__))),  # site-packages
                       os.path.abspath(os.path.dirname(os.__file__))})  # the standard library
_CELL = re.compile(r"^<ipython-input-|^<cell|ipykernel_\d+[\\/]\d+\.py$")


def _is_cell(filename: str) -> bool:
    return bool(_CELL.search(filename))


def _is_library(filename: str) -> bool:
    if filename.startswith("<"):
        return filename.startswith("<frozen")
    path = os.path.abspath(filename)
    return path.startswith(_LIBRARY_DIRS)


def student_frame(tb) -> traceback.FrameSummary | None:
    """The frame of the traceback in the student's own code: the last notebook-cell frame,
    else the last frame outside inrlib, NumPy, torch and the standard library."""
    frames = traceback.extract_tb(tb)
    for test in (_is_cell, lambda f: not _is_library(f)):
        for frame in reversed(frames):
            if test(frame.filename):
                return frame
    return None


def describe_exception(exc: BaseException) -> str:
    """``ValueError: message (in my_function, line 3: `code`)``: the error and the student's
    line where it happened (not the torch/NumPy line where it surfaced)."""
    frame = student_frame(exc.__traceback__)
    where = ""
    if frame is not None:
        code = (frame.line or linecache.getline(frame.filename, frame.lineno) or "").strip()
        where = f" (in {frame.name}, line {frame.lineno}" + (f": `{code[:80]}`" if code else "") + ")"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}{': ' + text[:200] if text else ''}{where}"


# ----------------------------------------------------------------------------- running student code
class StudentError(Exception):
    """Wraps an exception raised by student code, so checks can tell it apart."""

    def __init__(self, original: BaseException):
        super().__init__(describe_exception(original))
        self.original = original


class StudentTimeout(StudentError):
    """Student code did not return within its time limit."""

    def __init__(self, seconds: float):
        Exception.__init__(self, f"{TIMEOUT_PHRASE} {seconds:.3g} s — an infinite loop?")
        self.original = None
        self.seconds = seconds


class _Alarm(BaseException):
    """Raised by the SIGALRM handler inside student code (a BaseException, so an
    ``except Exception`` in the student's loop does not swallow it)."""


_ARMED = threading.local()


def _alarm(signum, frame):  # noqa: ARG001
    raise _Alarm()


def run_student(fn: Callable, *args: Any, timeout: float | None = None, **kwargs: Any) -> Any:
    """Call student code under a time limit; its exceptions come back as :class:`StudentError`.

    ``NotImplementedError`` is re-raised unchanged (it means "not done yet"); past the limit
    :class:`StudentTimeout` is raised.  The limit uses ``SIGALRM``, so it applies in the main
    thread (where notebooks and pytest run code); elsewhere, or on a platform without it, the
    call runs without a limit.  KeyboardInterrupt (Ctrl-C) is never caught.
    """
    if not callable(fn):
        raise StudentError(TypeError(f"expected a function, got {type(fn).__name__}"))
    seconds = (DEFAULT_TIMEOUT if timeout is None else timeout) * time_scale()
    can_limit = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
                 and not getattr(_ARMED, "on", False))
    if not can_limit:
        return _call(fn, args, kwargs)
    previous = signal.signal(signal.SIGALRM, _alarm)
    _ARMED.on = True
    try:
        # fire again every 0.2 s until the call ends, in case student code swallows the first
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.2)
        try:
            return _call(fn, args, kwargs)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
    except _Alarm:
        raise StudentTimeout(seconds) from None
    finally:
        _ARMED.on = False
        signal.signal(signal.SIGALRM, previous)


def _call(fn, args, kwargs):
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        raise
    except (_Alarm, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - any student error (RecursionError included) is reported
        raise StudentError(exc) from exc


def call_student(fn: Callable, *args: Any, timeout: float | None = None, **kwargs: Any) -> Any:
    """Same as :func:`run_student` (the older name)."""
    return run_student(fn, *args, timeout=timeout, **kwargs)


# ----------------------------------------------------------------------------- one verdict per check
def _called_from_notebook() -> bool:
    """True when the check was called from a notebook cell (not from a test or a module)."""
    frame = sys._getframe(2)
    here = os.path.dirname(os.path.abspath(__file__))
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(here):
        frame = frame.f_back
    return frame is not None and _is_cell(frame.f_code.co_filename)


def _inrlib_object(value: Any) -> str | None:
    """The name of an inrlib function/class handed in as an answer, else None."""
    if inspect.isfunction(value) or inspect.ismethod(value) or inspect.isclass(value) or inspect.isbuiltin(value):
        module = getattr(value, "__module__", "") or ""
        if module == "inrlib" or module.startswith("inrlib."):
            return f"{module}.{getattr(value, '__qualname__', getattr(value, '__name__', '?'))}"
    return None


def never_crash(check: Callable[..., bool]) -> Callable[..., bool]:
    """Decorator for every ``check_*``: whatever the student's object does, the check prints
    exactly one verdict line and returns True/False, never raises (Ctrl-C excepted)."""
    label = check.__name__.removeprefix("check_")

    @functools.wraps(check)
    def wrapper(*args: Any, **kwargs: Any) -> bool:
        records: list = []
        from_notebook = _called_from_notebook()
        _stack().append(records)
        result: bool | None = None
        try:
            handed = next((n for n in map(_inrlib_object, args) if n), None) if from_notebook else None
            if handed:
                report(label, False, f"that is inrlib's own {handed}, not your answer",
                       "write your own function in the exercise cell and pass it to the check.")
            else:
                result = bool(check(*args, **kwargs))
        except _Verdict:
            pass
        except NotImplementedError:
            not_implemented(label)
        except StudentTimeout as exc:
            report(label, False, f"your code {exc}", "look for a loop whose condition never becomes false.")
        except StudentError as exc:
            report(label, False, f"your code raised {exc}")
        except Wrong as exc:
            report(label, False, exc.message, exc.hint)
        except Exception as exc:  # noqa: BLE001
            report(label, False, f"could not use your answer: {describe_exception(exc)}",
                   "compare the type and shape of what you return with the exercise's description.")
        finally:
            _stack().pop()
        failed = [r for r in records if r[1] is False]
        todo = [r for r in records if r[1] is None]
        passed = [r for r in records if r[1]]
        if failed:
            chosen = failed[0]
        elif todo:
            chosen = todo[0]
        elif passed and result is not False:
            chosen = passed[-1]
        elif result:
            chosen = (label, True, "right.", None)
        else:
            chosen = (label, False, "the check could not confirm your answer", None)
        name, ok, message, hint = chosen
        print(format_verdict(name, ok, message, hint))
        return bool(ok)

    return wrapper


class _Verdict(Exception):
    """Ends a check early with a verdict that has already been recorded."""

    def __init__(self, passed: bool):
        super().__init__(passed)
        self.passed = passed


def attempt(name: str, student: Callable, *args: Any, context: str = "", timeout: float | None = None,
            **kwargs: Any) -> Any:
    """Run student code inside a ``@never_crash`` check and return its result.

    If the code is not implemented yet, raises, or runs past its limit, the verdict is
    recorded ("not implemented yet" / "your code raised …<context>" / "did not return within
    N s") and the check ends with False."""
    try:
        return run_student(student, *args, timeout=timeout, **kwargs)
    except NotImplementedError:
        raise _Verdict(not_implemented(name)) from None
    except StudentTimeout as exc:
        raise _Verdict(report(name, False, f"your code {exc}{context}",
                              "look for a loop whose condition never becomes false.")) from None
    except StudentError as exc:
        raise _Verdict(report(name, False, f"your code raised {exc}{context}")) from None
