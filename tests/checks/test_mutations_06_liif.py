"""Mutation suite, chapter 06 (inrlib.checks.liif)."""
import math

import numpy as np
import pytest
import torch

from inrlib import liif
from inrlib.checks import liif as check
from inrlib.metrics import psnr


def forever(*args, **kwargs):
    while True:
        pass


def broken(judge, chk, *extra):
    judge.fails(chk, lambda *a: None, *extra, says="None")
    judge.fails(chk, lambda *a: (torch.tensor(float("nan")), torch.tensor(float("nan"))), *extra)
    judge.fails(chk, lambda *a: "1.0", *extra)
    judge.fails(chk, lambda *a: [][1], *extra, says="IndexError")
    judge.fails(chk, forever, *extra, says="did not return within")


@pytest.fixture(scope="module")
def model():
    return liif.load_pretrained()


def test_query_grid(judge, short_limits):
    def grid(h, w):
        ys = -1 + (2 * torch.arange(h, dtype=torch.float64) + 1) / h
        xs = -1 + (2 * torch.arange(w, dtype=torch.float64) + 1) / w
        yy, xx = torch.meshgrid(ys, xs, indexing="ij")
        coords = torch.stack([xx.reshape(-1), yy.reshape(-1)], 1)
        return coords, torch.tensor([2 / w, 2 / h]).repeat(h * w, 1)

    judge.passes(check.check_query_grid, grid)
    for wrong, hint in check._GRID_MISTAKES:
        part = 0 if "coord" in hint or "edges" in hint else 1
        judge.fails(check.check_query_grid, lambda h, w, wrong=wrong, part=part:
                    tuple(wrong(h, w) if k == part else check.reference_query_grid(h, w)[k] for k in (0, 1)),
                    hint=hint[:20])
    broken(judge, check.check_query_grid)


def test_nearest_code(judge, short_limits):
    def nearest(shape, coords):
        h, w = shape
        col = ((coords[:, 0] + 1) / 2 * w).floor().clamp(0, w - 1)
        row = ((coords[:, 1] + 1) / 2 * h).floor().clamp(0, h - 1)
        centre = torch.stack([-1 + (2 * col + 1) / w, -1 + (2 * row + 1) / h], 1)
        return (row * w + col).long(), (coords - centre) * torch.tensor([w / 2, h / 2])

    judge.passes(check.check_nearest_code, nearest)
    judge.fails(check.check_nearest_code, lambda s, c: (nearest(s, c)[0].float(), nearest(s, c)[1]), says="integer tensor")
    judge.fails(check.check_nearest_code, lambda s, c: (nearest(s, c)[0].numpy(), nearest(s, c)[1]), says="torch.Tensor")
    judge.fails(check.check_nearest_code, lambda s, c: (nearest(s, c)[0], -nearest(s, c)[1]), hint="x_q − v*")
    judge.fails(check.check_nearest_code, lambda s, c: (nearest((s[1], s[0]), c.flip(-1))[0], nearest(s, c)[1]),
                hint="row·w + col")
    broken(judge, check.check_nearest_code)
    # the next cell's use
    lr = np.zeros((4, 4, 3))
    index, _ = nearest((4, 4), liif.make_query_grid(8, 8)[0])
    lr.reshape(-1, 3)[index.numpy()]


def test_ensemble_weights(judge, short_limits):
    def weights(rel):
        areas = torch.stack([(r[..., 0] * r[..., 1]).abs() for r in rel[::-1]], -1)
        return areas / areas.sum(-1, keepdim=True)

    judge.passes(check.check_ensemble_weights, weights)
    judge.fails(check.check_ensemble_weights, lambda rel: check._areas(rel) / check._areas(rel).sum(-1, keepdim=True),
                hint="diagonally opposite")
    judge.fails(check.check_ensemble_weights, lambda rel: check._areas(rel).flip(-1), hint="divide by the total")
    judge.fails(check.check_ensemble_weights, lambda rel: weights(rel).numpy(), says="torch.Tensor")
    broken(judge, check.check_ensemble_weights)


def gain(model, photo, scale):
    lr, hr = liif.degrade(photo, scale)
    b = math.ceil(scale)
    truth = liif.shaved(hr, b)
    return psnr(liif.shaved(liif.upsample(model, lr, size=hr.shape[:2]), b), truth) - \
        psnr(liif.shaved(liif.bicubic_upsample(lr, size=hr.shape[:2]), b), truth)


def test_gain_over_bicubic(judge, model):
    judge.passes(check.check_gain_over_bicubic, gain, model)
    judge.fails(check.check_gain_over_bicubic, lambda m, p, s: float("nan"), model)
    judge.fails(check.check_gain_over_bicubic, lambda m, p, s: "0.5", model, says="number")


def test_gain_with_an_integer_only_shave_fails_at_a_fractional_scale(judge, model):
    def shaved_by_scale(m, photo, scale):  # right at ×2 and ×3, but liif.shaved needs an integer border
        lr, hr = liif.degrade(photo, scale)
        truth = liif.shaved(hr, scale)
        return psnr(liif.shaved(liif.upsample(m, lr, size=hr.shape[:2]), scale), truth) - \
            psnr(liif.shaved(liif.bicubic_upsample(lr, size=hr.shape[:2]), scale), truth)

    judge.fails(check.check_gain_over_bicubic, shaved_by_scale, model, says="×2.5")


def test_upsample_with_cell(judge, model):
    judge.passes(check.check_upsample_with_cell, lambda m, img, h, w, c: check.reference_upsample_with_cell(m, img, h, w, c)
                 .astype(np.float64), model)
    judge.fails(check.check_upsample_with_cell, lambda m, img, h, w, c: check.reference_upsample_with_cell(m, img, h, w, 1.0),
                model)  # ignores the cell
    judge.fails(check.check_upsample_with_cell, lambda m, img, h, w, c: None, model)


def test_gain_without_the_shave(judge, model):
    def unshaved(m, photo, scale):
        lr, hr = liif.degrade(photo, scale)
        return psnr(liif.upsample(m, lr, size=hr.shape[:2]), hr) - psnr(liif.bicubic_upsample(lr, size=hr.shape[:2]), hr)

    judge.fails(check.check_gain_over_bicubic, unshaved, model, hint="shave ⌈scale⌉ pixels")
