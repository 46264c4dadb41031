"""§7 the vehicle: discretisation against scipy, the exact step response, orders and stability (vehicle.py)."""
import math

import numpy as np
import pytest
import scipy.signal

from inrlib.ztransform import (discretize_vehicle, is_stable, poles_zeros, vehicle_parameters,
                               vehicle_step_discrete, vehicle_step_exact)


# ----------------------------------------------------------------------------- 6. the vehicle
CAR = dict(mass=300.0, damping=1500.0, stiffness=20000.0)


@pytest.mark.parametrize("method, scipy_method", [("euler", "euler"), ("tustin", "bilinear")])
@pytest.mark.parametrize("dt", [0.001, 0.02, 0.1])
def test_discretisation_matches_scipy_cont2discrete(method, scipy_method, dt):
    coeffs = discretize_vehicle(**CAR, dt=dt, method=method)
    num, den, _ = scipy.signal.cont2discrete(([1.0], [CAR["mass"], CAR["damping"], CAR["stiffness"]]), dt,
                                             method=scipy_method)
    b0 = coeffs["output_coeffs"][0]
    assert np.allclose(coeffs["output_coeffs"] / b0, den)
    assert np.allclose(coeffs["input_coeffs"] / b0, np.ravel(num), atol=1e-15)


def test_exact_step_response_matches_the_underdamped_formula():
    m, c, k = CAR["mass"], CAR["damping"], CAR["stiffness"]
    p = vehicle_parameters(m, c, k)
    wn, zeta = p["omega_n"], p["zeta"]
    t = np.linspace(0, 2, 50)
    wd = wn * math.sqrt(1 - zeta**2)
    formula = (1 / k) * (1 - np.exp(-zeta * wn * t) * (np.cos(wd * t) + zeta / math.sqrt(1 - zeta**2) * np.sin(wd * t)))
    assert np.allclose(vehicle_step_exact(t, m, c, k), formula, atol=1e-12)
    assert np.allclose(np.sort_complex(p["poles"]), np.sort_complex([-zeta * wn - 1j * wd, -zeta * wn + 1j * wd]))


@pytest.mark.parametrize("damping", [0.0, 2 * math.sqrt(20000.0 * 300.0), 1e5, 1500.0])
def test_exact_step_response_matches_scipy_for_every_damping_ratio(damping):
    t = np.linspace(0, 2, 101)
    _, ref = scipy.signal.step(scipy.signal.lti([1.0], [300.0, damping, 20000.0]), T=t)
    assert np.allclose(vehicle_step_exact(t, 300.0, damping, 20000.0), ref, atol=1e-9)


def test_discrete_vehicle_converges_to_the_exact_solution_euler_first_tustin_second_order():
    errors = {}
    for method in ("euler", "tustin"):
        for dt in (0.004, 0.002):
            steps = int(round(1.0 / dt)) + 1
            y = vehicle_step_discrete(steps, **CAR, dt=dt, method=method)
            exact = vehicle_step_exact(np.arange(steps) * dt, **CAR)
            errors[method, dt] = np.max(np.abs(y - exact)) / np.max(np.abs(exact))
    assert 1.7 < errors["euler", 0.004] / errors["euler", 0.002] < 2.3
    assert 3.5 < errors["tustin", 0.004] / errors["tustin", 0.002] < 4.5
    assert errors["tustin", 0.002] < 1e-3 < errors["euler", 0.002]


def test_pole_mapping_and_the_euler_stability_limit():
    s = vehicle_parameters(**CAR)["poles"]
    limit = CAR["damping"] / CAR["stiffness"]  # |1 + sT| < 1  ⇔  T < c/k for a complex pair
    for dt in (0.2 * limit, 0.9 * limit, 1.1 * limit, 3 * limit, 20 * limit):
        poles = {m: poles_zeros(**discretize_vehicle(**CAR, dt=dt, method=m))[0] for m in ("euler", "tustin")}
        assert np.allclose(np.sort_complex(poles["euler"]), np.sort_complex(1 + s * dt))
        assert np.allclose(np.sort_complex(poles["tustin"]), np.sort_complex((1 + s * dt / 2) / (1 - s * dt / 2)))
        assert is_stable(output_coeffs=discretize_vehicle(**CAR, dt=dt, method="euler")["output_coeffs"]) == \
            (dt < limit)
        assert is_stable(output_coeffs=discretize_vehicle(**CAR, dt=dt, method="tustin")["output_coeffs"])
    dt = 0.001  # small T: both are close to the exact sampled poles z = e^{sT}
    exact = np.sort_complex(np.exp(s * dt))
    for m in ("euler", "tustin"):
        assert np.allclose(np.sort_complex(poles_zeros(**discretize_vehicle(**CAR, dt=dt, method=m))[0]), exact,
                           atol=1e-3)


def test_amplitude_does_not_change_the_shape_of_the_vehicle_response():
    y1 = vehicle_step_discrete(200, **CAR, dt=0.01, force=1000.0)
    y3 = vehicle_step_discrete(200, **CAR, dt=0.01, force=3000.0)
    assert np.allclose(y3, 3 * y1) and np.allclose(y3 / 3000.0, y1 / 1000.0)
