"""Mutation suite, chapter 04 (inrlib.checks.pinn)."""
import numpy as np
import torch

from inrlib import pinn
from inrlib.checks import pinn as check
from inrlib.networks import MLP


def forever(*args, **kwargs):
    while True:
        pass


def residual_jacobian_style(model, xt, lam):  # another way: pinn.gradient twice
    xt = xt.clone().requires_grad_(True)
    u = model(xt).squeeze(-1)
    g = pinn.gradient(u, xt)
    u_xx = pinn.gradient(g[:, 0], xt)[:, 0]
    return (g[:, 1] - lam * u_xx).unsqueeze(-1)  # (N, 1) is accepted too


def residual_no_create_graph(model, xt, lam):
    xt = xt.clone().requires_grad_(True)
    u = model(xt)[:, 0]
    (g,) = torch.autograd.grad(u.sum(), xt, create_graph=True)
    (gg,) = torch.autograd.grad(g[:, 0].sum(), xt)  # no create_graph: u_xx is cut from the weights
    return g[:, 1] - lam * gg[:, 0]


def broken(judge, chk):
    judge.fails(chk, lambda *a: None, says="None")
    judge.fails(chk, lambda *a: torch.tensor(float("nan")))
    judge.fails(chk, lambda *a: "0.0")
    judge.fails(chk, lambda *a: [][1], says="IndexError")
    judge.fails(chk, forever, says="did not return within")


def test_heat_residual(judge, short_limits):
    judge.passes(check.check_heat_residual, residual_jacobian_style)
    for wrong, hint in check._HEAT_MISTAKES:
        judge.fails(check.check_heat_residual, wrong, hint=hint.split(":")[0])
    judge.fails(check.check_heat_residual, residual_no_create_graph, hint="create_graph=True")
    judge.fails(check.check_heat_residual, lambda m, xt, lam: check.reference_heat_residual(m, xt, lam).detach(),
                says="detached")
    judge.fails(check.check_heat_residual, lambda m, xt, lam: check.reference_heat_residual(m, xt, lam).detach().numpy(),
                says="torch.Tensor")
    broken(judge, check.check_heat_residual)


def test_boundary_loss(judge, short_limits):
    judge.passes(check.check_boundary_loss, lambda m, xb, g: torch.nn.functional.mse_loss(m(xb).squeeze(-1), g))
    for wrong, hint in check._BC_MISTAKES:
        judge.fails(check.check_boundary_loss, wrong, hint=hint[:30])

    def under_no_grad(m, xb, g):
        with torch.no_grad():
            return ((m(xb)[:, 0] - g) ** 2).mean()

    judge.fails(check.check_boundary_loss, under_no_grad, says="detached")
    judge.fails(check.check_boundary_loss, lambda m, xb, g: ((m(xb)[:, 0] - g) ** 2).mean().item(), says="torch.Tensor")
    broken(judge, check.check_boundary_loss)


def test_inverse_loss(judge, short_limits):
    judge.passes(check.check_inverse_loss, lambda m, lam, xt, xd, ud: pinn.mse(residual_jacobian_style(m, xt, lam)) +
                 torch.nn.functional.mse_loss(m(xd)[:, 0], ud))
    for wrong, hint in check._INVERSE_MISTAKES:
        judge.fails(check.check_inverse_loss, wrong, hint=hint[:30])
    judge.fails(check.check_inverse_loss, lambda m, lam, xt, xd, ud: check.reference_inverse_loss(m, float(lam), xt, xd, ud),
                says="does not depend on λ")
    judge.fails(check.check_inverse_loss, lambda m, lam, xt, xd, ud:
                (residual_no_create_graph(m, xt, lam) ** 2).mean() + ((m(xd)[:, 0] - ud) ** 2).mean(),
                hint="create_graph=True")
    broken(judge, check.check_inverse_loss)


def test_hard_constraint(judge, short_limits):
    judge.passes(check.check_hard_constraint_1d, lambda x, n: x[:, 0] + torch.sin(torch.pi * x[:, 0]) * n)
    judge.passes(check.check_hard_constraint_1d, lambda x, n: (x * (1 + (1 - x) * n[:, None]))[:, 0])
    judge.fails(check.check_hard_constraint_1d, lambda x, n: x[:, 0] + 0 * n, says="does not change")
    judge.fails(check.check_hard_constraint_1d, lambda x, n: x[:, 0] + x[:, 0] * n, hint="d(0) = d(1) = 0")
    judge.fails(check.check_hard_constraint_1d, lambda x, n: x[:, 0] + x[:, 0] * (1 - x[:, 0]) * n.detach(),
                says="no gradient")
    judge.fails(check.check_hard_constraint_1d, lambda x, n: (x[:, 0] + x[:, 0] * (1 - x[:, 0]) * n).detach().numpy(),
                says="torch.Tensor")
    judge.fails(check.check_hard_constraint_1d,
                lambda x, n: torch.where((x[:, 0] > 0) & (x[:, 0] < 1), torch.nan, x[:, 0]) + 0 * n, says="NaN")
    broken(judge, check.check_hard_constraint_1d)


def test_resample(judge, short_limits):
    def by_sort(fn, cand, n):
        r = fn(cand).detach().abs()
        return cand[np.argsort(-r.numpy())[:n].copy()]

    def under_no_grad(fn, cand, n):
        with torch.no_grad():
            return cand[fn(cand).abs().topk(n).indices]

    judge.passes(check.check_resample, by_sort)
    judge.fails(check.check_resample, lambda fn, c, n: by_sort(fn, c, n).numpy(), says="torch.Tensor")
    judge.fails(check.check_resample, under_no_grad, says="RuntimeError")
    judge.fails(check.check_resample, lambda fn, c, n: c[fn(c).detach().abs().topk(n, largest=False).indices],
                hint="smallest residuals")
    judge.fails(check.check_resample, lambda fn, c, n: c[fn(c).detach().topk(n).indices], hint="absolute value")
    judge.fails(check.check_resample, lambda fn, c, n: by_sort(fn, c, n).double(), says="dtype")
    broken(judge, check.check_resample)
    # the next cell's use: concatenated with float32 points and trained on
    net = MLP(1, 1, 16, 2, activation="tanh")
    added = by_sort(lambda p: pinn.poisson_1d_residual(net, p), torch.linspace(0, 1, 401)[:, None], 10)
    torch.cat([pinn.Interval(0, 1).sample_interior(6).float(), added])
    added[:, 0].numpy()
