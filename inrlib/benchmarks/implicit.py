"""Chapter 00 benchmark: the headline numbers of lectures/00_implicit.ipynb, full size."""
from __future__ import annotations

import time

from ..data import load_image
from ..implicit import MODEL_KINDS, MODEL_LABELS, bicubic_upsample, fit_image, make_model, render
from ..metrics import psnr
from . import Row


def run() -> list[Row]:
    """128² camera: four networks, SIREN's time to 36 dB, 2× query vs bicubic, a second image."""
    rows, image, truth = [], load_image("camera", 128), load_image("camera", 256)
    for kind in MODEL_KINDS:
        model = make_model(kind, hidden_features=128, hidden_layers=3)
        history = fit_image(model, image, 500, log_every=10, progress=False)
        final = psnr(render(model, 128, 128), image)
        if kind == "siren":
            reached = [t for t, p in zip(history.seconds, history.metrics["psnr"]) if p >= 36.0]
            t36 = reached[0] if reached else float("inf")
            rows.append(Row("00", "SIREN 128² camera: seconds to 36 dB training PSNR", f"{t36:.1f} s",
                            "course design (live demo on a laptop): ≤ 30 s", t36, t36 <= 30.0))
            sr, bic = psnr(render(model, 256, 256), truth), psnr(bicubic_upsample(image, 256, 256), truth)
            rows.append(Row("00", "SIREN trained on 128², queried at 256² (PSNR vs true 256²)", f"{sr:.2f} dB",
                            f"bicubic of the same pixels (Keys, as in PyTorch; measured here): {bic:.2f} dB", history.seconds[-1],
                            sr < bic + 1.5))
        rows.append(Row("00", f"{MODEL_LABELS[kind]}, 500 steps, 128² camera (training PSNR)",
                        f"{final:.2f} dB", "measured here; the ReLU MLP row is the baseline", history.seconds[-1]))
    other = load_image("astronaut", 128, gray=True)
    start = time.perf_counter()
    second = make_model("siren", hidden_features=128, hidden_layers=3)
    h2 = fit_image(second, other, 500, log_every=100, progress=False)
    rows.append(Row("00", "a second image (astronaut) = a second training run", f"{h2.metrics['psnr'][-1]:.2f} dB",
                    "the deck ('another image? we cannot'): no reuse possible", time.perf_counter() - start))
    return rows
