import math

import pytest
import torch
from hypothesis import given, settings as hsettings, strategies as st

from inrlib.networks import (MLP, GaussianFourierFeatures, PositionalEncoding, SineLayer, Siren,
                             count_parameters)


def test_positional_encoding_matches_the_papers_formula():
    p = torch.tensor([[0.3, -0.7]])
    L = 3
    enc = PositionalEncoding(2, L, include_input=False)(p)[0]
    expected = []
    for k in range(L):  # γ(p) = (sin(2^k π p), cos(2^k π p)), per coordinate block
        expected += [math.sin(2**k * math.pi * 0.3), math.sin(2**k * math.pi * -0.7),
                     math.cos(2**k * math.pi * 0.3), math.cos(2**k * math.pi * -0.7)]
    assert torch.allclose(enc, torch.tensor(expected), atol=1e-6)


@given(d=st.integers(1, 4), L=st.integers(0, 12), include=st.booleans(), batch=st.integers(1, 5))
@hsettings(max_examples=30, deadline=None)
def test_positional_encoding_shape_and_range(d, L, include, batch):
    if L == 0 and not include:
        with pytest.raises(ValueError, match="encode nothing"):
            PositionalEncoding(d, L, include)
        return
    enc = PositionalEncoding(d, L, include)
    p = torch.rand(batch, 3, d) * 2 - 1
    out = enc(p)
    assert out.shape == (batch, 3, enc.out_features) == (batch, 3, d * (2 * L + include))
    if L > 0:
        assert out[..., d * include:].abs().max() <= 1.0 + 1e-6
    if include:
        assert torch.equal(out[..., :d], p)


def test_fourier_features_formula_and_seed():
    ff = GaussianFourierFeatures(2, 64, sigma=5.0, seed=3)
    v = torch.rand(7, 2)
    proj = 2 * math.pi * v @ ff.B.T
    assert torch.allclose(ff(v), torch.cat([proj.cos(), proj.sin()], -1))
    assert torch.equal(ff.B, GaussianFourierFeatures(2, 64, sigma=5.0, seed=3).B)
    assert not torch.equal(ff.B, GaussianFourierFeatures(2, 64, sigma=5.0, seed=4).B)
    big = GaussianFourierFeatures(1, 20000, sigma=7.0)
    assert abs(big.B.std().item() - 7.0) < 0.15 and abs(big.B.mean().item()) < 0.15
    assert not any(p.requires_grad for p in ff.parameters())  # B is a buffer, not trained


@pytest.mark.parametrize("is_first,omega", [(True, 30.0), (False, 30.0), (False, 1.0)])
def test_siren_initialisation_is_the_papers(is_first, omega):
    n = 100
    layer = SineLayer(n, 500, omega_0=omega, is_first=is_first)
    bound = 1 / n if is_first else math.sqrt(6 / n) / omega
    W = layer.linear.weight
    assert W.abs().max() <= bound
    assert W.abs().max() > 0.99 * bound  # fills the range: U(-b, b) over 50 000 draws
    assert abs(W.std().item() - bound / math.sqrt(3)) < 0.02 * bound


def test_sine_layer_forward_and_siren_activation_statistics():
    layer = SineLayer(4, 8, omega_0=30.0)
    x = torch.rand(5, 4)
    assert torch.allclose(layer(x), torch.sin(30.0 * (x @ layer.linear.weight.T + layer.linear.bias)))
    # The paper's point: with this init, pre-activations of deep layers stay ~N(0, 1)-ish
    # and activations stay spread over [-1, 1] (arcsine distribution, std 1/sqrt(2)).
    torch.manual_seed(0)
    net = Siren(2, 1, hidden_features=256, hidden_layers=6)
    h = torch.rand(4096, 2) * 2 - 1
    for layer in list(net.net)[:-1]:
        h = layer(h)
    assert 0.6 < h.std().item() < 0.8


def test_mlp_shapes_encoding_and_errors():
    enc = PositionalEncoding(2, 4)
    m = MLP(2, 3, hidden_features=16, hidden_layers=2, encoding=enc, output_activation="sigmoid")
    y = m(torch.rand(10, 2))
    assert y.shape == (10, 3) and (y > 0).all() and (y < 1).all()
    assert count_parameters(m) == (enc.out_features * 16 + 16) + (16 * 16 + 16) + (16 * 3 + 3)
    with pytest.raises(ValueError, match="encoding must accept in_features=3"):
        MLP(3, 1, encoding=enc)
    with pytest.raises(ValueError, match="activation must be one of"):
        MLP(2, 1, activation="sine")
    with pytest.raises(ValueError, match="x must have last dimension 2"):
        m(torch.rand(10, 3))
    with pytest.raises(TypeError, match="x must be a torch.Tensor"):
        m([[0.0, 0.0]])
    with pytest.raises(ValueError, match="hidden_features must be a positive integer"):
        Siren(2, 1, hidden_features=0)
    with pytest.raises(ValueError, match="sigma must be a positive finite number"):
        GaussianFourierFeatures(2, 8, sigma=-1.0)
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        count_parameters("net")
