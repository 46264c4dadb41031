"""Checks for chapter 04's exercises (``exercises/04_pinn.ipynb``).

Every check runs the student's function on small seeded tanh networks in float64 (so the
autograd derivatives are exact to rounding) and compares with inrlib's reference.
"""
from __future__ import annotations

import torch

from .. import pinn
from ..networks import MLP
from . import (
    Wrong,
    attempt,
    as_array,
    check_against_reference,
    diagnose_by_mistakes,
    expect_tensor,
    never_crash,
    report,
)


def _same_gradients(name, student_value, reference_value, params, what, hint):
    """The student's scalar must pass the same gradient to ``params`` as the reference's: a
    graph cut by .detach()/.item()/no_grad, or a derivative taken without create_graph=True,
    trains a different (or no) network."""
    expect_tensor(student_value, what, requires_grad=True)
    try:
        got = torch.autograd.grad(student_value, params, allow_unused=True, retain_graph=True)
    except RuntimeError as exc:  # e.g. "backward through the graph a second time": a freed graph
        raise Wrong(f"{what}: the value is right but training cannot differentiate it "
                    f"({str(exc).splitlines()[0][:90]})", hint) from None
    want = torch.autograd.grad(reference_value, params, allow_unused=True, retain_graph=True)
    for g, w, p in zip(got, want, params):
        g = torch.zeros_like(p) if g is None else g
        w = torch.zeros_like(p) if w is None else w
        if not torch.allclose(g.double(), w.double(), rtol=1e-5, atol=1e-8):
            raise Wrong(f"{what}: the value is right but its gradient with respect to the network's weights is not",
                        hint)


def _net(seed: int, d_in: int = 2, width: int = 8) -> torch.nn.Module:
    torch.manual_seed(seed)
    return MLP(d_in, 1, hidden_features=width, hidden_layers=2, activation="tanh").double()


def _points(seed: int, n: int, d: int = 2) -> torch.Tensor:
    return torch.rand(n, d, dtype=torch.float64, generator=torch.Generator().manual_seed(seed))


# ----------------------------------------------------------------------------- exercise 1: the heat residual
def reference_heat_residual(model, xt, lam):
    """r = u_t − λ u_xx at xt (N, 2), shape (N,)."""
    return pinn.heat_residual(model, xt, lam)


def _u_derivatives(model, xt):
    xt = xt.detach().clone().requires_grad_(True)
    u = model(xt)[:, 0]
    g = pinn.gradient(u, xt)
    u_xx = torch.autograd.grad(g[:, 0].sum(), xt, create_graph=True)[0][:, 0]
    return g, u_xx


_HEAT_MISTAKES = [
    (lambda m, xt, lam: _u_derivatives(m, xt)[0][:, 1] + lam * _u_derivatives(m, xt)[1],
     "the residual is u_t − λ u_xx (the PDE moved to one side): check the sign of the λ term."),
    (lambda m, xt, lam: lam * _u_derivatives(m, xt)[1] - _u_derivatives(m, xt)[0][:, 1],
     "the sign convention here is r = u_t − λ u_xx (yours is its negative)."),
    (lambda m, xt, lam: _u_derivatives(m, xt)[0][:, 1] - _u_derivatives(m, xt)[1],
     "λ is missing: r = u_t − λ u_xx."),
    (lambda m, xt, lam: _u_derivatives(m, xt)[0][:, 1] - lam * _u_derivatives(m, xt)[0][:, 0],
     "that is the first derivative u_x; differentiate u_x once more with respect to x (column 0)."),
    (lambda m, xt, lam: _u_derivatives(m, xt)[0][:, 0] - lam * _u_derivatives(m, xt)[1],
     "time is column 1 of xt (columns: x, t): u_t = ∂u/∂xt[:, 1]."),
]


