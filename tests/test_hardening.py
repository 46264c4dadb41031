"""Issue 9 — hardening across the library.

Every public function of inrlib answers bad input (None, text, NaN, a wrong shape, a
negative size, …) with a ``ValueError``/``TypeError`` raised by inrlib itself whose message
names the argument — never with a raw traceback from deep inside torch, NumPy, SciPy or
SymPy.  Three layers:

1. ``CASES``: a table of (function, argument, bad value, expected error, regex naming the
   argument), one or more rows per public function; many rows pin a gap that an automatic
   sweep found and that is now fixed.
2. ``test_sweep``: the sweep itself, kept as a test — every argument of every function in
   ``VALID`` gets None, a string and NaN; each must be refused clearly (or be a documented
   legal value, e.g. None for an optional argument).
3. Laws of :mod:`inrlib.validate` for all inputs (hypothesis).

Exercise checks fed broken student code are in tests/test_checks.py; tampered shipped
weights in tests/test_checkpoints.py.
"""
from __future__ import annotations

import math
import os
import re
import traceback

import numpy as np
import pytest
import sympy as sp
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch import nn

import inrlib
from inrlib import (boundary as bd, checkpoints, data, fdm, imaging, implicit, liif, metrics, nerf, networks, pinn,
                    settings, teaching, training, validate)
from inrlib import videoinr as vi
from inrlib import ztransform as zt

torch.set_num_threads(1)
LIBRARY = os.path.dirname(os.path.abspath(inrlib.__file__))


# --------------------------------------------------------------------------- valid calls
def _rng(seed=0):
    return np.random.default_rng(seed)


def _img(*shape):
    return _rng().random(shape)


def _net(i=1, o=1):
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(i, 8), nn.Tanh(), nn.Linear(8, o))


def _xreq(n, d):
    return torch.rand(n, d, dtype=torch.float64, requires_grad=True)


def _u_x(d):
    x = _xreq(5, d)
    return {"u": (x**2).sum(-1), "x": x}


def _u_xt():
    xt = _xreq(5, 2)
    return {"u": (xt**2).sum(-1), "xt": xt}


def _liif():
    return liif.LIIF(blocks=1, channels=4, hidden=8, layers=2)


def _zt():
    return zt.ztransform(sp.Rational(1, 2) ** zt.n)


def _hash_field():
    torch.manual_seed(0)
    return nerf.HashGridField(n_levels=2, log2_table_size=8, min_resolution=4, max_resolution=8, width=8)


def _nerf_scene() -> str:
    """A one-view 12×12 scene (SSIM needs 11×11) written into the current directory (tests run in tmp_path)."""
    if not os.path.isfile("scene/transforms_train.json"):
        nerf.write_views("scene", "train", _rng().random((1, 12, 12, 3)), nerf.orbit_pose(0, 20, 3)[None], 0.7,
                         alphas=np.ones((1, 12, 12)))
    return "scene"


SIDES = {s: None for s in bd.SIDES}
OC, IC = [1.0, -0.5], [1.0]
LOSS = lambda m: (m(torch.ones(2, 1)) ** 2).mean()  # noqa: E731

