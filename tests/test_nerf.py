"""Chapter 05 — NeRF: ray geometry against a known camera, rendering weights against the
closed form of a homogeneous slab, samplers, the hash grid against a plain loop, the
loader round trip, the scene generator, the shipped model, bad input, the exercise checks."""
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


def _random_pose(seed: int) -> torch.Tensor:
    """A rigid pose from scipy's uniformly random rotation and a random centre."""
    rng = np.random.default_rng(seed)
    pose = np.eye(4)
    pose[:3, :3] = Rotation.random(random_state=seed).as_matrix()
    pose[:3, 3] = rng.normal(size=3) * 3
    return torch.tensor(pose, dtype=torch.float32)


# ---------------------------------------------------------------- cameras and rays
@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 9), st.integers(2, 9), st.floats(1.0, 50.0))
def test_every_ray_projects_back_onto_the_centre_of_its_pixel(seed, h, w, focal):
    pose = _random_pose(seed)
    origins, dirs = nerf.get_rays(h, w, focal, pose)
    assert origins.shape == dirs.shape == (h, w, 3)
    assert torch.allclose(origins, pose[:3, 3].expand(h, w, 3))
    # independent projection: world point -> camera frame (inverse pose) -> pinhole -> pixel
    points = origins + 2.5 * dirs
    inv = np.linalg.inv(pose.double().numpy())
    cam = points.double().numpy().reshape(-1, 3) @ inv[:3, :3].T + inv[:3, 3]
    assert np.all(cam[:, 2] < 0)  # in front of the camera, which looks along −z
    col = focal * cam[:, 0] / -cam[:, 2] + w / 2
    row = -focal * cam[:, 1] / -cam[:, 2] + h / 2
    jj, ii = np.meshgrid(np.arange(w), np.arange(h))
    np.testing.assert_allclose(col, jj.ravel() + 0.5, atol=1e-3)
    np.testing.assert_allclose(row, ii.ravel() + 0.5, atol=1e-3)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 5), st.integers(1, 5), st.floats(1.0, 50.0), st.integers(1, 4))
def test_pixel_rays_cover_each_pixel_with_a_centred_grid(seed, h, w, focal, s):
    pose = _random_pose(seed)
    origins, dirs = nerf.pixel_rays(h, w, focal, pose, s)
    assert origins.shape == dirs.shape == (h, w, s * s, 3)
    # independent: each ray back into the camera frame and through the pinhole onto the sensor
    R = pose[:3, :3].double().numpy()
    cam = dirs.double().numpy() @ R  # Rᵀ d, row vectors
    col, row = focal * cam[..., 0] / -cam[..., 2] + w / 2, -focal * cam[..., 1] / -cam[..., 2] + h / 2
    offsets = (np.arange(s) + 0.5) / s  # where the s sub-rays cross a pixel, along each axis
    a, b = np.meshgrid(offsets, offsets, indexing="ij")  # sub-pixel (a, b): a down the rows, b along the columns
    jj, ii = np.meshgrid(np.arange(w), np.arange(h))
    np.testing.assert_allclose(col, jj[..., None] + b.ravel(), atol=1e-3)
    np.testing.assert_allclose(row, ii[..., None] + a.ravel(), atol=1e-3)
    # the grid is centred on the pixel: its mean ray is get_rays' ray through the centre (d is linear in the offset)
    centre_o, centre_d = nerf.get_rays(h, w, focal, pose)
    assert torch.allclose(dirs.mean(dim=2), centre_d, atol=1e-5)
    assert torch.allclose(origins[:, :, 0], centre_o)


def test_views_pixel_rays_line_up_with_their_targets(tmp_path):
    path = nerf.make_scene("course", size=8, n_train=2, n_val=1, n_test=1, directory=tmp_path)
    views = nerf.load_views(path, "train")
    o, d, target = views.rays()
    o2, d2 = views.pixel_rays(2)
    assert o2.shape == d2.shape == (2 * 8 * 8, 4, 3) and target.shape == (2 * 8 * 8, 3)
    assert torch.allclose(d2.mean(dim=1), d, atol=1e-6) and torch.equal(o2[:, 0], o)
    # pixel 37 of view 1 is pixel (4, 5) of the second camera
    assert torch.allclose(d2[64 + 37], nerf.pixel_rays(8, 8, views.focal, views.poses[1], 2)[1][4, 5])


