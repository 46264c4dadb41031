"""Chapter 03's explorer (inrlib/widgets/boundary.py): a condition per side, solved live."""
import numpy as np
import pytest

from inrlib.boundary import SIDES


def test_boundary_explorer_responds_to_its_controls():

    from inrlib.widgets.boundary import BoundaryExplorer

    ex = BoundaryExplorer(64)
    box = ex.widget()
    first = ex.result
    assert first["u"].shape == (65, 65) and first["u"].max() > 0 and box.children
    ex.values["left"].value = 1.0
    assert ex.result["values"]["left"] == 1.0 and np.allclose(ex.result["u"][1:-1, 0], 1.0)
    ex.kinds["right"].value = "neumann"
    moved = ex.result["u"]
    assert ex.result["kinds"]["right"] == "neumann" and not np.allclose(moved[:, -1], 0.0)
    for s in ("left", "bottom", "top"):
        ex.kinds[s].value = "neumann"
    assert ex.result["u"] is None and "compatibility" in ex.result["message"]   # ∫1 ≠ −∮g
    ex.source.value = False
    for s in SIDES:
        ex.values[s].value = 0.0
    assert ex.result["u"] is not None and np.allclose(ex.result["u"], 0.0) and "pure Neumann" in ex.result["message"]
    assert np.isfinite(ex.compute({s: "dirichlet" for s in SIDES}, {s: 0.0 for s in SIDES}, True)["u"]).all()
    with pytest.raises(ValueError, match=r"kinds\['left'\] must be one of"):
        ex.compute({s: "robin" for s in SIDES}, {s: 0.0 for s in SIDES})