#: function -> factory of keyword arguments for one cheap, valid call
VALID = {
    implicit.make_model: lambda: dict(kind="relu", hidden_features=8, hidden_layers=1),
    implicit.render: lambda: dict(model=implicit.make_model("relu", hidden_features=8, hidden_layers=1),
                                  height=4, width=4),
    implicit.fit_image: lambda: dict(model=implicit.make_model("relu", hidden_features=8, hidden_layers=1),
                                     image=_img(8, 8), steps=2, progress=False),
    implicit.bicubic_upsample: lambda: dict(image=_img(8, 8), height=16, width=16),
    implicit.make_signal: lambda: dict(n=16),
    implicit.split_even_odd: lambda: dict(x=torch.rand(10, 1), y=torch.rand(10, 1)),
    implicit.fit_signal: lambda: dict(kind="relu", x_train=torch.rand(10, 1), y_train=torch.rand(10, 1), steps=2,
                                      hidden_features=8, hidden_layers=1),
    implicit.signal_psnr: lambda: dict(model=_net(), x=torch.rand(10, 1), y=torch.rand(10, 1)),
    zt.transfer_function: lambda: dict(output_coeffs=OC, input_coeffs=IC),
    zt.scipy_ba: lambda: dict(output_coeffs=OC, input_coeffs=IC),
    zt.simulate: lambda: dict(x=[1.0, 0.0, 0.0], output_coeffs=OC, input_coeffs=IC),
    zt.impulse_response: lambda: dict(length=5, output_coeffs=OC, input_coeffs=IC),
    zt.ROC: lambda: dict(inner=0, outer=sp.oo),
    zt.ztransform: lambda: dict(x=sp.Rational(1, 2) ** zt.n),
    zt.finite_ztransform: lambda: dict(values=[1.0, 2.0]),
    zt.evaluate_sequence_ztransform: lambda: dict(values=[1.0, 2.0], zval=2.0),
    zt.inverse_ztransform: lambda: dict(H=zt.z / (zt.z - sp.Rational(1, 2))),
    zt.sequence_values: lambda: dict(h=sp.Rational(1, 2) ** zt.n, length=4),
    zt.poles_zeros: lambda: dict(output_coeffs=OC, input_coeffs=IC),
    zt.is_stable: lambda: dict(output_coeffs=OC),
    zt.frequency_response: lambda: dict(output_coeffs=OC, input_coeffs=IC, n_points=8),
    zt.translation: lambda: dict(X=_zt(), n0=1),
    zt.modulation: lambda: dict(X=_zt(), a=2),
    zt.time_reversal: lambda: dict(X=_zt()),
    zt.upsampling: lambda: dict(X=_zt(), M=2),
    zt.downsampling: lambda: dict(X=_zt(), M=2),
    zt.conjugation: lambda: dict(X=_zt()),
    zt.z_differentiation: lambda: dict(X=_zt()),
    zt.differencing: lambda: dict(X=_zt()),
    zt.accumulation: lambda: dict(X=_zt()),
    zt.initial_value: lambda: dict(X=_zt()),
    zt.final_value: lambda: dict(X=_zt()),
    zt.vehicle_parameters: lambda: dict(mass=1.0, damping=0.5, stiffness=2.0),
    zt.discretize_vehicle: lambda: dict(mass=1.0, damping=0.5, stiffness=2.0, dt=0.1),
    zt.vehicle_step_exact: lambda: dict(t=np.linspace(0, 1, 5), mass=1.0, damping=0.5, stiffness=2.0),
    zt.step_input: lambda: dict(steps=5),
    zt.vehicle_step_discrete: lambda: dict(steps=5, mass=1.0, damping=0.5, stiffness=2.0, dt=0.1),
    fdm.forward_difference: lambda: dict(f=np.sin, x=0.5, h=0.1),
    fdm.central_difference: lambda: dict(f=np.sin, x=0.5, h=0.1),
    fdm.second_difference: lambda: dict(f=np.sin, x=0.5, h=0.1),
    fdm.stencil_weights: lambda: dict(offsets=[-1, 0, 1], derivative=1),
    fdm.apply_stencil: lambda: dict(f=np.sin, x=0.5, h=0.1, offsets=[-1, 0, 1], derivative=1),
    fdm.stencil_order: lambda: dict(offsets=[-1, 0, 1], derivative=1),
    fdm.difference_errors: lambda: dict(formula="central", f=np.sin, exact=math.cos(0.5), x0=0.5, hs=[0.1, 0.01]),
    fdm.fit_order: lambda: dict(hs=[0.1, 0.01], errors=[1e-2, 1e-4]),
    fdm.best_step: lambda: dict(hs=[0.1, 0.01], errors=[1e-2, 1e-4]),
    fdm.predicted_best_step: lambda: dict(order=2, derivative=1, eps=1e-16),
    fdm.euler_step: lambda: dict(rhs=lambda t, u: -u, t=0.0, u=np.ones(2), dt=0.1),
    fdm.heun_step: lambda: dict(rhs=lambda t, u: -u, t=0.0, u=np.ones(2), dt=0.1),
    fdm.integrate: lambda: dict(rhs=lambda t, u: -u, u0=np.ones(2), t_end=1.0, n_steps=4),
    fdm.heat_grid: lambda: dict(n_intervals=4),
    fdm.stability_number: lambda: dict(lam=1.0, dt=0.001, dx=0.1),
    fdm.largest_stable_dt: lambda: dict(dx=0.1, lam=1.0),
    fdm.ftcs_step: lambda: dict(u=np.sin(np.pi * np.linspace(0, 1, 6)), r=0.3),
    fdm.laplacian_1d: lambda: dict(n_interior=4),
    fdm.theta_matrices: lambda: dict(n_interior=4, r=0.3, theta=0.5),
    fdm.theta_step: lambda: dict(u=np.sin(np.pi * np.linspace(0, 1, 6)), r=0.3, theta=0.5),
    fdm.solve_heat: lambda: dict(u0=np.sin(np.pi * np.linspace(0, 1, 6)), lam=1.0, dx=0.2, dt=0.005, n_steps=3),
    fdm.heat_exact: lambda: dict(x=np.linspace(0, 1, 5), t=0.1),
    fdm.semidiscrete_decay: lambda: dict(k=1, dx=0.1),
    fdm.heat_error: lambda: dict(method="ftcs", n_intervals=8, n_steps=100),
    bd.Condition: lambda: dict(kind="dirichlet"),
    bd.dirichlet: lambda: dict(value=0.0),
    bd.robin: lambda: dict(alpha=1.0, value=0.0),
    bd.laplacian_1d: lambda: dict(n=4, h=0.25),
    bd.solve_1d: lambda: dict(f=1.0, h=0.25),
    bd.find_boundary: lambda: dict(inside=np.pad(np.ones((3, 3), bool), 1)),
    bd.masked_grid: lambda: dict(h=0.25, inside=lambda x, y: x**2 + y**2 < 1),
    bd.square_grid: lambda: dict(h=0.25),
    bd.lshape_grid: lambda: dict(h=0.25),
    bd.assemble_dirichlet: lambda: dict(grid=bd.square_grid(0.25)),
    bd.solve_dirichlet: lambda: dict(grid=bd.square_grid(0.25)),
    bd.sparse_solve: lambda: dict(A=bd.laplacian_1d(4, 0.25), b=np.ones(4)),
    bd.solve_square: lambda: dict(h=0.25, f=1.0, sides={s: bd.dirichlet() for s in bd.SIDES}),
    bd.solve_lshape: lambda: dict(h=0.25),
    bd.restrict: lambda: dict(u_fine=np.zeros((9, 9))),
    bd.grid_norms: lambda: dict(e=np.ones((5, 5)), h=0.25),
    bd.successive_differences: lambda: dict(solve=bd.solve_lshape, hs=[0.25, 0.125]),
    bd.convergence_order: lambda: dict(hs=np.array([0.1, 0.05]), errors=np.array([1e-2, 2.5e-3])),
    bd.corner_singularity: lambda: dict(x=np.array([0.5]), y=np.array([0.5])),
    bd.corner_angle: lambda: dict(x=np.array([0.5]), y=np.array([0.5])),
    bd.lshape_solution_at: lambda: dict(points=np.array([[-0.5, -0.5]])),
    pinn.Interval: lambda: dict(a=0.0, b=1.0),
    pinn.Polygon: lambda: dict(vertices=[[0, 0], [1, 0], [0, 1]]),
    pinn.SpaceTime: lambda: dict(space=pinn.Interval()),
    pinn.gradient: lambda: _u_x(2),
    pinn.partial: lambda: dict(**_u_x(2), i=0),
    pinn.laplacian: lambda: _u_x(2),
    pinn.time_derivative: _u_xt,
    pinn.second_derivative_x: _u_xt,
    pinn.mse: lambda: dict(r=torch.rand(5, 1)),
    pinn.weighted_loss: lambda: dict(terms={"a": torch.ones(3)}),
    pinn.HardConstraint: lambda: dict(net=_net(), distance=lambda x: x * (1 - x)),
    pinn.PositiveParameter: lambda: dict(init=1.0),
    pinn.relative_l2: lambda: dict(prediction=np.ones(3), reference=np.full(3, 2.0)),
    pinn.check_residual: lambda: dict(residual=torch.rand(5, 1), points=torch.rand(5, 2)),
    pinn.poisson_1d_exact: lambda: dict(x=torch.rand(5, 1)),
    pinn.poisson_1d_residual: lambda: dict(model=_net(), x=torch.rand(5, 1)),
    pinn.heat_exact: lambda: dict(xt=torch.rand(5, 2)),
    pinn.heat_residual: lambda: dict(model=_net(2, 1), xt=torch.rand(5, 2), lam=0.4),
    pinn.heat_samples: lambda: dict(n=10),
    pinn.poisson_residual: lambda: dict(model=_net(2, 1), xy=torch.rand(5, 2)),
    pinn.lshape_corner_feature: lambda: dict(xy=torch.rand(5, 2)),
    pinn.lshape_distance: lambda: dict(xy=torch.rand(5, 2)),
    pinn.lshape_model: lambda: dict(width=4, depth=1),
    pinn.lshape_loss: lambda: dict(model=pinn.lshape_model(width=4, depth=1),
                                   interior=torch.rand(5, 2, dtype=torch.float64) * 0.4 - 0.5),
    pinn.fit: lambda: dict(model=_net(), loss_fn=LOSS, adam_steps=2, lbfgs_steps=1),
    pinn.resample_by_residual: lambda: dict(residual_fn=lambda x: x.sum(-1), candidates=torch.rand(10, 2), n=3),
    pinn.solve_poisson_1d: lambda: dict(n_collocation=8, width=4, steps=2),
    pinn.solve_heat: lambda: dict(n_collocation=16, width=4, adam_steps=2, lbfgs_steps=1),
    pinn.solve_lshape_pinn: lambda: dict(n_collocation=16, n_boundary=8, width=4, depth=1, adam_steps=2,
                                         lbfgs_steps=1),
    pinn.standing_wave: lambda: dict(x=np.linspace(0, 1, 5), t=0.1),
    pinn.yee: lambda: dict(n_cells=4, t_end=0.25),
    pinn.yee_error: lambda: dict(n_cells=4, t_end=0.25),
    pinn.yee_order: lambda: dict(cells=(4, 8), t_end=0.25),
    pinn.MaxwellConstraint: lambda: dict(net=_net(2, 2)),
    pinn.maxwell_residual: lambda: dict(model=pinn.MaxwellConstraint(_net(2, 2)), xt=torch.rand(5, 2)),
    pinn.pinn_fields: lambda: dict(model=pinn.MaxwellConstraint(_net(2, 2)), solution=pinn.yee(4, t_end=0.25)),
    pinn.solve_maxwell_pinn: lambda: dict(n_collocation=16, width=4, depth=1, adam_steps=2, lbfgs_steps=1,
                                          n_cells=4),
    liif.make_query_grid: lambda: dict(height=4, width=5),
    liif.ResidualBlock: lambda: dict(channels=4),
    liif.Encoder: lambda: dict(blocks=1, channels=4),
    liif.unfold_features: lambda: dict(features=torch.rand(1, 4, 5, 5)),
    liif.nearest_latent: lambda: dict(latent_shape=(4, 4), coords=torch.rand(1, 6, 2) * 2 - 1),
    liif.local_ensemble_weights: lambda: dict(relatives=[torch.rand(1, 6, 2) for _ in range(4)]),
    liif.LIIF: lambda: dict(blocks=1, channels=4, hidden=8, layers=2),
    liif.bicubic_sample: lambda: dict(image=torch.rand(1, 3, 5, 5), coords=torch.rand(1, 6, 2) * 2 - 1),
    liif.output_size: lambda: dict(lr_shape=(4, 4), scale=2.0),
    liif.upsample: lambda: dict(model=_liif(), image=_img(8, 8, 3), scale=2.0),
    liif.bicubic_upsample: lambda: dict(image=_img(8, 8, 3), scale=2.0),
    liif.downsample: lambda: dict(image=torch.rand(1, 3, 8, 8), size=(4, 4)),
    liif.sample_batch: lambda: dict(photos=[_img(64, 64, 3)], batch_size=2, patch=8, queries=16),
    liif.degrade: lambda: dict(photo=_img(16, 16, 3), scale=2.0),
    liif.shaved: lambda: dict(image=_img(8, 8, 3), border=1),
    liif.evaluate_scale: lambda: dict(model=_liif(), photo=_img(16, 16, 3), scale=2.0),
    vi.check_time: lambda: dict(t=0.5),
    vi.warp: lambda: dict(image=torch.rand(1, 3, 6, 6), flow=torch.zeros(1, 6, 6, 2)),
    vi.blend_bicubic: lambda: dict(frame0=_img(8, 8, 3), frame1=_img(8, 8, 3), t=0.5, size=(16, 16)),
    vi.blend_liif: lambda: dict(frame0=_img(8, 8, 3), frame1=_img(8, 8, 3), t=0.5, size=(16, 16), model=_liif()),
    vi.cost_volume: lambda: dict(features0=torch.rand(1, 4, 6, 6), features1=torch.rand(1, 4, 6, 6), radius=1),
    vi.FlowEstimator: lambda: dict(channels=(4, 4), radius=(1, 1), hidden=4),
    vi.horn_schunck: lambda: dict(frame0=torch.rand(1, 3, 8, 8), frame1=torch.rand(1, 3, 8, 8), smoothness=0.05,
                                  iterations=2, warps=1, min_size=4),
    vi.classical_flows: lambda: dict(frame0=_img(8, 8, 3), frame1=_img(8, 8, 3)),
    vi.flow_interpolate: lambda: dict(frame0=_img(8, 8, 3), frame1=_img(8, 8, 3), t=0.5,
                                      flows=(torch.zeros(1, 2, 8, 8), torch.zeros(1, 2, 8, 8))),
    vi.hs_liif: lambda: dict(frame0=_img(8, 8, 3), frame1=_img(8, 8, 3), t=0.5, size=(16, 16), model=_liif()),
    vi.VideoINR: lambda: dict(spatial=_liif(), hidden=8),
    vi.render: lambda: dict(model=vi.VideoINR(_liif(), hidden=8), frame0=_img(8, 8, 3),
                            frame1=_img(8, 8, 3), t=0.5, size=(16, 16)),
    vi.sample_batch: lambda: dict(photos=[_img(64, 64, 3)], batch_size=1, size=16, queries=16),
    vi.random_clip: lambda: dict(background=_img(32, 32, 3), texture=_img(32, 32, 3),
                                 generator=torch.Generator().manual_seed(0)),
    networks.PositionalEncoding: lambda: dict(in_features=2, n_frequencies=3),
    networks.GaussianFourierFeatures: lambda: dict(in_features=2, n_features=4),
    networks.MLP: lambda: dict(in_features=2, out_features=1, hidden_features=4, hidden_layers=1),
    networks.SineLayer: lambda: dict(in_features=2, out_features=3),
    networks.Siren: lambda: dict(in_features=2, out_features=1, hidden_features=4, hidden_layers=1),
    networks.count_parameters: lambda: dict(model=_net()),
    training.train: lambda: dict(model=_net(), loss_fn=LOSS, steps=2, progress=False),
    metrics.mse: lambda: dict(pred=_img(8, 8), target=_img(8, 8) * 0.5),
    metrics.psnr: lambda: dict(pred=_img(8, 8), target=_img(8, 8) * 0.5),
    metrics.mse_to_psnr: lambda: dict(mse_value=0.01),
    metrics.ssim: lambda: dict(pred=_img(16, 16), target=_rng(1).random((16, 16))),
    data.center_crop_square: lambda: dict(image=np.zeros((4, 6))),
    data.resize: lambda: dict(image=_img(8, 8), shape=(4, 4)),
    data.load_image: lambda: dict(name="camera", size=16),
    data.pixel_coordinates: lambda: dict(height=3, width=4),
    data.image_to_samples: lambda: dict(image=_img(8, 8)),
    data.samples_to_image: lambda: dict(values=torch.rand(12, 1), height=3, width=4),
    settings.get_device: lambda: dict(prefer="cpu"),
    teaching.source: lambda: dict(obj=data.resize),
    teaching.show_images: lambda: dict(images=[_img(8, 8)]),
    checkpoints.sha256_of: lambda: dict(path=checkpoints.DIRECTORY / "manifest.json"),
    # NeRF (inrlib/nerf.py is being reworked: only arguments it already checks clearly)
    nerf.focal_from_fov: lambda: dict(width=8, camera_angle_x=0.7),
    nerf.get_rays: lambda: dict(height=4, width=4, focal=5.0, pose=torch.eye(4)),
    nerf.pixel_rays: lambda: dict(height=3, width=4, focal=5.0, pose=torch.eye(4), supersample=2),
    nerf.HashGridEncoding: lambda: dict(n_levels=2, log2_table_size=8),
    nerf.OccupancyGrid: lambda: dict(resolution=4),
    nerf.compositing_weights: lambda: dict(sigma=torch.rand(2, 4), deltas=torch.rand(2, 4)),
    nerf.sample_pdf: lambda: dict(bins=torch.linspace(0, 1, 5).expand(2, 5).contiguous(), weights=torch.ones(2, 4),
                                  n_samples=3),
    nerf.camera_poses: lambda: dict(split="train", n=3),
    nerf.check_pose: lambda: dict(name="pose", pose=torch.eye(4)),
    nerf.look_at: lambda: dict(eye=(3.0, 1.0, 2.0)),
    nerf.orbit_pose: lambda: dict(azimuth_deg=30.0, elevation_deg=20.0, radius=3.0),
    nerf.ray_box_intersection: lambda: dict(origins=torch.tensor([[0.0, 0.0, 3.0], [3.0, 0.0, 0.0]]),
                                            directions=torch.tensor([[0.0, 0.0, -1.0], [-1.0, 0.1, 0.0]]), bound=1.0),
    nerf.stratified_samples: lambda: dict(near=1.0, far=2.0, n_samples=4, n_rays=2),
    nerf.deltas_from_t: lambda: dict(t=torch.linspace(0, 1, 5).expand(2, 5).contiguous()),
    nerf.composite: lambda: dict(weights=torch.full((2, 4), 0.1), rgb=torch.rand(2, 4, 3), t=torch.rand(2, 4)),
    nerf.RenderSettings: lambda: dict(n_samples=8),
    nerf.render_rays: lambda: dict(field=_hash_field(), origins=torch.tensor([[0.0, 0.0, 3.0]]),
                                   directions=torch.tensor([[0.0, 0.0, -1.0]]), settings=nerf.RenderSettings(8)),
    nerf.render_image: lambda: dict(field=_hash_field(), height=2, width=3, focal=2.0, pose=nerf.orbit_pose(0, 20, 3),
                                    settings=nerf.RenderSettings(8)),
    nerf.NeRFField: lambda: dict(pos_frequencies=2, dir_frequencies=2, width=8, depth=2, skip=1),
    nerf.SirenField: lambda: dict(width=8, depth=1, n_features=4),
    nerf.HashGridField: lambda: dict(n_levels=2, log2_table_size=8, min_resolution=4, max_resolution=8, width=8),
    nerf.make_field: lambda: dict(kind="nerf-noview", width=8, depth=2),
    nerf.load_views: lambda: dict(directory=_nerf_scene()),
    nerf.train_nerf: lambda: dict(field=_hash_field(), views=nerf.load_views(_nerf_scene()), steps=1, time_budget=None,
                                  batch_rays=4, settings=nerf.RenderSettings(4), skip_faint=0.01, progress=False),
    nerf.evaluate_views: lambda: dict(field=_hash_field(), views=nerf.load_views(_nerf_scene()),
                                      settings=nerf.RenderSettings(4)),
    liif.cosine_decay: lambda: dict(lr=1e-3, steps=10),
    vi.frame_tensors: lambda: dict(frame0=_rng().random((4, 4, 3)), frame1=_rng().random((4, 4, 3))),
    imaging.pixel_centres: lambda: dict(count=4),
    imaging.grid_coordinates: lambda: dict(ys=torch.linspace(-1, 1, 3), xs=torch.linspace(-1, 1, 4)),
    imaging.image_tensor: lambda: dict(name="image", image=_rng().random((4, 4, 3))),
    imaging.to_image: lambda: dict(tensor=torch.rand(1, 3, 4, 4)),
    imaging.fit_within: lambda: dict(image=torch.rand(1, 3, 8, 6), max_side=4),
    vi.check_same_size: lambda: dict(frame0=_rng().random((4, 4, 3)), frame1=_rng().random((4, 4, 3))),
    vi.frame_times: lambda: dict(count=3),
    nerf.transmittance: lambda: dict(sigma=torch.rand(2, 4), deltas=torch.rand(2, 4)),
    nerf.look_at_centre: lambda: dict(poses=torch.stack([nerf.orbit_pose(a, 20, 3) for a in (0, 90, 200)])),
    nerf.frustum_bound: lambda: dict(views=nerf.load_views(_nerf_scene()), centre=(0.0, 0.0, 0.0)),
    nerf.recentred: lambda: dict(views=nerf.load_views(_nerf_scene()), centre=(0.0, 0.0, 0.1)),
    nerf.grid_resolution: lambda: dict(views=nerf.load_views(_nerf_scene()), bound=1.0),
    nerf.scene_settings: lambda: dict(views=nerf.load_views(_nerf_scene()), bound=1.0, centre=(0.0, 0.0, 0.0)),
    nerf.area_downscale: lambda: dict(image=_rng().random((8, 6, 3)), factor=2),
    nerf.write_views: lambda: dict(directory="written", split="val", images=_rng().random((1, 4, 4, 3)),
                                   poses=nerf.orbit_pose(0, 20, 3)[None], camera_angle_x=0.7),
    nerf.scaled: lambda: dict(scene=nerf.SCENES["course"], factor=1.5),
    nerf.render_ground_truth: lambda: dict(scene=nerf.SCENES["course"], height=3, width=4, focal=4.0,
                                           pose=nerf.orbit_pose(0, 20, 3.5), supersample=1),
}

