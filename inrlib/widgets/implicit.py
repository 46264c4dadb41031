"""Chapter 00 explorer: how the encoding's frequency scale changes a fit.

Pick an encoding — Fourier features (σ), SIREN (ω₀) or positional encoding (L) — and
move the slider.  A small network is refit on the even samples of a 1-D signal (≈0.3 s,
results cached) and judged on the odd samples it never saw.
"""
from __future__ import annotations

from functools import lru_cache

import torch

from ..implicit import fit_signal, make_signal, signal_psnr, split_even_odd
from . import Explorer

#: Slider values per encoding: (label, model option, values, default).
SETTINGS = {
    "ff": ("Fourier features σ", "sigma", (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0), 10.0),
    "siren": ("SIREN ω₀", "omega_0", (1.0, 3.0, 10.0, 30.0, 100.0, 300.0), 30.0),
    "pe": ("PE frequencies L", "n_frequencies", (0, 1, 2, 3, 4, 6, 8, 10), 6),
}


class EncodingExplorer(Explorer):
    """Refit a 1-D coordinate network when the encoding or its scale changes.

    Attributes
    ----------
    kind, slider : ipywidgets controls (created by :meth:`widget`; ``slider`` is ``value``).
    result : dict
        The last fit: ``kind``, ``value``, ``train_psnr``, ``test_psnr``, ``prediction``.
    """

    FIGSIZE = (9, 3.2)

    def __init__(self, n_samples: int = 512, steps: int = 300):
        super().__init__()
        self.x, self.y = make_signal(n_samples)
        (self.x_train, self.y_train), (self.x_test, self.y_test) = split_even_odd(self.x, self.y)
        self.steps = steps
        self.x_dense = torch.linspace(-1, 1, 2000)[:, None]
        self._fit = lru_cache(maxsize=64)(self._fit_uncached)

    def _fit_uncached(self, kind: str, value: float) -> dict:
        option = SETTINGS[kind][1]
        value = int(value) if option == "n_frequencies" else float(value)
        if option == "n_frequencies" and value == 0:
            model, _ = fit_signal("relu", self.x_train, self.y_train, steps=self.steps)
        else:
            model, _ = fit_signal(kind, self.x_train, self.y_train, steps=self.steps, **{option: value})
        with torch.no_grad():
            prediction = model(self.x_dense)[:, 0].numpy()
        return {"kind": kind, "value": value, "prediction": prediction,
                "train_psnr": signal_psnr(model, self.x_train, self.y_train),
                "test_psnr": signal_psnr(model, self.x_test, self.y_test)}

    def compute(self, kind: str, value: float) -> dict:
        """Fit (or fetch from the cache) and store the result in ``self.result``."""
        if kind not in SETTINGS:
            raise ValueError(f"kind must be one of {list(SETTINGS)}, got {kind!r}")
        if value not in SETTINGS[kind][2]:
            raise ValueError(f"value must be one of {SETTINGS[kind][2]} for kind={kind!r}, got {value!r}")
        self.result = self._fit(kind, value)
        return self.result

    def plot(self, axes=None):
        """Draw the last result: signal, training samples, the network's fit."""
        r, ax = self.start_plot(axes)
        ax.plot(self.x[:, 0], self.y[:, 0], color="0.75", lw=3, label="signal")
        ax.plot(self.x_train[:, 0], self.y_train[:, 0], ".", ms=3, color="k", label="training samples")
        ax.plot(self.x_dense[:, 0], r["prediction"], color="C3", lw=1.2, label="network")
        label, option, _, _ = SETTINGS[r["kind"]]
        ax.set_title(f"{label} = {r['value']:g}:  train {r['train_psnr']:.1f} dB,  "
                     f"held-out {r['test_psnr']:.1f} dB")
        ax.set_ylim(-1.5, 1.5)
        ax.legend(loc="lower left", ncol=3, fontsize=9)
        return ax

    def controls(self) -> dict:
        """A dropdown for the encoding and a slider for its scale."""
        import ipywidgets as w

        return {"kind": w.Dropdown(options=[(v[0], k) for k, v in SETTINGS.items()], value="ff",
                                   description="encoding"),
                "value": w.SelectionSlider(options=SETTINGS["ff"][2], value=SETTINGS["ff"][3],
                                           description="scale", continuous_update=False)}

    @property
    def slider(self):
        """The scale slider (the control named ``value``)."""
        return self.value

    def adjust(self, control) -> None:
        """A new encoding brings its own slider values, starting at its default."""
        if control is self.kind:
            _, _, values, default = SETTINGS[self.kind.value]
            self.slider.options = values
            self.slider.value = default
