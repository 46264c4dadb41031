"""Chapter 06 — LIIF: training batches as the paper makes them (inrlib/liif/sampling.py)."""
import torch

from inrlib import liif


def test_sample_batch_targets_are_the_crop_pixels():
    photos = liif.load_photos(("astronaut",), max_side=256)
    batch = liif.sample_batch(photos, batch_size=3, patch=16, scale_range=(1.0, 1.0), queries=50,
                              generator=torch.Generator().manual_seed(0))
    assert batch["image"].shape == (3, 3, 16, 16) and batch["coords"].shape == (3, 50, 2)
    torch.testing.assert_close(batch["cells"], torch.full((3, 50, 2), 2 / 16))
    # at scale 1 the input is the crop itself, so sampling it at the query pixels gives the targets
    torch.testing.assert_close(liif.bicubic_sample(batch["image"], batch["coords"]), batch["target"],
                               atol=1e-5, rtol=1e-5)
    big = liif.sample_batch(photos, batch_size=2, patch=16, scale_range=(3.0, 3.0), queries=2304,
                            generator=torch.Generator().manual_seed(0))
    assert big["coords"].shape == (2, 2304, 2)  # 48² pixels, all queried
    torch.testing.assert_close(big["cells"], torch.full((2, 2304, 2), 2 / 48))
