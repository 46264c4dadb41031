"""Checks for chapter 00's exercises (``exercises/00_implicit.ipynb``)."""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from . import (StudentError, Wrong, as_array, attempt, call_student, check_against_reference, compare_outputs,
               diagnose_by_mistakes, expect_number, expect_tensor, never_crash, not_implemented, report)
from ..implicit import make_signal, signal_psnr, split_even_odd
from ..metrics import psnr
from ..networks import PositionalEncoding


# ----------------------------------------------------------------------------- exercise 1: γ(p)
def reference_positional_encoding(p: torch.Tensor, n_frequencies: int) -> torch.Tensor:
    """γ(p) of the NeRF paper (eq. 4), without p itself."""
    return PositionalEncoding(p.shape[-1], n_frequencies, include_input=False)(p)


def _pe_mistakes():
    def freqs(L):
        return [2.0**k * math.pi for k in range(L)]

    def build(p, L, fs, order="interleave", include=False, swap=False):
        parts = [p] if include else []
        if order == "interleave":
            for f in fs:
                pair = [torch.cos(f * p), torch.sin(f * p)] if swap else [torch.sin(f * p), torch.cos(f * p)]
                parts += pair
        else:
            parts += [torch.sin(f * p) for f in fs] + [torch.cos(f * p) for f in fs]
        return torch.cat(parts, dim=-1)

    return [
        (lambda p, L: build(p, L, freqs(L), include=True),
         "γ(p) in the paper holds only the sines and cosines; leave p itself out."),
        (lambda p, L: build(p, L, [2.0**k for k in range(L)]),
         "the frequencies are 2^k·π: multiply by π."),
        (lambda p, L: build(p, L, [2.0 ** (k + 1) * math.pi for k in range(L)]),
         "k runs from 0 to L−1, so the lowest frequency is 2^0·π = π."),
        (lambda p, L: build(p, L, [(k + 1) * math.pi for k in range(L)]),
         "the frequencies double (2^k·π), they do not grow linearly."),
        (lambda p, L: build(p, L, freqs(L), order="blocks"),
         "interleave per frequency: sin(2^0πp), cos(2^0πp), sin(2^1πp), cos(2^1πp), …"),
        (lambda p, L: build(p, L, freqs(L), swap=True),
         "sine first, then cosine, for each frequency."),
    ]


@never_crash
def check_positional_encoding(student) -> bool:
    """Exercise 1: ``positional_encoding(p, n_frequencies)`` = γ(p), a floating tensor of shape
    (..., 2·L·d).  Compared with γ computed in float64, to float32's precision at the highest
    frequency (2^(L−1)π·|p|·ε): float32 and float64 answers both pass."""
    name = "positional_encoding"
    g = torch.Generator().manual_seed(0)
    cases = [
        (torch.tensor([[0.3], [-0.7]]), 2),
        (torch.rand(5, 2, generator=g) * 2 - 1, 4),
        (torch.rand(3, 3, generator=g) * 2 - 1, 10),
        (torch.rand(2, 4, 2, generator=g, dtype=torch.float64) * 2 - 1, 3),
    ]
    for p, L in cases:
        what = f"p of shape {tuple(p.shape)} ({str(p.dtype).replace('torch.', '')}) with L={L}"
        got = attempt(name, student, p.clone(), L, context=f" for {what}")
        p64 = p.double()
        want = torch.cat([f(2.0**k * math.pi * p64) for k in range(L) for f in (torch.sin, torch.cos)], -1)
        expect_tensor(got, what)
        if not got.is_floating_point():
            raise Wrong(f"{what}: expected a floating-point tensor, got {got.dtype}")
        eps = torch.finfo(torch.float32).eps  # float32's precision, whatever the answer's dtype
        atol = 8 * eps * (2.0 ** (L - 1)) * math.pi * float(p.abs().max()) + 8 * eps
        ok, message, hint = compare_outputs(got.double(), want, what=what, rtol=0, atol=atol)
        if not ok:
            hint = diagnose_by_mistakes(got.double(), (p.double(), L), _pe_mistakes(), rtol=0, atol=atol) or hint
            return report(name, False, message, hint)
    return report(name, True, f"matches γ(p) on {len(cases)} inputs (float32 and float64).")


