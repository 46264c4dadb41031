"""Chapter 00: coordinate networks fitting one image / one signal."""
import numpy as np
import pytest
import torch
from torch import nn

from inrlib.data import load_image, pixel_coordinates
from inrlib.implicit import (MODEL_KINDS, bicubic_upsample, fit_image, fit_signal, make_model, make_signal,
                             render, signal_psnr, split_even_odd)
from inrlib.metrics import psnr
from inrlib.networks import count_parameters


class Plane(nn.Module):
    """f(x, y) = 0.5 + 0.25 x − 0.2 y, an exactly known 'network'."""
    out_features = 1

    def __init__(self):
        super().__init__()
        self.dummy = nn.Parameter(torch.zeros(()))

    def forward(self, c):
        return (0.5 + 0.25 * c[:, :1] - 0.2 * c[:, 1:]) + 0 * self.dummy


def test_render_queries_pixel_centres_at_any_resolution():
    for h, w in [(4, 4), (7, 5)]:
        img = render(Plane(), h, w, chunk=3)
        ys = -1 + (2 * np.arange(h) + 1) / h
        xs = -1 + (2 * np.arange(w) + 1) / w
        assert np.allclose(img, 0.5 + 0.25 * xs[None, :] - 0.2 * ys[:, None], atol=1e-6)


def _keys_1d(n_in, n_out, a=-0.75):
    """Interpolation matrix of Keys' cubic convolution (1981), pixel-centre aligned,
    indices clamped at the border — written independently of torch."""
    def w(t):
        t = abs(t)
        if t <= 1:
            return (a + 2) * t**3 - (a + 3) * t**2 + 1
        return a * t**3 - 5 * a * t**2 + 8 * a * t - 4 * a if t < 2 else 0.0

    M = np.zeros((n_out, n_in))
    for i in range(n_out):
        s = (i + 0.5) * n_in / n_out - 0.5
        f = int(np.floor(s))
        for k in range(f - 1, f + 3):
            M[i, min(max(k, 0), n_in - 1)] += w(s - k)
    return M


def test_bicubic_upsample_is_keys_cubic_convolution():
    rng = np.random.default_rng(0)
    low = rng.random((6, 5)).astype(np.float32) * 0.5 + 0.25
    up = bicubic_upsample(low, 12, 15)
    expected = _keys_1d(6, 12) @ low @ _keys_1d(5, 15).T
    assert np.allclose(up, np.clip(expected, 0, 1), atol=1e-5)
    rgb = np.stack([low] * 3, -1)
    assert np.allclose(bicubic_upsample(rgb, 12, 15)[..., 1], up)


@pytest.mark.parametrize("kind", MODEL_KINDS)
def test_every_kind_builds_and_is_seeded(kind):
    a, b = make_model(kind, seed=3), make_model(kind, seed=3)
    x = pixel_coordinates(4, 4)
    assert torch.equal(a(x), b(x)) and a(x).shape == (16, 1)
    assert count_parameters(make_model(kind, out_features=3)) > 10_000


def test_siren_fits_a_small_photo_and_beats_a_plain_relu_mlp():
    torch.set_num_threads(1)
    img = load_image("camera", 32)
    scores = {}
    for kind in ("relu", "siren"):
        model = make_model(kind, hidden_features=64)
        history = fit_image(model, img, 150, progress=False, log_every=50)
        scores[kind] = psnr(render(model, 32, 32), img)
        assert history.metrics["psnr"][-1] == pytest.approx(scores[kind], abs=1e-3)
    assert scores["siren"] > 30 and scores["siren"] > scores["relu"] + 8


def test_fit_image_rejects_a_model_with_the_wrong_number_of_channels():
    with pytest.raises(ValueError, match="model must output 3 channels"):
        fit_image(make_model("relu", out_features=1), load_image("astronaut", 8), 1, progress=False)