#: nerf.py arguments swept (bool flags, generators, labels and train_nerf's schedule arguments are left out)
NERF_CHECKED = {nerf.focal_from_fov: ("width", "camera_angle_x"), nerf.get_rays: ("height", "width", "focal", "pose"),
                nerf.pixel_rays: ("height", "width", "focal", "pose", "supersample"),
                nerf.HashGridEncoding: ("n_levels", "n_features", "log2_table_size", "min_resolution",
                                        "max_resolution", "bound"),
                nerf.OccupancyGrid: ("resolution", "bound", "threshold"),
                nerf.compositing_weights: ("sigma", "deltas"), nerf.sample_pdf: ("bins", "weights", "n_samples"),
                nerf.camera_poses: ("split", "n", "seed"),
                nerf.check_pose: ("pose", "atol"),
                nerf.look_at: ("eye", "target", "up"),
                nerf.orbit_pose: ("azimuth_deg", "elevation_deg", "radius"),
                nerf.ray_box_intersection: ("origins", "directions", "bound"),
                nerf.stratified_samples: ("near", "far", "n_samples", "n_rays"),
                nerf.deltas_from_t: ("t", "last"),
                nerf.composite: ("weights", "rgb", "t", "background"),
                nerf.RenderSettings: ("n_samples", "bound", "near", "far", "background"),
                nerf.render_rays: ("field", "origins", "directions", "settings", "occupancy", "early_stop",
                                   "depth_chunk", "skip_hidden", "background", "skip_faint"),
                nerf.render_image: ("field", "height", "width", "focal", "pose", "settings", "occupancy", "chunk",
                                    "early_stop", "supersample"),
                nerf.NeRFField: ("pos_frequencies", "dir_frequencies", "width", "depth", "skip"),
                nerf.SirenField: ("width", "depth", "omega_0", "n_features", "dir_frequencies", "bound"),
                nerf.HashGridField: ("n_levels", "n_features", "log2_table_size", "min_resolution", "max_resolution",
                                     "bound", "width", "dir_frequencies"),
                nerf.make_field: ("kind",),
                nerf.load_views: ("directory", "split", "background"),
                nerf.train_nerf: ("field", "views", "batch_rays", "settings", "occupancy", "supersample", "skip_hidden",
                                  "skip_faint"),
                nerf.evaluate_views: ("field", "views", "occupancy", "settings", "limit", "supersample"),
                nerf.transmittance: ("sigma", "deltas"), nerf.look_at_centre: ("poses",),
                nerf.frustum_bound: ("views", "centre"), nerf.recentred: ("views", "centre"),
                nerf.grid_resolution: ("views", "bound", "cells_per_pixel"),
                nerf.scene_settings: ("views",), nerf.area_downscale: ("image", "factor"),
                nerf.write_views: ("split", "poses"), nerf.scaled: ("scene", "factor"),
                nerf.render_ground_truth: ("height", "width", "focal", "pose", "supersample")}