# ----------------------------------------------------------------------------- exercise 2: SIREN layer
def _init_hint(bound_seen: float, n: int, omega_0: float, is_first: bool) -> str:
    expected = 1 / n if is_first else math.sqrt(6 / n) / omega_0
    known = {
        "PyTorch's default U(−1/√n, 1/√n): re-initialise the weights in __init__": 1 / math.sqrt(n),
        "U(−√(6/n), √(6/n)) without dividing by ω₀": math.sqrt(6 / n),
        "the first-layer bound 1/n on a later layer (use √(6/n)/ω₀ when is_first is False)": 1 / n,
        "the later-layer bound √(6/n)/ω₀ on the first layer (use 1/n when is_first is True)":
            math.sqrt(6 / n) / omega_0,
    }
    for text, b in known.items():
        if abs(b - expected) > 0.05 * expected and abs(bound_seen - b) < 0.05 * b:
            return f"your weights look like {text}."
    return (f"expected W ~ U(−{expected:.4g}, {expected:.4g}) for n={n}, ω₀={omega_0:g}, "
            f"is_first={is_first}; your largest |W| is {bound_seen:.4g}.")


@never_crash
def check_sine_layer(student_class) -> bool:
    """Exercise 2: ``SineLayer(in_features, out_features, omega_0, is_first)``.

    Checks the forward pass sin(ω₀(Wx + b)) and the initialisation of W for a first
    and a later layer (range and spread of a 256×64 weight matrix).
    """
    name = "SineLayer"
    if not isinstance(student_class, type) or not issubclass(student_class, nn.Module):
        return report(name, False, f"expected an nn.Module subclass, got {student_class!r}")
    for is_first, omega_0 in ((False, 30.0), (True, 30.0), (False, 10.0)):
        n = 64
        try:
            torch.manual_seed(1)
            layer = call_student(student_class, n, 256, omega_0=omega_0, is_first=is_first)
            linear = getattr(layer, "linear", None)
            if not isinstance(linear, nn.Linear):
                return report(name, False, "the layer needs an attribute `linear` = nn.Linear(in_features, out_features)",
                              "keep the line self.linear = nn.Linear(...) from the template.")
            x = torch.rand(10, n, generator=torch.Generator().manual_seed(2)) * 2 - 1
            got = call_student(layer, x)
        except NotImplementedError:
            return not_implemented(name)
        except StudentError as exc:
            return report(name, False, f"your code raised {exc}")
        W, b = linear.weight.detach(), linear.bias.detach()
        expected = torch.sin(omega_0 * (x @ W.T + b))
        ok, message, hint = compare_outputs(got, expected, what=f"forward pass (ω₀={omega_0:g})", want_tensor=True)
        if not ok:
            hint = diagnose_by_mistakes(got, (x,), [
                (lambda x: torch.sin(x @ W.T + b), "multiply by ω₀ inside the sine: sin(ω₀·(Wx + b))."),
                (lambda x: omega_0 * torch.sin(x @ W.T + b), "ω₀ goes inside the sine, not in front of it."),
                (lambda x: torch.sin(omega_0 * (x @ W.T)), "don't forget the bias: use self.linear(x)."),
            ]) or hint
            return report(name, False, message, hint)
        bound = 1 / n if is_first else math.sqrt(6 / n) / omega_0
        seen = float(W.abs().max())
        spread = float(W.std())
        if not (0.95 * bound <= seen <= bound * 1.0001 and abs(spread - bound / math.sqrt(3)) < 0.05 * bound):
            return report(name, False, f"initialisation (is_first={is_first}, ω₀={omega_0:g}) is not the paper's",
                          _init_hint(seen, n, omega_0, is_first))
    return report(name, True, "forward pass and both initialisations match the paper.")


# ----------------------------------------------------------------------------- exercise 3: PSNR
def reference_psnr(pred, target, data_range=1.0) -> float:
    from skimage.metrics import peak_signal_noise_ratio

    return float(peak_signal_noise_ratio(np.asarray(target, dtype=np.float64),
                                         np.asarray(pred, dtype=np.float64), data_range=data_range))


