"""Chapter 06 — LIIF: one continuous image representation for every image and every scale.

Chapter 00 fitted one network to one photo and could not reuse it ("another image? — we
cannot").  LIIF (Chen, Liu & Wang, CVPR 2021) shares an **encoder** across images: it
turns a low-resolution image into a grid of latent codes z, and one **local implicit
function** decodes any continuous coordinate from the code nearest to it,

.. math:: I(x_q) = f_θ(z^*, x_q - v^*),

where :math:`v^*` is the centre of the latent pixel nearest to the query :math:`x_q`.
With *cell decoding* the decoder also sees the size :math:`c = [c_h, c_w]` of the pixel
it is asked for, :math:`f_{cell}(z^*, [x_q - v^*, c])`.  Trained with random scales in
[1, 4] it upsamples by any factor, ×2.5 or ×30 alike, with the same weights.

Lecture section → file (``inrlib/liif/``):

==============================================================  ==========================================
§1 "Another image? — we cannot"                                  (chapter 00; the query grid: :mod:`inrlib.imaging`)
§2 The encoder: a grid of latent codes                           ``encoder.py`` — :class:`Encoder`
§3 The query: nearest code and relative coordinate               ``local.py`` — :func:`nearest_latent`
§4 Feature unfolding; the first layer is a convolution           ``local.py``, ``model.py`` — :class:`LIIF`
§5 Local ensemble: no seams                                      ``local.py`` — :func:`local_ensemble_weights`
§6 Cell decoding                                                 ``model.py`` — :meth:`LIIF.query`
§7 Training as the paper does it                                 ``sampling.py`` (:func:`sample_batch`), ``train.py``
§8 The deck's Table 1 at laptop scale                            ``evaluation.py``, ``upsampling.py``
§9 Any scale, not only integers                                  ``upsampling.py`` — :func:`upsample`
§10 Explore: a continuous zoom                                   :mod:`inrlib.widgets.liif`
``python -m inrlib.liif train|eval``                             ``__main__.py``, shipped weights in ``train.py``
§11 Your own photo (``python -m inrlib.liif upsample``)          ``photo.py`` — :func:`upsample_photo`
==============================================================  ==========================================

Coordinates follow :mod:`inrlib.imaging`: (x, y) pixel centres on [−1, 1]².  Relative
coordinates and cells are measured **in low-resolution pixels**, so the nearest code's
offset lies in [−½, ½] and a ×s query pixel has cell size 1/s.  The generic image helpers
(query grids, bicubic baseline, downsampling, photos) live in the core
(:mod:`inrlib.imaging`, :mod:`inrlib.data`) and are re-exported here under the names the
chapter uses.
"""
from ..data import load_photos
from ..imaging import bicubic_upsample, downsample, make_query_grid, output_size
from .encoder import Encoder, ResidualBlock
from .evaluation import PAPER_TABLE, SCALES_IN, SCALES_OUT, degrade, evaluate_scale, evaluation_table, shaved
from .local import ENSEMBLE_OFFSETS, local_ensemble_weights, nearest_latent, unfold_features
from .model import LIIF, bicubic_sample
from .photo import upsample_photo
from .sampling import TEST_PHOTOS, TRAIN_PHOTOS, sample_batch
from .train import CHECKPOINT_NAME, TRAIN_COMMAND, cosine_decay, load_pretrained, make_model, train_liif
from .upsampling import MAX_OUTPUT_PIXELS, _input_window, upsample

__all__ = [
    "CHECKPOINT_NAME", "ENSEMBLE_OFFSETS", "Encoder", "LIIF", "MAX_OUTPUT_PIXELS", "PAPER_TABLE", "ResidualBlock",
    "SCALES_IN", "SCALES_OUT", "TEST_PHOTOS", "TRAIN_COMMAND", "TRAIN_PHOTOS", "bicubic_sample", "bicubic_upsample",
    "cosine_decay",
    "degrade", "downsample", "evaluate_scale", "evaluation_table", "load_photos", "load_pretrained",
    "local_ensemble_weights", "make_model", "make_query_grid", "nearest_latent", "output_size", "sample_batch",
    "shaved", "train_liif", "unfold_features", "upsample", "upsample_photo",
]
