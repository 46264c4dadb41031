"""Chapter 06 — LIIF: the zoom explorer (inrlib/widgets/liif.py)."""
import pytest

from inrlib.widgets.liif import ZoomExplorer


def test_zoom_explorer_moves_with_its_slider():
    explorer = ZoomExplorer("chelsea", crop=64)
    explorer.widget()
    near = explorer.result
    explorer.scale.value = 20.0
    far = explorer.result
    assert near["scale"] == 4.0 and far["scale"] == 20.0
    assert far["lr"].shape[0] < near["lr"].shape[0] and far["liif_psnr"] < near["liif_psnr"]
    with pytest.raises(ValueError, match="scale must be between 1 and 30"):
        explorer.compute(31)