class _RedBall(nerf.Field):
    """An opaque red ball of radius 0.5 (and a parameter, so that it can be 'trained')."""

    def __init__(self):
        super().__init__()
        self.unused = torch.nn.Parameter(torch.zeros(()))

    def density(self, x):
        return 300.0 * (x.norm(dim=-1) < 0.5).float()

    def forward(self, x, d):
        return self.density(x), torch.tensor([1.0, 0.0, 0.0]).expand(*x.shape[:-1], 3) + 0 * self.unused


def test_supersampled_training_compares_the_pixel_a_camera_makes():
    # photos of a red ball made as a camera makes them: each pixel the average over 2 × 2 rays
    focal = nerf.focal_from_fov(12, nerf.CAMERA_ANGLE_X)
    poses = torch.stack([nerf.orbit_pose(40.0 * k, 25.0, 2.2) for k in range(3)])
    alphas = np.stack([nerf.render_ground_truth([nerf.Sphere((0.0, 0.0, 0.0), 0.5, "camera")], 12, 12, focal, p,
                                                supersample=2)[1] for p in poses])
    red = np.zeros((3, 12, 12, 3), np.float32)
    red[..., 0] = 1.0
    images = red * alphas[..., None] + (1 - alphas[..., None])
    views = nerf.Views(torch.from_numpy(images), poses, focal, nerf.CAMERA_ANGLE_X, ["a", "b", "c"],
                       alphas=torch.from_numpy(alphas))
    assert 0 < ((alphas > 0) & (alphas < 1)).mean() < 0.5  # the silhouette's pixels are partly covered

    def first_loss(supersample):
        run = nerf.train_nerf(_RedBall(), views, steps=1, time_budget=None, batch_rays=4 * 3 * 144, lr=0.0,
                              settings=nerf.RenderSettings(n_samples=256), update_occupancy=False,
                              skip_hidden=None, supersample=supersample, log_every=1, progress=False)
        return float(run.history.loss[0])

    # the exact scene, rendered the camera's way, fits its photos (up to the random draw of pixels and
    # the jittered samples); one ray per pixel cannot, at every partly covered pixel
    exact, centre = first_loss(2), first_loss(1)
    assert exact < 2e-5 and centre > 100 * exact

    f = nerf.focal_from_fov(64, nerf.CAMERA_ANGLE_X)
    assert math.atan(32 / f) * 2 == pytest.approx(nerf.CAMERA_ANGLE_X)
    assert nerf.focal_from_fov(800, 0.6911112070083618) == pytest.approx(1111.1110311937682)  # the lego scene's


@settings(max_examples=25, deadline=None)
@given(st.floats(-180, 180), st.floats(-80, 80), st.floats(0.5, 10))
def test_orbit_cameras_are_rigid_and_look_at_the_origin(azimuth, elevation, radius):
    pose = nerf.orbit_pose(azimuth, elevation, radius)
    nerf.check_pose("pose", pose)
    assert float(pose[:3, 3].norm()) == pytest.approx(radius, rel=1e-5)
    forward = -pose[:3, 2]
    assert torch.allclose(forward, -pose[:3, 3] / radius, atol=1e-5)
    assert math.degrees(math.asin(float(pose[2, 3]) / radius)) == pytest.approx(elevation, abs=1e-3)
    assert float(pose[2, 1]) >= -1e-6  # the image's up points upwards in the world


