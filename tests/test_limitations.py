"""Chapter 08 — the limitations, measured: every number the chapter reports is checked here
against an independent reference (analytic solutions, scipy, hand counts), without timing asserts."""
import math

import numpy as np
import pytest
import scipy.linalg
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

from inrlib import limitations as L
from inrlib import nerf, pinn
from inrlib.checks import limitations as check
from inrlib.networks import MLP, count_parameters


# ----------------------------------------------------------------------------- 2. finite differences vs the bound
def test_exact_solution_solves_the_problem_symbolically():
    x = sympy.symbols("x")
    u = sympy.sin(2 * sympy.pi * x) + x
    f = 4 * sympy.pi**2 * sympy.sin(2 * sympy.pi * x)
    assert sympy.simplify(-sympy.diff(u, x, 2) - f) == 0
    assert u.subs(x, 0) == 0 and u.subs(x, 1) == 1
    assert math.isclose(float(sympy.Abs(sympy.diff(u, x, 4)).subs(x, sympy.Rational(1, 4))), L.U4_MAX)
    xs = np.linspace(0, 1, 7)
    np.testing.assert_allclose(L.poisson_exact(xs), [float(u.subs(x, v)) for v in xs], atol=1e-12)


def _banded_fd(m):
    """Independent 3-point solve of −u'' = f, u(0) = 0, u(1) = 1 with scipy.linalg.solve_banded."""
    h = 1.0 / m
    x = np.linspace(0, 1, m + 1)
    n = m - 1
    ab = np.zeros((3, n))
    ab[0, 1:], ab[1], ab[2, :-1] = -1 / h**2, 2 / h**2, -1 / h**2
    b = 4 * np.pi**2 * np.sin(2 * np.pi * x[1:-1])
    b[-1] += 1.0 / h**2
    u = np.concatenate([[0.0], scipy.linalg.solve_banded((1, 1), ab, b), [1.0]])
    return x, u


def test_fd_convergence_matches_an_independent_solver_and_has_order_two():
    study = L.fd_convergence((8, 16, 32, 64, 128))
    for h, err, rel in zip(study.hs, study.max_errors, study.errors):
        x, u = _banded_fd(round(1 / h))
        exact = np.sin(2 * np.pi * x) + x
        assert math.isclose(err, np.max(np.abs(u - exact)), rel_tol=1e-9)
        assert math.isclose(rel, np.linalg.norm(u - exact) / np.linalg.norm(exact), rel_tol=1e-9)
    assert study.unknowns.tolist() == [7, 15, 31, 63, 127]
    assert abs(study.order - 2.0) < 0.05
    assert np.all(np.diff(study.max_errors) < 0) and L.is_monotone_decreasing(study.max_errors)
    assert np.all(study.max_errors <= study.bounds)                       # the a-priori bound holds
    np.testing.assert_allclose(study.bounds, study.hs**2 * (2 * np.pi) ** 4 / 96)


@given(m=st.integers(4, 300))
def test_the_fd_bound_holds_on_every_grid(m):
    x, u = _banded_fd(m)
    assert np.max(np.abs(u - (np.sin(2 * np.pi * x) + x))) <= L.fd_error_bound(1.0 / m)


@given(h=st.floats(1e-4, 1.0), c=st.floats(1e-3, 1e4))
def test_fd_bound_is_second_order_and_linear_in_u4(h, c):
    assert math.isclose(L.fd_error_bound(h / 2, c), L.fd_error_bound(h, c) / 4, rel_tol=1e-12)
    assert math.isclose(L.fd_error_bound(h, 2 * c), 2 * L.fd_error_bound(h, c), rel_tol=1e-12)


