"""Judging what a student's function returned: :func:`expect_number`, :func:`expect_array` and
:func:`expect_tensor` check a result's kind, shape, dtype and values and raise :class:`Wrong` with a
message that names what differs ("your function returned None", text, NaN, a detached graph …)."""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch


class Wrong(Exception):
    """A result that breaks the exercise's contract: ``message`` and an optional ``hint``."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


def kind(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, torch.Tensor):
        return f"a {value.dtype} tensor of shape {tuple(value.shape)}"
    if isinstance(value, np.ndarray):
        return f"a {value.dtype} array of shape {value.shape}"
    return f"a {type(value).__name__} ({value!r:.60})" if isinstance(value, (str, bytes)) else \
        f"a {type(value).__name__}"


def _none(what: str) -> Wrong:
    return Wrong(f"{what}: your function returned None",
                 "end the function with `return …` (printing the value is not returning it).")


def _has_text(value: Any) -> bool:
    if isinstance(value, (str, bytes)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_text(v) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "USO" and (value.dtype.kind != "O" or any(_has_text(v) for v in value.ravel()))
    return False


def to_array(value: Any, what: str = "the result") -> np.ndarray:
    """A numeric result as a float64 (or complex) array; raises :class:`Wrong` for None,
    text, or anything that is not numbers."""
    if value is None:
        raise _none(what)
    if _has_text(value):
        raise Wrong(f"{what}: expected numbers, got {kind(value)}", "return numbers, not text.")
    if isinstance(value, torch.Tensor):
        if value.device.type == "meta":
            raise Wrong(f"{what}: the tensor holds no data (device 'meta')")
        v = value.detach().cpu()
        return v.numpy().astype(np.complex128 if v.is_complex() else np.float64)
    try:
        arr = np.asarray(value)
        if arr.dtype.kind == "O":  # e.g. a list of 0-d tensors
            arr = np.asarray([float(v) for v in arr.ravel()]).reshape(arr.shape)
        return arr.astype(np.complex128 if arr.dtype.kind == "c" else np.float64)
    except (TypeError, ValueError, RuntimeError):
        raise Wrong(f"{what}: expected numbers, got {kind(value)}") from None


def expect_number(value: Any, what: str = "the result", *, integer: bool = False) -> float:
    """A real number — Python, NumPy or 0-d/1-element torch — finite, not bool or text."""
    if value is None:
        raise _none(what)
    if isinstance(value, (bool, np.bool_)) or _has_text(value):
        raise Wrong(f"{what}: expected a number, got {kind(value)}")
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            raise Wrong(f"{what}: expected one number, got {kind(value)}")
        value = value.detach().cpu().reshape(()).item()
    elif isinstance(value, np.ndarray):
        if value.size != 1:
            raise Wrong(f"{what}: expected one number, got {kind(value)}")
        value = value.reshape(()).item()
    if not isinstance(value, (int, float, np.integer, np.floating)) or isinstance(value, bool):
        raise Wrong(f"{what}: expected a number, got {kind(value)}")
    x = float(value)
    if not math.isfinite(x):
        raise Wrong(f"{what}: the result is {x}", "look for a division by zero, a log of 0, or an overflow.")
    if integer and x != round(x):
        raise Wrong(f"{what}: expected a whole number, got {x}")
    return x


def expect_array(value: Any, what: str = "the result", *, shape: tuple | None = None, finite: bool = True,
                 dtype: Any = None) -> np.ndarray:
    """Numbers of the given ``shape`` (None entries match any size), all finite.

    ``dtype``: a NumPy/torch dtype the result must have (its own, before conversion)."""
    if dtype is not None:
        own = getattr(value, "dtype", None)
        if own is not None and str(own).replace("torch.", "") != str(np.dtype(dtype) if not isinstance(
                dtype, torch.dtype) else dtype).replace("torch.", ""):
            raise Wrong(f"{what}: expected dtype {str(dtype).replace('torch.', '')}, got {own}",
                        "match the dtype of the inputs (e.g. torch.as_tensor(x, dtype=inputs.dtype)).")
    arr = to_array(value, what)
    if shape is not None and (len(arr.shape) != len(shape) or
                              any(s is not None and s != a for s, a in zip(shape, arr.shape))):
        want = "(" + ", ".join("…" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
        raise Wrong(f"{what}: wrong shape: expected {want}, got {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise Wrong(f"{what}: the result contains NaN or inf", "look for a division by zero, a log of 0, or an overflow.")
    return arr


def expect_tensor(value: Any, what: str = "the result", *, shape: tuple | None = None, dtype: torch.dtype | None = None,
                  requires_grad: bool | None = None, finite: bool = True) -> torch.Tensor:
    """A torch.Tensor (not NumPy, not a list) with the shape/dtype asked, and a graph back to
    the inputs when ``requires_grad`` (the later training needs the gradient)."""
    if value is None:
        raise _none(what)
    if not isinstance(value, torch.Tensor):
        raise Wrong(f"{what}: expected a torch.Tensor, got {kind(value)}",
                    "use torch operations (torch.sin, torch.cat, …) so the result stays a tensor.")
    if dtype is not None and value.dtype != dtype:
        raise Wrong(f"{what}: expected dtype {dtype}, got {value.dtype}",
                    "keep the dtype of the inputs (torch.as_tensor(…, dtype=x.dtype)).")
    expect_array(value, what, shape=shape, finite=finite)
    if requires_grad and not value.requires_grad:
        raise Wrong(f"{what}: the result is detached from the graph (requires_grad is False)",
                    "keep everything in torch operations on the inputs: no .detach(), .item(), .numpy(), "
                    "torch.no_grad(), and create_graph=True for derivatives the loss is trained through.")
    return value


def differs(got: np.ndarray, expected: np.ndarray, *, rtol: float, atol: float) -> str:
    """What differs between two same-shaped arrays: sign, a scale, or the size of the error."""
    if np.allclose(-got, expected, rtol=rtol, atol=atol) and np.any(np.abs(expected) > atol):
        return "the result has the wrong sign"
    e = expected.ravel()
    denom = float(np.real(np.vdot(e, e)))
    if e.size > 1 and denom > 0:
        scale = float(np.real(np.vdot(e, got.ravel()))) / denom
        if scale not in (0.0, 1.0) and np.allclose(got, scale * expected, rtol=rtol, atol=atol):
            return f"every value is {scale:.4g} × the expected one"
    err = float(np.max(np.abs(got - expected)))
    if got.size == 1:
        return f"got {complex(got.ravel()[0]).real if not np.iscomplexobj(got) else got.ravel()[0]:.6g}, " \
               f"expected {expected.ravel()[0].real if not np.iscomplexobj(expected) else expected.ravel()[0]:.6g}"
    return f"values differ from the reference (max abs error {err:.3g})"
