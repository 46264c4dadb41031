"""Chapter 07 — VideoINR-lite: continuous space-time super-resolution from two frames.

VideoINR (Chen et al., CVPR 2022) represents a video between two low-resolution frames
:math:`I_0, I_1` as a function of space **and** time.  The deck writes it as three equations:

.. math::
    \\mathcal{M}(x_s, x_t) &= f_t(x_s, x_t, I_0, I_1)            && \\text{temporal implicit function: a motion flow}\\\\
    \\mathcal{F}_{st}(x_s, x_t) &= \\mathcal{F}_s(x_s + \\mathcal{M}(x_s, x_t)) && \\text{warping}\\\\
    \\mathcal{F}_s(x_s) &= f_s(z^*, x_s - v^*)                     && \\text{spatial implicit function (chapter 06)}

The published model needs a compiled deformable-convolution operator and 600k GPU steps.
This package keeps the idea in plain PyTorch, small enough for a CPU:

* the **spatial** implicit function is chapter 06's LIIF, shipped weights, frozen (chapter 07
  builds on chapter 06: it imports :mod:`inrlib.liif` for the model, its weights, its photos
  and its training schedule, and nothing else);
* the **temporal** implicit function follows, per query (x_s, t), the straight path through
  that point to each frame, on two dense flows of the frames (coarse-to-fine cost volumes, as
  PWC-Net, started at the best matches and refined in place, as RAFT); each path is solved from
  several starts, so a fast object is followed rather than the background it hides; a small
  MLP picks between the paths of the two flows, corrects them and blends;
* **warping** queries LIIF of frame 0 at :math:`x_s + \\mathcal{M}_0` and of frame 1 at
  :math:`x_s + \\mathcal{M}_1`, blended with weight :math:`\\alpha`:

.. math:: I(x_s, t) = (1-\\alpha)\\,\\mathcal{F}_s^{(0)}(x_s + \\mathcal{M}_0) + \\alpha\\,\\mathcal{F}_s^{(1)}(x_s + \\mathcal{M}_1).

At :math:`t = 0` this is exactly :math:`\\mathcal{F}_s^{(0)}(x_s)` (the first frame), at
:math:`t = 1` the second, whatever the weights; untrained (every last layer and gate at zero: no
motion, α = t) it is the linear blend baseline.

Lecture section → file (``inrlib/videoinr/``):

=================================================  ================================================
§1 The target problem (one function per equation)  ``model.py`` — ``VideoINR.query``, ``.motion_at``
§2 Videos with exact ground truth                   ``clips.py`` — :class:`Clip`, :func:`random_clip`
§3 Warping with ``grid_sample``                     ``motion.py`` — :func:`warp`
§4 The three baselines                              ``baselines.py`` — ``blend_bicubic``, ``blend_liif``, ``hs_liif``;
                                                    ``classical.py`` — :func:`horn_schunck`
§5 Flow, temporal implicit function                 ``motion.py`` (:func:`cost_volume`, ``soft_argmax``,
                                                    :class:`FlowEstimator`), ``model.py`` (``trajectory``,
                                                    ``splat``, ``path_through``, ``VideoINR.motion_at``),
                                                    ``train.py`` (:func:`train_videoinr`)
§6 Slow motion and zoom from two frames             ``model.py`` — :func:`render`
§7 The deck's tables at laptop scale                ``evaluation.py`` — :func:`evaluate_cell`
§8 The predicted flow against the true motion       ``clips.py`` (``Clip.true_flow``), ``evaluation.py``
                                                    (:func:`flow_errors`)
§9 Explore: any time, any scale                     :mod:`inrlib.widgets.videoinr`
``python -m inrlib.videoinr train|eval``            ``__main__.py``; shipped weights in ``train.py``
§10 Your own two frames (``… interpolate``)         ``frames.py`` — :func:`interpolate`, :func:`frame_times`
=================================================  ================================================
"""
from .clips import Clip, check_time, frame_tensors, random_clip
from .evaluation import (OOD_CELLS, PAPER_TABLE2, SPACE_IN, TRUTH_SIZE, evaluate_cell, evaluation_clips,
                         evaluation_table, flow_errors)
from .baselines import blend_bicubic, blend_liif, classical_flows, flow_interpolate, hs_liif
from .classical import horn_schunck
from .frames import check_same_size, frame_times, interpolate
from .model import VideoINR, render
from .motion import FlowEstimator, cost_volume, warp
from .train import CHECKPOINT_NAME, TIME_IN, TRAIN_COMMAND, load_pretrained, make_model, sample_batch, train_videoinr

__all__ = [
    "CHECKPOINT_NAME", "Clip", "FlowEstimator", "OOD_CELLS", "PAPER_TABLE2", "SPACE_IN", "TIME_IN", "TRAIN_COMMAND",
    "TRUTH_SIZE", "VideoINR", "blend_bicubic", "blend_liif", "check_same_size", "check_time", "classical_flows",
    "cost_volume", "evaluate_cell", "evaluation_clips", "evaluation_table", "flow_errors", "flow_interpolate",
    "frame_tensors", "frame_times", "horn_schunck", "hs_liif", "interpolate", "load_pretrained", "make_model",
    "random_clip", "render", "sample_batch", "train_videoinr", "warp",
]
