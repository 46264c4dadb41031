"""The conventional solution of 1-D Maxwell (inrlib/pinn/yee.py): Yee's FDTD scheme against
the exact standing wave — its order, its stability limit, its walls."""
import numpy as np
import pytest

from inrlib import pinn


def test_standing_wave_solves_maxwell_with_conducting_walls():
    x, t = np.linspace(0, 1, 41)[None, :], np.linspace(0, 1, 37)[:, None]
    h = 1e-6
    E, H = pinn.standing_wave(x, t)
    E_t = (pinn.standing_wave(x, t + h)[0] - pinn.standing_wave(x, t - h)[0]) / (2 * h)
    H_t = (pinn.standing_wave(x, t + h)[1] - pinn.standing_wave(x, t - h)[1]) / (2 * h)
    E_x = (pinn.standing_wave(x + h, t)[0] - pinn.standing_wave(x - h, t)[0]) / (2 * h)
    H_x = (pinn.standing_wave(x + h, t)[1] - pinn.standing_wave(x - h, t)[1]) / (2 * h)
    assert np.abs(E_t + H_x).max() < 1e-8 and np.abs(H_t + E_x).max() < 1e-8
    assert np.abs(E[:, [0, -1]]).max() < 1e-15 and np.abs(H[0]).max() == 0.0


def test_yee_is_second_order_against_the_exact_solution():
    errors, p = pinn.yee_order((25, 50, 100, 200), courant=0.5)
    assert abs(p - 2) < 0.1, p
    assert np.all(np.diff(errors) < 0) and errors[-1] < 2e-4


def test_yee_is_stable_up_to_courant_one_and_blows_up_above():
    stable = pinn.yee(100, courant=1.0, t_end=1.0)
    assert np.abs(stable.E).max() < 1.5                      # bounded: |E| ≤ 1 + 0.5
    assert pinn.yee_error(100, courant=1.0) < 1e-12           # the "magic time step": exact in 1-D
    unstable = pinn.yee(100, courant=1.05, t_end=1.0)
    assert unstable.courant == pytest.approx(1.05) and np.abs(unstable.E).max() > 1e6


def test_yee_grid_shapes_and_walls():
    s = pinn.yee(20, courant=0.5, t_end=0.5)
    assert s.E.shape == (21, 21) and s.H.shape == (20, 20)
    assert s.x_E.shape == (21,) and s.x_H.shape == (20,) and s.t_E.shape == (21,) and s.t_H.shape == (20,)
    assert np.all(s.E[:, [0, -1]] == 0.0)
    assert s.t_H[0] == pytest.approx(s.t_E[1] / 2) and s.t_E[-1] == pytest.approx(0.5)


def test_yee_rejects_bad_arguments():
    with pytest.raises(ValueError, match="n_cells must be at least 2"):
        pinn.yee(1)
    with pytest.raises(ValueError, match="courant must be a positive"):
        pinn.yee(10, courant=0.0)
    with pytest.raises(ValueError, match="amplitudes must have at least 1"):
        pinn.standing_wave(np.zeros(3), 0.0, amplitudes=[])
    with pytest.raises(ValueError, match="cells must list at least two"):
        pinn.yee_order((10,))
