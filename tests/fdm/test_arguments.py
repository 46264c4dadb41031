"""Bad arguments to chapter 02's functions: every error names the argument."""
import numpy as np
import pytest

from inrlib import fdm


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("call, match", [
    (lambda: fdm.central_difference(np.sin, 1.0, 0.0), "h must be a positive finite number, got 0"),
    (lambda: fdm.forward_difference(np.sin, 1.0, -1e-3), "h must be a positive"),
    (lambda: fdm.second_difference(np.sin, 1.0, float("nan")), "h must be a positive finite"),
    (lambda: fdm.backward_difference(np.sin, [1.0, np.inf], 0.1), "x must contain only finite values"),
    (lambda: fdm.central_difference("sin", 1.0, 0.1), "f must be a function"),
    (lambda: fdm.stencil_weights([0, 1, 1], 1), "offsets must be distinct"),
    (lambda: fdm.stencil_weights([0, 1], 2), "derivative=2 needs at least 3 offsets"),
    (lambda: fdm.stencil_weights([0, np.nan], 1), "offsets must contain only finite"),
    (lambda: fdm.stencil_weights([-1, 0, 1], -1), "derivative must be a non-negative integer"),
    (lambda: fdm.difference_errors("upwind", np.sin, 1.0, 1.0, [0.1]), "formula must be one of"),
    (lambda: fdm.difference_errors("central", np.sin, 1.0, 1.0, [0.1, -0.1]), "hs must contain only positive"),
    (lambda: fdm.fit_order([0.1, 0.2], [0.0, 1.0]), "errors must be positive"),
    (lambda: fdm.integrate(lambda t, u: -u, np.nan, 1.0, 10), "u0 must contain only finite"),
    (lambda: fdm.integrate(lambda t, u: -u, 1.0, 1.0, 0), "n_steps must be a positive integer"),
    (lambda: fdm.integrate(lambda t, u: -u, 1.0, 1.0, 10, "rk4"), "method must be one of"),
    (lambda: fdm.solve_heat(np.zeros(5), 1.0, 0.0, 1e-3, 3), "dx must be a positive finite number"),
    (lambda: fdm.solve_heat(np.zeros(5), 1.0, 0.1, -1e-3, 3), "dt must be a positive finite number"),
    (lambda: fdm.solve_heat(np.zeros(5), -1.0, 0.1, 1e-3, 3), "lam must be a positive finite number"),
    (lambda: fdm.solve_heat([0, np.inf, 0], 1.0, 0.1, 1e-3, 3), "u0 must contain only finite"),
    (lambda: fdm.solve_heat(np.zeros(5), 1.0, 0.1, 1e-3, 3, "leapfrog"), "method must be one of"),
    (lambda: fdm.heat_grid(1), "n_intervals must be at least 2"),
    (lambda: fdm.theta_step(np.zeros(5), 1.0, 1.5), "theta must lie in"),
    (lambda: fdm.theta_matrices(5, 0.3, "half"), "theta must be a number"),
    (lambda: fdm.ftcs_step([0.0, 1.0, 0.0], 0.3), "u must be a 1-D float array"),
    (lambda: fdm.ftcs_step(np.zeros(5), "big"), "r must be a number"),
    (lambda: fdm.ftcs_step(np.zeros(5), -0.1), "r must be ≥ 0"),
    (lambda: fdm.heat_exact(np.zeros(3), "now"), "t must be a time"),
    (lambda: fdm.heat_exact(np.zeros(3), 0.1, modes=[(1,)]), "modes must be pairs"),
    (lambda: fdm.heat_exact(np.zeros(3), 0.1, modes=[(1, "big")]), "modes amplitude"),
    (lambda: fdm.best_step([0.1, 0.2], [np.nan, np.nan]), "errors must contain"),
    (lambda: fdm.semidiscrete_decay(1, 0.0), "dx must be a positive"),
    (lambda: fdm.integrate(lambda t, u: "fast", 1.0, 1.0, 10), "rhs"),
])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
