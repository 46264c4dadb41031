"""§1 The finite difference method: three first-derivative formulas and one second.

Taylor's theorem says how good each replacement of a derivative by differences is,

.. math:: f(x+h) = f(x) + h f'(x) + \\frac{h^2}{2} f''(x) + \\frac{h^3}{6} f'''(x) + \\dots

so :math:`[f(x+h) - f(x)]/h = f'(x) + O(h)` and :math:`[f(x+h) - f(x-h)]/(2h) = f'(x) + O(h^2)`.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import validate

ArrayFn = Callable[[np.ndarray], np.ndarray]


def _step(name: str, h, dtype=np.float64):
    """A positive finite step ``h`` as a scalar of ``dtype`` (so float32 stays float32)."""
    return np.asarray(validate.positive_float(name, h), dtype=dtype)[()]


def _check_difference(f, x, h) -> None:
    validate.function("f", f)
    validate.finite_array("x", x)
    validate.positive_float("h", h)


def _samples(x, h) -> tuple[np.ndarray, np.floating]:
    """``x`` as a floating-point array (float32 stays float32, integers become float64) and
    ``h`` as a number of the same precision: the difference is computed in x's arithmetic."""
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    return x, x.dtype.type(h)


@validate.checked(_check_difference)
def forward_difference(f: ArrayFn, x, h: float) -> np.ndarray:
    """Forward difference :math:`D_+ f(x) = [f(x+h) - f(x)]/h = f'(x) + \\frac{h}{2} f''(x) + O(h^2)`.

    ``x`` may be a scalar or an array (any shape); the result has its shape and dtype
    (float32 in, float32 out — that is how the round-off floor is measured).
    """
    x, h = _samples(x, h)
    return (f(x + h) - f(x)) / h


@validate.checked(_check_difference)
def backward_difference(f: ArrayFn, x, h: float) -> np.ndarray:
    """Backward difference :math:`D_- f(x) = [f(x) - f(x-h)]/h = f'(x) - \\frac{h}{2} f''(x) + O(h^2)`."""
    x, h = _samples(x, h)
    return (f(x) - f(x - h)) / h


@validate.checked(_check_difference)
def central_difference(f: ArrayFn, x, h: float) -> np.ndarray:
    """Central difference :math:`D_0 f(x) = [f(x+h) - f(x-h)]/(2h) = f'(x) + \\frac{h^2}{6} f'''(x) + O(h^4)`.

    The even Taylor terms cancel, so the error is O(h²).
    """
    x, h = _samples(x, h)
    return (f(x + h) - f(x - h)) / (2 * h)


@validate.checked(_check_difference)
def second_difference(f: ArrayFn, x, h: float) -> np.ndarray:
    """Second difference :math:`D^2 f(x) = [f(x+h) - 2f(x) + f(x-h)]/h^2 = f''(x) + \\frac{h^2}{12} f''''(x) + O(h^4)`."""
    x, h = _samples(x, h)
    return (f(x + h) - 2 * f(x) + f(x - h)) / (h * h)


#: name → (formula, derivative it approximates, order of accuracy)
FORMULAS: dict[str, tuple[Callable, int, int]] = {
    "forward": (forward_difference, 1, 1),
    "backward": (backward_difference, 1, 1),
    "central": (central_difference, 1, 2),
    "second": (second_difference, 2, 2),
}
