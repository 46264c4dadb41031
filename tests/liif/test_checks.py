"""Chapter 06 — LIIF: the exercise checks never crash and recognise typical mistakes."""
import numpy as np
import pytest
import torch

from inrlib import liif
from inrlib.checks import liif as check


CHECKS = [(check.check_query_grid, check.reference_query_grid),
          (check.check_nearest_code, check.reference_nearest_code),
          (check.check_ensemble_weights, check.reference_ensemble_weights),
          (check.check_gain_over_bicubic, check.reference_gain_over_bicubic),
          (check.check_upsample_with_cell, check.reference_upsample_with_cell)]


def _todo(*args):
    raise NotImplementedError()


BROKEN = (_todo, lambda *a: 1 / 0, lambda *a: torch.tensor(float("nan")), lambda *a: torch.zeros(3, 3),
          lambda *a: "hello", lambda *a: (torch.zeros(2), torch.zeros(2)), lambda *a: np.full((120, 180, 3), np.nan), 42)


@pytest.mark.parametrize("check_fn, reference", CHECKS, ids=lambda f: getattr(f, "__name__", ""))
def test_checks_accept_the_reference_and_report_broken_answers_without_raising(check_fn, reference, capsys):
    assert check_fn(reference) is True
    assert "✓" in capsys.readouterr().out
    for bad in BROKEN:
        assert check_fn(bad) is False
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "ZeroDivisionError" in out


def test_checks_recognise_typical_mistakes(capsys):
    def edge_grid(h, w):
        coords, cells = liif.make_query_grid(h, w)
        ys, xs = torch.linspace(-1, 1, h), torch.linspace(-1, 1, w)
        return torch.stack(torch.meshgrid(xs, ys, indexing="xy"), -1).reshape(-1, 2), cells

    def not_opposite(rel):
        areas = torch.stack([(r[..., 0] * r[..., 1]).abs() for r in rel], -1)
        return areas / areas.sum(-1, keepdim=True)

    def in_coordinate_units(shape, coords):
        index, relative = liif.nearest_latent(shape, coords)
        return index, relative * 2 / torch.tensor([shape[1], shape[0]])

    assert not check.check_query_grid(edge_grid)
    assert not check.check_ensemble_weights(not_opposite)
    assert not check.check_nearest_code(in_coordinate_units)
    out = capsys.readouterr().out
    assert "pixel centres" in out and "diagonally opposite" in out and "latent pixels" in out
