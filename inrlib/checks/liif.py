"""Checks for chapter 06's exercises (``exercises/06_liif.ipynb``).

Exercises 1–3 are compared with inrlib's reference on small grids; exercises 4 and 6 run
the student's function on a small crop of a held-out photo with the shipped weights.
"""
from __future__ import annotations

import numpy as np
import torch

from .. import liif
from ..data import load_image
from ..metrics import psnr
from . import (
    Wrong,
    as_array,
    expect_tensor,
    kind,
    attempt,
    check_against_reference,
    diagnose_by_mistakes,
    never_crash,
    report,
)


def _part(result, k, expected):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise TypeError(f"return a pair {expected}, got {type(result).__name__}")
    return result[k]


# ----------------------------------------------------------------------------- exercise 1: the query grid
def reference_query_grid(height, width):
    """coords (H·W, 2) pixel centres (x, y) on [−1, 1]², cells (H·W, 2) = (2/W, 2/H)."""
    return liif.make_query_grid(height, width)


def _corner_grid(h, w):
    ys, xs = torch.linspace(-1, 1, h), torch.linspace(-1, 1, w)
    yy, xx = torch.meshgrid(ys, xs, indexing="ij")
    return torch.stack([xx, yy], -1).reshape(-1, 2)


_GRID_MISTAKES = [
    (lambda h, w: _corner_grid(h, w),
     "linspace(−1, 1, n) puts samples on the cell *edges*; LIIF uses pixel centres −1 + (2k + 1)/n."),
    (lambda h, w: reference_query_grid(h, w)[0].flip(-1), "store each coordinate as (x, y): column first, then row."),
    (lambda h, w: reference_query_grid(h, w)[1] / 2, "a pixel of an n-pixel row is 2/n wide on [−1, 1] (not 1/n)."),
    (lambda h, w: reference_query_grid(h, w)[1].flip(-1), "the cell is (width, height) = (2/W, 2/H), in (x, y) order."),
]


@never_crash
def check_query_grid(student) -> bool:
    """Exercise 1: ``query_grid(height, width)`` → (coords, cells), each (H·W, 2)."""
    for part, what in ((0, "coords"), (1, "cells")):
        ok = check_against_reference(
            f"query_grid ({what})", lambda h, w, part=part: _part(student(h, w), part, "(coords, cells)"),
            lambda h, w, part=part: reference_query_grid(h, w)[part], [(2, 3), (5, 4), (7, 9)],
            describe=lambda a, what=what: f"{what} of a {a[0]}×{a[1]} grid",
            diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, [
                (lambda h, w, m=m: m(h, w), hint) for m, hint in _GRID_MISTAKES]),
            rtol=1e-5, atol=1e-6)
        if not ok:
            return False
    return True


# ----------------------------------------------------------------------------- exercise 2: the nearest code
def reference_nearest_code(latent_shape, coords):
    """(index (Q,), relative (Q, 2)): flat index row·w + col of z*, and x_q − v* in latent pixels."""
    return liif.nearest_latent(latent_shape, coords)


def _queries(seed, n=40):
    return torch.rand(n, 2, generator=torch.Generator().manual_seed(seed)) * 1.98 - 0.99


