"""Argument checks for inrlib's public functions.

Every public function checks its inputs at the boundary and raises an error that names
the argument, shows the value and says what was expected.  These helpers keep those
checks one line long.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterable

import numpy as np
import torch


def show(value: Any) -> str:
    """A short description of ``value`` for error messages (arrays: type, shape, dtype)."""
    if isinstance(value, (torch.Tensor, np.ndarray)):
        return f"{type(value).__name__} of shape {tuple(value.shape)} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) < 80 else text[:77] + "..."


def positive_int(name: str, value: Any) -> int:
    """``value`` as an int > 0, else ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {show(value)}")
    return int(value)


def non_negative_int(name: str, value: Any) -> int:
    """``value`` as an int >= 0, else ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {show(value)}")
    return int(value)


def positive_float(name: str, value: Any) -> float:
    """``value`` as a finite float > 0, else ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a positive number, got {show(value)}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {show(value)}")
    return float(value)


def one_of(name: str, value: Any, options: Iterable[Any]) -> Any:
    """``value`` if it is one of ``options``, else ``ValueError`` listing them."""
    options = list(options)
    try:
        known = bool(value in options)
    except (TypeError, ValueError, RuntimeError):  # an array or tensor compared with a string
        known = False
    if not known:
        raise ValueError(f"{name} must be one of {options}, got {show(value)}")
    return value


def real_number(name: str, value: Any, what: str = "a real number") -> float:
    """``value`` as a finite float (any sign), else ``TypeError``/``ValueError`` naming ``name``.
    A 0-d real tensor counts as its number.  ``what`` says what is expected in the
    ``TypeError`` ("r must be a number ≥ 0, got 'big'")."""
    if isinstance(value, torch.Tensor) and value.ndim == 0 and not value.dtype.is_complex:
        value = value.item()  # a bool tensor becomes a bool, refused below
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be {what}, got {show(value)}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number (no NaN or inf), got {show(value)}")
    return float(value)


def non_negative_float(name: str, value: Any) -> float:
    """``value`` as a finite float >= 0, else ``TypeError``/``ValueError`` naming ``name``."""
    if real_number(name, value) < 0:
        raise ValueError(f"{name} must be a non-negative number, got {show(value)}")
    return float(value)


def function(name: str, value: Any) -> Any:
    """``value`` if it can be called, else ``TypeError`` naming ``name``."""
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {show(value)}")
    return value


def module(name: str, value: Any) -> torch.nn.Module:
    """``value`` if it is a ``torch.nn.Module``, else ``TypeError`` naming ``name``."""
    if not isinstance(value, torch.nn.Module):
        raise TypeError(f"{name} must be a torch.nn.Module (a network), got {show(value)}")
    return value


def _pair(name: str, value: Any, what: str, check: Callable[[str, Any], Any]) -> tuple:
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{name} must be a pair {what}, got {show(value)}")
    if len(value) != 2:
        raise ValueError(f"{name} must be a pair {what}, got {show(value)}")
    return check(f"{name}[0]", value[0]), check(f"{name}[1]", value[1])


def size_pair(name: str, value: Any) -> tuple[int, int]:
    """``value`` as a pair ``(height, width)`` of positive ints, else an error naming ``name``."""
    return _pair(name, value, "(height, width) of positive integers", positive_int)


def number_pair(name: str, value: Any) -> tuple[float, float]:
    """``value`` as a pair ``(a, b)`` of finite numbers, else an error naming ``name``."""
    return _pair(name, value, "(a, b) of numbers", real_number)


def path(name: str, value: Any) -> Any:
    """``value`` if it is a file path (``str`` or ``os.PathLike``), else ``TypeError`` naming ``name``."""
    if not isinstance(value, (str, os.PathLike)) or not str(value):
        raise TypeError(f"{name} must be a file path (str or pathlib.Path), got {show(value)}")
    return value


def tensor(
    name: str,
    value: Any,
    *,
    ndim: int | tuple[int, ...] | None = None,
    last_dim: int | None = None,
    floating: bool = True,
    finite: bool = False,
) -> torch.Tensor:
    """Check that ``value`` is a torch tensor of the expected rank and last dimension
    (and, with ``finite``, that it holds no NaN or inf).

    Raises ``TypeError`` for a non-tensor and ``ValueError`` for a wrong shape or a
    non-finite entry, naming ``name`` and what was expected.
    """
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {show(value)}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if value.ndim not in allowed:
            want = " or ".join(str(a) for a in allowed)
            raise ValueError(f"{name} must have {want} dimensions, got {show(value)}")
    if last_dim is not None and (value.ndim == 0 or value.shape[-1] != last_dim):
        raise ValueError(f"{name} must have last dimension {last_dim}, got {show(value)}")
    if floating and not value.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got {show(value)}")
    if finite and not torch.isfinite(value).all():
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf), got {show(value)}")
    return value


def image_array(name: str, value: Any) -> np.ndarray | torch.Tensor:
    """Check an image: an array/tensor of shape (H, W) or (H, W, C) with C in 1..4."""
    if not isinstance(value, (np.ndarray, torch.Tensor)):
        raise TypeError(f"{name} must be a numpy array or torch tensor, got {show(value)}")
    if value.ndim not in (2, 3) or (value.ndim == 3 and value.shape[-1] not in (1, 2, 3, 4)):
        raise ValueError(f"{name} must have shape (H, W) or (H, W, C) with C <= 4, got {show(value)}")
    if value.shape[0] < 1 or value.shape[1] < 1:
        raise ValueError(f"{name} must not be empty, got {show(value)}")
    return value


def finite_array(name: str, value: Any, *, min_size: int = 1, ndim: int | None = None) -> np.ndarray:
    """``value`` as a floating-point NumPy array with only finite entries, else an error
    naming ``name`` (a float32 input stays float32)."""
    try:
        arr = np.asarray(value)
        if arr.dtype == object and any(v is None for v in arr.flat):  # NumPy would make None a NaN
            raise TypeError("None is not a number")
        if not np.issubdtype(arr.dtype, np.floating):
            arr = arr.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of real numbers, got {show(value)}") from exc
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got {show(arr)}")
    if arr.size < min_size:
        raise ValueError(f"{name} must have at least {min_size} entries, got {show(arr)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite values (no NaN or inf), got {show(arr)}")
    return arr


def checked(check: Callable[..., Any]) -> Callable:
    """Decorator: run ``check(*args, **kwargs)`` before the function it decorates.

    The argument checks of a function a lecture shows live in ``check`` (a private function
    with the same parameters, raising the usual named errors), so the shown source is one
    decorator line and then the maths::

        @validate.checked(_check_compositing_weights)
        def compositing_weights(sigma, deltas):
            ...
    """
    import functools

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def with_checks(*args, **kwargs):
            check(*args, **kwargs)
            return fn(*args, **kwargs)

        with_checks.unchecked = fn  # the bare maths, for inner loops that have checked already
        return with_checks

    return decorate
