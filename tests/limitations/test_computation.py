"""Chapter 08 — the limitations, measured: the cost of one frame (inrlib/limitations/computation.py).

Every number the chapter reports is checked against an independent reference (analytic
solutions, scipy, hand counts), without timing asserts."""
import numpy as np
import torch
from hypothesis import given
from hypothesis import strategies as st

from inrlib import limitations as L
from inrlib import nerf
from inrlib.checks import limitations as check
from inrlib.networks import MLP, count_parameters


@given(n=st.integers(1, 40))
def test_linear_macs_of_an_mlp_are_counted_by_hand(n):
    torch.manual_seed(0)
    model = MLP(2, 1, 8, 2)
    out = L.count_linear_macs(model, torch.zeros(n, 2))
    assert out["points"] == n
    assert out["macs_per_point"] == 2 * 8 + 8 * 8 + 8 * 1
    assert out["activation_bytes_per_point"] == (8 + 8 + 1) * 4


def test_linear_macs_of_nerf_fields_match_their_architecture():
    field = nerf.NeRFField(pos_frequencies=2, dir_frequencies=1, width=16, depth=3, skip=2)
    enc, denc = 3 * (2 * 2 + 1), 3 * (2 * 1 + 1)
    by_hand = enc * 16 + 16 * 16 + (16 + enc) * 16 + 16 * 1 + 16 * 16 + (16 + denc) * 8 + 8 * 3
    assert L.count_linear_macs(field, torch.zeros(5, 3), torch.ones(5, 3))["macs_per_point"] == by_hand
    grid = nerf.HashGridField(n_levels=4, n_features=2, log2_table_size=10, max_resolution=32, width=16)
    by_hand = 8 * 16 + 16 * 16 + (15 + 27) * 16 + 16 * 16 + 16 * 3
    assert L.count_linear_macs(grid, torch.zeros(5, 3), torch.ones(5, 3))["macs_per_point"] == by_hand
    assert check.reference_linear_macs(grid) == by_hand


def test_parameter_bytes_are_consistent_with_parameter_counts():
    torch.manual_seed(0)
    model = MLP(3, 2, 12, 2)
    assert L.parameter_bytes(model) == 4 * count_parameters(model)
    assert L.parameter_bytes(model.double()) == 8 * count_parameters(model)


def _hits(size, settings):
    """Rays of a size×size view that meet the box [−b, b]³: a slab test written in NumPy."""
    focal = nerf.focal_from_fov(size, nerf.CAMERA_ANGLE_X)
    o, d = nerf.get_rays(size, size, focal, nerf.orbit_pose(30.0, 30.0, nerf.CAMERA_RADIUS))
    o, d = o.reshape(-1, 3).double().numpy(), d.reshape(-1, 3).double().numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        t1, t2 = (-settings.bound - o) / d, (settings.bound - o) / d
    near = np.nanmax(np.minimum(t1, t2), axis=1).clip(min=settings.near)
    far = np.nanmin(np.maximum(t1, t2), axis=1).clip(max=settings.far)
    return int(np.sum(far > near))


def test_frame_cost_counts_every_network_evaluation_of_a_tiny_frame():
    torch.manual_seed(0)
    field = nerf.NeRFField(pos_frequencies=2, dir_frequencies=1, width=8, depth=2, skip=1)
    settings = nerf.RenderSettings(n_samples=5)
    cost = L.frame_cost("tiny", field, 6, settings)
    hits = _hits(6, settings)
    assert 0 < hits < 36
    assert cost.evaluations == hits * 5 and cost.pixels == 36
    assert cost.macs_per_evaluation == L.count_linear_macs(field, torch.zeros(1, 3), torch.ones(1, 3))["macs_per_point"]
    assert cost.total_macs == cost.evaluations * cost.macs_per_evaluation
    assert cost.parameters == count_parameters(field) and cost.memory_bytes == 4 * cost.parameters
    assert cost.lookups_per_evaluation == 0 and cost.seconds > 0
    grid = nerf.HashGridField(n_levels=3, n_features=2, log2_table_size=8, max_resolution=16, width=8)
    assert L.frame_cost("grid", grid, 4, settings).lookups_per_evaluation == 3 * 8 * 2


def test_fd_frame_cost_memory_is_the_csr_matrix_and_two_vectors():
    n = 12
    cost = L.fd_frame_cost(n)
    nnz = 5 * n * n - 4 * n                     # 5-point stencil, minus the missing neighbours at the edge
    assert cost.pixels == cost.parameters == n * n and cost.evaluations == 0
    int_bytes = (cost.memory_bytes - nnz * 8 - 2 * n * n * 8) / (nnz + n * n + 1)
    assert int_bytes in (4, 8)                  # indices and indptr: int32 (or int64)


def test_paper_samples_count_the_coarse_and_the_fine_evaluations():
    """NeRF (Mildenhall et al. 2020, §5.3): the coarse network at N_c = 64 samples, the fine network at
    N_c + N_f = 64 + 128 (the coarse samples are evaluated again by the fine network): 256 per ray, not 192."""
    assert (L.PAPER_COARSE_SAMPLES, L.PAPER_FINE_SAMPLES) == (64, 128)
    assert L.PAPER_SAMPLES == 64 + (64 + 128) == 256
