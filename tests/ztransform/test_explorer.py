"""Chapter 01's explorers (inrlib/widgets/ztransform.py) respond to their sliders."""
import numpy as np

from inrlib.ztransform import frequency_response


# ----------------------------------------------------------------------------- widgets
def test_pole_zero_explorer_responds_to_its_sliders_quickly():

    from inrlib.widgets.ztransform import PoleZeroExplorer

    ex = PoleZeroExplorer()
    ex.widget()
    first = ex.result
    assert first["stable"] and np.allclose(np.abs(first["poles"]), ex.pole_radius.value)
    h0 = first["impulse"].copy()
    ex.pole_radius.value = 1.05
    assert not ex.result["stable"] and not np.allclose(ex.result["impulse"], h0)
    assert np.allclose(np.abs(ex.result["poles"]), 1.05)
    ex.zero_angle.value = 0.0
    w, H = frequency_response(output_coeffs=ex.result["output_coeffs"], input_coeffs=ex.result["input_coeffs"],
                              n_points=len(ex.result["omega"]))
    assert np.allclose(ex.result["magnitude"], np.abs(H))
    assert ex.compute(0.5, 1.0, 0.9, 2.0)["stable"]


def test_vehicle_explorer_shows_instability_without_crashing():
    from inrlib.widgets.ztransform import VehicleExplorer

    ex = VehicleExplorer()
    ex.widget()
    before = ex.result
    assert before["stable"]["tustin"] and before["stable"]["euler"]
    ex.dt.value = 0.2  # > c/k: forward Euler is unstable, Tustin is not
    after = ex.result
    assert not after["stable"]["euler"] and after["stable"]["tustin"]
    assert np.all(np.isfinite(after["exact"]))
    assert after["discrete"]["euler"].shape == after["t_discrete"].shape
    ex.damping.value = 3000.0
    assert not np.allclose(ex.result["exact"], after["exact"])
