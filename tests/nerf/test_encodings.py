"""Chapter 05 — NeRF. The hash grid against a plain loop; positional encoding sizes."""
import itertools
import json
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from inrlib import nerf

torch.set_num_threads(1)




@pytest.mark.parametrize("method", ["points", "volume", "auto"])
def test_hash_grid_matches_a_plain_loop_over_levels_and_corners(method):
    enc = nerf.HashGridEncoding(n_levels=4, n_features=2, log2_table_size=10, min_resolution=4, max_resolution=40)
    with torch.no_grad():
        enc.table.normal_()
    assert enc.dense.tolist() == [True, True, False, False]  # (N+1)³ ≤ 1024 only for the coarse levels
    x = torch.rand(6, 3, generator=torch.Generator().manual_seed(1)) * 2 - 1
    x[0] = torch.tensor([1.0, -1.0, 1.0])  # a corner of the box: the last cell, weight 1 on its far vertex
    out = enc(x, method=method)
    assert out.shape == (6, 8)
    primes, T = (1, 2654435761, 805459861), enc.table_size
    for level in range(4):
        r = int(enc.resolutions[level])
        for i in range(6):
            s = (x[i].double() + 1) / 2 * r
            c = torch.minimum(s.floor(), torch.tensor(r - 1.0))
            f = s - c
            acc = torch.zeros(2, dtype=torch.float64)
            for corner in itertools.product((0, 1), repeat=3):
                v = [int(c[k]) + corner[k] for k in range(3)]
                idx = v[0] + (r + 1) * v[1] + (r + 1) ** 2 * v[2] if (r + 1) ** 3 <= T else \
                    (v[0] * primes[0] ^ v[1] * primes[1] ^ v[2] * primes[2]) % T
                weight = np.prod([f[k] if corner[k] else 1 - f[k] for k in range(3)])
                acc += float(weight) * enc.table[level * T + idx].double()
            assert torch.allclose(out[i, 2 * level:2 * level + 2].double(), acc, atol=1e-5)


def test_hash_grid_reproduces_linear_functions_and_touches_eight_rows_per_level():
    enc = nerf.HashGridEncoding(n_levels=2, n_features=1, log2_table_size=12, min_resolution=3, max_resolution=7)
    with torch.no_grad():  # dense levels: vertex feature = its x coordinate → interpolation is exact
        for level in range(2):
            r = int(enc.resolutions[level])
            v = torch.arange((r + 1) ** 3)
            enc.table[level * enc.table_size + v, 0] = (v % (r + 1)).float() / r * 2 - 1
    x = torch.rand(50, 3) * 2 - 1
    assert torch.allclose(enc(x), x[:, :1].expand(50, 2), atol=1e-5)
    for method in ("points", "volume"):
        enc.table.grad = None
        enc(torch.tensor([[0.1, 0.2, 0.3]]), method=method).sum().backward()
        assert int((enc.table.grad != 0).sum()) == 16


def test_hash_grid_volume_and_points_agree_in_value_and_gradient():
    torch.manual_seed(0)
    enc = nerf.HashGridEncoding(n_levels=3, n_features=2, log2_table_size=9, min_resolution=5, max_resolution=20)
    with torch.no_grad():
        enc.table.normal_()
    x = torch.rand(300, 3) * 2.4 - 1.2  # some points outside the box: both clamp to its faces
    grads = []
    for method in ("points", "volume"):
        enc.table.grad = None
        out = enc(x, method=method)
        (out * torch.linspace(-1, 1, out.shape[-1])).sum().backward()
        grads.append((out.detach(), enc.table.grad.clone()))
    assert torch.allclose(grads[0][0], grads[1][0], atol=1e-5)
    assert torch.allclose(grads[0][1], grads[1][1], atol=1e-4)
    with pytest.raises(ValueError, match="method"):
        enc(x, method="bilinear")


def test_positional_encoding_sizes_of_the_paper():
    field = nerf.NeRFField()  # L = 10 for x, 4 for d (paper Sec. 5.1)
    assert field.pos_encoding.out_features == 63 and field.dir_encoding.out_features == 27
    assert nerf.make_field("nerf-nope").pos_encoding.out_features == 3