@never_crash
def check_heat_residual(student) -> bool:
    """Exercise 1: ``heat_residual(model, xt, lam)`` → u_t − λ u_xx, shape (N,)."""
    cases = [(_net(0), _points(0, 5), 0.4), (_net(1), _points(1, 12), 1.0), (_net(2, width=16), _points(2, 30), 0.05)]

    def run(model, xt, lam):
        out = student(model, xt.clone(), lam)
        return out.reshape(-1) if isinstance(out, torch.Tensor) and out.ndim == 2 and out.shape[1] == 1 else out

    ok = check_against_reference(
        "heat_residual", run, reference_heat_residual, cases,
        describe=lambda a: f"{a[1].shape[0]} points, λ = {a[2]:g}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, _HEAT_MISTAKES, rtol=1e-7, atol=1e-9),
        rtol=1e-7, atol=1e-9, want_tensor=True)
    if not ok:
        return False
    model, xt, lam = _net(11), _points(11, 9), 0.4
    r = attempt("heat_residual", run, model, xt, lam)
    _same_gradients("heat_residual", (r**2).mean(), (reference_heat_residual(model, xt, lam) ** 2).mean(),
                    list(model.parameters()), "training mean(r²)",
                    "pass create_graph=True to every torch.autograd.grad: training differentiates r again.")
    return report("heat_residual", True, "r = u_t − λ u_xx matches on 3 networks, and its gradient trains the network.")


# ----------------------------------------------------------------------------- exercise 2: the boundary loss
def reference_boundary_loss(model, xb, g):
    """mean((u(xb) − g)²) over the boundary points xb (M, d), g (M,)."""
    return ((model(xb)[:, 0] - g) ** 2).mean()


_BC_MISTAKES = [
    (lambda m, xb, g: ((m(xb)[:, 0] - g) ** 2).sum(), "take the mean over the boundary points, not the sum."),
    (lambda m, xb, g: (m(xb)[:, 0] - g).abs().mean(), "square the mismatch: mean((u − g)²)."),
    (lambda m, xb, g: (m(xb)[:, 0] ** 2).mean(), "subtract the boundary values g: the condition is u = g, not u = 0."),
    (lambda m, xb, g: ((m(xb) - g) ** 2).mean(),
     "model(xb) has shape (M, 1) and g shape (M,): subtracting them broadcasts to (M, M). Use model(xb)[:, 0]."),
]


@never_crash
def check_boundary_loss(student) -> bool:
    """Exercise 2: ``boundary_loss(model, xb, g)`` → mean((u(xb) − g)²), a scalar tensor."""
    xb = torch.tensor([[0.0], [1.0]], dtype=torch.float64)
    cases = [(_net(3, 1), xb, torch.tensor([0.0, 1.0], dtype=torch.float64)),
             (_net(4, 1), xb, torch.tensor([0.5, -2.0], dtype=torch.float64)),
             (_net(5, 2), _points(5, 7), torch.linspace(-1, 1, 7, dtype=torch.float64))]
    ok = check_against_reference(
        "boundary_loss", lambda m, x, g: student(m, x.clone(), g.clone()), reference_boundary_loss, cases,
        describe=lambda a: f"{a[1].shape[0]} boundary points",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, _BC_MISTAKES, rtol=1e-8, atol=1e-10),
        rtol=1e-8, atol=1e-10, want_tensor=True)
    if not ok:
        return False
    model, x, g = cases[1]
    value = attempt("boundary_loss", student, model, x.clone(), g.clone())
    _same_gradients("boundary_loss", value, reference_boundary_loss(model, x, g), list(model.parameters()),
                    "the boundary loss", "no torch.no_grad(), .detach() or .item(): the loss is trained through.")
    if tuple(value.shape) != ():
        raise Wrong(f"expected a scalar tensor (shape ()), got shape {tuple(value.shape)}", "take the .mean().")
    return report("boundary_loss", True, "mean((u(xb) − g)²) matches on 3 cases, and its gradient trains the network.")


# ----------------------------------------------------------------------------- exercise 3: the inverse loss
def reference_inverse_loss(model, lam, xt, xt_data, u_data):
    """mean(r²) at the collocation points + mean((u − u_data)²) at the measurements."""
    r = pinn.heat_residual(model, xt, lam)
    return (r**2).mean() + ((model(xt_data)[:, 0] - u_data) ** 2).mean()