# ----------------------------------------------------------------------------- 2. the PINN: whatever training reached
def test_pinn_study_records_each_seed_exactly_as_chapter_04_trains_it():
    study = L.pinn_error_study(n_points=(4, 8), seeds=(0, 1), steps=15, width=8)
    assert study.errors.shape == study.seconds.shape == (2, 2)
    assert study.solutions.shape == (2, 2, 201) and study.x.shape == (201,)
    assert np.all(np.isfinite(study.errors)) and np.all(study.errors > 0) and np.all(study.seconds > 0)
    again = pinn.solve_poisson_1d(n_collocation=8, hard=True, width=8, steps=15, seed=1)
    assert math.isclose(study.errors[1, 1], again["error"], rel_tol=1e-6)
    np.testing.assert_allclose(study.solutions[1, 1], again["u"], rtol=1e-6)
    exact = np.sin(2 * np.pi * study.x) + study.x    # errors are relative L2 against the exact solution
    rel = np.linalg.norm(study.solutions - exact, axis=-1) / np.linalg.norm(exact)
    np.testing.assert_allclose(study.errors, rel, rtol=1e-5)
    np.testing.assert_allclose(study.spread(), study.errors.max(1) / study.errors.min(1))
    assert np.all(study.spread() >= 1)
    torch.manual_seed(0)
    assert study.parameters == count_parameters(MLP(1, 1, 8, 2, "tanh"))


def test_training_curve_entry_k_is_the_run_after_steps_k():
    curve = L.pinn_training_curve(steps=(5, 12), seeds=(0,), n_points=8, width=8)
    assert curve.errors.shape == (2, 1) and np.all(np.isfinite(curve.errors))
    ref = pinn.solve_poisson_1d(n_collocation=8, hard=True, width=8, steps=12, seed=0)["error"]
    assert math.isclose(curve.errors[1, 0], ref, rel_tol=1e-6)


def test_is_monotone_decreasing():
    assert L.is_monotone_decreasing([3, 2, 1]) and not L.is_monotone_decreasing([3, 1, 2])
    assert not L.is_monotone_decreasing([1, 1])
    with pytest.raises(ValueError, match="values"):
        L.is_monotone_decreasing([1.0, float("nan")])


# ----------------------------------------------------------------------------- 3. large computation
@given(n=st.integers(1, 40))
def test_linear_macs_of_an_mlp_are_counted_by_hand(n):
    torch.manual_seed(0)
    model = MLP(2, 1, 8, 2)
    out = L.count_linear_macs(model, torch.zeros(n, 2))
    assert out["points"] == n
    assert out["macs_per_point"] == 2 * 8 + 8 * 8 + 8 * 1
    assert out["activation_bytes_per_point"] == (8 + 8 + 1) * 4


def test_linear_macs_of_nerf_fields_match_their_architecture():
    field = nerf.NeRFField(pos_frequencies=2, dir_frequencies=1, width=16, depth=3, skip=2)
    enc, denc = 3 * (2 * 2 + 1), 3 * (2 * 1 + 1)
    by_hand = enc * 16 + 16 * 16 + (16 + enc) * 16 + 16 * 1 + 16 * 16 + (16 + denc) * 8 + 8 * 3
    assert L.count_linear_macs(field, torch.zeros(5, 3), torch.ones(5, 3))["macs_per_point"] == by_hand
    grid = nerf.HashGridField(n_levels=4, n_features=2, log2_table_size=10, max_resolution=32, width=16)
    by_hand = 8 * 16 + 16 * 16 + (15 + 27) * 16 + 16 * 16 + 16 * 3
    assert L.count_linear_macs(grid, torch.zeros(5, 3), torch.ones(5, 3))["macs_per_point"] == by_hand
    assert check.reference_linear_macs(grid) == by_hand


def test_parameter_bytes_are_consistent_with_parameter_counts():
    torch.manual_seed(0)
    model = MLP(3, 2, 12, 2)
    assert L.parameter_bytes(model) == 4 * count_parameters(model)
    assert L.parameter_bytes(model.double()) == 8 * count_parameters(model)


def _hits(size, settings):
    """Rays of a size×size view that meet the box [−b, b]³: a slab test written in NumPy."""
    focal = nerf.focal_from_fov(size, nerf.CAMERA_ANGLE_X)
    o, d = nerf.get_rays(size, size, focal, nerf.orbit_pose(30.0, 30.0, nerf.CAMERA_RADIUS))
    o, d = o.reshape(-1, 3).double().numpy(), d.reshape(-1, 3).double().numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        t1, t2 = (-settings.bound - o) / d, (settings.bound - o) / d
    near = np.nanmax(np.minimum(t1, t2), axis=1).clip(min=settings.near)
    far = np.nanmin(np.maximum(t1, t2), axis=1).clip(max=settings.far)
    return int(np.sum(far > near))


