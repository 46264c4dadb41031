"""Chapter 05 — NeRF. Training: supersampled pixels compare what the camera made."""
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




class _RedBall(nerf.Field):
    """An opaque red ball of radius 0.5 (and a parameter, so that it can be 'trained')."""

    def __init__(self):
        super().__init__()
        self.unused = torch.nn.Parameter(torch.zeros(()))

    def density(self, x):
        return 300.0 * (x.norm(dim=-1) < 0.5).float()

    def forward(self, x, d):
        return self.density(x), torch.tensor([1.0, 0.0, 0.0]).expand(*x.shape[:-1], 3) + 0 * self.unused


def _small_grid():
    """A hash grid small enough to train a few steps in milliseconds."""
    return nerf.HashGridField(n_levels=2, log2_table_size=8, min_resolution=4, max_resolution=8, width=8)


def _one_small_view():
    """One 4 × 4 photo of noise from a camera at radius 3."""
    return nerf.Views(torch.rand(1, 4, 4, 3), nerf.orbit_pose(0.0, 20.0, 3.0)[None], 4.0, nerf.CAMERA_ANGLE_X, ["a"])


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


def test_faint_samples_are_left_out_from_the_first_step_but_never_all_of_an_untrained_haze():
    """``skip_faint`` acts from step 1; on an untrained hash grid (a haze of about 1 % opacity per
    sample everywhere) a threshold above the haze still leaves something to learn from; and a step
    whose samples were all skipped (an occupancy grid with every cell empty) takes a zero gradient."""
    focal = nerf.focal_from_fov(12, nerf.CAMERA_ANGLE_X)
    poses = torch.stack([nerf.orbit_pose(40.0 * k, 25.0, 2.2) for k in range(3)])
    views = nerf.Views(torch.rand(3, 12, 12, 3, generator=torch.Generator().manual_seed(0)), poses, focal,
                       nerf.CAMERA_ANGLE_X, ["a", "b", "c"])

    def trained(skip_faint, occupancy=None):
        torch.manual_seed(0)
        field = _small_grid()
        start = torch.cat([p.detach().flatten() for p in field.parameters()])
        nerf.train_nerf(field, views, steps=2, time_budget=None, batch_rays=64, settings=nerf.RenderSettings(16),
                        skip_faint=skip_faint, occupancy=occupancy, update_occupancy=occupancy is None, progress=False)
        return start, torch.cat([p.detach().flatten() for p in field.parameters()])

    untrained = _small_grid()
    alpha = -torch.expm1(-untrained.density(torch.rand(1000, 3) * 2 - 1).detach() * 2 * math.sqrt(3) / 16)
    assert alpha.max() < 0.5 and alpha.mean() > 0.04  # a uniform haze: at the longest step, below 0.5 and above 0.04

    assert torch.equal(trained(None)[1], trained(0.0)[1])  # a threshold of 0 leaves nothing out
    assert not torch.equal(trained(None)[1], trained(0.04)[1])  # from the first step, faint samples are left out
    start, end = trained(0.5)  # above the whole haze: only what is fainter than its mean is left out
    assert not torch.equal(start, end)
    empty = nerf.OccupancyGrid(resolution=4)
    empty.occupied.zero_()
    start, end = trained(None, empty)  # every sample skipped: steps with nothing to learn from, not a crash
    assert torch.equal(start, end)


def test_the_learning_rate_decays_exponentially_to_lr_times_lr_decay(monkeypatch):
    import inrlib.nerf.train as module
    from inrlib.training import History

    schedules = []

    def learning_rates_only(model, loss_fn, steps, lr_schedule, **kw):  # the schedule at the start, middle and end
        schedules.append([lr_schedule(s) for s in (0, steps // 2, steps)])
        return History()

    monkeypatch.setattr(module, "train", learning_rates_only)
    views = _one_small_view()
    field = _small_grid()
    nerf.train_nerf(field, views, steps=100, time_budget=None, lr=2e-2, lr_decay=0.05, progress=False)
    assert schedules[-1] == pytest.approx([2e-2, 2e-2 * 0.05 ** 0.5, 1e-3])
    nerf.train_nerf(field, views, steps=100, time_budget=None, progress=False)  # the shipped model's: 1e-2 → 1e-3
    assert schedules[-1] == pytest.approx([1e-2, 1e-2 * 0.1 ** 0.5, 1e-3])
    for bad in (0.0, 1.5, -0.1):
        with pytest.raises(ValueError, match="lr_decay must be"):
            nerf.train_nerf(field, views, steps=1, time_budget=None, lr_decay=bad, progress=False)
    with pytest.raises(ValueError, match="lr must be"):
        nerf.train_nerf(field, views, steps=1, time_budget=None, lr=-1.0, progress=False)


def test_the_occupancy_grid_is_refreshed_at_steps_4_8_and_every_occupancy_every(monkeypatch):
    import inrlib.nerf.train as module

    rendered, refreshed = [0], []
    grid = nerf.OccupancyGrid(resolution=4)
    monkeypatch.setattr(grid, "update", lambda density, step_size: refreshed.append(rendered[0] + 1))

    def counted_render(*args, **kw):  # one render a step: counts the steps
        rendered[0] += 1
        return render(*args, **kw)

    render = module.render_rays
    monkeypatch.setattr(module, "render_rays", counted_render)
    views = _one_small_view()
    field = _small_grid()
    for every, expected in ((16, [4, 8, 16, 32, 48, 64]), (32, [4, 8, 32, 64])):
        rendered[0], refreshed[:] = 0, []
        nerf.train_nerf(field, views, steps=70, time_budget=None, batch_rays=4, occupancy=grid,
                        occupancy_every=every, progress=False)
        assert rendered[0] == 70 and refreshed == expected
    for bad in (0, -4, 2.5):
        with pytest.raises(ValueError, match="occupancy_every"):
            nerf.train_nerf(field, views, steps=1, time_budget=None, occupancy_every=bad, progress=False)