@never_crash
def check_nearest_code(student) -> bool:
    """Exercise 2: ``nearest_code((h, w), coords)`` → (index, relative)."""
    cases = [((4, 4), _queries(0)), ((3, 5), _queries(1)), ((8, 6), _queries(2))]
    for shape, coords in cases:
        out = attempt("nearest_code", student, shape, coords.clone(), context=f" on a {shape[0]}×{shape[1]} grid")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise Wrong(f"expected a pair (index, relative), got {type(out).__name__}")
        index, relative = out
        expect_tensor(index, "index", shape=(coords.shape[0],))
        if index.dtype not in (torch.int64, torch.int32):
            raise Wrong(f"index: expected an integer tensor (torch.long), got {index.dtype}",
                        "indices select rows: compute them with torch.floor(...).long() (or .clamp(...).long()).")
        expect_tensor(relative, "relative", shape=(coords.shape[0], 2))
    ok = check_against_reference(
        "nearest_code (index)", lambda s, c: _part(student(s, c.clone()), 0, "(index, relative)"),
        lambda s, c: reference_nearest_code(s, c)[0], cases,
        describe=lambda a: f"indices on a {a[0][0]}×{a[0][1]} latent grid",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, [
            (lambda s, c: liif.nearest_latent((s[1], s[0]), c.flip(-1))[0],
             "the flat index is row·w + col, where the row comes from y (coords[..., 1])."),
        ]) or "pixel k of n covers [−1 + 2k/n, −1 + 2(k+1)/n): k = floor((x + 1)/2 · n), clamped to [0, n − 1].",
        rtol=0, atol=0)
    if not ok:
        return False
    return check_against_reference(
        "nearest_code (relative)", lambda s, c: _part(student(s, c.clone()), 1, "(index, relative)"),
        lambda s, c: reference_nearest_code(s, c)[1], cases,
        describe=lambda a: f"relative coordinates on a {a[0][0]}×{a[0][1]} latent grid",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, [
            (lambda s, c: reference_nearest_code(s, c)[1] * 2 / torch.tensor([s[1], s[0]]),
             "measure x_q − v* in latent pixels: divide by the pixel size (2/w, 2/h)."),
            (lambda s, c: -reference_nearest_code(s, c)[1], "the relative coordinate is x_q − v*, not v* − x_q."),
        ]), rtol=1e-4, atol=1e-5)


# ----------------------------------------------------------------------------- exercise 3: local-ensemble weights
def reference_ensemble_weights(relatives):
    """(…, 4) weights: code t weighted by the area of the rectangle to the opposite code."""
    return liif.local_ensemble_weights(relatives)


def _relatives(seed, shape=(5, 7), n=30):
    coords = _queries(seed, n)
    return [liif.nearest_latent(shape, coords, o)[1] for o in liif.ENSEMBLE_OFFSETS]


def _areas(rel):
    return torch.stack([(r[..., 0] * r[..., 1]).abs() for r in rel], -1)


@never_crash
def check_ensemble_weights(student) -> bool:
    """Exercise 3: ``ensemble_weights(relatives)`` → (Q, 4), sums to 1, nearest code heaviest."""
    cases = [(_relatives(3),), (_relatives(4, (3, 3)),), (_relatives(5, (9, 4), 60),)]
    return check_against_reference(
        "ensemble_weights", lambda rel: student([r.clone() for r in rel]), reference_ensemble_weights, cases,
        describe=lambda a: f"{a[0][0].shape[0]} queries", want_tensor=True,
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, [
            (lambda rel: _areas(rel) / _areas(rel).sum(-1, keepdim=True),
             ("each code takes the area of the *diagonally opposite* rectangle (t ↔ 3 − t): the nearer the code, "
              "the larger its weight.")),
            (lambda rel: _areas(rel).flip(-1), "divide by the total area S so that the weights sum to 1."),
        ], rtol=1e-4, atol=1e-6), rtol=1e-4, atol=1e-6)


# ----------------------------------------------------------------------------- exercise 4: PSNR against bicubic
_CACHE: dict = {}  # reference results on the fixed test photo, per model


def _crop():
    return load_image("coffee", size=(120, 180), square=False)  # a held-out photo


def reference_gain_over_bicubic(model, photo, scale):
    """PSNR(LIIF) − PSNR(bicubic) in dB on one photo, border ⌈scale⌉ shaved."""
    row = liif.evaluate_scale(model, photo, scale)
    return row["liif_psnr"] - row["bicubic_psnr"]


