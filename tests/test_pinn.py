"""Chapter 04: physics-informed neural networks (geometry, autograd derivatives, losses,
hard constraints, a small problem that must converge, bad input)."""
import math

import numpy as np
import pytest
import sympy as sp
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from torch import nn

from inrlib import pinn
from inrlib.networks import MLP

torch.set_num_threads(1)


# ---------------------------------------------------------------- geometry and samplers
@pytest.mark.parametrize("method", ["uniform", "sobol"])
def test_lshape_interior_points_are_inside_and_cover_all_three_quarters(method):
    omega = pinn.lshape()
    p = omega.sample_interior(900, method, seed=1)
    assert p.shape == (900, 2) and p.dtype == torch.float64
    x, y = p[:, 0], p[:, 1]
    assert torch.all(p.abs() < 1) and not torch.any((x > 0) & (y > 0))
    for quarter in [(x < 0) & (y < 0), (x > 0) & (y < 0), (x < 0) & (y > 0)]:  # ≈ 1/3 each (area 1 of 3)
        assert 0.25 < quarter.double().mean() < 0.42
    assert omega.inside(p).all() and not omega.on_boundary(p, tol=1e-12).any()


def test_lshape_boundary_points_lie_on_the_edges_spread_by_length():
    omega = pinn.lshape()
    b = omega.sample_boundary(800, "uniform", seed=2)
    x, y = b[:, 0], b[:, 1]
    on_edge = ((x.abs() - 1).abs() < 1e-12) | ((y.abs() - 1).abs() < 1e-12) | \
        ((x.abs() < 1e-12) & (y >= 0)) | ((y.abs() < 1e-12) & (x >= 0))
    assert on_edge.all() and omega.on_boundary(b).all()
    assert omega.lengths.sum() == pytest.approx(8.0) and omega.area == pytest.approx(3.0)
    inner = (x.abs() < 1e-12) & (y > 0) | (y.abs() < 1e-12) & (x > 0)  # the two inner edges: 2 of 8
    assert 0.18 < inner.double().mean() < 0.32


@settings(max_examples=30, deadline=None)
@given(st.floats(-1.5, 1.5), st.floats(-1.5, 1.5))
def test_polygon_inside_agrees_with_the_definition_of_the_lshape(x, y):
    assume(min(abs(abs(x) - 1), abs(abs(y) - 1), abs(x), abs(y)) > 1e-6)  # away from the edges' lines
    expected = abs(x) <= 1 and abs(y) <= 1 and not (x > 0 and y > 0)
    got = bool(pinn.lshape().inside(torch.tensor([[x, y]], dtype=torch.float64), tol=0)[0])
    assert got == expected


def test_space_time_samplers():
    st_ = pinn.SpaceTime(pinn.Interval(0, 2), 0, 0.5)
    i, b, t0 = st_.sample_interior(64), st_.sample_boundary(10), st_.sample_initial(16)
    assert i.shape == (64, 2) and st_.inside(i).all()
    assert set(b[:, 0].tolist()) <= {0.0, 2.0} and ((b[:, 1] >= 0) & (b[:, 1] <= 0.5)).all()
    assert (t0[:, 1] == 0).all() and ((t0[:, 0] > 0) & (t0[:, 0] < 2)).all()
    sq = pinn.Rectangle(0, 1, 0, 1).sample_interior(256, "sobol", seed=0)  # Sobol: evenly spread
    counts = np.histogram2d(sq[:, 0].numpy(), sq[:, 1].numpy(), bins=4, range=[[0, 1], [0, 1]])[0]
    assert counts.min() >= 10