_INVERSE_MISTAKES = [
    (lambda m, lam, xt, xd, ud: (pinn.heat_residual(m, xt, lam) ** 2).mean(),
     "add the data term mean((u(xt_data) − u_data)²): without data λ is not determined."),
    (lambda m, lam, xt, xd, ud: ((m(xd)[:, 0] - ud) ** 2).mean(),
     "add the PDE term mean(r²): the data alone say nothing about λ."),
]


@never_crash
def check_inverse_loss(student) -> bool:
    """Exercise 3: ``inverse_loss(model, lam, xt, xt_data, u_data)`` → a scalar tensor that
    depends on λ (gradients must reach λ)."""
    xd, ud = pinn.heat_samples(20, noise=0.0, lam=0.4, seed=1)
    cases = [(_net(6), torch.tensor(0.4, dtype=torch.float64), _points(6, 10), xd, ud),
             (_net(7), torch.tensor(1.3, dtype=torch.float64), _points(7, 25), xd, ud)]
    ok = check_against_reference(
        "inverse_loss", lambda *a: student(*a), reference_inverse_loss, cases,
        describe=lambda a: f"λ = {float(a[1]):g}, {a[2].shape[0]} collocation points",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, _INVERSE_MISTAKES, rtol=1e-7, atol=1e-10),
        rtol=1e-7, atol=1e-10, want_tensor=True)
    if not ok:
        return False
    lam = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    model, xt = _net(8), _points(8, 10)
    value = attempt("inverse_loss", student, model, lam, xt, xd, ud)
    expect_tensor(value, "the loss", requires_grad=True)
    (grad,) = torch.autograd.grad(value, lam, allow_unused=True, retain_graph=True)
    if grad is None or not torch.isfinite(grad) or float(grad) == 0:
        return report("inverse_loss", False, "the loss does not depend on λ (no gradient reaches it)",
                      "use the tensor lam inside the residual; do not convert it with float() or .item().")
    _same_gradients("inverse_loss", value, reference_inverse_loss(model, lam, xt, xd, ud),
                    list(model.parameters()) + [lam], "the loss",
                    "compute the residual with create_graph=True (your exercise-1 residual) and keep λ a tensor.")
    return report("inverse_loss", True, "matches on 2 cases, and its gradient reaches λ and the weights.")


# ----------------------------------------------------------------------------- exercise 4: a 1-D hard constraint
def reference_hard_constraint_1d(x, n):
    """u = x + x(1 − x)·n: u(0) = 0, u(1) = 1 whatever n is; x (N, 1), n (N,) → (N,)."""
    return x[:, 0] + x[:, 0] * (1 - x[:, 0]) * n


@never_crash
def check_hard_constraint_1d(student) -> bool:
    """Exercise 4: ``hard_constraint_1d(x, n)`` → u (N,), a tensor, with u(0) = 0 and u(1) = 1 for
    every n, that depends on n inside (0, 1) and passes gradients to n (the network is trained
    through it)."""
    name = "hard_constraint_1d"
    ends = torch.tensor([[0.0], [1.0]], dtype=torch.float64)
    for seed in range(3):
        n = torch.randn(2, dtype=torch.float64, generator=torch.Generator().manual_seed(seed)) * 5
        got = attempt(name, student, ends.clone(), n.clone())
        expect_tensor(got, "for x of shape (2, 1)", shape=(2,))
        u0, u1 = float(got[0]), float(got[1])
        if not (abs(u0) <= 1e-12 and abs(u1 - 1) <= 1e-12):  # NaN fails too
            return report(name, False, f"u(0) = {u0:.3g}, u(1) = {u1:.3g} for a network output n = {n.tolist()}",
                          "u = g(x) + d(x)·n needs d(0) = d(1) = 0 (e.g. d = x(1 − x)) and g(0) = 0, g(1) = 1.")
    x = torch.tensor([[0.13], [0.5], [0.71], [0.9]], dtype=torch.float64)
    n1 = torch.tensor([0.3, -1.2, 2.0, 0.7], dtype=torch.float64, requires_grad=True)
    u1 = attempt(name, student, x.clone(), n1)
    expect_tensor(u1, "for x of shape (4, 1)", shape=(4,))
    u2 = attempt(name, student, x.clone(), (n1 + 1).detach())
    expect_tensor(u2, "for x of shape (4, 1)", shape=(4,))
    if torch.allclose(u1.detach(), u2.detach(), atol=1e-12):
        return report(name, False, "u does not change when the network output n changes (inside (0, 1))",
                      "u = g(x) + d(x)·n: the network output must enter, multiplied by a d(x) that is 0 only at the ends.")
    if not u1.requires_grad:
        return report(name, False, "no gradient reaches n: the network could not be trained through u",
                      "use torch operations on x and n (no .detach(), .item() or NumPy).")
    same = bool(torch.allclose(u1.detach(), reference_hard_constraint_1d(x, n1.detach()), atol=1e-10))
    return report(name, True, "boundary values hold exactly for every n, and u depends on n inside"
                  + (" (it is u = x + x(1 − x)·n)." if same else " (your d and g differ from x(1 − x) and x: fine)."))


