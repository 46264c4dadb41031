"""Chapter 03, reference.py: the shipped h = 1/256 L-shape solution, verified through the
checkpoint manifest."""
import json
import shutil

import numpy as np
import pytest

from inrlib import boundary as bc
from inrlib.checkpoints import read_manifest

from .test_lshape import REFERENCE_1_512


def test_cached_lshape_solution_loads_fast_verifies_and_matches_the_reference():
    grid, u = bc.load_lshape_solution()  # its load time (< 1 s) is measured by the benchmark
    assert grid.h == 1 / 256 and u.shape == (513, 513) and bc.LSHAPE_FILE.stat().st_size < 5 * 2**20
    for (x, y), value in REFERENCE_1_512.items():
        assert u[grid.index(x, y)] == pytest.approx(value, abs=1.5e-5)  # measured gap: ≤ 7e-6
    assert u.max() == pytest.approx(0.14940, abs=3e-5)
    fresh = bc.solve_lshape(1 / 256)[1]
    assert np.abs(fresh - u).max() < 1e-7      # float32 rounding only
    pts = np.array([[-0.5, -0.5], [0.5, 0.5], [-0.25 + 1e-3, 0.3]])
    vals = bc.lshape_solution_at(pts)
    assert vals[0] == pytest.approx(u[grid.index(-0.5, -0.5)]) and vals[1] == 0.0 and 0 < vals[2] < 0.15


def test_cached_solution_with_a_wrong_hash_or_missing_file_is_refused(tmp_path):
    target = tmp_path / bc.LSHAPE_FILE.name
    shutil.copy(bc.LSHAPE_FILE, target)
    entry = read_manifest()[bc.LSHAPE_FILE.stem]                      # its manifest entry goes along
    (tmp_path / "manifest.json").write_text(json.dumps({target.stem: entry}), encoding="utf-8")
    assert bc.load_lshape_solution(target)[1].shape == (513, 513)
    data = bytearray(target.read_bytes())
    data[-100] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="sha256"):
        bc.load_lshape_solution(target)
    with pytest.raises(FileNotFoundError, match="recreate it with: python -m inrlib.boundary write-lshape"):
        bc.load_lshape_solution(tmp_path / "missing.npz")


def test_writing_the_cache_is_deterministic(tmp_path):
    a, b = bc.write_lshape_solution(tmp_path / "a.npz", h=1 / 16), bc.write_lshape_solution(tmp_path / "b.npz", h=1 / 16)
    assert a.read_bytes() == b.read_bytes()
    grid, u = bc.load_lshape_solution(a)
    assert grid.h == 1 / 16 and np.allclose(u, bc.solve_lshape(1 / 16)[1], atol=1e-7)
