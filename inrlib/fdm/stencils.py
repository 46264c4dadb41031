"""§2 Any stencil: weights from the Taylor moments (Fornberg's algorithm), and its order."""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from .. import validate
from .formulas import ArrayFn, _step


def stencil_weights(offsets: Sequence[float], derivative: int, h: float = 1.0) -> np.ndarray:
    """Weights :math:`w_j` with :math:`\\sum_j w_j f(x + s_j h) ≈ f^{(m)}(x)` for offsets :math:`s_j`.

    The weights make the formula exact for every polynomial of degree < n (n = number of
    offsets): the Taylor moments satisfy :math:`\\sum_j w_j s_j^k h^k / k! = δ_{km}`,
    k = 0 … n−1.  Computed with Fornberg's recursion (Math. Comp. 51, 1988), which is
    stable where solving that Vandermonde system is not.

    Parameters
    ----------
    offsets : sequence of n distinct finite numbers, in units of h (e.g. ``[-1, 0, 1]``).
    derivative : int, 0 ≤ m < n.
    h : float > 0, the grid size; the weights scale as :math:`h^{-m}`.

    Returns
    -------
    np.ndarray of shape (n,), float64.
    """
    s = validate.finite_array("offsets", offsets, ndim=1).astype(np.float64)
    m = validate.non_negative_int("derivative", derivative)
    h = float(_step("h", h))
    n = s.size
    if len(np.unique(s)) != n:
        raise ValueError(f"offsets must be distinct, got {list(s)}")
    if m >= n:
        raise ValueError(f"derivative={m} needs at least {m + 1} offsets, got {n}: {list(s)}")
    c = np.zeros((n, m + 1))
    c[0, 0] = 1.0
    c1, c4 = 1.0, s[0]
    for i in range(1, n):
        mn = min(i, m)
        c2, c5, c4 = 1.0, c4, s[i]
        for j in range(i):
            c3 = s[i] - s[j]
            c2 *= c3
            if j == i - 1:
                for k in range(mn, 0, -1):
                    c[i, k] = c1 * (k * c[i - 1, k - 1] - c5 * c[i - 1, k]) / c2
                c[i, 0] = -c1 * c5 * c[i - 1, 0] / c2
            for k in range(mn, 0, -1):
                c[j, k] = (c4 * c[j, k] - k * c[j, k - 1]) / c3
            c[j, 0] = c4 * c[j, 0] / c3
        c1 = c2
    return c[:, m] / h**m


def apply_stencil(f: ArrayFn, x, h: float, offsets: Sequence[float], derivative: int) -> np.ndarray:
    """:math:`\\sum_j w_j f(x + s_j h)` with the weights of :func:`stencil_weights`; shape of ``x``."""
    validate.function("f", f)
    x = validate.finite_array("x", x)
    w = stencil_weights(offsets, derivative, h)
    hx = _step("h", h, x.dtype)
    return sum(wj.astype(x.dtype) * f(x + np.asarray(sj, x.dtype) * hx) for wj, sj in zip(w, offsets))


def stencil_order(offsets: Sequence[float], derivative: int) -> tuple[int, float]:
    """Order of accuracy p and leading error coefficient C of a stencil:
    :math:`\\sum_j w_j f(x+s_j h) = f^{(m)}(x) + C h^p f^{(m+p)}(x) + \\dots`

    Read off the Taylor moments :math:`μ_k = \\sum_j w_j s_j^k / k!` (with h = 1): μ_k = δ_km
    up to some k; the first k > m with μ_k ≠ 0 gives p = k − m and C = μ_k.
    """
    w = stencil_weights(offsets, derivative)
    s = np.asarray(offsets, dtype=np.float64)
    scale = float(np.max(np.abs(w)) * max(1.0, float(np.max(np.abs(s)))) ** (len(s) + 2))
    for k in range(derivative + 1, len(s) + 3):
        mu = float(np.sum(w * s**k) / math.factorial(k))
        if abs(mu) > 1e-9 * scale:
            return k - derivative, mu
    # only a stencil that is exact, e.g. derivative 0 with 0 among the offsets (w = [0, 1, 0])
    raise ValueError(f"the stencil for derivative={derivative} on offsets {list(s)} is exact (no truncation "
                     f"error term), so it has no order of accuracy")