# ----------------------------------------------------------------------------- exercise 6 (stretch): resampling
def reference_resample(residual_fn, candidates, n):
    """The n candidates with the largest |residual| (order does not matter)."""
    return pinn.resample_by_residual(residual_fn, candidates, n)


@never_crash
def check_resample(student) -> bool:
    """Exercise 6: ``resample(residual_fn, candidates, n)`` → a tensor (n, d) of rows of
    ``candidates`` (same dtype, no gradient attached) where |r| is largest.  One case uses a
    real PINN residual, which needs autograd: computing it under torch.no_grad() fails there."""
    torch.manual_seed(3)
    net = MLP(1, 1, 8, 2, activation="tanh")
    cases = [(lambda p: torch.sin(5 * p[:, 0]) * p[:, 1], _points(10, 50), 10),
             (lambda p: p[:, 0] - 0.5, torch.linspace(0, 1, 41, dtype=torch.float64)[:, None], 6),
             (lambda p: pinn.poisson_1d_residual(net, p), torch.linspace(0, 1, 101)[:, None], 7)]

    def sort_rows(a):
        a = as_array(a)
        return a[sorted(range(len(a)), key=lambda i: tuple(a[i]))] if a is not None and a.ndim == 2 else a

    def describe(a):
        return f"{a[1].shape[0]} candidates ({str(a[1].dtype).replace('torch.', '')}), n = {a[2]}"

    def diagnose(got, exp, args):
        fn, cand, n = args
        r = fn(cand).detach()
        smallest = cand[torch.topk(r.abs(), n, largest=False).indices]
        signed = cand[torch.topk(r, n).indices]
        return diagnose_by_mistakes(sort_rows(got), (), [
            (lambda: sort_rows(smallest), "you picked the smallest residuals; refine where |r| is largest."),
            (lambda: sort_rows(signed), "rank by the absolute value |r|: large negative residuals count too."),
        ])

    for fn, cand, n in cases:
        got = attempt("resample", student, fn, cand.clone(), n, context=f" for {describe((fn, cand, n))}")
        expect_tensor(got, describe((fn, cand, n)), shape=(n, cand.shape[1]), dtype=cand.dtype)
        if got.requires_grad:
            raise Wrong(f"{describe((fn, cand, n))}: the points carry a gradient graph (requires_grad is True)",
                        "return candidates[indices] (or .detach() it): the points are data, not trained values.")
    return check_against_reference("resample", lambda f, c, n: sort_rows(student(f, c.clone(), n)),
                                   lambda f, c, n: sort_rows(reference_resample(f, c, n).detach()), cases,
                                   describe=describe, diagnose=diagnose, rtol=1e-12, atol=1e-12)


__all__ = [
    "check_boundary_loss",
    "check_hard_constraint_1d",
    "check_heat_residual",
    "check_inverse_loss",
    "check_resample",
    "reference_boundary_loss",
    "reference_hard_constraint_1d",
    "reference_heat_residual",
    "reference_inverse_loss",
    "reference_resample",
]
