"""Chapter 05: NeRF — neural radiance fields (Mildenhall et al., ECCV 2020).

A NeRF is an implicit neural network of five variables: a point ``x = (x, y, z)`` and a
viewing direction ``d`` give a density ``σ(x)`` and a colour ``c(x, d)``. An image is made
by *volume rendering*: along the ray ``r(t) = o + t d`` of every pixel,

    C(r) = ∫ T(t) σ(r(t)) c(r(t), d) dt,      T(t) = exp(−∫_{t_n}^{t} σ(r(s)) ds),

and training fits the network so that rendered pixels match photographs taken from known
cameras. One concept per file, in the order of lecture 05:

=====================================================  =========================================
lecture 05                                             file
=====================================================  =========================================
§1 the course's scene, the standard layout on disk     ``scene.py``, ``dataset.py``
§2 the target problem: a 5-D function                  ``fields.py`` (:class:`NeRFField`)
§3 cameras and rays, a pixel's footprint               ``cameras.py``
§4 volume rendering: transmittance, weights, colour    ``rendering.py`` (first half)
§5 positional encoding                                 :class:`inrlib.networks.PositionalEncoding`
§6 sampling along the ray, hierarchical sampling,      ``samplers.py``, ``occupancy.py``,
   skipping empty space, the renderer                  ``rendering.py`` (second half)
§7 the multiresolution hash grid, training             ``encodings.py``, ``fields.py``, ``train.py``
§7 the shipped model; §8 the ablation; §9 SIREN        ``shipped.py``, ``fields.py``
§11 your own scene: its box from the cameras, training  ``bounds.py``, ``own_scene.py``
``python -m inrlib.nerf train|ablation``               ``__main__.py``
=====================================================  =========================================

Every public name is re-exported here: ``from inrlib import nerf; nerf.render_rays(...)``.
"""
from ..networks import PositionalEncoding
from .bounds import frustum_bound, grid_resolution, look_at_centre, recentred
from .cameras import check_pose, focal_from_fov, get_rays, look_at, orbit_pose, pixel_rays, ray_box_intersection
from .dataset import SPLITS, Views, area_downscale, load_views, write_views
from .encodings import HashGridEncoding
from .fields import FIELD_KINDS, Field, HashGridField, NeRFField, SirenField, make_field
from .occupancy import OccupancyGrid
from .own_scene import SAMPLES_PER_UNIT, fit_scene, load_trained, save_trained, scene_settings
from .rendering import (RenderSettings, composite, compositing_weights, deltas_from_t, hierarchical_samples,
                        kept_first, march_front_to_back, query_field, ray_segments, render_image, render_rays,
                        sample_along_rays, transmittance, visible)
from .samplers import bin_edges, sample_pdf, stratified_samples
from .scene import (CAMERA_ANGLE_X, CAMERA_RADIUS, SCENES, Box, Sphere, camera_poses, make_scene,
                    render_ground_truth, scaled)
from .shipped import (ABLATION, ABLATION_CHECKPOINT, ABLATION_LR, CHECKPOINT, SETTINGS, SUPERSAMPLE, load_ablation,
                      load_shipped, shipped_config, train_ablation, train_command)
from .train import TrainResult, evaluate_views, train_nerf

__all__ = [name for name in dir() if not name.startswith("_")]
