"""Checks for chapter 05's exercises (``exercises/05_nerf.ipynb``).

Each check runs the student's function and inrlib's reference (:mod:`inrlib.nerf`) on a
few seeded inputs and prints ✓ or a hint recognised from a typical mistake.
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from .. import nerf
from . import (
    Wrong,
    attempt,
    check_against_reference,
    compare_outputs,
    expect_tensor,
    kind,
    diagnose_by_mistakes,
    never_crash,
    report,
)


def _rng(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


# ----------------------------------------------------------------------------- exercise 1: rays of a pinhole camera
def reference_get_rays(height, width, focal, pose):
    """Origins and directions (H, W, 3) of the rays through the pixel centres."""
    return nerf.get_rays(height, width, focal, pose)


def _rays_with(height, width, focal, pose, *, offset=0.5, flip_y=True, transpose=False, z=-1.0):
    pose = torch.as_tensor(pose, dtype=torch.float32)
    i, j = torch.meshgrid(torch.arange(height, dtype=torch.float32), torch.arange(width, dtype=torch.float32),
                          indexing="ij")
    y = (i + offset - 0.5 * height) / focal
    d = torch.stack([(j + offset - 0.5 * width) / focal, -y if flip_y else y, torch.full_like(i, z)], -1)
    R = pose[:3, :3]
    d = d @ (R if transpose else R.T)
    return pose[:3, 3].expand(height, width, 3), d


_RAY_MISTAKES = [
    (lambda h, w, f, p: _rays_with(h, w, f, p, offset=0.0)[1],
     "rays go through pixel centres: use (j + 0.5 − W/2)/f, not (j − W/2)/f."),
    (lambda h, w, f, p: _rays_with(h, w, f, p, flip_y=False)[1],
     "image rows grow downwards but the camera's y axis points up: the y component is −(i + 0.5 − H/2)/f."),
    (lambda h, w, f, p: _rays_with(h, w, f, p, transpose=True)[1],
     "rotate a camera-frame direction d_c into the world with R d_c (for row vectors: d_c @ R.T), not R.T d_c."),
    (lambda h, w, f, p: _rays_with(h, w, f, p, z=1.0)[1],
     "the camera looks along its −z axis: the z component of d_c is −1."),
]


@never_crash
def check_get_rays(student) -> bool:
    """Exercise 1: ``get_rays(height, width, focal, pose)`` → origins, directions (H, W, 3)."""
    cases = [(4, 6, 5.0, nerf.orbit_pose(30.0, 20.0, 3.0)), (5, 5, 3.0, nerf.orbit_pose(-100.0, 60.0, 4.0)),
             (3, 7, 8.0, nerf.look_at((1.0, -2.0, 0.5), (0.2, 0.1, 0.0)))]
    for k, part in enumerate(("origins", "directions")):
        ok = check_against_reference(
            f"get_rays ({part})", lambda h, w, f, p, k=k: _pick(student(h, w, f, p.clone()), k),
            lambda h, w, f, p, k=k: reference_get_rays(h, w, f, p)[k], cases,
            describe=lambda a: f"a {a[0]}×{a[1]} camera with focal {a[2]:g}",
            diagnose=lambda got, exp, args, k=k: diagnose_by_mistakes(got, args, _RAY_MISTAKES) if k == 1 else
            "the origin of every ray is the camera centre, the last column of the pose: pose[:3, 3].",
            want_tensor=True)
        if not ok:
            return False
    return True


def _pick(out, k):
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise TypeError(f"get_rays must return a pair (origins, directions), got {type(out).__name__}")
    return out[k]


# ----------------------------------------------------------------------------- exercise 2: compositing weights
def reference_compositing_weights(sigma, deltas):
    """w_i = T_i (1 − exp(−σ_i δ_i)), T_i = exp(−Σ_{j<i} σ_j δ_j); shapes (R, S)."""
    return nerf.compositing_weights(sigma, deltas)


_WEIGHT_MISTAKES = [
    (lambda s, d: 1 - torch.exp(-s * d), "you returned the opacities α_i: multiply by the transmittance T_i."),
    (lambda s, d: torch.exp(-torch.cumsum(s * d, -1)) * (1 - torch.exp(-s * d)),
     "T_i sums σ_j δ_j over j < i only (an exclusive sum): the segment itself is not yet crossed."),
    (lambda s, d: torch.exp(-(torch.cumsum(s * d, -1) - s * d)) * (s * d),
     "the opacity of a segment is α = 1 − exp(−σδ), not σδ (that is only its first-order approximation)."),
    (lambda s, d: torch.cumprod(1 - torch.exp(-s * d), -1),
     "T_i is the product of (1 − α_j), the light that passed each earlier segment, not of α_j."),
]


@never_crash
def check_compositing_weights(student) -> bool:
    """Exercise 2: ``compositing_weights(sigma, deltas)`` → weights (R, S)."""
    g = _rng(2)
    cases = [(torch.rand(3, 8, generator=g) * 5, torch.full((3, 8), 0.1)),
             (torch.rand(5, 16, generator=g) * 20, torch.rand(5, 16, generator=g) * 0.05 + 0.01),
             (torch.tensor([[0.0, 0.0, 1e3, 0.0]]), torch.tensor([[0.5, 0.5, 0.5, 0.5]]))]
    return check_against_reference(
        "compositing_weights", lambda s, d: student(s.clone(), d.clone()), reference_compositing_weights, cases,
        describe=lambda a: f"σ and δ of shape {tuple(a[0].shape)}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, _WEIGHT_MISTAKES), want_tensor=True)


# ----------------------------------------------------------------------------- exercise 3: positional encoding
def reference_positional_encoding(p, L):
    """γ(p) = [p, sin(2⁰πp), cos(2⁰πp), …, sin(2^{L−1}πp), cos(2^{L−1}πp)], blocks of size d."""
    return nerf.PositionalEncoding(p.shape[-1], L)(p)


_PE_MISTAKES = [
    (lambda p, L: torch.cat([p] + [f(2**k * p) for k in range(L) for f in (torch.sin, torch.cos)], -1),
     "multiply by π: the frequencies are 2^k π, so the first octave has period 2 on [−1, 1]."),
    (lambda p, L: torch.cat([f(2**k * math.pi * p) for k in range(L) for f in (torch.sin, torch.cos)], -1),
     "put p itself in front of the sines and cosines (include_input, as NeRF's code does)."),
    (lambda p, L: torch.cat([p] + [torch.sin(2**k * math.pi * p) for k in range(L)]
                            + [torch.cos(2**k * math.pi * p) for k in range(L)], -1),
     "interleave per octave: sin(2⁰πp), cos(2⁰πp), sin(2¹πp), … (not all sines, then all cosines)."),
    (lambda p, L: torch.cat([p] + [f((k + 1) * math.pi * p) for k in range(L) for f in (torch.sin, torch.cos)], -1),
     "the frequencies double each octave: 2^k π (k = 0 … L−1), not (k + 1) π."),
]


def _gamma64(p, L):
    p = p.double()
    return torch.cat([p] + [f(2.0**k * math.pi * p) for k in range(L) for f in (torch.sin, torch.cos)], -1)


@never_crash
def check_positional_encoding(student) -> bool:
    """Exercise 3: ``positional_encoding(p, L)`` → a tensor (..., d(2L + 1)).  Compared with γ
    computed in float64, to float32's precision at the highest octave: float32 and float64
    answers both pass."""
    name = "positional_encoding"
    g = _rng(3)
    cases = [(torch.rand(5, 3, generator=g) * 2 - 1, 4), (torch.rand(7, 3, generator=g) * 2 - 1, 10),
             (torch.rand(4, 2, generator=g) * 2 - 1, 1)]
    for p, L in cases:
        what = f"p of shape {tuple(p.shape)}, L = {L}"
        got = attempt(name, student, p.clone(), L, context=f" for {what}")
        expect_tensor(got, what)
        if not got.is_floating_point():
            raise Wrong(f"{what}: expected a floating-point tensor, got {got.dtype}")
        atol = 8 * torch.finfo(torch.float32).eps * (2.0 ** (L - 1) * math.pi * float(p.abs().max()) + 1)
        ok, message, hint = compare_outputs(got.double(), _gamma64(p, L), what=what, rtol=0, atol=atol)
        if not ok:
            hint = diagnose_by_mistakes(got.double(), (p.double(), L), _PE_MISTAKES, rtol=0, atol=atol) or hint
            return report(name, False, message, hint)
    return report(name, True, f"matches γ(p) with p in front on {len(cases)} inputs.")


# ----------------------------------------------------------------------------- exercise 4: hierarchical sampling
def reference_sample_pdf(bins, weights, u):
    """Inverse-CDF samples (R, N) for given uniforms ``u`` (R, N): the t where the
    piecewise-linear CDF of the normalised weights equals u."""
    pdf = weights / weights.sum(-1, keepdim=True)
    cdf = torch.cat([torch.zeros_like(pdf[:, :1]), pdf.cumsum(-1)], -1)
    idx = torch.searchsorted(cdf.contiguous(), u.contiguous(), right=True).clamp(1, cdf.shape[1] - 1)
    lo, hi = idx - 1, idx
    c0, c1, b0, b1 = cdf.gather(1, lo), cdf.gather(1, hi), bins.gather(1, lo), bins.gather(1, hi)
    frac = ((u - c0) / (c1 - c0).clamp(min=1e-12)).clamp(0, 1)
    return b0 + frac * (b1 - b0)


def _pdf_no_interp(bins, weights, u):
    pdf = weights / weights.sum(-1, keepdim=True)
    cdf = torch.cat([torch.zeros_like(pdf[:, :1]), pdf.cumsum(-1)], -1)
    idx = torch.searchsorted(cdf.contiguous(), u.contiguous(), right=True).clamp(1, cdf.shape[1] - 1)
    return bins.gather(1, idx - 1)


_PDF_MISTAKES = [
    (_pdf_no_interp, ("interpolate inside the bin: t = t_lo + (u − cdf_lo)/(cdf_hi − cdf_lo) · (t_hi − t_lo), "
                      "otherwise every sample lands on a bin edge.")),
    (lambda b, w, u: reference_sample_pdf(b, w / w.sum(-1, keepdim=True), 1 - u),
     "the CDF starts at 0 at the first edge: search u itself, not 1 − u."),
    (lambda b, w, u: reference_sample_pdf(b, torch.ones_like(w), u),
     "use the weights: the PDF of bin i is w_i / Σ_j w_j (uniform bins ignore the coarse pass)."),
]


@never_crash
def check_sample_pdf(student) -> bool:
    """Exercise 4: ``sample_pdf(bins, weights, u)`` → samples (R, N)."""
    g = _rng(4)
    bins = torch.linspace(2.0, 6.0, 9).expand(3, 9).contiguous()
    w = torch.rand(3, 8, generator=g) + 0.01
    w[1] = torch.tensor([0.0, 0.0, 1.0, 3.0, 0.0, 0.0, 0.0, 0.0]) + 1e-3
    u = torch.rand(3, 32, generator=g).sort(-1).values
    bins2 = torch.sort(torch.rand(2, 6, generator=g) * 4 + 2, -1).values
    w2 = torch.rand(2, 5, generator=g) + 0.1
    u2 = torch.linspace(0.01, 0.99, 11).expand(2, 11).contiguous()
    cases = [(bins, w, u), (bins2, w2, u2)]
    ok = check_against_reference(
        "sample_pdf", lambda b, ww, uu: student(b.clone(), ww.clone(), uu.clone()), reference_sample_pdf, cases,
        describe=lambda a: f"{a[0].shape[0]} rays, {a[1].shape[1]} bins, {a[2].shape[1]} samples",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, _PDF_MISTAKES), want_tensor=True,
        rtol=1e-4, atol=1e-4)
    return ok


# ----------------------------------------------------------------------------- exercise 5: empty space (predict)
_EXPECTED_COUNTS: dict | None = None


@never_crash
def check_samples_saved(student) -> bool:
    """Exercise 5: ``count_evaluations(field, occupancy)`` → dict with the number of network
    evaluations for a 64×64 view: ``{"all": …, "occupancy": …, "occupancy+early": …}``."""
    field = _OpaqueBall()
    occ = nerf.OccupancyGrid(resolution=16)
    occ.update(field.density, step_size=2 * math.sqrt(3) / 128)
    got = attempt("count_evaluations", student, field, occ, timeout=60)
    global _EXPECTED_COUNTS
    if _EXPECTED_COUNTS is None:  # the test scene is fixed: count once per session
        _EXPECTED_COUNTS = reference_count_evaluations(field, occ)
    expected = dict(_EXPECTED_COUNTS)
    if not isinstance(got, dict) or set(got) != set(expected):
        return report("count_evaluations", False, f"expected a dict with keys {sorted(expected)}, got "
                      f"{sorted(got) if isinstance(got, dict) else type(got).__name__}")
    for key, value in expected.items():
        count = got[key]
        if isinstance(count, torch.Tensor) and count.numel() == 1 and not count.is_floating_point():
            count = count.item()
        if isinstance(count, (bool, np.bool_)) or not isinstance(count, (int, np.integer)):
            return report("count_evaluations", False, f"{key!r}: expected a whole number of evaluations (an int), "
                          f"got {kind(count)}", "the counts are render_image(...)['samples'], integers: keep them so.")
        if not abs(int(count) - value) <= 0.02 * value + 1:
            hint = {"all": "without the grid every sample inside the box is evaluated: call render_image with "
                           "occupancy=None, early_stop=None.",
                    "occupancy": "pass the grid but early_stop=None.",
                    "occupancy+early": "pass the grid and early_stop=1e-3."}[key]
            return report("count_evaluations", False, f"{key!r}: expected about {value}, got {int(count)}", hint)
    return report("count_evaluations", True, "counts match on an opaque ball: "
                  + ", ".join(f"{k} {v}" for k, v in expected.items()))


class _OpaqueBall(nerf.Field):
    """A test field: σ = 200 inside a ball of radius 0.5, colour from the position."""

    def density(self, x):
        return 200.0 * (x.norm(dim=-1) < 0.5).float()

    def forward(self, x, d):
        return self.density(x), torch.sigmoid(x)


def reference_count_evaluations(field, occupancy):
    pose = nerf.orbit_pose(30.0, 20.0, 3.5)
    focal = nerf.focal_from_fov(64, nerf.CAMERA_ANGLE_X)
    s = nerf.RenderSettings(n_samples=128)
    return {"all": nerf.render_image(field, 64, 64, focal, pose, s, None, early_stop=None)["samples"],
            "occupancy": nerf.render_image(field, 64, 64, focal, pose, s, occupancy, early_stop=None)["samples"],
            "occupancy+early": nerf.render_image(field, 64, 64, focal, pose, s, occupancy, early_stop=1e-3)["samples"]}


# ----------------------------------------------------------------------------- exercise 6 (stretch): view dependence
def reference_color_input(features, directions, n_frequencies):
    """Input of the colour MLP with view dependence: [features, γ(d / |d|)] along the last axis."""
    enc = nerf.PositionalEncoding(3, n_frequencies)
    return torch.cat([features, enc(F.normalize(directions, dim=-1))], dim=-1)


_COLOR_MISTAKES = [
    (lambda f, d, L: torch.cat([f, nerf.PositionalEncoding(3, L)(d)], -1),
     "normalise the directions first (d / |d|): a ray's direction must not depend on its length."),
    (lambda f, d, L: torch.cat([nerf.PositionalEncoding(3, L)(F.normalize(d, dim=-1)), f], -1),
     "put the features first, then γ(d)."),
    (lambda f, d, L: torch.cat([f, F.normalize(d, dim=-1)], -1),
     "encode the direction with γ (L octaves), not the raw unit vector."),
]


@never_crash
def check_color_input(student) -> bool:
    """Exercise 6: ``color_input(features, directions, n_frequencies)`` → (N, F + 3(2L + 1))."""
    g = _rng(6)
    cases = [(torch.randn(5, 8, generator=g), torch.randn(5, 3, generator=g) * 3, 4),
             (torch.randn(3, 15, generator=g), torch.randn(3, 3, generator=g), 2)]
    return check_against_reference(
        "color_input", lambda f, d, L: student(f.clone(), d.clone(), L), reference_color_input, cases,
        describe=lambda a: f"features {tuple(a[0].shape)}, directions {tuple(a[1].shape)}, L = {a[2]}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, _COLOR_MISTAKES), want_tensor=True)
