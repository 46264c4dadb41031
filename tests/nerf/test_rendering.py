"""Chapter 05 — NeRF. Volume rendering: weights against the closed form of a homogeneous slab, in float32 too; the renderer and its accelerations."""
import itertools
import json
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from inrlib import nerf

torch.set_num_threads(1)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 50.0), st.floats(0.01, 3.0), st.integers(1, 64))
def test_a_homogeneous_slab_transmits_exp_minus_sigma_d(sigma, depth, n):
    """1 − Σ w_i = e^{−σd} exactly for a constant σ over any split of the depth d, and
    w_i = e^{−σ t_i} − e^{−σ t_{i+1}} (the closed form of the integral)."""
    deltas = torch.full((1, n), depth / n, dtype=torch.float64)
    w = nerf.compositing_weights(torch.full((1, n), sigma, dtype=torch.float64), deltas)
    assert float(1 - w.sum()) == pytest.approx(math.exp(-sigma * depth), rel=1e-9, abs=1e-12)
    edges = torch.linspace(0, depth, n + 1, dtype=torch.float64)
    closed = torch.exp(-sigma * edges[:-1]) - torch.exp(-sigma * edges[1:])
    assert torch.allclose(w[0], closed, rtol=1e-9, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 1000))
def test_weights_are_a_sub_probability_and_composite_mixes_the_background(seed):
    g = torch.Generator().manual_seed(seed)
    sigma = torch.rand(4, 10, generator=g) * torch.rand(4, 1, generator=g) * 30
    deltas = torch.rand(4, 10, generator=g) * 0.2
    w = nerf.compositing_weights(sigma, deltas)
    assert (w >= 0).all() and (w.sum(-1) <= 1 + 1e-6).all()
    rgb = torch.rand(4, 10, 3, generator=g)
    t = torch.cumsum(deltas, -1)
    white, black = nerf.composite(w, rgb, t, 1.0), nerf.composite(w, rgb, t, 0.0)
    assert torch.allclose(white["rgb"] - black["rgb"], (1 - w.sum(-1))[:, None].expand(4, 3), atol=1e-6)
    assert torch.allclose(black["opacity"], w.sum(-1)) and torch.allclose(black["depth"], (w * t).sum(-1))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 64), st.sampled_from([1.0, 1e3, 1e10]))
def test_weights_in_float32_match_the_float64_closed_form_for_every_delta(seed, n, largest):
    """In float32, with δ up to the paper's 10¹⁰: every w ≥ 0, Σw ≤ 1, and w equals the
    closed form w_i = e^{−Σ_{j<i} σ_j δ_j} − e^{−Σ_{j≤i} σ_j δ_j} computed in float64."""
    rng = np.random.default_rng(seed)
    sigma = rng.exponential(rng.choice([0.01, 1.0, 100.0]), size=(3, n)) * (rng.random((3, n)) < 0.7)
    deltas = rng.uniform(0, 1, size=(3, n)) * 10.0 ** rng.uniform(-4, 0, size=(3, n))
    deltas[:, -1] = largest  # the last segment: the paper's 1e10, or a finite one
    w = nerf.compositing_weights(torch.tensor(sigma, dtype=torch.float32), torch.tensor(deltas, dtype=torch.float32))
    assert w.dtype == torch.float32 and (w >= 0).all() and (w.sum(-1) <= 1 + 1e-6).all()
    tau = np.cumsum(sigma.astype(np.float64) * deltas.astype(np.float32).astype(np.float64), axis=-1)
    closed = np.exp(-np.concatenate([np.zeros((3, 1)), tau[:, :-1]], -1)) - np.exp(-tau)
    np.testing.assert_allclose(w.double().numpy(), closed, atol=2e-6, rtol=1e-4)


@pytest.mark.parametrize("sigma, expected", [([1.0, 1.0, 1.0], [1 - math.exp(-0.5), math.exp(-0.5) - math.exp(-1.0),
                                                                  math.exp(-1.0)]),
                                             ([100.0, 0.0, 1.0], [1 - math.exp(-50.0), 0.0, math.exp(-50.0)])])
