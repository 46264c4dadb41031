"""Mutation suite, chapter 00: right answers written another way pass; each prepared mistake
and each broken answer fails with its hint (inrlib.checks.implicit)."""
import math

import numpy as np
import pytest
import torch

from inrlib.checks import implicit as check



def forever(*args, **kwargs):
    while True:
        pass


def pe_float64(p, L):  # computed in float64, handed back in float64
    p = p.double()
    return torch.cat([f(2.0**k * math.pi * p) for k in range(L) for f in (torch.sin, torch.cos)], -1)


def pe_stack(p, L):  # another layout of the same numbers: stack then reshape
    k = 2.0 ** torch.arange(L, dtype=p.dtype) * math.pi
    a = p[..., None, :] * k[:, None]  # (..., L, d)
    return torch.stack([torch.sin(a), torch.cos(a)], -2).reshape(*p.shape[:-1], 2 * L * p.shape[-1])


def pe_float32_of_float64(p, L):
    return pe_float64(p, L).to(p.dtype)


@pytest.mark.parametrize("answer", [pe_float64, pe_stack, pe_float32_of_float64])
def test_positional_encoding_right_answers_pass_and_work_later(answer, judge):
    judge.passes(check.check_positional_encoding, answer)
    features = answer(torch.linspace(-1, 1, 400)[:, None], 4)  # the next cell's use
    assert features.T.shape == (8, 400)


@pytest.mark.parametrize("k", range(6))
def test_positional_encoding_prepared_mistakes(k, judge):
    wrong, hint = check._pe_mistakes()[k]
    judge.fails(check.check_positional_encoding, wrong, hint=hint)


def test_positional_encoding_broken(judge, short_limits):
    judge.fails(check.check_positional_encoding, lambda p, L: None, says="returned None")
    judge.fails(check.check_positional_encoding, lambda p, L: pe_stack(p, L).numpy(), says="torch.Tensor")
    judge.fails(check.check_positional_encoding, lambda p, L: pe_stack(p, L) * float("nan"), says="NaN")
    judge.fails(check.check_positional_encoding, lambda p, L: "γ", says="torch.Tensor")
    judge.fails(check.check_positional_encoding, lambda p, L: torch.zeros(*p.shape[:-1], 2 * L * p.shape[-1]))
    judge.fails(check.check_positional_encoding, lambda p, L: pe_stack(p, 4), says="wrong shape")  # ignores L
    judge.fails(check.check_positional_encoding, lambda p, L: 1 / 0, says="ZeroDivisionError")
    judge.fails(check.check_positional_encoding, forever, says="did not return within")
    judge.fails(check.check_positional_encoding, check.reference_positional_encoding, notebook=True,
                says="inrlib's own")


class RightSine(torch.nn.Module):  # same layer, written with nn.init and a separate ω₀ buffer
    def __init__(self, in_features, out_features, omega_0=30.0, is_first=False):
        super().__init__()
        self.omega_0 = omega_0
        self.linear = torch.nn.Linear(in_features, out_features)
        bound = 1 / in_features if is_first else math.sqrt(6 / in_features) / omega_0
        torch.nn.init.uniform_(self.linear.weight, -bound, bound)

    def forward(self, x):
        return torch.sin(self.linear(x) * self.omega_0)


def sine_variant(forward=None, bound=None):
    class Layer(RightSine):
        def __init__(self, n, m, omega_0=30.0, is_first=False):
            super().__init__(n, m, omega_0, is_first)
            if bound is not None:
                with torch.no_grad():
                    b = bound(n, omega_0, is_first)
                    self.linear.weight.uniform_(-b, b)

        def forward(self, x):
            return forward(self, x) if forward else super().forward(x)
    return Layer


def test_sine_layer(judge, short_limits):
    judge.passes(check.check_sine_layer, RightSine)
    judge.fails(check.check_sine_layer, sine_variant(lambda s, x: torch.sin(s.linear(x))), hint="multiply by ω₀")
    judge.fails(check.check_sine_layer, sine_variant(lambda s, x: s.omega_0 * torch.sin(s.linear(x))),
                hint="ω₀ goes inside the sine")
    judge.fails(check.check_sine_layer, sine_variant(bound=lambda n, w, first: 1 / math.sqrt(n)), says="PyTorch's default")
    judge.fails(check.check_sine_layer, sine_variant(bound=lambda n, w, first: math.sqrt(6 / n)),
                says="without dividing by ω₀")
    judge.fails(check.check_sine_layer, sine_variant(lambda s, x: None), says="None")
    judge.fails(check.check_sine_layer, sine_variant(lambda s, x: forever()), says="did not return within")


