"""Mutation suite, chapter 07 (inrlib.checks.videoinr)."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from inrlib import liif, videoinr
from inrlib.checks import videoinr as check


def forever(*args, **kwargs):
    while True:
        pass


def broken(judge, chk, *extra):
    judge.fails(chk, lambda *a: None, *extra, says="None")
    judge.fails(chk, lambda *a: float("nan"), *extra)
    judge.fails(chk, lambda *a: "1.0", *extra)
    judge.fails(chk, lambda *a: [][1], *extra, says="IndexError")
    judge.fails(chk, forever, *extra, says="did not return within")


@pytest.fixture(scope="module")
def model():
    return videoinr.load_pretrained()


def tensor(frame):
    return torch.from_numpy(np.ascontiguousarray(frame)).permute(2, 0, 1)[None]


def test_warp_image(judge, short_limits):
    def warp(image, flow):
        h, w = image.shape[-2:]
        ys = -1 + (2 * torch.arange(h) + 1) / h
        xs = -1 + (2 * torch.arange(w) + 1) / w
        grid = torch.stack(torch.meshgrid(xs, ys, indexing="xy"), -1)[None]
        return F.grid_sample(image, grid + flow, padding_mode="border", align_corners=False)

    judge.passes(check.check_warp_image, warp)
    for wrong, hint in check._WARP_MISTAKES:
        judge.fails(check.check_warp_image, wrong, hint=hint[:25])
    judge.fails(check.check_warp_image, lambda i, f: warp(i, f).numpy(), says="torch.Tensor")
    broken(judge, check.check_warp_image)


def test_linear_blend(judge, short_limits):
    judge.passes(check.check_linear_blend, lambda f0, f1, t, size: np.float64(1 - t) * liif.bicubic_upsample(f0, size=size)
                 + t * liif.bicubic_upsample(f1, size=size).astype(np.float64))
    for wrong, hint in check._BLEND_MISTAKES:
        judge.fails(check.check_linear_blend, wrong, hint=hint[:25])
    broken(judge, check.check_linear_blend)


def test_query_frame(judge, model):
    @torch.no_grad()
    def query(m, f0, f1, t, size):
        coords, cells = liif.make_query_grid(*size)
        out = m.query(m.encode(tensor(f0), tensor(f1)), coords[None], t, cells[None])
        return out[0].view(*size, 3).clamp(0, 1).numpy()

    judge.passes(check.check_query_frame, query, model)
    judge.fails(check.check_query_frame, lambda m, f0, f1, t, size: check._unclamped(m, f0, f1, t, size), model,
                hint="clamp")
    judge.fails(check.check_query_frame, lambda m, f0, f1, t, size: query(m, f0, f1, 0.5, size), model)  # ignores t
    judge.fails(check.check_query_frame, lambda *a: None, model, says="None")


@torch.no_grad()
def flow_error(model, clip, t, lr_size, as_tensor=lambda t: torch.tensor(float(t))):
    state = model.encode(tensor(clip.low_res(0.0, lr_size, 4)), tensor(clip.low_res(1.0, lr_size, 4)))
    coords = liif.make_query_grid(lr_size, lr_size)[0]
    predicted = model.motion_at(state, coords[None], as_tensor(t).view(1, 1, 1))["flow0"][0]
    true = clip.true_flow(t, coords, 0.0)
    return ((predicted - true) * lr_size / 2).norm(dim=-1).mean()  # a 0-d tensor is accepted


def test_flow_error(judge, model, short_limits, monkeypatch):
    monkeypatch.setenv("INRLIB_CHECK_TIME_SCALE", "1")
    judge.passes(check.check_flow_error, flow_error, model)
    judge.passes(check.check_flow_error, lambda *a: float(flow_error(*a, as_tensor=lambda t: torch.as_tensor(
        t, dtype=torch.float32))), model)
    # what the instructions once suggested: torch.tensor(t) is float64 for a NumPy t
    judge.fails(check.check_flow_error, lambda *a: flow_error(*a, as_tensor=torch.tensor), model, hint="float32 tensor")
    judge.fails(check.check_flow_error, lambda m, c, t, n: float(flow_error(m, c, t, n)) * 2 / n, model,
                hint="measure in LR pixels")
    judge.fails(check.check_flow_error, lambda *a: float("nan"), model)
    judge.fails(check.check_flow_error, lambda *a: "0.3", model, says="number")
    judge.fails(check.check_flow_error, lambda *a: None, model, says="None")
    # the next cell's use: t from np.linspace, an untrained model too
    for t in np.linspace(0, 1, 3):
        float(flow_error(videoinr.VideoINR(model.spatial), check._held_out_clips()[0], t, 16))


def test_flow_error_more_prepared_mistakes(judge, model, monkeypatch):
    monkeypatch.setenv("INRLIB_CHECK_TIME_SCALE", "1")

    def variant(norm):
        @torch.no_grad()
        def answer(m, clip, t, n):
            predicted, true = check.predicted_and_true_flow(m, clip, t, n)
            return float(norm(predicted, true))
        return answer

    judge.fails(check.check_flow_error, variant(lambda p, q: (p - q).pow(2).sum(-1).mean().sqrt()), model,
                hint="root-mean-square")
    judge.fails(check.check_flow_error, variant(lambda p, q: (p - q).abs().mean()), model, hint="Euclidean length")
    judge.fails(check.check_flow_error, variant(lambda p, q: (p + q).norm(dim=-1).mean()), model,
                hint="clip.true_flow(t, coords, 0.0)")