def test_ray_box_intersection_matches_brute_force_marching():
    g = torch.Generator().manual_seed(0)
    o = torch.randn(200, 3, generator=g) * 3
    d = torch.randn(200, 3, generator=g)
    t0, t1 = nerf.ray_box_intersection(o, d, 1.0)
    t = torch.linspace(-20, 20, 40001)
    inside = ((o[:, None] + t[None, :, None] * d[:, None]).abs() <= 1.0).all(-1)
    for k in range(200):
        ts = t[inside[k]]
        if len(ts) == 0:
            assert t1[k] <= t0[k] + 2e-3
        else:
            assert float(t0[k]) == pytest.approx(float(ts[0]), abs=2e-3)
            assert float(t1[k]) == pytest.approx(float(ts[-1]), abs=2e-3)


# ---------------------------------------------------------------- volume rendering
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


def test_an_untrained_field_may_not_be_declared_empty_everywhere():
    occ = nerf.OccupancyGrid(resolution=8)
    frac = occ.update(lambda x: torch.full(x.shape[:1], 0.05) + 0.01 * x[:, 0], step_size=0.01)
    assert 0 < frac < 1


# ---------------------------------------------------------------- samplers
@settings(max_examples=25, deadline=None)
@given(st.floats(0.0, 5.0), st.floats(0.1, 5.0), st.integers(1, 50), st.booleans())
def test_stratified_samples_fall_one_per_bin(near, length, n, perturb):
    t = nerf.stratified_samples(near, near + length, n, n_rays=3, perturb=perturb)
    bins = near + length * torch.arange(n + 1) / n
    assert t.shape == (3, n)
    assert ((t >= bins[:-1] - 1e-5) & (t <= bins[1:] + 1e-5)).all()
    if not perturb:
        assert torch.allclose(t[0], (bins[:-1] + bins[1:]) / 2, atol=1e-5)


def test_hierarchical_samples_invert_the_piecewise_linear_cdf():
    """Against numpy's interpolation of the inverse CDF, and scipy's KS test for random u."""
    from scipy.stats import kstest

    bins = torch.linspace(2, 6, 9)[None]
    w = torch.tensor([[0.0, 1.0, 4.0, 0.0, 0.0, 2.0, 1.0, 0.0]])
    t = nerf.sample_pdf(bins, w, 50, deterministic=True)
    pdf = (w + 1e-5) / (w + 1e-5).sum()
    cdf = np.concatenate([[0], np.cumsum(pdf.numpy())])
    u = np.linspace(0, 1, 52)[1:-1]
    np.testing.assert_allclose(t[0].numpy(), np.interp(u, cdf, bins[0].numpy()), atol=1e-4)
    rand = nerf.sample_pdf(bins, w, 4000, generator=torch.Generator().manual_seed(0))
    assert kstest(rand[0].numpy(), lambda x: np.interp(x, bins[0].numpy(), cdf)).pvalue > 0.01
    assert (rand[0, 1:] >= rand[0, :-1]).all()
    assert ((rand > 2.5) & (rand < 3.5)).float().mean() == pytest.approx(5 / 8, abs=0.03)


# ---------------------------------------------------------------- encodings and fields
@pytest.mark.parametrize("method", ["points", "volume", "auto"])
def test_hash_grid_matches_a_plain_loop_over_levels_and_corners(method):
    enc = nerf.HashGridEncoding(n_levels=4, n_features=2, log2_table_size=10, min_resolution=4, max_resolution=40)
    with torch.no_grad():
        enc.table.normal_()
    assert enc.dense.tolist() == [True, True, False, False]  # (N+1)³ ≤ 1024 only for the coarse levels
    x = torch.rand(6, 3, generator=torch.Generator().manual_seed(1)) * 2 - 1
    x[0] = torch.tensor([1.0, -1.0, 1.0])  # a corner of the box: the last cell, weight 1 on its far vertex
    out = enc(x, method=method)
    assert out.shape == (6, 8)
    primes, T = (1, 2654435761, 805459861), enc.table_size
    for level in range(4):
        r = int(enc.resolutions[level])
        for i in range(6):
            s = (x[i].double() + 1) / 2 * r
            c = torch.minimum(s.floor(), torch.tensor(r - 1.0))
            f = s - c
            acc = torch.zeros(2, dtype=torch.float64)
            for corner in itertools.product((0, 1), repeat=3):
                v = [int(c[k]) + corner[k] for k in range(3)]
                idx = v[0] + (r + 1) * v[1] + (r + 1) ** 2 * v[2] if (r + 1) ** 3 <= T else \
                    (v[0] * primes[0] ^ v[1] * primes[1] ^ v[2] * primes[2]) % T
                weight = np.prod([f[k] if corner[k] else 1 - f[k] for k in range(3)])
                acc += float(weight) * enc.table[level * T + idx].double()
            assert torch.allclose(out[i, 2 * level:2 * level + 2].double(), acc, atol=1e-5)


