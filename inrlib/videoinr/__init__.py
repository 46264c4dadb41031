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
* the **temporal** implicit function is a small MLP that, from motion features of the two
  frames at :math:`x_s` and the time :math:`t`, predicts a flow to each frame and a blend;
* **warping** queries LIIF of frame 0 at :math:`x_s + \\mathcal{M}_0` and of frame 1 at
  :math:`x_s + \\mathcal{M}_1`, blended with weight :math:`\\alpha`:

.. math:: I(x_s, t) = (1-\\alpha)\\,\\mathcal{F}_s^{(0)}(x_s + \\mathcal{M}_0) + \\alpha\\,\\mathcal{F}_s^{(1)}(x_s + \\mathcal{M}_1),
          \\quad \\mathcal{M}_0 = t\\,d_0,\\; \\mathcal{M}_1 = (1-t)\\,d_1,\\; \\alpha = \\frac{t e^{a}}{t e^{a} + 1 - t}.

At :math:`t = 0` this is exactly :math:`\\mathcal{F}_s^{(0)}(x_s)` (the first frame), at
:math:`t = 1` the second; untrained (:math:`d = a = 0`) it is the linear blend baseline.

Lecture section → file (``inrlib/videoinr/``):

=================================================  ================================================
§1 The target problem (one function per equation)  ``model.py`` — ``VideoINR.query``, ``.motion_at``
§2 Videos with exact ground truth                   ``clips.py`` — :class:`Clip`, :func:`random_clip`
§3 Warping with ``grid_sample``                     ``motion.py`` — :func:`warp`
§4 The two baselines                                ``baselines.py`` — ``blend_bicubic``, ``blend_liif``
§5 Motion features, temporal implicit function      ``motion.py`` (:func:`cost_volume`), ``model.py``,
                                                    ``train.py`` (:func:`train_videoinr`)
§6 Slow motion and zoom from two frames             ``model.py`` — :func:`render`
§7 The deck's tables at laptop scale                ``evaluation.py`` — :func:`evaluate_cell`
§8 The predicted flow against the true motion       ``clips.py`` (``Clip.true_flow``), ``model.py``
§9 Explore: any time, any scale                     :mod:`inrlib.widgets.videoinr`
``python -m inrlib.videoinr train|eval``            ``__main__.py``; shipped weights in ``train.py``
§10 Your own two frames (``… interpolate``)         ``frames.py`` — :func:`interpolate`, :func:`frame_times`
=================================================  ================================================
"""
from .clips import Clip, check_time, frame_tensors, random_clip
from .evaluation import (OOD_CELLS, PAPER_TABLE2, SPACE_IN, TRUTH_SIZE, evaluate_cell, evaluation_clips,
                         evaluation_table)
from .baselines import blend_bicubic, blend_liif
from .frames import check_same_size, frame_times, interpolate
from .model import VideoINR, render
from .motion import MotionEncoder, cost_volume, warp
from .train import CHECKPOINT_NAME, TIME_IN, TRAIN_COMMAND, load_pretrained, make_model, sample_batch, train_videoinr

__all__ = [
    "CHECKPOINT_NAME", "Clip", "MotionEncoder", "OOD_CELLS", "PAPER_TABLE2", "SPACE_IN", "TIME_IN", "TRAIN_COMMAND",
    "TRUTH_SIZE", "VideoINR", "blend_bicubic", "blend_liif", "check_same_size", "check_time", "cost_volume",
    "evaluate_cell", "evaluation_clips", "evaluation_table", "frame_tensors", "frame_times", "interpolate",
    "load_pretrained", "make_model", "random_clip", "render", "sample_batch", "train_videoinr", "warp",
]
