"""Chapter 05 — NeRF. Your own scene: the command end to end on small scenes made differently
(RGB only, other sizes, downscaled, fl_x instead of camera_angle_x), and every bad input named."""
import json
import os

import numpy as np
import pytest
import torch
from PIL import Image
from skimage.transform import downscale_local_mean

from inrlib import nerf
from inrlib.nerf.__main__ import main

torch.set_num_threads(1)


def _scene(directory, size=16, n=3, alpha=True):
    """A tiny scene in the standard layout, written with the course's generator (exact renders)."""
    focal = nerf.focal_from_fov(size, nerf.CAMERA_ANGLE_X)
    for split, poses in (("train", [nerf.orbit_pose(120 * k, 30, 3.5) for k in range(n)]),
                         ("test", [nerf.orbit_pose(45, 25, 3.5)])):
        rgb, cover = zip(*(nerf.render_ground_truth(nerf.SCENES["course"], size, size, focal, p) for p in poses))
        rgb, cover = np.stack(rgb), np.stack(cover)
        if alpha:
            nerf.write_views(directory, split, rgb, torch.stack(poses), nerf.CAMERA_ANGLE_X, alphas=cover)
        else:
            nerf.write_views(directory, split, rgb * cover[..., None] + 1 - cover[..., None], torch.stack(poses),
                             nerf.CAMERA_ANGLE_X)
    return directory


def test_area_downscale_is_the_block_mean():
    image = np.random.default_rng(0).random((24, 18, 4)).astype(np.float32)
    assert np.allclose(nerf.area_downscale(image, 3), downscale_local_mean(image, (3, 3, 1)), atol=1e-6)
    odd = np.random.default_rng(1).random((25, 19, 3))  # a remainder is cropped evenly from both sides
    assert np.allclose(nerf.area_downscale(odd, 4), downscale_local_mean(odd[0:24, 1:17], (4, 4, 1)))


def test_downscaled_views_keep_the_cameras_field_of_view(tmp_path):
    _scene(tmp_path / "s", size=32)
    full, small = nerf.load_views(tmp_path / "s"), nerf.load_views(tmp_path / "s", downscale=4)
    assert small.images.shape[1:3] == (8, 8) and small.focal == pytest.approx(full.focal / 4)
    assert torch.allclose(small.images[0], torch.tensor(downscale_local_mean(full.images[0].numpy(), (4, 4, 1))),
                          atol=1e-6)
    assert torch.allclose(small.alphas[0], torch.tensor(downscale_local_mean(full.alphas[0].numpy(), (4, 4))),
                          atol=1e-6)


def test_fl_x_stands_in_for_camera_angle_x(tmp_path):
    _scene(tmp_path / "s")
    meta = json.loads((tmp_path / "s" / "transforms_train.json").read_text())
    focal = nerf.focal_from_fov(16, meta.pop("camera_angle_x"))
    (tmp_path / "s" / "transforms_train.json").write_text(json.dumps({**meta, "fl_x": focal}))
    views = nerf.load_views(tmp_path / "s")
    assert views.focal == pytest.approx(focal) and views.camera_angle_x == pytest.approx(nerf.CAMERA_ANGLE_X)


