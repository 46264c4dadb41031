"""Chapter 04's explorer (inrlib/widgets/pinn.py): a 1-D PINN trained live."""
import numpy as np
import pytest
import torch

torch.set_num_threads(1)


def test_explorer_moves_with_its_controls():
    from inrlib.widgets.pinn import PinnExplorer

    ex = PinnExplorer(steps=60)
    soft = ex.compute(n_collocation=16, boundary_weight=1.0, hard=False, width=8)
    hard = ex.compute(n_collocation=16, boundary_weight=1.0, hard=True, width=8)
    assert hard["boundary_error"] == 0.0 and soft["boundary_error"] > 1e-3
    assert not np.allclose(soft["u"], hard["u"])
    t0 = __import__("time").perf_counter()
    ex.compute(n_collocation=16, boundary_weight=1.0, hard=False, width=8)
    assert __import__("time").perf_counter() - t0 < 0.05  # cached
    with pytest.raises(ValueError, match="boundary_weight"):
        ex.compute(boundary_weight=3.0)
    ex.widget()
    ex.weight.value = 100.0
    assert ex.result["boundary_weight"] == 100.0
