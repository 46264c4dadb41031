"""Mutation suite, chapter 05 (inrlib.checks.nerf)."""
import math

import numpy as np
import torch

from inrlib import nerf
from inrlib.checks import nerf as check


def forever(*args, **kwargs):
    while True:
        pass


def broken(judge, chk):
    judge.fails(chk, lambda *a: None, says="None")
    judge.fails(chk, lambda *a: torch.tensor(float("nan")))
    judge.fails(chk, lambda *a: "1.0")
    judge.fails(chk, lambda *a: [][1], says="IndexError")
    judge.fails(chk, forever, says="did not return within")


def test_get_rays(judge, short_limits):
    def rays64(h, w, f, pose):  # in float64, written with einsum
        o, d = check._rays_with(h, w, f, pose)
        return o.double(), torch.einsum("hwk->hwk", d).double()

    judge.passes(check.check_get_rays, rays64)
    for wrong, hint in check._RAY_MISTAKES:
        judge.fails(check.check_get_rays, lambda h, w, f, p, wrong=wrong: (check._rays_with(h, w, f, p)[0],
                                                                            wrong(h, w, f, p)), hint=hint[:25])
    judge.fails(check.check_get_rays, lambda h, w, f, p: tuple(t.numpy() for t in check._rays_with(h, w, f, p)),
                says="torch.Tensor")
    broken(judge, check.check_get_rays)


def test_compositing_weights(judge, short_limits):
    def weights_loop(s, d):
        alpha = 1 - torch.exp(-s * d)
        out, T = torch.zeros_like(s), torch.ones(s.shape[0])
        for i in range(s.shape[1]):
            out[:, i] = T * alpha[:, i]
            T = T * (1 - alpha[:, i])
        return out

    judge.passes(check.check_compositing_weights, weights_loop)
    for wrong, hint in check._WEIGHT_MISTAKES:
        judge.fails(check.check_compositing_weights, wrong, hint=hint[:25])
    broken(judge, check.check_compositing_weights)


def test_positional_encoding(judge, short_limits):
    judge.passes(check.check_positional_encoding, lambda p, L: check._gamma64(p, L))  # float64 is fine
    judge.passes(check.check_positional_encoding, lambda p, L: check._gamma64(p, L).float())
    for wrong, hint in check._PE_MISTAKES:
        judge.fails(check.check_positional_encoding, wrong, hint=hint[:25])
    broken(judge, check.check_positional_encoding)


def test_sample_pdf(judge, short_limits):
    judge.passes(check.check_sample_pdf, lambda b, w, u: check.reference_sample_pdf(b, w * 3.0, u))  # unnormalised ok
    for wrong, hint in check._PDF_MISTAKES:
        judge.fails(check.check_sample_pdf, wrong, hint=hint[:25])
    broken(judge, check.check_sample_pdf)


def test_count_evaluations(judge, short_limits, monkeypatch):
    monkeypatch.setenv("INRLIB_CHECK_TIME_SCALE", "1")  # rendering takes a moment
    counts = check.reference_count_evaluations(check._OpaqueBall(), _grid())

    def ref(field, occupancy):
        return dict(counts)

    judge.passes(check.check_samples_saved, lambda f, o: {k: np.int64(v) for k, v in ref(f, o).items()})
    judge.passes(check.check_samples_saved, lambda f, o: {k: torch.tensor(v) for k, v in ref(f, o).items()})
    judge.fails(check.check_samples_saved, lambda f, o: {k: float("nan") for k in ref(f, o)}, says="whole number")
    judge.fails(check.check_samples_saved, lambda f, o: {k: str(v) for k, v in ref(f, o).items()}, says="whole number")
    judge.fails(check.check_samples_saved, lambda f, o: {k: float(v) for k, v in ref(f, o).items()}, says="whole number")
    judge.fails(check.check_samples_saved, lambda f, o: {**ref(f, o), "occupancy+early": ref(f, o)["occupancy"]},
                hint="early_stop=1e-3")
    judge.fails(check.check_samples_saved, lambda f, o: None)
    for value in [np.int64(v) for v in counts.values()] + [torch.tensor(v) for v in counts.values()]:
        assert f"{value:9,d}"  # the next cell's format


def _grid():
    occ = nerf.OccupancyGrid(resolution=16)
    occ.update(check._OpaqueBall().density, step_size=2 * math.sqrt(3) / 128)
    return occ


def test_color_input(judge, short_limits):
    judge.passes(check.check_color_input, lambda f, d, L: torch.cat(
        [f, check._gamma64(d / d.norm(dim=-1, keepdim=True), L).float()], -1))
    for wrong, hint in check._COLOR_MISTAKES:
        judge.fails(check.check_color_input, wrong, hint=hint[:25])
    broken(judge, check.check_color_input)