def test_hash_grid_reproduces_linear_functions_and_touches_eight_rows_per_level():
    enc = nerf.HashGridEncoding(n_levels=2, n_features=1, log2_table_size=12, min_resolution=3, max_resolution=7)
    with torch.no_grad():  # dense levels: vertex feature = its x coordinate → interpolation is exact
        for level in range(2):
            r = int(enc.resolutions[level])
            v = torch.arange((r + 1) ** 3)
            enc.table[level * enc.table_size + v, 0] = (v % (r + 1)).float() / r * 2 - 1
    x = torch.rand(50, 3) * 2 - 1
    assert torch.allclose(enc(x), x[:, :1].expand(50, 2), atol=1e-5)
    for method in ("points", "volume"):
        enc.table.grad = None
        enc(torch.tensor([[0.1, 0.2, 0.3]]), method=method).sum().backward()
        assert int((enc.table.grad != 0).sum()) == 16


def test_hash_grid_volume_and_points_agree_in_value_and_gradient():
    torch.manual_seed(0)
    enc = nerf.HashGridEncoding(n_levels=3, n_features=2, log2_table_size=9, min_resolution=5, max_resolution=20)
    with torch.no_grad():
        enc.table.normal_()
    x = torch.rand(300, 3) * 2.4 - 1.2  # some points outside the box: both clamp to its faces
    grads = []
    for method in ("points", "volume"):
        enc.table.grad = None
        out = enc(x, method=method)
        (out * torch.linspace(-1, 1, out.shape[-1])).sum().backward()
        grads.append((out.detach(), enc.table.grad.clone()))
    assert torch.allclose(grads[0][0], grads[1][0], atol=1e-5)
    assert torch.allclose(grads[0][1], grads[1][1], atol=1e-4)
    with pytest.raises(ValueError, match="method"):
        enc(x, method="bilinear")


@pytest.mark.parametrize("kind", nerf.FIELD_KINDS)
def test_fields_give_non_negative_density_and_colours_in_range(kind):
    torch.manual_seed(0)
    field = nerf.make_field(kind)
    x, d = torch.rand(7, 3) * 2 - 1, torch.randn(7, 3)
    sigma, rgb = field(x, d)
    assert sigma.shape == (7,) and rgb.shape == (7, 3)
    assert (sigma >= 0).all() and ((rgb > 0) & (rgb < 1)).all()
    assert torch.allclose(field.density(x), sigma, rtol=1e-5, atol=1e-6)
    other = field(x, -d)[1]
    if kind == "nerf-noview":
        assert torch.equal(other, rgb)  # no view dependence: the direction is ignored
    else:
        assert not torch.allclose(other, rgb)
    assert torch.allclose(field(x, 5 * d)[1], rgb, atol=1e-6)  # only the direction counts, not its length


def test_positional_encoding_sizes_of_the_paper():
    field = nerf.NeRFField()  # L = 10 for x, 4 for d (paper Sec. 5.1)
    assert field.pos_encoding.out_features == 63 and field.dir_encoding.out_features == 27
    assert nerf.make_field("nerf-nope").pos_encoding.out_features == 3


