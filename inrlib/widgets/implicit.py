"""Chapter 00 explorer: how the encoding's frequency scale changes a fit.

Pick an encoding — Fourier features (σ), SIREN (ω₀) or positional encoding (L) — and
move the slider.  A small network is refit on the even samples of a 1-D signal (≈0.3 s,
results cached) and judged on the odd samples it never saw.
"""
from __future__ import annotations

from functools import lru_cache

import torch

from ..implicit import fit_signal, make_signal, signal_psnr, split_even_odd

#: Slider values per encoding: (label, model option, values, default).
SETTINGS = {
    "ff": ("Fourier features σ", "sigma", (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0), 10.0),
    "siren": ("SIREN ω₀", "omega_0", (1.0, 3.0, 10.0, 30.0, 100.0, 300.0), 30.0),
    "pe": ("PE frequencies L", "n_frequencies", (0, 1, 2, 3, 4, 6, 8, 10), 6),
}


class EncodingExplorer:
    """Refit a 1-D coordinate network when the encoding or its scale changes.

    Attributes
    ----------
    kind, slider : ipywidgets controls (created lazily by :meth:`widget`).
    result : dict
        The last fit: ``kind``, ``value``, ``train_psnr``, ``test_psnr``, ``prediction``.
    """

    def __init__(self, n_samples: int = 512, steps: int = 300):
        self.x, self.y = make_signal(n_samples)
        (self.x_train, self.y_train), (self.x_test, self.y_test) = split_even_odd(self.x, self.y)
        self.steps = steps
        self.x_dense = torch.linspace(-1, 1, 2000)[:, None]
        self.result: dict | None = None
        self._fit = lru_cache(maxsize=64)(self._fit_uncached)
        self._widget = None

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

    def plot(self, ax=None):
        """Draw the last result: signal, training samples, the network's fit."""
        import matplotlib.pyplot as plt

        if self.result is None:
            raise RuntimeError("call compute(kind, value) first")
        r = self.result
        if ax is None:
            _, ax = plt.subplots(figsize=(9, 3.2))
        ax.plot(self.x[:, 0], self.y[:, 0], color="0.75", lw=3, label="signal")
        ax.plot(self.x_train[:, 0], self.y_train[:, 0], ".", ms=3, color="k", label="training samples")
        ax.plot(self.x_dense[:, 0], r["prediction"], color="C3", lw=1.2, label="network")
        label, option, _, _ = SETTINGS[r["kind"]]
        ax.set_title(f"{label} = {r['value']:g}:  train {r['train_psnr']:.1f} dB,  "
                     f"held-out {r['test_psnr']:.1f} dB")
        ax.set_ylim(-1.5, 1.5)
        ax.legend(loc="lower left", ncol=3, fontsize=9)
        return ax

    def widget(self):
        """The interactive explorer: a dropdown, a slider and the live plot."""
        import ipywidgets as w
        import matplotlib.pyplot as plt

        if self._widget is not None:
            return self._widget
        self.kind = w.Dropdown(options=[(v[0], k) for k, v in SETTINGS.items()], value="ff",
                               description="encoding")
        self.slider = w.SelectionSlider(options=SETTINGS["ff"][2], value=SETTINGS["ff"][3],
                                        description="scale", continuous_update=False)
        self.output = w.Output()

        def redraw(_=None):
            self.compute(self.kind.value, self.slider.value)
            with self.output:
                self.output.clear_output(wait=True)
                fig, ax = plt.subplots(figsize=(9, 3.2))
                self.plot(ax)
                plt.show()
                plt.close(fig)

        def change_kind(_):
            _, _, values, default = SETTINGS[self.kind.value]
            self.slider.unobserve(redraw, "value")
            self.slider.options = values
            self.slider.value = default
            self.slider.observe(redraw, "value")
            redraw()

        self.kind.observe(change_kind, "value")
        self.slider.observe(redraw, "value")
        redraw()
        self._widget = w.VBox([w.HBox([self.kind, self.slider]), self.output])
        return self._widget

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget())
