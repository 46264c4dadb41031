import random

import numpy as np
import pytest
import torch

from inrlib import settings


def test_quick_mode_switch(monkeypatch):
    monkeypatch.setenv("INRLIB_QUICK", "1")
    assert settings.is_quick() and settings.quick_or_full(3, 300) == 3
    for off in ("0", "", "no"):
        monkeypatch.setenv("INRLIB_QUICK", off)
        assert not settings.is_quick() and settings.quick_or_full(3, 300) == 300
    monkeypatch.delenv("INRLIB_QUICK")
    assert settings.quick_or_full("small", "big") == "big"


def test_seed_everything_repeats_all_three_generators():
    settings.seed_everything(123)
    first = (random.random(), np.random.rand(), torch.rand(1).item())
    settings.seed_everything(123)
    assert (random.random(), np.random.rand(), torch.rand(1).item()) == first
    g1, g2 = settings.seed_everything(5), settings.seed_everything(5)
    assert torch.equal(torch.rand(3, generator=g1), torch.rand(3, generator=g2))


@pytest.mark.parametrize("bad", [-1, 1.5, "0", True])
def test_seed_rejects_bad_values(bad):
    with pytest.raises(ValueError, match="seed"):
        settings.seed_everything(bad)


def test_device_choice(monkeypatch):
    monkeypatch.setenv("INRLIB_DEVICE", "cpu")
    assert settings.get_device().type == "cpu"
    with pytest.raises(ValueError, match="prefer"):
        settings.get_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="CUDA is not available"):
            settings.get_device("cuda")


def test_set_threads_and_setup(capsys):
    old = torch.get_num_threads()
    try:
        assert settings.set_threads(1) == 1 and torch.get_num_threads() == 1
        with pytest.raises(ValueError, match="n must be"):
            settings.set_threads(0)
        device = settings.setup(seed=0, threads=1)
        assert device.type == "cpu" and "mode=" in capsys.readouterr().out
    finally:
        torch.set_num_threads(old)
