"""Chapter 03, conditions.py: the three kinds of condition and the argument checks every solver
shares (bad input names the argument)."""
import numpy as np
import pytest

from inrlib import boundary as bc
from inrlib.boundary import SIDES, dirichlet, neumann, robin


def test_non_finite_values_and_empty_masks_are_rejected_naming_the_argument():
    grid = bc.lshape_grid(1 / 4)
    with pytest.raises(ValueError, match="f must be finite"):
        bc.solve_dirichlet(grid, lambda x, y: np.where(x > 0.4, np.nan, 1.0))
    with pytest.raises(ValueError, match="g must be finite"):
        bc.solve_dirichlet(grid, 1.0, lambda x, y: np.inf + 0 * x)
    with pytest.raises(ValueError, match="value must be finite"):
        neumann(float("inf"))
    with pytest.raises(ValueError, match="alpha must be a finite number"):
        robin(float("nan"), 0.0)
    with pytest.raises(ValueError, match="inside must contain at least one interior node"):
        bc.masked_grid(1 / 4, lambda X, Y: X > 0.8)
    with pytest.raises(ValueError, match="inside must return a boolean array"):
        bc.masked_grid(1 / 4, lambda X, Y: 1.0)
    with pytest.raises(ValueError, match="sides must be a dict with exactly the keys"):
        bc.solve_square(1 / 4, 1.0, {"left": dirichlet()})
    with pytest.raises(TypeError, match=r"sides\['top'\] must be a Condition"):
        bc.solve_square(1 / 4, 1.0, {**{s: dirichlet() for s in SIDES}, "top": 0.0})
    with pytest.raises(ValueError, match="left and right cannot both be Neumann"):
        bc.solve_1d(1.0, 1 / 8, neumann(0.0), neumann(0.0))
    with pytest.raises(ValueError, match="f must be a number or have shape"):
        bc.solve_dirichlet(grid, np.ones(3))
    with pytest.raises(TypeError, match="grid must be a Grid"):
        bc.assemble_dirichlet("L", 1.0)
    with pytest.raises(ValueError, match=r"\(x, y\) must be a node"):
        grid.index(0.1, 0.0)


def test_more_bad_input_names_the_argument():
    grid = bc.lshape_grid(1 / 4)
    with pytest.raises(TypeError, match="alpha must be a finite number"):
        robin("big", 0.0)
    with pytest.raises(TypeError, match="f must be a number, an array or a function"):
        bc.solve_1d("one", 1 / 4)
    with pytest.raises(TypeError, match="inside must be a function"):
        bc.masked_grid(1 / 4, "square")
    with pytest.raises(TypeError, match="x must be a finite number"):
        grid.index("a", 0.0)
    with pytest.raises(TypeError, match="compatibility_rtol must be a positive number"):
        bc.solve_square(1 / 4, 0.0, {s: neumann() for s in SIDES}, compatibility_rtol="loose")
    with pytest.raises(ValueError, match="hs must hold at least 2"):
        bc.successive_differences(bc.solve_lshape, [1 / 4])
    with pytest.raises(TypeError, match="errors must be an array of real numbers"):
        bc.convergence_order([0.5, 0.25], [1.0, "small"])
    with pytest.raises(TypeError, match="h must be a positive number"):
        bc.grid_norms(np.ones(3), "h")
    with pytest.raises(ValueError, match="factor must be a positive integer"):
        bc.restrict(np.ones((5, 5)), 0)
    with pytest.raises(TypeError, match="points must be an array of shape"):
        bc.lshape_solution_at([[0.1, "a"]])
    with pytest.raises(TypeError, match="x must be an array of real numbers"):
        bc.corner_singularity("a", 1.0)