# ---------------------------------------------------------------- data
def test_loader_round_trip_and_alpha_compositing(tmp_path):
    g = np.random.default_rng(0)
    images = g.random((3, 5, 7, 3)).astype(np.float32)
    alphas = np.ones((3, 5, 7), np.float32)
    alphas[:, 0, 0] = 0.0
    poses = torch.stack([nerf.orbit_pose(40.0 * k, 20.0, 4.0) for k in range(3)])
    nerf.write_views(tmp_path, "val", images, poses, 0.7, alphas=alphas)
    meta = json.loads((tmp_path / "transforms_val.json").read_text())
    assert meta["camera_angle_x"] == 0.7 and meta["frames"][1]["file_path"] == "./val/r_1"
    for background in (1.0, 0.0):
        views = nerf.load_views(tmp_path, "val", background=background)
        assert views.images.shape == (3, 5, 7, 3) and views.height == 5 and views.width == 7
        assert np.abs(views.images[:, 1:].numpy() - images[:, 1:]).max() <= 0.5 / 255 + 1e-6
        assert torch.allclose(views.images[:, 0, 0], torch.full((3, 3), background))
    assert torch.allclose(views.poses, poses, atol=1e-6)
    # the stored alpha re-composites the same pixels on any other background (random-background training)
    white, black = nerf.load_views(tmp_path, "val", 1.0), nerf.load_views(tmp_path, "val", 0.0)
    index = torch.arange(3 * 5 * 7)
    assert torch.allclose(white.on_background(index, torch.zeros(len(index), 3)), black.images.reshape(-1, 3), atol=1e-6)
    assert torch.allclose(white.alphas, torch.from_numpy(alphas))
    assert views.focal == pytest.approx(3.5 / math.tan(0.35))
    o, d, c = views.rays()
    assert o.shape == d.shape == c.shape == (3 * 5 * 7, 3)


def test_the_generated_scene_is_in_the_standard_layout_and_exact(tmp_path):
    path = nerf.make_scene("course", size=16, n_train=2, n_val=1, n_test=2, directory=tmp_path)
    for split, n in (("train", 2), ("val", 1), ("test", 2)):
        views = nerf.load_views(path, split)
        assert views.images.shape == (n, 16, 16, 3)
    # a lone sphere seen from distance D covers a disc of radius f·R/√(D² − R²) pixels
    size, R, D = 96, 0.5, 3.0
    focal = nerf.focal_from_fov(size, nerf.CAMERA_ANGLE_X)
    _, alpha = nerf.render_ground_truth([nerf.Sphere((0.0, 0.0, 0.0), R, "camera")], size, size, focal,
                                        nerf.orbit_pose(10.0, 20.0, D))
    r_px = focal * R / math.sqrt(D**2 - R**2)
    assert alpha.sum() == pytest.approx(math.pi * r_px**2, rel=0.02)
    assert set(nerf.SCENES) >= {"course", "unseen"}


# ---------------------------------------------------------------- the shipped model
def test_the_shipped_model_renders_a_held_out_view_close_to_the_truth():
    field, occ = nerf.load_shipped()
    pose = nerf.orbit_pose(123.0, 30.0, nerf.CAMERA_RADIUS)  # a view on the test orbit's circle
    focal = nerf.focal_from_fov(64, nerf.CAMERA_ANGLE_X)
    out = nerf.render_image(field, 64, 64, focal, pose, occupancy=occ, supersample=nerf.SUPERSAMPLE)
    rgb, alpha = nerf.render_ground_truth(nerf.SCENES["course"], 64, 64, focal, pose)
    truth = rgb * alpha[..., None] + 1 - alpha[..., None]
    from inrlib.metrics import psnr

    assert psnr(np.clip(out["rgb"], 0, 1), truth) > 31
    # trained on 2 × 2 rays per pixel, the field is sharper than the photos: one ray per pixel aliases
    one_ray = nerf.render_image(field, 64, 64, focal, pose, occupancy=occ)
    assert psnr(np.clip(one_ray["rgb"], 0, 1), truth) < psnr(np.clip(out["rgb"], 0, 1), truth) - 1
    assert 0.05 < float(occ.occupied.float().mean()) < 0.3  # the objects fill ~10 % of the box
    everything = nerf.render_image(field, 64, 64, focal, pose, early_stop=None)  # no skipping at all
    assert one_ray["samples"] < everything["samples"] / 3
    # skipping empty space changes the image little: what it drops is haze too thin to mark a cell
    # (opacity < 1 % per step), which can add up along a ray to a faint veil over a pixel or two
    assert psnr(one_ray["rgb"], everything["rgb"]) > 50 and np.abs(one_ray["rgb"] - everything["rgb"]).max() < 0.1
    assert psnr(np.clip(one_ray["rgb"], 0, 1), truth) > psnr(np.clip(everything["rgb"], 0, 1), truth) - 0.05
    fast = nerf.render_image(field, 64, 64, focal, pose, nerf.VIEW_SETTINGS, occupancy=occ,
                             supersample=nerf.SUPERSAMPLE)  # the widget's way: 64 samples per ray instead of 128
    assert fast["samples"] < out["samples"] * 0.7 and psnr(np.clip(fast["rgb"], 0, 1), truth) > 31


