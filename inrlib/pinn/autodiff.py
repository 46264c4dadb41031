"""Derivatives of a network by autograd, for a whole batch of points at once.

Because u_i depends only on x_i, ∂(Σ_j u_j)/∂x_i = ∇u(x_i): one backward pass gives the
gradient at every point.  ``create_graph=True`` keeps the graph, so the result can be
differentiated again (the Laplacian) and trained on (the residual is in the loss).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from .. import validate
from .geometry import _points


def _check_gradient(u: torch.Tensor, x: torch.Tensor) -> None:
    validate.tensor("x", x, ndim=2)
    validate.tensor("u", u)
    if not x.requires_grad:
        raise ValueError("x must require gradients (x.requires_grad_(True)) before u is computed from it")
    if u.shape not in {(x.shape[0],), (x.shape[0], 1)}:
        raise ValueError(f"u must have shape ({x.shape[0]},) or ({x.shape[0]}, 1) — one value per point of x — "
                         f"got {validate.show(u)}")


@validate.checked(_check_gradient)
def gradient(u: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    r"""∇u at every point: (N, d) from u (N,) or (N, 1) computed from x (N, d).

    Because u_i depends only on x_i, ∂(Σ_j u_j)/∂x_i = ∇u(x_i): one backward pass gives
    the whole batch.  ``create_graph=True`` keeps the graph for higher derivatives and for
    training on the result.
    """
    (g,) = torch.autograd.grad(u.sum(), x, create_graph=True)
    return g


def partial(u: torch.Tensor, x: torch.Tensor, i: int) -> torch.Tensor:
    """∂u/∂x_i at every point, shape (N,)."""
    validate.tensor("x", x, ndim=2)
    if not isinstance(i, int) or not 0 <= i < x.shape[-1]:
        raise ValueError(f"i must be an integer in [0, {x.shape[-1] - 1}], got {i!r}")
    return gradient(u, x)[:, i]


def _check_laplacian(u: torch.Tensor, x: torch.Tensor, dims: Sequence[int] | None = None) -> None:
    _check_gradient(u, x)
    if dims is not None and (isinstance(dims, (str, bytes)) or not isinstance(dims, (list, tuple, range))
                             or not all(isinstance(i, (int, np.integer)) and 0 <= i < x.shape[1] for i in dims)):
        raise ValueError(f"dims must be a list of column indices in [0, {x.shape[1] - 1}], got {validate.show(dims)}")


@validate.checked(_check_laplacian)
def laplacian(u: torch.Tensor, x: torch.Tensor, dims: Sequence[int] | None = None) -> torch.Tensor:
    r"""Δu = Σ_i ∂²u/∂x_i² over ``dims`` (default all columns of x), shape (N,)."""
    g = gradient(u, x)
    dims = range(x.shape[1]) if dims is None else dims
    return sum(torch.autograd.grad(g[:, i].sum(), x, create_graph=True)[0][:, i] for i in dims)


def time_derivative(u: torch.Tensor, xt: torch.Tensor) -> torch.Tensor:
    """∂u/∂t with time in the last column of xt, shape (N,)."""
    validate.tensor("xt", xt, ndim=2)
    return gradient(u, xt)[:, -1]


def second_derivative_x(u: torch.Tensor, xt: torch.Tensor) -> torch.Tensor:
    """∂²u/∂x² for points (x, t) of shape (N, 2), shape (N,)."""
    _points("xt", xt, 2)
    return laplacian(u, xt, dims=[0])