def test_frame_cost_counts_every_network_evaluation_of_a_tiny_frame():
    torch.manual_seed(0)
    field = nerf.NeRFField(pos_frequencies=2, dir_frequencies=1, width=8, depth=2, skip=1)
    settings = nerf.RenderSettings(n_samples=5)
    cost = L.frame_cost("tiny", field, 6, settings)
    hits = _hits(6, settings)
    assert 0 < hits < 36
    assert cost.evaluations == hits * 5 and cost.pixels == 36
    assert cost.macs_per_evaluation == L.count_linear_macs(field, torch.zeros(1, 3), torch.ones(1, 3))["macs_per_point"]
    assert cost.total_macs == cost.evaluations * cost.macs_per_evaluation
    assert cost.parameters == count_parameters(field) and cost.memory_bytes == 4 * cost.parameters
    assert cost.lookups_per_evaluation == 0 and cost.seconds > 0
    grid = nerf.HashGridField(n_levels=3, n_features=2, log2_table_size=8, max_resolution=16, width=8)
    assert L.frame_cost("grid", grid, 4, settings).lookups_per_evaluation == 3 * 8 * 2


def test_fd_frame_cost_memory_is_the_csr_matrix_and_two_vectors():
    n = 12
    cost = L.fd_frame_cost(n)
    nnz = 5 * n * n - 4 * n                     # 5-point stencil, minus the missing neighbours at the edge
    assert cost.pixels == cost.parameters == n * n and cost.evaluations == 0
    int_bytes = (cost.memory_bytes - nnz * 8 - 2 * n * n * 8) / (nnz + n * n + 1)
    assert int_bytes in (4, 8)                  # indices and indptr: int32 (or int64)


# ----------------------------------------------------------------------------- 1. repetitive training
def test_image_fit_and_liif_forward_report_finite_measurements():
    image = L.held_out_photo(16)
    assert image.shape == (16, 16, 3) and image.dtype == np.float32 and 0 <= image.min() and image.max() <= 1
    fit = L.image_fit_cost(image, 3, hidden_features=16, hidden_layers=1)
    assert fit["steps"] == 3 and fit["seconds"] > 0 and np.isfinite(fit["psnr"])
    image = L.held_out_photo(32)
    one, four = L.liif_forward_cost(image), L.liif_forward_cost(image, scale=4.0)
    assert one["seconds"] > 0 and one["scale"] == 1.0
    assert one["psnr"] > four["psnr"] + 3     # encoding the image itself beats rebuilding it from 16× fewer pixels


def test_scene_step_cost_extrapolates_to_the_shipped_recipe():
    out = L.scene_step_cost(2, batch_rays=32)
    assert out["seconds_per_step"] > 0
    assert math.isclose(out["estimated_fit_seconds"], out["seconds_per_step"] * L.SHIPPED_NERF_STEPS)


def test_liif_training_seconds_come_from_the_manifest():
    from inrlib.checkpoints import read_manifest

    text = read_manifest()["liif_edsr_small"]["description"]
    minutes = float(text.split(" min on one CPU thread")[0].split()[-1])
    assert L.liif_training_seconds() == minutes * 60


@given(t=st.floats(1e-3, 1e5), fit=st.floats(1e-3, 1e3), frac=st.floats(0.0, 0.99))
def test_break_even_is_the_smallest_n_that_pays(t, fit, frac):
    forward = max(fit * frac, 1e-6)
    if forward >= fit:
        return
    n = L.break_even_images(t, fit, forward)
    assert isinstance(n, int) and n >= 1
    assert t + n * forward <= n * fit * (1 + 1e-9)
    if n > 1:
        assert t + (n - 1) * forward > (n - 1) * fit


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="fit_seconds"):
        L.break_even_images(10.0, 1.0, 2.0)
    with pytest.raises(ValueError, match="train_seconds"):
        L.break_even_images(-1.0, 1.0, 0.5)
    with pytest.raises(ValueError, match="cells"):
        L.fd_convergence([1])
    with pytest.raises(TypeError, match="cells"):
        L.fd_convergence(8)
    with pytest.raises(ValueError, match="n_points"):
        L.pinn_error_study(n_points=[])
    with pytest.raises(ValueError, match="seeds"):
        L.pinn_training_curve(seeds=[-1])
    with pytest.raises(ValueError, match="steps"):
        L.scene_step_cost(1)
    with pytest.raises(ValueError, match="size"):
        L.held_out_photo(3)
    with pytest.raises(ValueError, match="image"):
        L.image_fit_cost(np.zeros((8, 8)), 2)
    with pytest.raises(TypeError, match="model"):
        L.count_linear_macs("not a model", torch.zeros(2, 2))
    with pytest.raises(ValueError, match="inputs"):
        L.count_linear_macs(MLP(2, 1, 4, 1))
    with pytest.raises(TypeError, match="field"):
        L.frame_cost("x", MLP(3, 4, 4, 1), 4)
    with pytest.raises(ValueError, match="h"):
        L.fd_error_bound(0.0)


