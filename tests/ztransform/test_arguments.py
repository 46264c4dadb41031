"""Bad arguments to chapter 01's functions: every error names the argument."""
import numpy as np
import pytest
import sympy as sp

from inrlib.ztransform import (TABLE, discretize_vehicle, evaluate_sequence_ztransform,
                               final_value_theorem_applies, finite_ztransform, frequency_response,
                               impulse_response, linearity, modulation, n, poles_zeros, scipy_ba, sequence_values,
                               simulate, transfer_function, translation, upsampling, vehicle_step_discrete,
                               vehicle_step_exact, z, z_differentiation, ztransform)

from .strategies import HALF


def test_more_bad_input_names_the_argument():
    X = ztransform(HALF**n)
    with pytest.raises(TypeError, match="c1 must be a number"):
        linearity(X, X, "two", 1)
    with pytest.raises(TypeError, match="a must be a number"):
        modulation(X, "a")
    with pytest.raises(TypeError, match="force must be a real number"):
        vehicle_step_exact(np.linspace(0, 1, 3), 1.0, 0.5, 2.0, force="big")
    with pytest.raises(ValueError, match="force must be a finite"):
        vehicle_step_discrete(5, 1.0, 0.5, 2.0, 0.1, force=np.nan)
    with pytest.raises(TypeError, match="t must be"):
        vehicle_step_exact(["a"], 1.0, 0.5, 2.0)
    with pytest.raises(TypeError, match="start must be an integer.*got 1.0"):
        finite_ztransform([1, 2], start=1.0)
    with pytest.raises(TypeError, match="zval must be a number"):
        evaluate_sequence_ztransform([1, 2], "a")
    with pytest.raises(ValueError, match="zval must be a finite non-zero"):
        evaluate_sequence_ztransform([1, 2], 0)
    with pytest.raises(ValueError, match=r"X depends on the symbols \['a'\]"):
        final_value_theorem_applies(TABLE[2][2])


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, exc, match", [
    (dict(output_coeffs=[0.0, 1.0], input_coeffs=[1.0]), ValueError, r"output_coeffs\[0\]"),
    (dict(output_coeffs=[], input_coeffs=[1.0]), ValueError, "output_coeffs must not be empty"),
    (dict(output_coeffs=[1.0], input_coeffs=[]), ValueError, "input_coeffs must not be empty"),
    (dict(output_coeffs=["a", 1], input_coeffs=[1.0]), TypeError, "output_coeffs must be a 1-D sequence"),
    (dict(output_coeffs=[1.0], input_coeffs="12"), TypeError, "input_coeffs"),
    (dict(output_coeffs=1.0, input_coeffs=[1.0]), TypeError, "output_coeffs"),
    (dict(output_coeffs=[[1.0, 2.0]], input_coeffs=[1.0]), ValueError, "output_coeffs must be 1-D"),
    (dict(output_coeffs=[1.0, np.nan], input_coeffs=[1.0]), ValueError, "output_coeffs must be finite"),
    (dict(output_coeffs=[1.0, sp.Symbol("q")], input_coeffs=[1.0]), TypeError, "output_coeffs"),
])
def test_bad_coefficients_name_the_argument(kwargs, exc, match):
    for fn in (transfer_function, poles_zeros, frequency_response, scipy_ba,
               lambda **kw: simulate([1.0, 2.0], **kw)):
        with pytest.raises(exc, match=match):
            fn(**kwargs)


def test_bad_signals_and_parameters_name_the_argument():
    good = dict(output_coeffs=[1.0, -0.5], input_coeffs=[1.0])
    with pytest.raises(ValueError, match="x must be a 1-D sequence"):
        simulate(np.ones((3, 2)), **good)
    with pytest.raises(TypeError, match="x must be a 1-D array of real numbers"):
        simulate(["a", "b"], **good)
    with pytest.raises(ValueError, match="length"):
        impulse_response(0, **good)
    with pytest.raises(ValueError, match="dt must be a positive"):
        discretize_vehicle(1.0, 0.5, 2.0, dt=-0.1)
    with pytest.raises(ValueError, match="method must be one of"):
        discretize_vehicle(1.0, 0.5, 2.0, dt=0.1, method="rk4")
    with pytest.raises(ValueError, match="damping"):
        discretize_vehicle(1.0, -0.5, 2.0, dt=0.1)
    with pytest.raises(TypeError, match="mass"):
        vehicle_step_exact(np.linspace(0, 1, 3), "heavy", 0.5, 2.0)
    with pytest.raises(ValueError, match="t must be"):
        vehicle_step_exact(np.array([-1.0]), 1.0, 0.5, 2.0)
    with pytest.raises(TypeError, match="x must be a SymPy expression"):
        ztransform("0.5**n")
    with pytest.raises(TypeError, match="X must be a ZTransform"):
        z_differentiation(z / (z - 1))
    with pytest.raises(ValueError, match="M must be a positive integer"):
        upsampling(ztransform(HALF**n), 0)
    with pytest.raises(TypeError, match="n0 must be an integer"):
        translation(ztransform(HALF**n), 1.5)
    with pytest.raises(TypeError, match="z must be a number"):
        ztransform(HALF**n)("big")
    with pytest.raises(ValueError, match=r"X depends on the symbols \['a'\]"):
        TABLE[2][2](3.0)
    with pytest.raises(TypeError, match="h must be a SymPy expression"):
        sequence_values([1, 2], 3)
