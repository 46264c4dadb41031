"""Chapter 07's exercise checks: the reference passes, broken answers are reported (never
raised), and typical mistakes get their specific hint."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from inrlib import liif, videoinr
from inrlib.checks import videoinr as check


@pytest.fixture(scope="module")
def model():
    """Any temporal function will do (the checks compare with the reference on the same model):
    a random, non-zero one, so that the flows and the blend are not trivially zero."""
    torch.manual_seed(0)
    m = videoinr.VideoINR(liif.load_pretrained())
    for p in m.temporal.parameters():
        torch.nn.init.normal_(p, std=0.3)
    return m.eval()


def _todo(*args):
    raise NotImplementedError()


BROKEN = (_todo, lambda *a: 1 / 0, lambda *a: torch.tensor(float("nan")), lambda *a: torch.zeros(3, 3),
          lambda *a: "hello", lambda *a: None, lambda *a: (torch.zeros(2), torch.zeros(2)),
          lambda *a: np.full((40, 56, 3), np.nan), lambda *a: float("nan"), lambda *a: [1, 2], 42)


def _checks(model):
    return [(check.check_warp_image, check.reference_warp_image, {}),
            (check.check_linear_blend, check.reference_linear_blend, {}),
            (check.check_query_frame, check.reference_query_frame, {"model": model}),
            (check.check_flow_error, check.reference_flow_error, {"model": model})]


@pytest.mark.parametrize("k", range(4), ids=["warp_image", "linear_blend", "query_frame", "flow_error"])
def test_checks_accept_the_reference_and_report_broken_answers_without_raising(model, k, capsys):
    check_fn, reference, kwargs = _checks(model)[k]
    assert check_fn(reference, **kwargs) is True
    assert "✓" in capsys.readouterr().out
    for bad in BROKEN:
        assert check_fn(bad, **kwargs) is False, bad
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "ZeroDivisionError" in out
    assert "✓" not in out


def test_warp_check_recognises_typical_mistakes(capsys):
    def flow_as_grid(image, flow):
        return F.grid_sample(image, flow, padding_mode="border", align_corners=False)

    def corners(image, flow):
        grid = liif.make_query_grid(*image.shape[-2:])[0].view(1, *image.shape[-2:], 2) + flow
        return F.grid_sample(image, grid, padding_mode="border", align_corners=True)

    def zeros(image, flow):
        grid = liif.make_query_grid(*image.shape[-2:])[0].view(1, *image.shape[-2:], 2) + flow
        return F.grid_sample(image, grid, padding_mode="zeros", align_corners=False)

    def forward(image, flow):
        return videoinr.warp(image, -flow)

    def as_numpy(image, flow):
        return videoinr.warp(image, flow).numpy()

    for wrong in (flow_as_grid, corners, zeros, forward, as_numpy):
        assert check.check_warp_image(wrong) is False
    out = capsys.readouterr().out
    for hint in ("add the flow to the grid", "align_corners=False", "padding_mode='border'", "x + flow(x)",
                 "torch.Tensor"):
        assert hint in out, hint


def test_blend_check_recognises_typical_mistakes(capsys):
    def swapped(f0, f1, t, size):
        return t * liif.bicubic_upsample(f0, size=size) + (1 - t) * liif.bicubic_upsample(f1, size=size)

    def bilinear(f0, f1, t, size):
        up = [F.interpolate(torch.from_numpy(f).permute(2, 0, 1)[None], size=size, mode="bilinear")[0].permute(1, 2, 0)
              for f in (f0, f1)]
        return (1 - t) * up[0] + t * up[1]

    def as_tensor(f0, f1, t, size):  # a tensor is fine: the values are what count
        return torch.from_numpy(videoinr.blend_bicubic(f0, f1, t, size))

    assert check.check_linear_blend(swapped) is False
    assert check.check_linear_blend(bilinear) is False
    assert check.check_linear_blend(as_tensor) is True
    out = capsys.readouterr().out
    assert "weights are swapped" in out and "not bilinear" in out


def test_query_frame_check_recognises_typical_mistakes(model, capsys):
    @torch.no_grad()
    def unclamped(m, f0, f1, t, size):
        a, b = (torch.from_numpy(f).permute(2, 0, 1)[None] for f in (f0, f1))
        coords, cells = liif.make_query_grid(*size)
        return m.query(m.encode(a, b), coords[None], t, cells[None])[0].view(*size, 3).numpy()

    def transposed(m, f0, f1, t, size):
        return videoinr.render(m, f0, f1, t, size[::-1])

    def blend(m, f0, f1, t, size):
        return videoinr.blend_liif(f0, f1, t, size, m.spatial)

    def without_cells(m, f0, f1, t, size):
        a, b = (torch.from_numpy(f).permute(2, 0, 1)[None] for f in (f0, f1))
        coords, _ = liif.make_query_grid(*size)
        return m.query(m.encode(a, b), coords[None], t)[0].view(*size, 3)

    # an extreme model, so that clamping matters
    wild = videoinr.VideoINR(model.spatial)
    wild.load_state_dict(model.state_dict())
    with torch.no_grad():
        wild.temporal[-1].weight.mul_(20)
    assert check.check_query_frame(unclamped, wild) is False
    assert check.check_query_frame(transposed, model) is False
    assert check.check_query_frame(blend, model) is False
    assert check.check_query_frame(without_cells, model) is False
    out = capsys.readouterr().out
    assert "clamp the colours" in out and "height first" in out and "model.encode" in out
    assert "cells must be given" in out


def test_flow_error_check_recognises_typical_mistakes(model, capsys):
    def in_coordinate_units(m, clip, t, lr_size):
        return check.reference_flow_error(m, clip, t, lr_size) * 2 / lr_size

    def rms(m, clip, t, lr_size):
        p, q = check.predicted_and_true_flow(m, clip, t, lr_size)
        return (p - q).pow(2).sum(-1).mean().sqrt()  # a 0-d tensor is accepted as a number

    def as_array(m, clip, t, lr_size):
        return np.array([check.reference_flow_error(m, clip, t, lr_size)])

    assert check.check_flow_error(in_coordinate_units, model) is False
    assert check.check_flow_error(rms, model) is False
    assert check.check_flow_error(as_array, model) is False
    out = capsys.readouterr().out
    assert "lr_size/2" in out and "root-mean-square" in out and "expected a number" in out


def test_reference_flow_error_is_zero_for_a_model_that_predicts_the_true_flow():
    """Independent of the model: a clip with a pure pan has a constant true flow; a model
    whose temporal function outputs exactly that flow has end-point error 0."""
    clip = videoinr.Clip(torch.rand(3, 64, 64), torch.rand(3, 8, 8), half_size=0.5, velocity=(0.1, -0.05))
    lr = 24
    true = clip.true_flow(0.5, liif.make_query_grid(lr, lr)[0], 0.0)[0] * lr / 2  # LR pixels moved between t and 0
    m = videoinr.VideoINR(liif.LIIF(blocks=1, channels=8, hidden=16, layers=2))
    with torch.no_grad():  # no estimated flow (untrained), so flow0 = t·d0 in LR pixels: d0 = true / t (bias only)
        m.temporal[-1].bias[1:3] = true / 0.5
    assert abs(check.reference_flow_error(m, clip, 0.5, lr)) < 1e-4
    assert check.reference_flow_error(videoinr.VideoINR(m.spatial), clip, 0.5, lr) == pytest.approx(
        float(true.norm()), rel=1e-4)
