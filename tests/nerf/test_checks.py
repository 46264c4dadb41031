"""Chapter 05 — NeRF. The exercise checks of chapter 05."""
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
from inrlib.checks import nerf as checks

torch.set_num_threads(1)







from inrlib.checks import nerf as checks


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _crash(*args, **kwargs):
    return [1, 2][len(args) + 5]


ALL_CHECKS = [checks.check_get_rays, checks.check_compositing_weights, checks.check_positional_encoding,
              checks.check_sample_pdf, checks.check_samples_saved, checks.check_color_input]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("student", [_stub, _crash, lambda *a: float("nan"), lambda *a: "text",
                                     lambda *a: torch.zeros(3, 3), lambda *a: (torch.zeros(2), None), None])
def test_checks_never_crash_on_bad_student_code(check, student, capsys):
    assert check(student) is False
    out = capsys.readouterr().out
    assert out.startswith(("✗", "…")) and "Traceback" not in out


def test_checks_accept_the_references():
    assert checks.check_get_rays(checks.reference_get_rays)
    assert checks.check_compositing_weights(checks.reference_compositing_weights)
    assert checks.check_positional_encoding(checks.reference_positional_encoding)
    assert checks.check_sample_pdf(checks.reference_sample_pdf)
    assert checks.check_samples_saved(checks.reference_count_evaluations)
    assert checks.check_color_input(checks.reference_color_input)


def test_checks_recognise_typical_mistakes(capsys):
    def weights_inclusive(s, d):
        return torch.exp(-torch.cumsum(s * d, -1)) * (1 - torch.exp(-s * d))

    assert not checks.check_compositing_weights(weights_inclusive)
    assert "exclusive" in capsys.readouterr().out

    def rays_at_corners(h, w, f, pose):
        return checks._rays_with(h, w, f, pose, offset=0.0)

    assert not checks.check_get_rays(rays_at_corners)
    assert "pixel centres" in capsys.readouterr().out

    def pe_no_pi(p, L):
        return torch.cat([p] + [fn(2**k * p) for k in range(L) for fn in (torch.sin, torch.cos)], -1)

    assert not checks.check_positional_encoding(pe_no_pi)
    assert "multiply by π" in capsys.readouterr().out

    assert not checks.check_sample_pdf(checks._pdf_no_interp)
    assert "interpolate inside the bin" in capsys.readouterr().out

    def unnormalised(f, d, L):
        return torch.cat([f, nerf.PositionalEncoding(3, L)(d)], -1)

    assert not checks.check_color_input(unnormalised)
    assert "normalise" in capsys.readouterr().out