@never_crash
def check_psnr(student) -> bool:
    """Exercise 3: ``psnr(pred, target, data_range=1.0)`` in dB, against scikit-image."""
    rng = np.random.default_rng(0)
    a = rng.random((16, 16))
    cases = [
        (np.clip(a + 0.1 * rng.standard_normal(a.shape), 0, 1), a, 1.0),
        (np.clip(a + 0.01 * rng.standard_normal(a.shape), 0, 1), a, 1.0),
        (np.clip(255 * a + 5 * rng.standard_normal(a.shape), 0, 255), 255 * a, 255.0),
        (rng.random((8, 8, 3)), rng.random((8, 8, 3)), 1.0),
    ]

    def mse(p, t):
        return float(np.mean((np.asarray(p, float) - np.asarray(t, float)) ** 2))

    mistakes = [
        (lambda p, t, R: 10 * math.log(R**2 / mse(p, t)), "use log base 10 (np.log10), not the natural log."),
        (lambda p, t, R: 20 * math.log10(R**2 / mse(p, t)), "with R²/MSE the factor is 10; 20 goes with R/√MSE."),
        (lambda p, t, R: 10 * math.log10(R / mse(p, t)), "the peak enters squared: R², not R."),
        (lambda p, t, R: 10 * math.log10(R**2 / math.sqrt(mse(p, t))), "divide by the mean squared error, not its root."),
        (lambda p, t, R: 10 * math.log10(R**2 / (mse(p, t) * np.size(p))), "average the squared errors (mean), don't sum them."),
        (lambda p, t, R: -10 * math.log10(R**2 / mse(p, t)), "PSNR grows as the error shrinks: check the sign."),
    ]
    ok = check_against_reference(
        "psnr", student, reference_psnr, cases,
        describe=lambda a: f"images of shape {np.shape(a[0])} with data_range={a[2]:g}",
        diagnose=lambda got, exp, args: diagnose_by_mistakes(got, args, mistakes, rtol=1e-6, atol=1e-6),
        rtol=1e-6, atol=1e-6,
    )
    if not ok:
        return False
    for p, t, R in cases[:2]:
        got = attempt("psnr", student, p, t, R)
        if not isinstance(got, (int, float, np.floating, np.integer)) or isinstance(got, bool):
            return report("psnr", False, f"expected a Python float, got {type(got).__name__}",
                          "return float(…) of your result.")
    got = attempt("psnr", student, cases[0][0], cases[0][1])
    expect_number(got, "with data_range left at its default")
    if abs(float(got) - reference_psnr(cases[0][0], cases[0][1])) > 1e-6:
        return report("psnr", False, "with data_range left at its default the value differs",
                      "the default data_range is 1.0.")
    try:
        same = call_student(student, a, a.copy(), 1.0)
    except StudentError as exc:
        return report("psnr", False, f"identical images raised {exc}",
                      "when the MSE is 0 the PSNR is infinite: return float('inf').")
    if not (isinstance(same, (float, np.floating)) and math.isinf(same) and same > 0):
        return report("psnr", False, f"identical images gave {same!r}",
                      "when the MSE is 0 the PSNR is infinite: return float('inf').")
    return report("psnr", True, f"matches scikit-image on {len(cases)} image pairs, and identical images give inf.")


# ----------------------------------------------------------------------------- exercise 4: choose σ
def reference_held_out_psnr(sigma: float) -> tuple[float, float]:
    """(train, held-out) PSNR of a Fourier-feature fit on the even samples of ``make_signal(512)``."""
    from ..implicit import fit_signal

    (xt, yt), (xv, yv) = split_even_odd(*make_signal(512))
    model, _ = fit_signal("ff", xt, yt, sigma=sigma)
    return signal_psnr(model, xt, yt), signal_psnr(model, xv, yv)