@never_crash
def check_gain_over_bicubic(student, model=None) -> bool:
    """Exercise 4: ``gain_over_bicubic(model, photo, scale)`` → a float in dB."""
    model = liif.load_pretrained() if model is None else model
    photo = _crop()[24:96, 36:144]  # 72×108: small enough for a quick check, large enough to shave ×3
    for scale in (2, 3, 2.5):  # the notebook goes on with ×2.5: a non-integer scale must work too
        got = attempt("gain_over_bicubic", student, model, photo.copy(), scale, context=f" at ×{scale}", timeout=60)
        if isinstance(got, (bool, str, bytes)) or got is None:
            return report("gain_over_bicubic", False, f"expected a number (dB), got {kind(got)}")
        try:
            got = float(got)
        except (TypeError, ValueError, RuntimeError):
            return report("gain_over_bicubic", False, f"expected a number (dB), got {kind(got)}")
        if not np.isfinite(got):
            return report("gain_over_bicubic", False, f"at ×{scale} you report {got} dB",
                          "a PSNR difference is a finite number: check for a division by zero (identical images?).")
        key = ("gain", id(model), scale)
        if key not in _CACHE:  # the test photo is fixed: one reference run per model and scale
            _CACHE[key] = reference_gain_over_bicubic(model, photo, scale)
        expected = _CACHE[key]
        if abs(got - expected) > 0.02:
            lr, hr = liif.degrade(photo, scale)
            unshaved = psnr(liif.upsample(model, lr, size=hr.shape[:2]), hr) - \
                psnr(liif.bicubic_upsample(lr, size=hr.shape[:2]), hr)
            hint = ("shave ⌈scale⌉ pixels on every side before computing PSNR (liif.shaved)."
                    if abs(got - unshaved) < 0.02 else
                    "use liif.degrade for the input and ground truth, upsample both ways to hr's size, "
                    "and subtract bicubic's PSNR from LIIF's.")
            return report("gain_over_bicubic", False, f"at ×{scale} you report {got:+.3f} dB, the protocol gives "
                          f"{expected:+.3f} dB", hint)
    return report("gain_over_bicubic", True, "matches the benchmark protocol at ×2, ×3 and ×2.5.")


# ----------------------------------------------------------------------------- exercise 6 (stretch): choosing the cell
def reference_upsample_with_cell(model, image, height, width, cell_scale):
    """Upsample to (height, width), telling the decoder the cell of a ×cell_scale query."""
    return _upsample_with_cell(model, image, height, width, cell_scale)


@torch.no_grad()
def _upsample_with_cell(model, image, height, width, cell_scale):
    lr = torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32)).permute(2, 0, 1)[None]
    coords, _ = liif.make_query_grid(height, width)
    cell = torch.tensor([2.0 / (lr.shape[-1] * cell_scale), 2.0 / (lr.shape[-2] * cell_scale)])
    out = model(lr, coords[None], cell.expand(1, height * width, 2))
    return out.clamp(0, 1)[0].view(height, width, 3).numpy()


@never_crash
def check_upsample_with_cell(student, model=None) -> bool:
    """Exercise 6: ``upsample_with_cell(model, image, height, width, cell_scale)`` → (H, W, 3)."""
    model = liif.load_pretrained() if model is None else model
    lr, _ = liif.degrade(_crop(), 6)
    for cell_scale in (1.0, 6.0):
        got = as_array(attempt("upsample_with_cell", student, model, lr.copy(), 120, 180, cell_scale, timeout=60))
        key = ("cell", id(model), cell_scale)
        if key not in _CACHE:
            _CACHE[key] = reference_upsample_with_cell(model, lr, 120, 180, cell_scale)
        expected = _CACHE[key]
        if got is None or got.shape != expected.shape:
            return report("upsample_with_cell", False, f"expected an image of shape {expected.shape}, got "
                          f"{None if got is None else got.shape}", "return an (H, W, 3) array.")
        err = float(np.abs(got - expected).max())
        if not err <= 1e-4:  # also catches NaN
            return report("upsample_with_cell", False, f"with the cell of ×{cell_scale:g} the image differs "
                          f"(max error {err:.3g})", "the cell in (x, y) order is (2/(w·s), 2/(h·s)) for the "
                          "LR size (h, w); clamp the output to [0, 1].")
    return report("upsample_with_cell", True, "matches the reference for cells of ×1 and ×6.")


__all__ = [
    "check_ensemble_weights", "check_gain_over_bicubic", "check_nearest_code", "check_query_grid",
    "check_upsample_with_cell", "reference_ensemble_weights", "reference_gain_over_bicubic",
    "reference_nearest_code", "reference_query_grid", "reference_upsample_with_cell",
]