def test_the_last_sample_with_the_papers_delta_takes_what_light_is_left(sigma, expected):
    """t = (0, 0.5, 1) and the last δ = 10¹⁰: the last sample absorbs the light that reaches
    it, so Σw = 1 — in float32, where "all up to i minus the i-th" once gave Σw = 1.63 and 2."""
    t = torch.tensor([[0.0, 0.5, 1.0]])
    w = nerf.compositing_weights(torch.tensor([sigma]), nerf.deltas_from_t(t))
    assert torch.allclose(w[0], torch.tensor(expected), atol=1e-6)
    assert float(w.sum()) == pytest.approx(1.0, abs=1e-6)


class _Slab(nerf.Field):
    """σ = s for |z| < h (a slab), red."""

    def __init__(self, s: float, h: float):
        super().__init__()
        self.s, self.h = s, h

    def density(self, x):
        return self.s * (x[..., 2].abs() < self.h).float()

    def forward(self, x, d):
        return self.density(x), torch.tensor([1.0, 0.0, 0.0]).expand(*x.shape[:-1], 3)


def test_rendering_a_slab_field_through_the_whole_pipeline():
    s, h = 3.0, 0.25
    o = torch.tensor([[0.0, 0.0, 3.0], [0.3, -0.2, 3.0]])
    d = torch.tensor([[0.0, 0.0, -1.0], [0.1, 0.2, -1.0]])
    out = nerf.render_rays(_Slab(s, h), o, d, nerf.RenderSettings(n_samples=2000, bound=1.0))
    expected = 1 - torch.exp(-s * 2 * h * d.norm(dim=-1))  # path length 2h|d|/|d_z|
    assert torch.allclose(out["opacity"], expected, atol=2e-3)
    assert torch.allclose(out["rgb"][:, 1], 1 - out["opacity"], atol=1e-6)  # white shows through
    black = nerf.render_rays(_Slab(s, h), o, d, nerf.RenderSettings(n_samples=2000, background=0.0))
    assert torch.allclose(black["rgb"][:, 1], torch.zeros(2), atol=1e-6)


class _Ball(nerf.Field):
    def density(self, x):
        return 300.0 * (x.norm(dim=-1) < 0.5).float()

    def forward(self, x, d):
        return self.density(x), torch.sigmoid(3 * x)


def test_supersampled_rendering_matches_the_exact_pixel_coverage():
    # a pixel is a little square: with s × s rays per pixel, an opaque ball covers each pixel by the
    # same fraction as the ground truth's exact ray casting with the same s × s rays
    field, pose = _Ball(), nerf.orbit_pose(20.0, 30.0, 3.5)
    focal = nerf.focal_from_fov(16, nerf.CAMERA_ANGLE_X)
    _, coverage = nerf.render_ground_truth([nerf.Sphere((0.0, 0.0, 0.0), 0.5, "camera")], 16, 16, focal, pose,
                                           supersample=2)
    out = nerf.render_image(field, 16, 16, focal, pose, nerf.RenderSettings(n_samples=256), supersample=2)
    assert out["rgb"].shape == (16, 16, 3) and out["opacity"].shape == out["depth"].shape == (16, 16)
    assert np.abs(out["opacity"] - coverage).max() < 0.02
    assert set(np.unique(coverage)) > {0.0, 1.0}  # some pixels are partly covered, and they agree too
    centre = nerf.render_image(field, 16, 16, focal, pose, nerf.RenderSettings(n_samples=256))
    assert np.abs(centre["opacity"] - coverage).max() > 0.2  # one ray per pixel cannot see partial coverage