@pytest.mark.parametrize("alpha", [True, False])
def test_the_command_trains_a_scene_and_saves_what_the_viewer_loads(tmp_path, capsys, alpha):
    _scene(tmp_path / "s", alpha=alpha)
    out = tmp_path / "scene.pt"
    assert main(["train", "--data", str(tmp_path / "s"), "--steps", "3", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    summary = json.loads(printed.out)  # the JSON summary is the last (here the only) output
    for key in ("scene", "views", "bound", "steps", "seconds", "psnr", "ssim", "psnr_one_ray"):
        assert key in summary
    assert summary["steps"] == 3 and summary["views"] == 3 and summary["alpha"] is alpha
    assert summary["rays_per_pixel"] in (1, 4) and "ray(s) per pixel" in printed.err
    assert summary["bound"] == pytest.approx(3.5 * np.sin(nerf.CAMERA_ANGLE_X / 2), rel=1e-3)  # from the cameras
    assert "bound" in printed.err  # the command says what it chose
    field, occupancy, settings, saved = nerf.load_trained(out)
    assert settings.bound == pytest.approx(summary["bound"]) and saved["psnr"] == summary["psnr"]
    assert settings.n_samples == summary["render_samples"] == 2 * summary["n_samples"]
    # the checkpoint, rendered with its saved settings, gives the reported figure
    test_views = nerf.recentred(nerf.load_views(tmp_path / "s", "test"), torch.tensor(summary["centre"]))
    again = nerf.evaluate_views(field, test_views, occupancy, settings, supersample=nerf.SUPERSAMPLE)
    assert again["psnr"] == pytest.approx(summary["psnr"], abs=1e-6)
    from inrlib.widgets.nerf import NerfViewer

    view = NerfViewer.from_checkpoint(out).compute(45.0, 25.0, 3.5, 64, truth=False)
    assert view["rgb"].shape == (64, 64, 3) and np.isfinite(view["rgb"]).all()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def _views_of(images):
    images = torch.tensor(np.array(images), dtype=torch.float32)
    poses = torch.stack([nerf.orbit_pose(90.0 * k, 30.0, 3.5) for k in range(len(images))])
    return nerf.Views(images, poses, nerf.focal_from_fov(images.shape[2], nerf.CAMERA_ANGLE_X), nerf.CAMERA_ANGLE_X,
                      [f"r_{k}.png" for k in range(len(images))], None, 1.0)


def test_pixel_detail_is_the_rms_step_between_neighbours():
    from inrlib.nerf.own_scene import pixel_detail

    n, slope = 12, 0.03
    ramp = np.broadcast_to(slope * np.arange(n)[None, None, :, None], (2, n, n, 3))  # steps of 0.03 across, 0 down
    assert pixel_detail(_views_of(ramp)) == pytest.approx(slope / np.sqrt(2), rel=1e-5)  # half the steps are 0
    checker = np.broadcast_to(((np.arange(n)[:, None] + np.arange(n)[None, :]) % 2)[None, :, :, None], (2, n, n, 3))
    assert pixel_detail(_views_of(checker)) == pytest.approx(1.0)
    assert pixel_detail(_views_of(np.full((2, n, n, 3), 0.3))) == 0.0


def test_rays_per_pixel_follow_the_photos_detail(tmp_path):
    """Photos with detail at the pixel scale train with the camera's 2 × 2 rays per pixel,
    photos smooth at that scale with one; the command says which."""
    n = 16
    smooth = np.broadcast_to(0.02 * np.arange(n)[None, None, :, None], (3, n, n, 3))
    checker = np.broadcast_to(((np.arange(n)[:, None] + np.arange(n)[None, :]) % 2)[None, :, :, None], (3, n, n, 3))
    assert nerf.scene_settings(_views_of(smooth))["supersample"] == 1
    assert nerf.scene_settings(_views_of(checker))["supersample"] == 2
    _scene(tmp_path / "s")  # the course's generator at 16 × 16: edges and texture in every few pixels
    assert nerf.scene_settings(nerf.load_views(tmp_path / "s"))["supersample"] == 2


def test_a_given_bound_is_used(tmp_path, capsys):
    _scene(tmp_path / "s")
    assert main(["train", "--data", str(tmp_path / "s"), "--steps", "1", "--bound", "1.5"]) == 0
    assert json.loads(capsys.readouterr().out)["bound"] == 1.5


def _error(args, capsys) -> str:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err


def test_bad_input_is_named_and_nothing_is_written(tmp_path, capsys):
    scene = _scene(tmp_path / "s")
    out = tmp_path / "out.pt"
    assert "does not exist" in _error(["train", "--data", str(tmp_path / "nowhere"), "--steps", "1"], capsys)
    os.makedirs(tmp_path / "empty")
    err = _error(["train", "--data", str(tmp_path / "empty"), "--steps", "1"], capsys)
    assert "transforms_train.json" in err
    assert "downscale 4 would leave" in _error(["train", "--data", str(scene), "--downscale", "4", "--steps", "1"],
                                               capsys)
    assert "out" in _error(["train", "--data", str(scene), "--steps", "1", "--out", str(tmp_path / "no" / "x.pt")],
                           capsys)
    Image.new("RGB", (4, 4)).save(tmp_path / "s" / "train" / "r_1.png")  # a wrong size
    assert "r_1.png" in _error(["train", "--data", str(scene), "--steps", "1", "--out", str(out)], capsys)
    (tmp_path / "s" / "train" / "r_1.png").write_bytes(b"not an image")
    assert "r_1.png is not a readable image" in _error(["train", "--data", str(scene), "--steps", "1", "--out",
                                                         str(out)], capsys)
    assert not out.exists()
    assert "--steps" in _error(["train", "--data", str(scene), "--steps", "0"], capsys)
