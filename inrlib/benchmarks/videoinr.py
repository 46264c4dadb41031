"""Chapter 07 benchmark (VideoINR-lite): the deck's Table 1 / Table 2 cells on held-out clips.

Targets of the issue: VideoINR-lite beats both baselines — linear blend + bicubic and
linear blend + chapter 06's LIIF — in every cell, in distribution (space ×4, time ×8) and
out of distribution (space ×6, ×12; time ×12, ×16), on generated clips never used in
training; the space-time widget's 128×128 update ≤ 1 s.  Protocol:
:func:`inrlib.videoinr.evaluate_cell` on :func:`inrlib.videoinr.evaluation_clips` (six
clips over the held-out photos chelsea / coffee / rocket, exact 192×192 frames, every
intermediate frame t = k/T, RGB PSNR and SSIM).
"""
from __future__ import annotations

import statistics
import time

from .. import videoinr
from ..widgets.videoinr import SpaceTimeExplorer
from . import Row, shipped_weights_row


def run() -> list[Row]:
    rows = []
    model = videoinr.load_pretrained()
    rows.append(shipped_weights_row("07", videoinr.CHECKPOINT_NAME))
    clips = videoinr.evaluation_clips()
    for space, time_scale in ((videoinr.SPACE_IN, videoinr.TIME_IN),) + videoinr.OOD_CELLS:
        t0 = time.perf_counter()
        row = videoinr.evaluate_cell(model, clips, space, time_scale)
        ours, liif_b, bic_b = row["videoinr_psnr"], row["blend_liif_psnr"], row["blend_bicubic_psnr"]
        paper = videoinr.PAPER_TABLE2.get((time_scale, space))
        paper_note = (f"; paper (GoPro) VideoINR {paper[1]:.2f} vs DAIN + LIIF {paper[0]:.2f} "
                      f"({paper[1] - paper[0]:+.2f})" if paper else "")
        kind = "in distribution" if (space, time_scale) == (videoinr.SPACE_IN, videoinr.TIME_IN) else "out of distribution"
        rows.append(Row("07", f"space ×{space:g} / time ×{time_scale} ({kind}) PSNR / SSIM, {len(clips)} held-out "
                              f"clips: VideoINR-lite",
                        f"{ours:.2f} dB / {row['videoinr_ssim']:.3f} (vs blend + LIIF {ours - liif_b:+.2f} dB)",
                        f"blend + LIIF {liif_b:.2f} / {row['blend_liif_ssim']:.3f}; blend + bicubic {bic_b:.2f} / "
                        f"{row['blend_bicubic_ssim']:.3f}; target: beat both{paper_note}",
                        time.perf_counter() - t0, ours > liif_b and ours > bic_b))
    explorer = SpaceTimeExplorer(0, model=model)
    explorer.compute(0.5, 4.0)  # warm-up
    settings = ((0.0, 1.0), (0.25, 2.0), (1 / 3, 4.0), (0.5, 6.0), (0.8, 8.0), (1.0, 12.0))
    runs = [explorer.compute(t, s) for t, s in settings]
    wall, cpu = [r["seconds"] for r in runs], [r["cpu_seconds"] for r in runs]
    at = settings[cpu.index(max(cpu))]
    # One thread: CPU time is the wall time the update takes on an idle core, whatever else
    # the machine is running while the benchmark measures.
    rows.append(Row("07", "space-time widget: one 128×128 update (VideoINR-lite + blend + LIIF + PSNR), worst of 6 "
                          "settings from ×1 to ×12, 1 thread",
                    f"{max(cpu):.2f} s CPU at t = {at[0]:.2f}, ×{at[1]:g} (median {statistics.median(cpu):.2f} s); "
                    f"wall {max(wall):.2f} s", "target ≤ 1 s", sum(wall), max(cpu) <= 1.0))
    return rows
