"""Chapter 05 — NeRF. The standard scene layout on disk: the loader round trip, alpha compositing, errors naming the file."""
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




def test_views_pixel_rays_line_up_with_their_targets(tmp_path):
    path = nerf.make_scene("course", size=8, n_train=2, n_val=1, n_test=1, directory=tmp_path)
    views = nerf.load_views(path, "train")
    o, d, target = views.rays()
    o2, d2 = views.pixel_rays(2)
    assert o2.shape == d2.shape == (2 * 8 * 8, 4, 3) and target.shape == (2 * 8 * 8, 3)
    assert torch.allclose(d2.mean(dim=1), d, atol=1e-6) and torch.equal(o2[:, 0], o)
    # pixel 37 of view 1 is pixel (4, 5) of the second camera
    assert torch.allclose(d2[64 + 37], nerf.pixel_rays(8, 8, views.focal, views.poses[1], 2)[1][4, 5])


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