def test_signal_helpers_and_overfitting_with_a_large_sigma():
    x, y = make_signal(256)
    assert x.shape == y.shape == (256, 1) and torch.equal(make_signal(256)[1], y)
    (xt, yt), (xv, yv) = split_even_odd(x, y)
    assert torch.equal(xt, x[::2]) and torch.equal(xv, x[1::2])
    good, _ = fit_signal("ff", xt, yt, sigma=5.0, steps=200)
    wild, _ = fit_signal("ff", xt, yt, sigma=100.0, steps=200)
    # σ = 100: memorises the training samples, fails in between.
    assert signal_psnr(wild, xt, yt) > signal_psnr(wild, xv, yv) + 20
    assert signal_psnr(good, xv, yv) > signal_psnr(wild, xv, yv) + 10
    with pytest.raises(ValueError, match="x and y must have the same number of samples"):
        split_even_odd(x, y[:10])
    with pytest.raises(ValueError, match="kind must be one of"):
        make_model("transformer")


def test_encoding_explorer_responds_to_the_slider():
    from inrlib.widgets.implicit import EncodingExplorer

    explorer = EncodingExplorer(n_samples=256, steps=60)
    box = explorer.widget()
    first = explorer.result
    assert first["kind"] == "ff" and first["value"] == 10.0
    explorer.slider.value = 100.0
    moved = explorer.result
    assert moved["value"] == 100.0 and not np.allclose(moved["prediction"], first["prediction"])
    assert moved["train_psnr"] > moved["test_psnr"]
    explorer.kind.value = "siren"
    assert explorer.result["kind"] == "siren" and explorer.slider.value == 30.0
    assert box.children
    with pytest.raises(ValueError, match="value must be one of"):
        explorer.compute("ff", 3.0)


# ----------------------------------------------------------------------------- exercise checks
from inrlib.checks import implicit as checks  # noqa: E402
from inrlib.metrics import psnr as library_psnr  # noqa: E402
from inrlib.networks import SineLayer  # noqa: E402


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _crash(*args, **kwargs):
    return [1, 2][5]


@pytest.mark.parametrize("check", [checks.check_positional_encoding, checks.check_psnr,
                                   checks.check_held_out_psnr, checks.check_choose_sigma,
                                   checks.check_audio_fit])
@pytest.mark.parametrize("student", [_stub, _crash, lambda *a: float("nan"), lambda *a: "text",
                                     lambda *a: torch.zeros(3, 3), None])
def test_checks_never_crash_on_bad_student_code(check, student, capsys):
    assert check(student) is False
    out = capsys.readouterr().out
    assert out.startswith(("✗", "…")) and "Traceback" not in out


def test_checks_say_not_implemented_and_name_the_student_error(capsys):
    checks.check_positional_encoding(_stub)
    assert "not implemented yet" in capsys.readouterr().out
    checks.check_psnr(_crash)
    assert "IndexError" in capsys.readouterr().out


def test_checks_accept_correct_answers():
    assert checks.check_positional_encoding(checks.reference_positional_encoding)
    assert checks.check_sine_layer(SineLayer)
    assert checks.check_psnr(lambda p, t, data_range=1.0: library_psnr(p, t, data_range))
    assert checks.check_choose_sigma(checks.reference_choose_sigma)


def test_checks_give_specific_hints(capsys):
    import math

    def pe_without_pi(p, L):
        return torch.cat([f(2**k * p) for k in range(L) for f in (torch.sin, torch.cos)], -1)

    assert not checks.check_positional_encoding(pe_without_pi)
    assert "multiply by π" in capsys.readouterr().out

    def psnr_ln(p, t, data_range=1.0):
        return 10 * math.log(data_range**2 / np.mean((np.asarray(p) - np.asarray(t)) ** 2))

    assert not checks.check_psnr(psnr_ln)
    assert "log base 10" in capsys.readouterr().out

    class DefaultInit(nn.Module):  # forgot to re-initialise: PyTorch's default bound 1/sqrt(n)
        def __init__(self, in_features, out_features, omega_0=30.0, is_first=False):
            super().__init__()
            self.omega_0, self.linear = omega_0, nn.Linear(in_features, out_features)

        def forward(self, x):
            return torch.sin(self.omega_0 * self.linear(x))

    assert not checks.check_sine_layer(DefaultInit)
    assert "PyTorch's default" in capsys.readouterr().out
    assert not checks.check_choose_sigma(lambda r: max(r, key=lambda s: r[s][0]))
    assert "training" in capsys.readouterr().out
