"""Chapter 04, problems.py and lshape.py: residuals vanish on exact solutions; the corner
singular function (chapter 03's) is harmonic and vanishes on the corner's edges."""
import torch
from torch import nn

from inrlib import boundary as bc
from inrlib import pinn

torch.set_num_threads(1)


def test_heat_exact_solution_has_zero_residual_and_the_singular_function_is_harmonic():
    class Exact(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(torch.zeros((), dtype=torch.float64))

        def forward(self, xt):
            return pinn.heat_exact(xt, 0.4)[:, None] + 0 * self.w

    xt = torch.rand(40, 2, dtype=torch.float64)
    assert pinn.heat_residual(Exact(), xt, 0.4).abs().max() < 1e-10
    assert pinn.heat_residual(Exact(), xt, 0.5).abs().max() > 0.1
    xy = pinn.lshape().sample_interior(200, seed=3).requires_grad_(True)
    s = bc.corner_singularity(xy[:, 0], xy[:, 1])   # chapter 03's singular function, on tensors
    assert pinn.laplacian(s, xy).abs().max() < 1e-9
    e = pinn.lshape().sample_boundary(200, seed=4)
    inner = (e[:, 0].abs() < 1e-12) & (e[:, 1] > 0) | (e[:, 1].abs() < 1e-12) & (e[:, 0] > 0)
    assert bc.corner_singularity(e[:, 0], e[:, 1])[inner].abs().max() < 1e-12
    for kind in ("generic", "singular"):  # both distances vanish on all of ∂Ω and are positive inside
        assert pinn.lshape_distance(e, kind).abs().max() < 1e-7
        assert (pinn.lshape_distance(xy.detach(), kind) > 0).all()


def test_the_pinn_corner_functions_are_chapter_03s_with_one_angle_convention():
    """The singular distance is (1 − x²)(1 − y²)·s with chapter 03's s (NumPy and torch give the same
    numbers), and the corner feature c shares its angle: s² + c² = r^{4/3} everywhere in Ω."""
    xy = pinn.lshape().sample_interior(300, seed=5)
    x, y = xy[:, 0], xy[:, 1]
    s = bc.corner_singularity(x, y)
    assert torch.allclose(s, torch.from_numpy(bc.corner_singularity(x.numpy(), y.numpy())), rtol=0, atol=1e-14)
    assert torch.allclose(pinn.lshape_distance(xy, "singular"), (1 - x * x) * (1 - y * y) * s, rtol=0, atol=0)
    c = pinn.lshape_corner_feature(xy)
    assert torch.allclose(s**2 + c**2, (x * x + y * y) ** (2 / 3), rtol=1e-12)
    phi = bc.corner_angle(x, y)
    assert torch.all((phi >= 0) & (phi <= 3 * torch.pi / 2))  # Ω is the sector 0 ≤ φ ≤ 3π/2