@never_crash
def check_held_out_psnr(student) -> bool:
    """Exercise 4a: ``held_out_psnr(sigma) -> (train_psnr, test_psnr)`` of a Fourier-feature
    fit on the even samples of the course signal, judged on the odd ones."""
    name = "held_out_psnr"
    results = {}
    for sigma in (10.0, 100.0):
        out = attempt(name, student, sigma, context=f" for sigma={sigma:g}", timeout=120)
        arr = as_array(out)
        if arr is None or arr.shape != (2,) or not np.all(np.isfinite(arr)):
            return report(name, False, f"expected a pair of finite numbers (train_psnr, test_psnr), got {out!r}")
        results[sigma] = arr
    if results[100.0][0] < results[100.0][1] + 15:
        return report(name, False, f"for σ=100 the training PSNR ({results[100.0][0]:.1f} dB) should be far above "
                      f"the held-out PSNR ({results[100.0][1]:.1f} dB)",
                      "train on the even samples only and evaluate the held-out PSNR on the odd ones.")
    if results[10.0][1] < results[100.0][1] + 10:
        return report(name, False, "σ=10 should generalise much better than σ=100 on the held-out samples",
                      "check that you pass sigma on to fit_signal('ff', ..., sigma=sigma).")
    return report(name, True, f"σ=10: held-out {results[10.0][1]:.1f} dB; σ=100: train {results[100.0][0]:.0f} dB "
                  f"but held-out {results[100.0][1]:.1f} dB.")


def reference_choose_sigma(results: dict) -> float:
    return max(results, key=lambda s: results[s][1])


@never_crash
def check_choose_sigma(student) -> bool:
    """Exercise 4b: ``choose_sigma(results)`` picks the σ with the best *held-out* PSNR."""
    name = "choose_sigma"
    tables = [
        {1.0: (30.0, 29.0), 10.0: (60.0, 40.0), 100.0: (150.0, 12.0)},
        {0.5: (20.0, 20.5), 5.0: (45.0, 38.0), 50.0: (140.0, 15.0), 20.0: (90.0, 33.0)},
    ]
    for table in tables:
        got = attempt(name, student, dict(table))
        want = reference_choose_sigma(table)
        if isinstance(got, bool) or not isinstance(got, (int, float, np.number)) or float(got) != want:
            hint = ("you picked the best *training* PSNR; choose by the held-out (second) value."
                    if isinstance(got, (int, float, np.number)) and got == max(table, key=lambda s: table[s][0]) else
                    "results maps σ → (train_psnr, test_psnr); return the σ whose test_psnr is largest.")
            return report(name, False, f"for {table} you chose {got!r}, expected {want!r}", hint)
    return report(name, True, "picks the σ that generalises best.")


# ----------------------------------------------------------------------------- exercise 5 (stretch)
@never_crash
def check_audio_fit(student, target_db: float = 35.0) -> bool:
    """Stretch: ``fit_audio(x_train, y_train) -> model`` reaches ``target_db`` on held-out samples
    of a *different* signal than the one in the notebook (seed 1, 1024 samples)."""
    name = "fit_audio"
    x, y = make_signal(1024, seed=1)
    (xt, yt), (xv, yv) = split_even_odd(x, y)
    model = attempt(name, student, xt, yt, timeout=180)
    if model is None:
        return report(name, False, "your function returned None", "end fit_audio with `return model`.")
    if not callable(model):
        return report(name, False, f"expected a trained model (callable on x), got {type(model).__name__}")
    try:
        with torch.no_grad():
            out = call_student(model, xv)
    except StudentError as exc:
        return report(name, False, f"calling your model on x of shape {tuple(xv.shape)} raised {exc}")
    arr = as_array(out)
    if arr is None or arr.shape != tuple(yv.shape):
        return report(name, False, f"model(x) must have shape {tuple(yv.shape)}, got {getattr(out, 'shape', type(out))}")
    if not np.all(np.isfinite(arr)):
        return report(name, False, "the model's output contains NaN or inf", "lower the learning rate.")
    score = psnr(torch.as_tensor(arr).float(), yv, data_range=float(yv.max() - yv.min()))
    if score < target_db:
        return report(name, False, f"held-out PSNR {score:.1f} dB is below {target_db:g} dB",
                      "try SIREN (ω₀ ≈ 30) or Fourier features with σ ≈ 10, and more steps.")
    return report(name, True, f"held-out PSNR {score:.1f} dB ≥ {target_db:g} dB.")