def psnr_torch(pred, target, data_range=1.0):  # through torch, returns a Python float
    mse = torch.mean((torch.as_tensor(pred, dtype=torch.float64) - torch.as_tensor(target, dtype=torch.float64)) ** 2)
    return float("inf") if mse == 0 else (20 * math.log10(data_range) - 10 * torch.log10(mse)).item()


def test_psnr(judge, short_limits):
    judge.passes(check.check_psnr, psnr_torch)
    mse = lambda p, t: float(np.mean((np.asarray(p, float) - np.asarray(t, float)) ** 2))  # noqa: E731
    judge.fails(check.check_psnr, lambda p, t, R=1.0: 10 * math.log(R**2 / mse(p, t)) if mse(p, t) else math.inf,
                hint="use log base 10")
    judge.fails(check.check_psnr, lambda p, t, R=1.0: 10 * math.log10(R / mse(p, t)) if mse(p, t) else math.inf,
                hint="the peak enters squared")
    judge.fails(check.check_psnr, lambda p, t, R=1.0: 10 * math.log10(R**2 / mse(p, t)) if mse(p, t) else math.nan,
                says="identical images")  # NaN for identical images
    judge.fails(check.check_psnr, lambda p, t, R=1.0: str(psnr_torch(p, t, R)), says="numbers")
    judge.fails(check.check_psnr, lambda p, t, R=1.0: None, says="returned None")
    judge.fails(check.check_psnr, lambda p, t, R=1.0: 30.0)
    judge.fails(check.check_psnr, lambda p, t, R: psnr_torch(p, t, R), says="TypeError")  # no default data_range
    judge.fails(check.check_psnr, forever, says="did not return within")


def test_choose_sigma(judge, short_limits):
    judge.passes(check.check_choose_sigma, lambda r: sorted(r.items(), key=lambda kv: -kv[1][1])[0][0])
    judge.passes(check.check_choose_sigma, lambda r: np.float64(max(r, key=lambda s: r[s][1])))
    judge.fails(check.check_choose_sigma, lambda r: max(r, key=lambda s: r[s][0]), hint="you picked the best *training*")
    judge.fails(check.check_choose_sigma, lambda r: str(max(r, key=lambda s: r[s][1])))
    judge.fails(check.check_choose_sigma, lambda r: math.nan)
    judge.fails(check.check_choose_sigma, lambda r: 10.0)  # a constant: right on the first table only
    judge.fails(check.check_choose_sigma, lambda r: None, says="None")
    judge.fails(check.check_choose_sigma, forever, says="did not return within")


def test_held_out_psnr_broken_answers(judge, short_limits):
    judge.fails(check.check_held_out_psnr, lambda s: ("40", "30"), says="finite numbers")
    judge.fails(check.check_held_out_psnr, lambda s: (math.nan, 30.0), says="finite numbers")
    judge.fails(check.check_held_out_psnr, lambda s: (150.0, 12.0))  # ignores sigma
    judge.fails(check.check_held_out_psnr, forever, says="did not return within")


@pytest.mark.parametrize("wrong, hint", [
    (lambda m, R: 20 * math.log10(R**2 / m), "with R²/MSE the factor is 10"),
    (lambda m, R: 10 * math.log10(R**2 / math.sqrt(m)), "not its root"),
    (lambda m, R: -10 * math.log10(R**2 / m), "check the sign"),
])
def test_psnr_more_prepared_mistakes(wrong, hint, judge, short_limits):
    def answer(p, t, R=1.0):
        m = float(np.mean((np.asarray(p, float) - np.asarray(t, float)) ** 2))
        return wrong(m, R) if m else math.inf

    judge.fails(check.check_psnr, answer, hint=hint)


def test_psnr_summing_instead_of_averaging(judge, short_limits):
    def summed(p, t, R=1.0):
        s = float(np.sum((np.asarray(p, float) - np.asarray(t, float)) ** 2))
        return 10 * math.log10(R**2 / s) if s else math.inf

    judge.fails(check.check_psnr, summed, hint="average the squared errors")