def test_viewer_widget_moves_the_camera():
    from inrlib.widgets.nerf import NerfViewer

    viewer = NerfViewer()
    box = viewer.widget()
    first = viewer.result
    assert first["rgb"].shape == (64, 64, 3) and first["psnr"] > 20
    viewer.azimuth.value = 120.0
    moved = viewer.result
    assert moved["azimuth"] == 120.0 and not np.allclose(moved["rgb"], first["rgb"])
    viewer.size.value = 100
    assert viewer.result["rgb"].shape == (100, 100, 3)
    four = viewer.result
    viewer.supersample.value = 1  # one ray per pixel: a quarter of the evaluations, and a worse match
    assert viewer.result["samples"] < four["samples"] / 2 and viewer.result["psnr"] < four["psnr"]
    assert box.children
    with pytest.raises(ValueError, match="elevation must be"):
        viewer.compute(elevation=95.0)


# ---------------------------------------------------------------- bad input
def test_bad_scene_files_are_named_in_the_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="transforms_train.json"):
        nerf.load_views(tmp_path, "train")
    (tmp_path / "transforms_train.json").write_text("{not json")
    with pytest.raises(ValueError, match="transforms_train.json is not valid JSON"):
        nerf.load_views(tmp_path, "train")
    (tmp_path / "transforms_train.json").write_text(json.dumps({"frames": []}))
    with pytest.raises(ValueError, match="camera_angle_x"):
        nerf.load_views(tmp_path, "train")
    images = np.zeros((2, 4, 4, 3), np.float32)
    nerf.write_views(tmp_path, "train", images, torch.stack([torch.eye(4)] * 2), 0.7)
    (tmp_path / "train" / "r_1.png").unlink()
    with pytest.raises(FileNotFoundError, match=r"frames\[1\].*r_1.png"):
        nerf.load_views(tmp_path, "train")
    nerf.write_views(tmp_path, "val", images, torch.stack([torch.eye(4)] * 2), 0.7)
    from PIL import Image

    Image.fromarray(np.zeros((5, 4, 3), np.uint8)).save(tmp_path / "val" / "r_1.png")
    with pytest.raises(ValueError, match=r"r_1.png has size 4×5 .* same size"):
        nerf.load_views(tmp_path, "val")
    meta = json.loads((tmp_path / "transforms_train.json").read_text())
    meta["frames"] = meta["frames"][:1]
    meta["frames"][0]["transform_matrix"] = (2 * np.eye(4)).tolist()  # a scaling, not a rotation
    (tmp_path / "transforms_test.json").write_text(json.dumps(meta))
    (tmp_path / "test").mkdir()
    nerf.write_views(tmp_path / "x", "test", images[:1], torch.eye(4)[None], 0.7)
    (tmp_path / "test" / "r_0.png").write_bytes((tmp_path / "x" / "test" / "r_0.png").read_bytes())
    meta["frames"][0]["file_path"] = "./test/r_0"
    (tmp_path / "transforms_test.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match=r"transforms_test.json frames\[0\].transform_matrix is not a rigid"):
        nerf.load_views(tmp_path, "test")
    with pytest.raises(ValueError, match="split must be one of"):
        nerf.load_views(tmp_path, "training")


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="near must be < far"):
        nerf.stratified_samples(4.0, 2.0, 8)
    with pytest.raises(ValueError, match="near must be < far"):
        nerf.stratified_samples(2.0, 2.0, 8)
    with pytest.raises(ValueError, match="n_samples must be a positive integer"):
        nerf.stratified_samples(2.0, 6.0, 0)
    with pytest.raises(ValueError, match="n_samples must be a positive integer"):
        nerf.render_rays(_Ball(), torch.zeros(1, 3), torch.ones(1, 3), nerf.RenderSettings(n_samples=0))
    with pytest.raises(ValueError, match="pose is not a rigid transform"):
        nerf.get_rays(4, 4, 2.0, torch.diag(torch.tensor([1.0, 1.0, -1.0, 1.0])))  # a reflection
    with pytest.raises(ValueError, match="pose must have shape"):
        nerf.get_rays(4, 4, 2.0, torch.eye(3))
    with pytest.raises(ValueError, match="camera_angle_x must be in"):
        nerf.focal_from_fov(64, 4.0)
    with pytest.raises(ValueError, match="focal must be a positive"):
        nerf.get_rays(4, 4, -1.0, torch.eye(4))
    with pytest.raises(ValueError, match="bins must have shape"):
        nerf.sample_pdf(torch.zeros(2, 5), torch.ones(2, 5), 4)
    with pytest.raises(ValueError, match="kind must be one of"):
        nerf.make_field("voxels")
    with pytest.raises(ValueError, match="name must be one of"):
        nerf.make_scene("lego")
    with pytest.raises(ValueError, match="eye and target must differ"):
        nerf.look_at((1.0, 2.0, 3.0), (1.0, 2.0, 3.0))