# ---------------------------------------------------------------- derivatives by autograd (vs sympy)
def test_gradient_laplacian_and_time_derivative_match_sympy():
    X, Y = sp.symbols("x y")
    f = sp.sin(2 * X) * sp.exp(-Y) + X**3 * Y
    fx, fy, lap = sp.diff(f, X), sp.diff(f, Y), sp.diff(f, X, 2) + sp.diff(f, Y, 2)
    num = {k: sp.lambdify((X, Y), v, "numpy") for k, v in {"fx": fx, "fy": fy, "lap": lap, "fxx": sp.diff(f, X, 2)}.items()}
    p = torch.rand(50, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(0)).requires_grad_(True)
    u = torch.sin(2 * p[:, 0]) * torch.exp(-p[:, 1]) + p[:, 0] ** 3 * p[:, 1]
    x, y = p[:, 0].detach().numpy(), p[:, 1].detach().numpy()
    g = pinn.gradient(u, p).detach().numpy()
    assert np.allclose(g[:, 0], num["fx"](x, y)) and np.allclose(g[:, 1], num["fy"](x, y))
    assert np.allclose(pinn.laplacian(u, p).detach().numpy(), num["lap"](x, y))
    assert np.allclose(pinn.time_derivative(u[:, None], p).detach().numpy(), num["fy"](x, y))
    assert np.allclose(pinn.second_derivative_x(u, p).detach().numpy(), num["fxx"](x, y))
    assert np.allclose(pinn.partial(u, p, 0).detach().numpy(), num["fx"](x, y))