def test_a_per_ray_background_shows_through_empty_space_only():
    field, pose = _Ball(), nerf.orbit_pose(20.0, 30.0, 3.5)
    o, d = nerf.get_rays(8, 8, nerf.focal_from_fov(8, nerf.CAMERA_ANGLE_X), pose)
    background = torch.rand(64, 3, generator=torch.Generator().manual_seed(0))
    out = nerf.render_rays(field, o.reshape(-1, 3), d.reshape(-1, 3), nerf.RenderSettings(n_samples=256),
                           background=background)
    empty = out["opacity"] < 1e-6
    assert 0 < int(empty.sum()) < 64
    assert torch.allclose(out["rgb"][empty], background[empty])
    opaque = out["opacity"] > 1 - 1e-6
    white = nerf.render_rays(field, o.reshape(-1, 3), d.reshape(-1, 3), nerf.RenderSettings(n_samples=256))
    assert opaque.any() and torch.allclose(out["rgb"][opaque], white["rgb"][opaque], atol=1e-5)


def test_occupancy_grid_and_early_termination_change_the_image_by_less_than_their_threshold():
    field, pose = _Ball(), nerf.orbit_pose(20.0, 30.0, 3.5)
    focal = nerf.focal_from_fov(32, nerf.CAMERA_ANGLE_X)
    s = nerf.RenderSettings(n_samples=128)
    occ = nerf.OccupancyGrid(resolution=16)
    frac = occ.update(field.density, step_size=2 * math.sqrt(3) / 128)
    assert 0.065 < frac < 0.15  # ball volume 0.52 of 8 (6.5 %), plus the cells its surface crosses
    full = nerf.render_image(field, 32, 32, focal, pose, s, None, early_stop=None)
    fast = nerf.render_image(field, 32, 32, focal, pose, s, occ, early_stop=1e-3, chunk=300)
    assert fast["samples"] < full["samples"] / 10
    assert np.abs(fast["rgb"] - full["rgb"]).max() < 2e-3
    assert fast["opacity"][16, 16] > 0.999 and fast["opacity"][0, 0] == 0
    assert fast["depth"][16, 16] == pytest.approx(3.5 - 0.5, abs=0.05)  # the ball's near surface


class _HazyBall(_Ball):
    """The opaque ball in a faint haze σ = 0.1 everywhere: over one of 128 steps across the box
    (δ ≤ 2√3/128 · |d|) the haze's opacity is below 1 − e^{−0.1 · 0.028} < 0.003."""

    def density(self, x):
        return super().density(x) + 0.1


def test_skip_faint_leaves_out_what_absorbs_less_than_it_and_keeps_the_rest():
    pose = nerf.orbit_pose(20.0, 30.0, 3.5)
    o, d = nerf.get_rays(12, 12, nerf.focal_from_fov(12, nerf.CAMERA_ANGLE_X), pose)
    o, d, s = o.reshape(-1, 3), d.reshape(-1, 3), nerf.RenderSettings(n_samples=128)
    hazy = nerf.render_rays(_HazyBall(), o, d, s, skip_hidden=1e-3)
    assert hazy["samples"] > 40 * 144  # the haze: every sample in front of the ball is evaluated
    # above the haze's opacity: the haze is left out, and the image is the ball's alone
    faint = nerf.render_rays(_HazyBall(), o, d, s, skip_hidden=1e-3, skip_faint=0.01)
    alone = nerf.render_rays(_Ball(), o, d, s, skip_hidden=1e-3)
    hits = int((alone["opacity"] > 0.5).sum())
    assert 0 < hits < 144 and hits <= faint["samples"] <= 3 * hits  # only the ball's surface: a sample or two a ray
    torch.testing.assert_close(faint["rgb"], alone["rgb"], atol=1e-6, rtol=0)
    assert (hazy["rgb"] - alone["rgb"]).abs().max() > 0.05  # the haze itself is visible
    # below it: nothing is left out
    kept = nerf.render_rays(_HazyBall(), o, d, s, skip_hidden=1e-3, skip_faint=1e-5)
    assert kept["samples"] == hazy["samples"]
    torch.testing.assert_close(kept["rgb"], hazy["rgb"], atol=1e-6, rtol=0)
    with pytest.raises(ValueError, match="skip_faint needs skip_hidden"):
        nerf.render_rays(_HazyBall(), o, d, s, skip_faint=0.01)
    with pytest.raises(ValueError, match=r"skip_faint must be an opacity in \[0, 1\)"):
        nerf.render_rays(_HazyBall(), o, d, s, skip_hidden=1e-3, skip_faint=1.0)