# ---------------------------------------------------------------- exercise checks
from inrlib.checks import nerf as checks


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _crash(*args, **kwargs):
    return [1, 2][len(args) + 5]


ALL_CHECKS = [checks.check_get_rays, checks.check_compositing_weights, checks.check_positional_encoding,
              checks.check_sample_pdf, checks.check_samples_saved, checks.check_color_input]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("student", [_stub, _crash, lambda *a: float("nan"), lambda *a: "text",
                                     lambda *a: torch.zeros(3, 3), lambda *a: (torch.zeros(2), None), None])
def test_checks_never_crash_on_bad_student_code(check, student, capsys):
    assert check(student) is False
    out = capsys.readouterr().out
    assert out.startswith(("✗", "…")) and "Traceback" not in out


def test_checks_accept_the_references():
    assert checks.check_get_rays(checks.reference_get_rays)
    assert checks.check_compositing_weights(checks.reference_compositing_weights)
    assert checks.check_positional_encoding(checks.reference_positional_encoding)
    assert checks.check_sample_pdf(checks.reference_sample_pdf)
    assert checks.check_samples_saved(checks.reference_count_evaluations)
    assert checks.check_color_input(checks.reference_color_input)


def test_checks_recognise_typical_mistakes(capsys):
    def weights_inclusive(s, d):
        return torch.exp(-torch.cumsum(s * d, -1)) * (1 - torch.exp(-s * d))

    assert not checks.check_compositing_weights(weights_inclusive)
    assert "exclusive" in capsys.readouterr().out

    def rays_at_corners(h, w, f, pose):
        return checks._rays_with(h, w, f, pose, offset=0.0)

    assert not checks.check_get_rays(rays_at_corners)
    assert "pixel centres" in capsys.readouterr().out

    def pe_no_pi(p, L):
        return torch.cat([p] + [fn(2**k * p) for k in range(L) for fn in (torch.sin, torch.cos)], -1)

    assert not checks.check_positional_encoding(pe_no_pi)
    assert "multiply by π" in capsys.readouterr().out

    assert not checks.check_sample_pdf(checks._pdf_no_interp)
    assert "interpolate inside the bin" in capsys.readouterr().out

    def unnormalised(f, d, L):
        return torch.cat([f, nerf.PositionalEncoding(3, L)(d)], -1)

    assert not checks.check_color_input(unnormalised)
    assert "normalise" in capsys.readouterr().out
