"""§2 the forward z-transform and its region of convergence (transform.py)."""
import numpy as np
import pytest
import sympy as sp

from inrlib.ztransform import TABLE, evaluate_sequence_ztransform, finite_ztransform, n, z, ztransform

from .strategies import HALF, THIRD


# ----------------------------------------------------------------------------- 2. forward transform + ROC
@pytest.mark.parametrize("entry", TABLE, ids=lambda e: e[0])
def test_table_agrees_with_the_defining_sum(entry):
    name, seq, pair = entry
    X = ztransform(seq)
    assert sp.simplify(X.expr - pair.expr) == 0, (name, X.expr, pair.expr)
    assert sp.simplify(X.roc.inner - pair.roc.inner) == 0 and X.roc.outer == pair.roc.outer


@pytest.mark.parametrize("x, radius", [
    (HALF**n, HALF), (n * (-THIRD)**n, THIRD), (n**2 * HALF**n, HALF), (sp.Integer(3), 1),
    (sp.cos(sp.pi * n / 4) * HALF**n, HALF), (sp.sin(sp.pi * n / 3), 1), (2**n + n, 2),
])
def test_forward_transform_equals_the_truncated_sum_inside_its_roc(x, radius):
    X = ztransform(x)
    assert abs(float(X.roc.inner) - float(radius)) < 1e-12 and X.roc.outer == sp.oo
    values = np.array([float(x.subs(n, k)) for k in range(400)])
    for zval in (1.5 * float(radius) + 0.3, (1.2 * float(radius) + 0.5) * np.exp(0.7j)):
        assert abs(X(zval) - evaluate_sequence_ztransform(values, zval)) < 1e-8


def test_sines_come_from_the_table_and_simple_sequences_from_the_definition():
    assert ztransform(HALF**n).method == "definition"
    assert ztransform(sp.cos(sp.pi * n / 3)).method == "table"
    assert sp.simplify(ztransform(sp.cos(sp.pi * n / 3)).expr - (z**2 - z / 2) / (z**2 - z + 1)) == 0


def test_evaluating_outside_the_roc_names_z_and_the_roc():
    X = ztransform(HALF**n)
    with pytest.raises(ValueError, match=r"z=0\.3 .*outside the region of convergence 1/2 < \|z\|"):
        X(0.3)
    with pytest.raises(ValueError, match="z=0.5"):
        X(0.5)  # on the boundary the sum diverges too
    assert abs(X(0.51) - 1 / (1 - 0.5 / 0.51)) < 1e-12


@pytest.mark.parametrize("length", [1, 3, 8])
def test_a_window_is_a_geometric_sum_in_z_inverse(length):
    W = finite_ztransform([1] * length)
    assert sp.simplify(W.expr - (1 - z**-length) / (1 - 1 / z)) == 0


def test_finite_sequences_converge_everywhere_but_zero():
    X = finite_ztransform([1, 2, 3], start=-1)
    assert sp.simplify(X.expr - (z + 2 + 3 / z)) == 0
    assert abs(X(1e-3) - (1e-3 + 2 + 3e3)) < 1e-6
    with pytest.raises(ValueError, match="z=0"):
        X(0)


def test_non_rational_transform_takes_its_roc_from_the_root_test():
    X = ztransform(1 / (n + 1))  # −z log(1 − 1/z): converges for |z| > 1 only
    assert X.roc.inner == 1
    values = 1 / (np.arange(4000) + 1.0)
    assert abs(X(3.0) - evaluate_sequence_ztransform(values, 3.0)) < 1e-12
    with pytest.raises(ValueError, match="outside the region of convergence"):
        X(0.5)