def test_kept_first_packs_each_rays_kept_samples_in_order_and_rendering_is_unchanged():
    keep = torch.tensor([[False, True, False, True], [False, False, False, False], [True, False, False, False]])
    t = torch.arange(4.0).expand(3, 4)
    x = torch.stack([t, -t, 2 * t], dim=-1)
    packed, t2, x2 = nerf.kept_first(keep, t, x)
    assert packed.tolist() == [[True, True], [False, False], [True, False]]
    assert t2[0].tolist() == [1.0, 3.0] and t2[2, 0] == 0.0 and torch.equal(x2[0], x[0, [1, 3]])
    # with an occupancy grid (which packs): the same image as the same skipping done by hand without packing
    pose = nerf.orbit_pose(20.0, 30.0, 3.5)
    o, d = nerf.get_rays(12, 12, nerf.focal_from_fov(12, nerf.CAMERA_ANGLE_X), pose)
    o, d, s = o.reshape(-1, 3), d.reshape(-1, 3), nerf.RenderSettings(n_samples=64)
    occ = nerf.OccupancyGrid(resolution=8)
    occ.update(_Ball().density, step_size=2 * math.sqrt(3) / 64)
    fast = nerf.render_rays(_Ball(), o, d, s, occ)
    t, deltas, inside = nerf.sample_along_rays(_Ball(), o, d, s, perturb=False)
    xs = o[:, None] + t[..., None] * d[:, None]
    sigma, rgb = nerf.query_field(_Ball(), xs, d, inside & occ.query(xs))
    slow = nerf.composite(nerf.compositing_weights(sigma, deltas), rgb, t)
    torch.testing.assert_close(fast["rgb"], slow["rgb"], atol=1e-6, rtol=0)
    torch.testing.assert_close(fast["depth"], slow["depth"], atol=1e-5, rtol=0)
    assert fast["samples"] == int((inside & occ.query(xs)).sum()) < 64 * 144 / 4


class _Bump(nerf.Field):
    """σ(z) = A e^{−z²/(2w²)}: a soft layer whose optical depth along z is A w √(2π)."""

    A, w = 20.0, 0.05

    def density(self, x):
        return self.A * torch.exp(-x[..., 2] ** 2 / (2 * self.w**2))

    def forward(self, x, d):
        return self.density(x), torch.ones(*x.shape[:-1], 3)


def test_hierarchical_sampling_puts_samples_on_the_layer_and_beats_equal_bins():
    """A thin layer met by 8 stratified samples: 8 more drawn from their weights land on it,
    and the opacity is far closer to the exact 1 − e^{−A w √(2π)} than with 16 equal bins."""
    o, d = torch.tensor([[0.0, 0.0, 3.0]]), torch.tensor([[0.0, 0.0, -1.0]])
    exact = 1 - math.exp(-_Bump.A * _Bump.w * math.sqrt(2 * math.pi))
    stratified = nerf.render_rays(_Bump(), o, d, nerf.RenderSettings(n_samples=16))
    hierarchical = nerf.render_rays(_Bump(), o, d, nerf.RenderSettings(n_samples=8, n_fine=8))
    t0, t1, _ = nerf.ray_segments(o, d, nerf.RenderSettings())
    coarse = nerf.stratified_samples(t0, t1, 8, perturb=False)
    both = nerf.hierarchical_samples(_Bump(), o, d, coarse, ((t1 - t0) / 8)[:, None].expand_as(coarse), t0, t1,
                                     8, perturb=False)
    assert both.shape == (1, 16) and (both[:, 1:] >= both[:, :-1]).all()
    assert ((both - 3.0).abs() < 0.25).sum() >= 10  # the 8 fine samples and 2 coarse ones near the layer
    error_h, error_s = abs(float(hierarchical["opacity"]) - exact), abs(float(stratified["opacity"]) - exact)
    assert error_h < 0.005 and error_h < error_s / 5  # measured: 0.001 against 0.019