# ----------------------------------------------------------------------------- checks and widget
REFERENCES = [(check.check_observed_order, check.reference_observed_order),
              (check.check_fd_error_bound, check.reference_fd_error_bound),
              (check.check_seed_spread, check.reference_seed_spread),
              (check.check_linear_macs, check.reference_linear_macs),
              (check.check_break_even, check.reference_break_even)]


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _crash(*args, **kwargs):
    return 1 / 0


@pytest.mark.parametrize("check_fn, reference", REFERENCES, ids=lambda x: getattr(x, "__name__", ""))
def test_checks_accept_the_reference_and_survive_broken_answers(check_fn, reference, capsys):
    assert check_fn(reference) is True
    assert "✓" in capsys.readouterr().out
    for student in (_stub, _crash, lambda *a: float("nan"), lambda *a: "text", lambda *a: np.zeros((2, 2)), 42):
        assert check_fn(student) is False
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "ZeroDivisionError" in out


def test_checks_recognise_typical_mistakes(capsys):
    assert not check.check_observed_order(lambda h, e: -check.reference_observed_order(h, e))
    assert "log(1/h)" in capsys.readouterr().out
    assert not check.check_fd_error_bound(lambda h, u: h**2 * u / 12)
    assert "divide by 96" in capsys.readouterr().out
    assert not check.check_seed_spread(lambda e: np.max(e, 1) - np.min(e, 1))
    assert "ratio" in capsys.readouterr().out
    assert not check.check_linear_macs(lambda m: sum(p.numel() for mod in m.modules() if isinstance(mod, torch.nn.Linear)
                                                     for p in mod.parameters()))
    assert "bias" in capsys.readouterr().out
    assert not check.check_break_even(lambda t, f, a: math.ceil(t / f))
    assert "fit − forward" in capsys.readouterr().out
    assert not check.check_break_even(lambda t, f, a: max(1, math.ceil(t / (f - a))))
    assert "ValueError" in capsys.readouterr().out


def _fake_study():
    ns = np.array([4, 8, 16])
    x = np.linspace(0, 1, 201)
    errors = np.array([[0.3, 0.1], [0.05, 0.2], [0.01, 0.002]])
    sols = np.stack([np.stack([L.poisson_exact(x) * (1 + e) for e in row]) for row in errors])
    return L.PINNStudy(ns, np.array([0, 1]), 10, errors, np.ones_like(errors), sols, x, 321)


def test_widget_moves_with_its_slider_and_updates_instantly():
    from inrlib.widgets.limitations import SpreadExplorer

    explorer = SpreadExplorer(_fake_study())
    explorer.widget()
    assert explorer.result["n_points"] == 16
    explorer.n_points.value = 8
    r = explorer.result
    assert r["n_points"] == 8 and math.isclose(r["spread"], 4.0)
    assert r["fd_u"].shape == (10,) and r["fd_error"] > 0 and r["seconds"] < 0.2
    assert np.max(np.abs(r["fd_u"] - L.poisson_exact(r["fd_x"]))) <= r["fd_bound"]
    explorer.show_seeds.value = False
    assert explorer.result["show_seeds"] is False
    with pytest.raises(ValueError, match="n_points"):
        explorer.compute(5)
    with pytest.raises(TypeError, match="study"):
        SpreadExplorer("nope")