def test_heat_exact_solution_has_zero_residual_and_the_singular_function_is_harmonic():
    class Exact(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(torch.zeros((), dtype=torch.float64))

        def forward(self, xt):
            return pinn.heat_exact(xt, 0.4)[:, None] + 0 * self.w

    xt = torch.rand(40, 2, dtype=torch.float64)
    assert pinn.heat_residual(Exact(), xt, 0.4).abs().max() < 1e-10
    assert pinn.heat_residual(Exact(), xt, 0.5).abs().max() > 0.1
    xy = pinn.lshape().sample_interior(200, seed=3).requires_grad_(True)
    s = pinn.lshape_singular(xy)
    assert pinn.laplacian(s, xy).abs().max() < 1e-9
    e = pinn.lshape().sample_boundary(200, seed=4)
    inner = (e[:, 0].abs() < 1e-12) & (e[:, 1] > 0) | (e[:, 1].abs() < 1e-12) & (e[:, 0] > 0)
    assert pinn.lshape_singular(e)[inner].abs().max() < 1e-12
    for kind in ("generic", "singular"):  # both distances vanish on all of ∂Ω and are positive inside
        assert pinn.lshape_distance(e, kind).abs().max() < 1e-7
        assert (pinn.lshape_distance(xy.detach(), kind) > 0).all()


def test_hard_constraint_holds_exactly_whatever_the_network():
    torch.manual_seed(0)
    model = pinn.heat_constraint(MLP(2, 1, 8, 2, activation="tanh").double())
    x = torch.rand(30, 1, dtype=torch.float64)
    ic = model(torch.cat([x, torch.zeros_like(x)], 1))[:, 0]
    assert torch.allclose(ic, torch.sin(math.pi * x[:, 0]), atol=1e-12)
    t = torch.rand(30, 1, dtype=torch.float64)
    for edge in (0.0, 1.0):
        assert model(torch.cat([torch.full_like(t, edge), t], 1)).abs().max() < 1e-12
    lm = pinn.lshape_model("singular", width=8, depth=1)
    assert lm(pinn.lshape().sample_boundary(100)).abs().max() < 1e-7


def test_weighted_loss_and_positive_parameter():
    r1, r2 = torch.tensor([1.0, 3.0]), torch.tensor([2.0])
    assert float(pinn.weighted_loss({"pde": r1, "bc": r2}, {"bc": 10})) == pytest.approx(5 + 40)
    lam = pinn.PositiveParameter(0.3)
    assert float(lam.value.detach()) == pytest.approx(0.3)
    with torch.no_grad():
        lam.log_value -= 100
    assert float(lam().detach()) > 0 and lam.log() > 0 and len(lam.history) == 1


def test_resampling_picks_the_points_with_the_largest_residual():
    cand = torch.linspace(-1, 1, 101, dtype=torch.float64)[:, None]
    chosen = pinn.resample_by_residual(lambda p: p[:, 0] ** 2, cand, 4)
    assert sorted(chosen[:, 0].tolist()) == pytest.approx([-1, -0.98, 0.98, 1])


# ---------------------------------------------------------------- a small problem converges
def test_pinn_solves_a_1d_poisson_problem_below_an_error_bound():
    """−u'' = π² sin(πx) on [0, 1], u(0) = u(1) = 0 (exact: sin πx), soft boundary loss."""
    torch.manual_seed(0)
    net = MLP(1, 1, 16, 2, activation="tanh").double()
    x = pinn.Interval(0, 1).sample_interior(64)
    xb = pinn.Interval(0, 1).sample_boundary(2)

    def loss(m):
        xx = x.clone().requires_grad_(True)
        u = m(xx)
        r = -pinn.laplacian(u, xx) - math.pi**2 * torch.sin(math.pi * xx[:, 0])
        return pinn.weighted_loss({"pde": r, "bc": m(xb)[:, 0]}, {"bc": 10.0})

    result = pinn.fit(net, loss, adam_steps=200, lbfgs_steps=60, lr=1e-2)
    xe = torch.linspace(0, 1, 201, dtype=torch.float64)[:, None]
    with torch.no_grad():
        err = pinn.relative_l2(net(xe), torch.sin(math.pi * xe))
    assert err < 1e-3, err
    assert result.loss[-1] < result.loss[0] * 1e-4


def test_fit_stops_on_an_lbfgs_stall_instead_of_burning_the_budget():
    """A loss that cannot fall (constant in the parameters) stalls at once: fit stops
    after one stage, and a float32 model is first switched to float64."""
    net = nn.Linear(1, 1)
    result = pinn.fit(net, lambda m: (m.weight * 0).sum() + 1.0, adam_steps=0, lbfgs_steps=1000, stage=5)
    assert result.switched_to_float64 and net.weight.dtype == torch.float64
    assert "stalled" in result.stopped and sum(len(h.step) for h in result.lbfgs) <= 10


def test_inverse_problem_recovers_the_diffusivity_from_clean_data():
    xt, u = pinn.heat_samples(100, noise=0.0, lam=0.4, seed=0)
    out = pinn.solve_heat_inverse(xt, u, lam_init=1.0, n_collocation=256, width=12, adam_steps=100,
                                  lbfgs_steps=60, time_budget=8.0)
    assert abs(out["estimate"] - 0.4) / 0.4 < 0.03, out["estimate"]
    assert out["lam"].history[0] == pytest.approx(1.0)


# ---------------------------------------------------------------- bad input
def test_bad_input_gives_clear_errors():
    omega = pinn.lshape()
    with pytest.raises(ValueError, match="points"):
        omega.inside(torch.zeros(5, 3))
    with pytest.raises(ValueError, match="n must be"):
        omega.sample_interior(0)
    with pytest.raises(ValueError, match="method"):
        omega.sample_interior(5, method="grid")
    with pytest.raises(ValueError, match="counter-clockwise"):
        pinn.Polygon([(0, 0), (0, 1), (1, 0)])
    with pytest.raises(ValueError, match="a < b"):
        pinn.Interval(1, 0)
    p = torch.rand(5, 2)
    with pytest.raises(ValueError, match="requires_grad"):
        pinn.gradient(p.sum(1), p)
    q = p.clone().requires_grad_(True)
    with pytest.raises(ValueError, match="u must have shape"):
        pinn.gradient(q.sum(), q)
    with pytest.raises(ValueError, match="xy must have last dimension 2"):
        pinn.poisson_residual(MLP(2, 1, 4, 1), torch.rand(5, 3))
    with pytest.raises(ValueError, match="one value per point"):
        pinn.poisson_residual(MLP(2, 3, 4, 1), torch.rand(5, 2))
    with pytest.raises(ValueError, match="residual_fn must return one value per collocation point"):
        pinn.resample_by_residual(lambda c: c, torch.rand(10, 2), 3)
    with pytest.raises(ValueError, match="'bc' residual is not finite"):
        pinn.weighted_loss({"pde": torch.ones(3), "bc": torch.tensor([math.nan])})
    with pytest.raises(ValueError, match="weights"):
        pinn.weighted_loss({"pde": torch.ones(3)}, {"bd": 1.0})
    with pytest.raises(ValueError, match="init"):
        pinn.PositiveParameter(-1.0)
    with pytest.raises(ValueError, match="kind"):
        pinn.lshape_model("hard")
    with pytest.raises(ValueError, match=r"points: 1 of 2 points lie outside the polygon, e.g. \(0.5, 0.5\)"):
        omega.require_inside(torch.tensor([[-0.5, -0.5], [0.5, 0.5]]))
    with pytest.raises(ValueError, match="xt_data: 1 of 5 points lie outside the space-time domain"):
        pinn.solve_heat_inverse(torch.cat([torch.rand(4, 2), torch.tensor([[0.5, 1.5]])]), torch.rand(5))
    with pytest.raises(ValueError, match="u_data"):
        pinn.solve_heat_inverse(torch.rand(5, 2), torch.rand(4))


# ---------------------------------------------------------------- exercise checks never crash
from inrlib.checks import pinn as check

CHECKS = [(check.check_heat_residual, check.reference_heat_residual),
          (check.check_boundary_loss, check.reference_boundary_loss),
          (check.check_inverse_loss, check.reference_inverse_loss),
          (check.check_hard_constraint_1d, check.reference_hard_constraint_1d),
          (check.check_resample, check.reference_resample)]


def _raise_todo(*args):
    raise NotImplementedError()


def _crash(*args):
    return 1 / 0


def _nan(*args):
    return torch.tensor(float("nan"))


def _wrong_shape(*args):
    return torch.zeros(3, 3)


def _wrong_type(*args):
    return "hello"


@pytest.mark.parametrize("check_fn, reference", CHECKS, ids=lambda f: getattr(f, "__name__", ""))
def test_checks_accept_the_reference_and_report_broken_answers_without_raising(check_fn, reference, capsys):
    assert check_fn(reference) is True
    assert "✓" in capsys.readouterr().out
    for bad in (_raise_todo, _crash, _nan, _wrong_shape, _wrong_type, 42):
        assert check_fn(bad) is False
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "ZeroDivisionError" in out


def test_checks_recognise_typical_mistakes(capsys):
    def wrong_sign(model, xt, lam):
        return -check.reference_heat_residual(model, xt, lam)

    def first_derivative(model, xt, lam):
        xt = xt.detach().clone().requires_grad_(True)
        g = pinn.gradient(model(xt), xt)
        return g[:, 1] - lam * g[:, 0]

    assert not check.check_heat_residual(wrong_sign)
    assert not check.check_heat_residual(first_derivative)
    assert not check.check_boundary_loss(lambda m, xb, g: ((m(xb) - g) ** 2).mean())
    assert not check.check_inverse_loss(lambda m, lam, xt, xd, ud: ((m(xd)[:, 0] - ud) ** 2).mean())
    assert not check.check_hard_constraint_1d(lambda x, n: x[:, 0] * (1 - x[:, 0]) * n)
    assert not check.check_resample(lambda f, c, n: c[torch.topk(f(c), n).indices])
    out = capsys.readouterr().out
    assert "negative" in out and "differentiate u_x once more" in out and "broadcasts" in out
    assert "data alone" in out and "u(0)" in out and "absolute value" in out


def test_explorer_moves_with_its_controls():
    from inrlib.widgets.pinn import PinnExplorer

    ex = PinnExplorer(steps=60)
    soft = ex.compute(n_collocation=16, boundary_weight=1.0, hard=False, width=8)
    hard = ex.compute(n_collocation=16, boundary_weight=1.0, hard=True, width=8)
    assert hard["boundary_error"] == 0.0 and soft["boundary_error"] > 1e-3
    assert not np.allclose(soft["u"], hard["u"])
    t0 = __import__("time").perf_counter()
    ex.compute(n_collocation=16, boundary_weight=1.0, hard=False, width=8)
    assert __import__("time").perf_counter() - t0 < 0.05  # cached
    with pytest.raises(ValueError, match="boundary_weight"):
        ex.compute(boundary_weight=3.0)
    ex.widget()
    ex.weight.value = 100.0
    assert ex.result["boundary_weight"] == 100.0