def _call(fn, **overrides):
    kwargs = VALID[fn]()
    kwargs.update(overrides)
    return fn(**kwargs)


def _raised_by_inrlib(exc: BaseException) -> bool:
    """The innermost frame of the traceback is inrlib's own code (an argument check),
    not torch's, NumPy's, SciPy's or SymPy's."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and os.path.abspath(frames[-1].filename).startswith(LIBRARY)


def _name(fn) -> str:
    return f"{fn.__module__.removeprefix('inrlib.')}.{fn.__qualname__}"


# --------------------------------------------------------------------------- 1. the table
NAN, INF = float("nan"), float("inf")
E = (ValueError, TypeError)

#: (function, argument, bad value, expected error, regex that must match the message)
CASES = [
    # implicit
    (implicit.make_model, "sigma", NAN, ValueError, r"sigma must be a positive finite number"),
    (implicit.make_model, "n_fourier", "128", ValueError, r"n_fourier"),
    (implicit.make_model, "kind", np.zeros(3), ValueError, r"kind must be one of"),
    (implicit.render, "model", None, TypeError, r"model must be a torch.nn.Module"),
    (implicit.fit_image, "model", "net", TypeError, r"model must be a torch.nn.Module"),
    (implicit.fit_signal, "steps", None, ValueError, r"steps must be a positive integer"),
    (implicit.signal_psnr, "x", np.zeros((10, 1)), TypeError, r"x must be a torch.Tensor"),
    (implicit.signal_psnr, "y", torch.rand(30, 1), ValueError, r"y must hold one value per row of x"),
    # ztransform
    (zt.simulate, "x", [1.0, NAN], ValueError, r"x must contain only finite values"),
    (zt.is_stable, "tol", NAN, ValueError, r"tol must be a finite number"),
    (zt.is_stable, "tol", 2.0, ValueError, r"tol must be in \[0, 1\)"),
    (zt.ROC, "inner", "oops", TypeError, r"inner must be a radius"),
    (zt.ROC, "outer", -1, ValueError, r"outer must be a radius ≥ 0"),
    (zt.ztransform, "x", NAN, ValueError, r"x must be a finite sequence"),
    (zt.modulation, "a", INF, ValueError, r"a must be a finite constant"),
    (zt.discretize_vehicle, "method", np.zeros(2), ValueError, r"method must be one of"),
    (zt.impulse_response, "length", -1, ValueError, r"length"),
    (zt.frequency_response, "n_points", 0, ValueError, r"n_points"),
    # fdm
    (fdm.euler_step, "rhs", None, TypeError, r"rhs must be a function"),
    (fdm.euler_step, "u", None, TypeError, r"u must be a number or an array of numbers"),
    (fdm.euler_step, "dt", "0.1", TypeError, r"dt must be a real number"),
    (fdm.heun_step, "t", None, TypeError, r"t must be a real number"),
    (fdm.heun_step, "u", ["a", "b"], TypeError, r"u must be a number or an array"),
    (fdm.stencil_order, "derivative", 0, ValueError, r"derivative=0 .* is exact"),
    (fdm.difference_errors, "x0", np.zeros(3), ValueError, r"x0 must have 0 dimension"),
    (fdm.difference_errors, "dtype", "oops", TypeError, r"dtype must be np.float32 or np.float64"),
    (fdm.heat_exact, "modes", None, TypeError, r"modes must be a sequence of pairs"),
    (fdm.integrate, "method", np.zeros(3), ValueError, r"method must be one of"),
    (fdm.solve_heat, "dt", -0.1, ValueError, r"dt"),
    (fdm.heat_grid, "n_intervals", 0, ValueError, r"n_intervals"),
    # boundary
    (bd.Condition, "kind", "periodic", ValueError, r"kind must be one of"),
    (bd.Condition, "alpha", NAN, ValueError, r"alpha must be a finite number"),
    (bd.sparse_solve, "A", None, TypeError, r"A must be a square sparse matrix"),
    (bd.sparse_solve, "A", np.zeros((3, 3)), ValueError, r"b must have 3 entries"),
    (bd.sparse_solve, "b", [1.0, NAN, 0, 0], ValueError, r"b must contain only finite values"),
    (bd.successive_differences, "hs", None, TypeError, r"hs must be a list of grid sizes"),
    (bd.successive_differences, "hs", [0.25, -1.0], ValueError, r"hs entry must be a positive"),
    (bd.lshape_solution_at, "path", None, TypeError, r"path must be a file path"),
    (bd.square_grid, "h", 0.3, ValueError, r"h"),
    (bd.solve_square, "sides", {}, ValueError, r"sides"),
    # pinn
    (pinn.Interval, "a", None, TypeError, r"a must be a real number"),
    (pinn.Interval, "b", "0", TypeError, r"b must be a real number"),
    (pinn.SpaceTime, "t0", INF, ValueError, r"t0 must be a finite number"),
    (pinn.SpaceTime, "t1", np.zeros(3), TypeError, r"t1 must be a real number"),
    (pinn.Polygon, "vertices", "oops", TypeError, r"vertices must be an \(M, 2\) array"),
    (pinn.partial, "x", None, TypeError, r"x must be a torch.Tensor"),
    (pinn.laplacian, "dims", [5], ValueError, r"dims must be a list of column indices"),
    (pinn.time_derivative, "xt", None, TypeError, r"xt must be a torch.Tensor"),
    (pinn.second_derivative_x, "xt", "oops", TypeError, r"xt must be a torch.Tensor"),
    (pinn.weighted_loss, "terms", "pde", TypeError, r"terms must be a dict"),
    (pinn.weighted_loss, "weights", 3.0, TypeError, r"weights must be a dict"),
    (pinn.check_residual, "points", None, TypeError, r"points must be a torch.Tensor"),
    (pinn.poisson_1d_exact, "x", torch.rand(5, 2), ValueError, r"x must have last dimension 1"),
    (pinn.poisson_1d_residual, "model", None, TypeError, r"model must be a torch.nn.Module"),
    (pinn.heat_exact, "lam", NAN, ValueError, r"lam must be a finite number"),
    (pinn.heat_exact, "xt", np.zeros((4, 3)), ValueError, r"xt must have shape \(N, 2\)"),
    (pinn.heat_residual, "lam", "0.4", TypeError, r"lam must be a real number"),
    (pinn.heat_residual, "lam", torch.ones(3), ValueError, r"lam must be a number or a one-element tensor"),
    (pinn.heat_samples, "lam", -1.0, ValueError, r"lam must be a non-negative number"),
    (pinn.poisson_residual, "f", NAN, ValueError, r"f must be a finite number"),
    (pinn.lshape_corner_feature, "xy", None, TypeError, r"xy must be a torch.Tensor"),
    (pinn.lshape_distance, "xy", torch.rand(5, 3), ValueError, r"xy must have last dimension 2"),
    (pinn.lshape_model, "width", 0, ValueError, r"width must be a positive integer"),
    (pinn.lshape_model, "dtype", torch.int64, TypeError, r"dtype must be a floating torch dtype"),
    (pinn.lshape_loss, "interior", None, TypeError, r"interior must be a torch.Tensor"),
    (pinn.lshape_loss, "boundary_weight", "10", TypeError, r"boundary_weight must be a real number"),
    (pinn.fit, "lr", None, TypeError, r"lr must be a positive number"),
    (pinn.fit, "stall_tol", NAN, ValueError, r"stall_tol must be a finite number"),
    (pinn.fit, "parameters", "weights", TypeError, r"parameters must be a list of tensors"),
    (pinn.fit, "loss_fn", None, TypeError, r"loss_fn must be a function"),
    (pinn.resample_by_residual, "residual_fn", None, TypeError, r"residual_fn must be a function"),
    (pinn.solve_heat, "lam", None, TypeError, r"lam must be a real number"),
    (pinn.solve_heat, "n_collocation", 0, ValueError, r"n_collocation must be a positive integer"),
    (pinn.solve_heat, "seed", NAN, ValueError, r"seed must be a non-negative integer"),
    (pinn.solve_lshape_pinn, "n_boundary", "400", ValueError, r"n_boundary must be a positive integer"),
    (pinn.solve_lshape_pinn, "depth", None, ValueError, r"depth must be a positive integer"),
    (pinn.PositiveParameter, "init", 0.0, ValueError, r"init"),
    # liif
    (liif.ResidualBlock, "channels", None, ValueError, r"channels must be a positive integer"),
    (liif.ResidualBlock, "res_scale", NAN, ValueError, r"res_scale must be a finite number"),
    (liif.nearest_latent, "latent_shape", None, TypeError, r"latent_shape must be a pair"),
    (liif.nearest_latent, "offset", (0.0, NAN), ValueError, r"offset\[1\] must be a finite number"),
    (liif.bicubic_sample, "image", None, TypeError, r"image must be a torch.Tensor"),
    (liif.bicubic_sample, "coords", torch.rand(2, 6, 2), ValueError, r"coords must have the batch size"),
    (liif.output_size, "lr_shape", (4, -4), ValueError, r"lr_shape\[1\] must be a positive integer"),
    (liif.upsample, "region", 3.0, TypeError, r"region must be a pair \(rows, cols\) of slices"),
    (liif.downsample, "size", (4, 4, 4), ValueError, r"size must be a pair"),
    (liif.sample_batch, "photos", "photo.png", TypeError, r"photos must be a list"),
    (liif.sample_batch, "scale_range", None, TypeError, r"scale_range must be a pair"),
    (liif.shaved, "border", -1, ValueError, r"border must be a non-negative integer"),
    (liif.shaved, "border", 4, ValueError, r"border must be less than half"),
    (liif.shaved, "image", None, TypeError, r"image must be a numpy array"),
    (liif.upsample, "scale", 0.5, ValueError, r"scale must be ≥ 1"),
    (liif.make_query_grid, "height", 0, ValueError, r"height"),
    # videoinr
    (vi.warp, "mode", "cubic", ValueError, r"mode must be one of"),
    (vi.cost_volume, "features0", None, TypeError, r"features0 must be a torch.Tensor"),
    (vi.cost_volume, "features1", torch.rand(1, 4, 5, 5), ValueError, r"features1 must have the shape of features0"),
    (vi.cost_volume, "radius", -1, ValueError, r"radius must be a non-negative integer"),
    (vi.FlowEstimator, "channels", (16, NAN), ValueError, r"channels must be a positive integer"),
    (vi.FlowEstimator, "radius", (1, -1), ValueError, r"radius must be a non-negative integer"),
    (vi.FlowEstimator, "iterations", (2, 0), ValueError, r"iterations must be a positive integer"),
    (vi.FlowEstimator, "iterations", 2, TypeError, r"iterations must be a tuple of 2 refinement counts"),
    (vi.horn_schunck, "frame1", torch.rand(1, 3, 8, 9), ValueError, r"frame1 must have the shape of frame0"),
    (vi.horn_schunck, "smoothness", -1.0, ValueError, r"smoothness must be a positive"),
    (vi.flow_interpolate, "flows", (torch.zeros(1, 2, 4, 4),) * 2, ValueError, r"flows must be two flows"),
    (vi.VideoINR, "hidden", "64", ValueError, r"hidden must be a positive integer"),
    (vi.sample_batch, "photos", None, TypeError, r"photos must be a non-empty list"),
    (vi.sample_batch, "queries", -1, ValueError, r"queries must be a positive integer"),
    (vi.sample_batch, "times", 1, ValueError, r"times must be at least 2"),
    (vi.sample_batch, "scale_range", (3.0, 2.0), ValueError, r"scale_range must satisfy"),
    (vi.random_clip, "background", np.full((8, 8, 3), NAN), ValueError, r"background must contain only finite"),
    (vi.random_clip, "texture", np.zeros((8, 8)), ValueError, r"texture must have 3 dimension"),
    (vi.check_time, "t", 1.5, ValueError, r"t"),
    # core
    (networks.Siren, "first_omega_0", NAN, ValueError, r"first_omega_0 must be a positive finite number"),
    (networks.Siren, "hidden_omega_0", "30", TypeError, r"hidden_omega_0 must be a positive number"),
    (networks.MLP, "activation", np.zeros(2), ValueError, r"activation must be one of"),
    (networks.PositionalEncoding, "n_frequencies", -1, ValueError, r"n_frequencies"),
    (training.train, "evaluate", "psnr", TypeError, r"evaluate must be callable"),
    (training.train, "checkpoint", 3.0, TypeError, r"checkpoint must be a file path"),
    (training.train, "steps", -1, ValueError, r"steps"),
    (metrics.mse_to_psnr, "mse_value", None, TypeError, r"mse_value must be a finite non-negative number"),
    (metrics.mse_to_psnr, "data_range", 0, ValueError, r"data_range must be a positive finite number"),
    (metrics.psnr, "pred", np.full((8, 8), NAN), ValueError, r"pred"),
    (data.resize, "shape", None, TypeError, r"shape must be a pair"),
    (data.load_image, "size", NAN, TypeError, r"size must be an int or a pair"),
    (data.load_image, "size", -1, ValueError, r"size must be a positive integer"),
    (data.load_image, "name", np.zeros(2), ValueError, r"name must be one of"),
    (settings.get_device, "prefer", 0, TypeError, r"prefer must be a device name"),
    (teaching.show_images, "images", None, TypeError, r"images must be a list of images"),
    (teaching.show_images, "images", ["oops"], TypeError, r"images\[0\] must be a numpy array"),
    (teaching.show_images, "titles", 3, TypeError, r"titles must be a list of strings"),
    (teaching.show_images, "ncols", NAN, ValueError, r"ncols must be a positive integer"),
    (teaching.show_images, "size", NAN, ValueError, r"size must be a positive finite number"),
    (checkpoints.sha256_of, "path", None, TypeError, r"path must be a file path"),
    # nerf
    (nerf.check_pose, "atol", NAN, ValueError, r"atol must be a finite number"),
    (nerf.look_at, "eye", (1.0, NAN, 0.0), ValueError, r"eye must contain only finite"),
    (nerf.look_at, "target", torch.tensor([0.0, INF, 0.0]), ValueError, r"target must contain only finite"),
    (nerf.look_at, "up", (0.0, 1.0), ValueError, r"up must be 3 numbers"),
    (nerf.look_at, "eye", "oops", TypeError, r"eye must be an array of real numbers"),
    (nerf.orbit_pose, "azimuth_deg", NAN, ValueError, r"azimuth_deg must be a finite number"),
    (nerf.orbit_pose, "elevation_deg", "30", TypeError, r"elevation_deg must be a real number"),
    (nerf.orbit_pose, "elevation_deg", 95.0, ValueError, r"elevation_deg must be strictly between"),
    (nerf.ray_box_intersection, "directions", None, TypeError, r"directions must be a torch.Tensor"),
    (nerf.ray_box_intersection, "directions", torch.ones(3, 3), ValueError, r"directions must have the shape of "
                                                                             r"origins"),
    (nerf.ray_box_intersection, "origins", torch.full((2, 3), NAN), ValueError, r"origins must contain only finite"),
    (nerf.ray_box_intersection, "bound", NAN, ValueError, r"bound must be a positive finite number"),
    (nerf.stratified_samples, "near", "oops", TypeError, r"near must be a number or a tensor"),
    (nerf.stratified_samples, "far", torch.full((2, 2), 2.0), ValueError, r"far must be a number or a tensor of "
                                                                          r"shape \(R,\)"),
    (nerf.stratified_samples, "far", NAN, ValueError, r"far must be finite"),
    (nerf.deltas_from_t, "t", torch.rand(5), ValueError, r"t must have 2 dimensions"),
    (nerf.deltas_from_t, "last", NAN, ValueError, r"last must be a finite number"),
    (nerf.composite, "weights", np.ones((2, 4)), TypeError, r"weights must be a torch.Tensor"),
    (nerf.composite, "rgb", torch.rand(2, 5, 3), ValueError, r"rgb must have shape \(2, 4, 3\)"),
    (nerf.composite, "rgb", torch.full((2, 4, 3), NAN), ValueError, r"rgb must contain only finite"),
    (nerf.composite, "t", torch.full((2, 4), NAN), ValueError, r"t must contain only finite"),
    (nerf.composite, "background", NAN, ValueError, r"background must be a finite number"),
    (nerf.composite, "background", torch.ones(3, 3), ValueError, r"background must be a number or a tensor of shape"),
    (nerf.compositing_weights, "deltas", torch.rand(2, 5), ValueError, r"deltas must have the shape of sigma"),
    (nerf.RenderSettings, "n_samples", 0, ValueError, r"n_samples must be a positive integer"),
    (nerf.RenderSettings, "bound", -1.0, ValueError, r"bound must be a positive finite number"),
    (nerf.RenderSettings, "near", -0.5, ValueError, r"near must be a non-negative number"),
    (nerf.RenderSettings, "far", 0.0, ValueError, r"far must be > near"),
    (nerf.RenderSettings, "background", NAN, ValueError, r"background must be a finite number"),
    (nerf.render_rays, "field", nn.Linear(3, 4), TypeError, r"field must be an inrlib.nerf.Field"),
    (nerf.render_rays, "settings", {"n_samples": 8}, TypeError, r"settings must be a RenderSettings"),
    (nerf.render_rays, "occupancy", torch.ones(4, 4, 4, dtype=torch.bool), TypeError,
     r"occupancy must be an OccupancyGrid"),
    (nerf.render_rays, "depth_chunk", None, ValueError, r"depth_chunk must be a positive integer"),
    (nerf.render_rays, "early_stop", NAN, ValueError, r"early_stop must be a positive finite number"),
    (nerf.render_rays, "early_stop", 1.0, ValueError, r"early_stop must be a transmittance in \(0, 1\)"),
    (nerf.render_rays, "skip_hidden", NAN, ValueError, r"skip_hidden must be a finite number"),
    (nerf.render_rays, "background", torch.ones(2, 3), ValueError, r"background must have shape \(R, 3\) = \(1, 3\)"),
    (nerf.render_rays, "background", torch.full((1, 3), NAN), ValueError, r"background must contain only finite"),
    (nerf.render_image, "field", nn.Linear(3, 4), TypeError, r"field must be an inrlib.nerf.Field"),
    (nerf.render_image, "settings", "fast", TypeError, r"settings must be a RenderSettings"),
    (nerf.render_image, "supersample", 0, ValueError, r"supersample must be a positive integer"),
    (nerf.NeRFField, "pos_frequencies", -1, ValueError, r"pos_frequencies must be a non-negative integer"),
    (nerf.NeRFField, "dir_frequencies", None, ValueError, r"dir_frequencies must be a non-negative integer"),
    (nerf.SirenField, "width", 0, ValueError, r"width must be a positive integer"),
    (nerf.SirenField, "depth", "3", ValueError, r"depth must be a non-negative integer"),
    (nerf.SirenField, "omega_0", NAN, ValueError, r"omega_0 must be a positive finite number"),
    (nerf.SirenField, "dir_frequencies", 1.5, ValueError, r"dir_frequencies must be a non-negative integer"),
    (nerf.HashGridField, "width", -8, ValueError, r"width must be a positive integer"),
    (nerf.HashGridField, "dir_frequencies", NAN, ValueError, r"dir_frequencies must be a non-negative integer"),
    (nerf.camera_poses, "seed", NAN, ValueError, r"seed must be a non-negative integer"),
    (nerf.load_views, "directory", None, TypeError, r"directory must be a file path"),
    (nerf.load_views, "background", NAN, ValueError, r"background must be a finite number"),
    (nerf.train_nerf, "views", "scene", TypeError, r"views must be an inrlib.nerf.Views"),
    (nerf.train_nerf, "field", None, TypeError, r"field must be an inrlib.nerf.Field"),
    (nerf.render_rays, "skip_faint", 1.0, ValueError, r"skip_faint must be an opacity in \[0, 1\)"),
    (nerf.train_nerf, "skip_hidden", None, ValueError, r"skip_faint needs skip_hidden"),
    (nerf.train_nerf, "supersample", 3, ValueError, r"batch_rays must hold at least one pixel's rays \(9 with supersample = 3\)"),
    (nerf.pixel_rays, "supersample", 0, ValueError, r"supersample must be a positive integer"),
    (nerf.evaluate_views, "views", None, TypeError, r"views must be an inrlib.nerf.Views"),
    (nerf.evaluate_views, "supersample", 0, ValueError, r"supersample must be a positive integer"),
    (nerf.evaluate_views, "limit", 0, ValueError, r"limit must be a positive integer"),
    (nerf.get_rays, "focal", NAN, ValueError, r"focal"),
    (nerf.get_rays, "pose", torch.zeros(3, 3), ValueError, r"pose"),
    (nerf.sample_pdf, "weights", torch.ones(2, 3), ValueError, r"weights"),
    (nerf.camera_poses, "split", "holdout", ValueError, r"split must be one of"),
]


@pytest.mark.parametrize("fn, arg, bad, error, pattern", CASES,
                         ids=[f"{_name(c[0])}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_bad_argument_is_refused_clearly_by_inrlib(fn, arg, bad, error, pattern, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing a call might write lands in the repository
    with pytest.raises(error, match=pattern) as info:
        _call(fn, **{arg: bad})
    assert re.search(rf"\b{re.escape(arg)}\b", str(info.value)), f"the message does not name {arg!r}"
    assert _raised_by_inrlib(info.value), "raised from inside a dependency, not by inrlib's own check"


@pytest.mark.parametrize("fn", [f for f in VALID if f.__module__.startswith("inrlib.nerf")], ids=_name)
def test_the_valid_nerf_calls_run(fn, tmp_path, monkeypatch):
    """Each valid call of the nerf sweep succeeds, so the sweep's errors come from the bad value alone
    (and the new checks refuse nothing that is valid)."""
    monkeypatch.chdir(tmp_path)
    kwargs = VALID[fn]()
    if fn is nerf.train_nerf:
        kwargs["steps"] = 2
    fn(**kwargs)


def test_nerf_checks_keep_valid_variants_working():
    """Inputs the checks must let through: broadcasting, infinite far plane, arrays for near/far,
    a tensor background per ray, 0-d tensors for angles, a pose with a loose tolerance."""
    t = nerf.stratified_samples(np.array([1.0, 2.0]), 3.0, 4, perturb=False)
    assert t.shape == (2, 4) and torch.all(t[:, 0] > torch.tensor([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"far must have the shape of near"):  # (2,) and (3,) cannot pair up
        nerf.stratified_samples(torch.ones(2), torch.full((3,), 2.0), 4)
    assert nerf.RenderSettings(far=INF).far == INF
    pose = nerf.orbit_pose(torch.tensor(30.0), np.float32(20.0), 3)
    assert torch.allclose(pose, nerf.orbit_pose(30.0, 20.0, 3.0))
    assert torch.allclose(nerf.look_at(torch.tensor([3.0, 1.0, 2.0])), nerf.look_at([3, 1, 2]))
    w, rgb, tt = torch.full((2, 4), 0.1), torch.rand(2, 4, 3), torch.rand(2, 4)
    per_ray = nerf.composite(w, rgb, tt, torch.tensor([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]))["rgb"]
    assert torch.allclose(per_ray[0], nerf.composite(w, rgb, tt, 0.0)["rgb"][0])
    assert torch.allclose(per_ray[1], nerf.composite(w, rgb, tt, 1.0)["rgb"][1])
    assert nerf.compositing_weights(torch.rand(2, 4), torch.rand(4)).shape == (2, 4)  # one δ row for all rays
    one_origin, two_directions = torch.tensor([[0.0, 0.0, 3.0]]), torch.tensor([[0.0, 0.0, -1.0], [0.0, 0.1, -1.0]])
    t0, t1 = nerf.ray_box_intersection(one_origin, two_directions, 1)
    assert torch.allclose(t0, torch.tensor([2.0, 2.0])) and t1.shape == (2,)
    nerf.check_pose("pose", torch.diag(torch.tensor([1.0, 1.0, 1.01, 1.0])), atol=0.05)


def test_every_public_function_is_covered():
    """Each public function and class of the chapter and core modules has a valid call in
    VALID or a documented reason to be left out; so a new function is swept automatically."""
    import importlib
    import inspect

    left_out = {  # with the reason
        "main", "training_parser", "training_summary",     # command lines (argparse answers them)
        "write_lshape_solution", "load_lshape_solution",   # file I/O, covered via lshape_solution_at / test_boundary
        "lshape_reference", "load_pretrained", "load_photos", "evaluation_clips", "evaluation_table",
        "train_liif", "train_videoinr", "evaluate_cell", "flow_errors", "lshape", "solve_heat_inverse",  # slow; checked
        # in the chapter tests
        "HeatSolution", "SquareSolution", "Grid", "FitResult", "History", "NonFiniteLossError", "ZTransform",
        "Clip", "Views", "TrainResult", "Sphere", "Box", "YeeSolution",  # result records, made by the library
        "linearity", "convolution", "final_value_theorem_applies", "neumann", "laplacian_matrix",
        "backward_difference", "make_model", "make_field", "heat_constraint", "poisson_1d_constraint",
        "is_quick", "quick_or_full", "seed_everything", "default_threads", "set_threads", "use_course_style",
        "setup", "show_source", "read_manifest", "save_state_dict", "load_state_dict", "record", "verified_path",
        "save_checkpoint", "load_checkpoint",  # tested in their own test files
        "StabilityWarning",                    # a warning class
        # nerf: the renderer's steps, called by render_rays with arguments it has checked (tested through it)
        "ray_segments", "sample_along_rays", "hierarchical_samples", "query_field", "visible", "march_front_to_back",
        "kept_first",
        "bin_edges", "Field",                  # Field: the base class, no arguments
        "make_scene", "fit_scene", "train_command", "train_ablation",  # slow; tested in tests/nerf
        "load_shipped", "load_ablation", "shipped_config", "save_trained", "load_trained",  # file I/O: tests/nerf
        "cache_directory",                     # no arguments
        # fdm's SymPy helpers for §0 (what a PDE is): any expression is legal; checked against identities in
        # tests/fdm/test_pde.py
        "continuity_residual", "curl", "divergence", "divergence_theorem", "gradient", "material_derivative",
        "maxwell_residuals", "plane_wave", "stokes_theorem",
        "upsample_photo", "interpolate",       # need the shipped models; every bad input in tests/{liif,videoinr}/test_main.py
        # limitations: its functions measure other chapters' public functions, swept there; its own
        # arguments are checked in tests/limitations
        *(name for name in dir(importlib.import_module("inrlib.limitations")) if not name.startswith("_")),
    }
    missing = []
    for module in ("implicit", "ztransform", "fdm", "boundary", "pinn", "nerf", "liif", "videoinr", "limitations",
                   "networks", "training", "metrics", "data", "imaging", "checkpoints", "settings", "teaching"):
        mod = importlib.import_module(f"inrlib.{module}")
        for name, obj in vars(mod).items():
            home = getattr(obj, "__module__", None) or ""
            if name.startswith("_") or not (home == mod.__name__ or home.startswith(mod.__name__ + ".")):
                continue  # private, or imported from elsewhere (a package's own files count as its own)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and name not in left_out and obj not in VALID:
                missing.append(f"{module}.{name}")
    assert not missing, f"add a valid call to VALID for: {missing}"


# --------------------------------------------------------------------------- 2. the sweep
#: (function, argument) → bad values that are in fact legal there, with the reason
LEGAL = {
    (bd.masked_grid, "name"): {"None", "str", "nan"},      # a label, printed as is
    (pinn.check_residual, "name"): {"None", "str", "nan"},  # a label, printed as is
    (training.train, "checkpoint"): {"str"},                # "oops" is a file name
    (fdm.difference_errors, "dtype"): {"None"},             # np.dtype(None) is float64
    (training.train, "seed"): {"None"},                     # None: do not reseed
    (implicit.fit_image, "seed"): {"None"},
    (pinn.fit, "seed"): {"None"},
    (pinn.heat_samples, "seed"): {"None"},
    (fdm.euler_step, "u"): {"nan"},                         # an unstable march may overflow quietly
    (fdm.heun_step, "u"): {"nan"},
    (pinn.solve_heat, "time_budget"): {"None"},             # None: no time limit
    (pinn.solve_lshape_pinn, "time_budget"): {"None"},
    (pinn.solve_maxwell_pinn, "time_budget"): {"None"},
    (vi.random_clip, "generator"): {"None"},                # None: torch's global generator
    (data.load_image, "size"): {"None"},                    # None: the original resolution
    (nerf.render_image, "early_stop"): {"None"},            # None: no early ray termination
    (imaging.image_tensor, "name"): {"None", "str", "nan"},  # a label, printed as is
    (imaging.pixel_centres, "indices"): {"None"},           # None: every pixel
    (vi.check_same_size, "name0"): {"None", "str", "nan"},  # labels, printed as they are
    (vi.check_same_size, "name1"): {"None", "str", "nan"},
    (nerf.load_views, "directory"): {"str"},                # "oops" is a directory name (FileNotFoundError names
}                                                           # it: tests/test_nerf.py)
BAD = {"None": None, "str": "oops", "nan": NAN}


def _sweep_targets():
    import inspect

    for fn in VALID:
        if fn.__module__.startswith("inrlib.nerf"):
            names = NERF_CHECKED.get(fn, ())
        else:
            names = [p.name for p in inspect.signature(fn).parameters.values()
                     if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and "bool" not in str(p.annotation)
                     and p.name not in ("desc", "suptitle")]  # free-text labels
        for arg in names:
            yield pytest.param(fn, arg, id=f"{_name(fn)}-{arg}")


@pytest.mark.parametrize("fn, arg", list(_sweep_targets()))
def test_sweep(fn, arg, tmp_path, monkeypatch):
    """None, a string and NaN in place of each argument: a clear error from inrlib naming the
    argument, or a value that is legal there (None for an optional argument)."""
    import inspect

    monkeypatch.chdir(tmp_path)
    default = inspect.signature(fn).parameters[arg].default
    for label, bad in BAD.items():
        if label in LEGAL.get((fn, arg), ()) or (label == "None" and default is None):
            continue
        try:
            _call(fn, **{arg: bad})
        except (ValueError, TypeError) as exc:
            assert re.search(rf"\b{re.escape(arg)}\b", str(exc)), f"{arg}={bad!r}: message does not name it: {exc}"
            assert _raised_by_inrlib(exc), f"{arg}={bad!r}: raised inside a dependency: {exc!r}"
        except FileNotFoundError as exc:  # a path that is a string but no file: the error names the file
            assert arg == "path" and label == "str" and "oops" in str(exc), repr(exc)
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"{arg}={bad!r} escaped as {type(exc).__name__}: {exc}")
        else:
            pytest.fail(f"{arg}={bad!r} was accepted silently")


# --------------------------------------------------------------------------- 3. laws of inrlib.validate
@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=3), st.none(), st.booleans()))
def test_positive_int_accepts_exactly_the_positive_integers(value):
    is_positive_int = isinstance(value, int) and not isinstance(value, bool) and value >= 1
    if is_positive_int:
        assert validate.positive_int("n", value) == value
    else:
        with pytest.raises(ValueError, match=r"^n must be a positive integer"):
            validate.positive_int("n", value)


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6), st.text(max_size=3),
                 st.none()))
def test_real_number_accepts_exactly_the_finite_numbers(value):
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        assert validate.real_number("x", value) == float(value)
    else:
        with pytest.raises((ValueError, TypeError), match=r"^x must be a"):
            validate.real_number("x", value)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=1, max_size=6))
def test_finite_array_refuses_any_nan_or_inf_and_keeps_the_rest(values):
    if all(math.isfinite(v) for v in values):
        assert np.array_equal(validate.finite_array("a", values), np.array(values))
    else:
        with pytest.raises(ValueError, match=r"^a must contain only finite values"):
            validate.finite_array("a", values)


@given(st.one_of(st.text(max_size=4), st.none(), st.integers(), st.just(np.zeros(3)), st.just(torch.zeros(2))))
def test_one_of_never_raises_anything_but_a_value_error_naming_the_argument(value):
    options = ("relu", "siren")
    if isinstance(value, str) and value in options:
        assert validate.one_of("kind", value, options) == value
    else:
        with pytest.raises(ValueError, match=r"^kind must be one of \['relu', 'siren'\]"):
            validate.one_of("kind", value, options)


def test_finite_array_refuses_none_as_a_type_error():
    with pytest.raises(TypeError, match="a must be an array of real numbers"):
        validate.finite_array("a", None)
    with pytest.raises(TypeError, match="a must be an array of real numbers"):
        validate.finite_array("a", [1.0, None])


# --------------------------------------------------------------------------- 4. no network
def test_the_tests_cannot_reach_the_network_but_loopback_works():
    """conftest.py's guard: a remote connection or DNS lookup fails at once with a clear error
    (so a test that needs the network fails here, not on an offline machine); loopback,
    which Jupyter kernels and the browser test use, still works."""
    import socket

    with pytest.raises(ConnectionRefusedError, match="network access is blocked during the tests"):
        socket.create_connection(("203.0.113.7", 80), timeout=2)  # TEST-NET-3: never routed
    with pytest.raises(ConnectionRefusedError, match="DNS lookup of 'example.com'"):
        socket.getaddrinfo("example.com", 443)
    with pytest.raises(ConnectionRefusedError, match="network access is blocked"):
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("8.8.8.8", 53))
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2) as client:
            peer, _ = server.accept()
            client.sendall(b"ping")
            assert peer.recv(4) == b"ping"
            peer.close()


def _unshare_works() -> bool:
    import shutil
    import subprocess

    return shutil.which("unshare") is not None and \
        subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="needs `unshare -rn` (unprivileged user + network namespaces)")
def test_the_library_and_its_shipped_data_work_with_no_network_device_at_all(tmp_path):
    """In a fresh network namespace (no interface but a downed loopback) and an empty home
    (no download cache): inrlib imports, every course photo loads and every shipped
    checkpoint verifies and loads — nothing is fetched from the internet."""
    import subprocess
    import sys

    script = ("import torch; torch.set_num_threads(1)\n"
              "from inrlib import checkpoints, data\n"
              "for name in data.AVAILABLE_IMAGES: data.load_image(name, size=None, square=False)\n"
              "for name, entry in checkpoints.read_manifest().items():\n"
              "    checkpoints.load_state_dict(name) if entry['file'].endswith('.pt') else checkpoints.verified_path(name)\n"
              "from inrlib import boundary; boundary.load_lshape_solution()\n"
              "import socket\n"
              "try:\n    socket.create_connection(('203.0.113.7', 80), timeout=2)\nexcept OSError: print('offline')\n")
    import matplotlib

    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "MPLCONFIGDIR": matplotlib.get_configdir()}  # its font cache only: rebuilding it takes 20 s
    run = subprocess.run(["unshare", "-rn", sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "offline"
