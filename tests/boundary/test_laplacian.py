"""Chapter 03, laplacian.py: the 5-point Laplacian as a sparse matrix, the Dirichlet solve."""
import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from inrlib import boundary as bc

from .manufactured import X, Y, manufactured


def kron_laplacian(n, h):
    """−Δ_h on an n×n block of interior nodes from Kronecker products (independent construction)."""
    T = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(n, n)) / h**2
    return (sp.kron(sp.identity(n), T) + sp.kron(T, sp.identity(n))).tocsr()


@pytest.mark.parametrize("h", [1 / 2, 1 / 4, 1 / 8])
def test_laplacian_matrix_equals_the_kronecker_construction(h):
    n = int(round(2 / h)) - 1
    K = kron_laplacian(n, h)
    assert abs(bc.laplacian_matrix(bc.square_grid(h)) - K).max() < 1e-9
    # on the L-shape: the principal submatrix of the square's on the L's interior nodes
    L = bc.lshape_grid(h)
    keep = np.flatnonzero(L.interior[1:-1, 1:-1].ravel())
    AL = bc.laplacian_matrix(L)
    assert abs(AL - K[keep][:, keep]).max() < 1e-9
    assert abs(AL - AL.T).max() == 0 and spla.eigsh(AL.astype(float), 1, which="SA", return_eigenvectors=False)[0] > 0


def test_assembly_has_no_python_loop_over_grid_points():
    import inspect
    src = inspect.getsource(bc.assemble_dirichlet) + inspect.getsource(bc.solve_square)
    loops = [line.strip() for line in src.splitlines() if line.strip().startswith("for ")]
    # the only loops run over the 4 stencil directions or the 4 sides, never over nodes
    assert loops and all("_NEIGHBOURS" in line or "SIDES" in line for line in loops), loops


@pytest.mark.parametrize("grid_fn", [bc.square_grid, bc.lshape_grid])
def test_dirichlet_solve_is_exact_on_cubics(grid_fn):
    # the 5-point stencil's truncation error involves 4th derivatives: exact for degree ≤ 3
    u, f, _, _ = manufactured(X**3 - 3 * X * Y**2 + 2 * X**2 * Y - Y**2 + 0.5 * X + 1)
    grid = grid_fn(1 / 4)
    uh = bc.solve_dirichlet(grid, f, u)
    assert np.allclose(uh[grid.inside], u(grid.X, grid.Y)[grid.inside], atol=1e-12)


def test_sparse_solve_agrees_with_spsolve():
    A, b = bc.assemble_dirichlet(bc.lshape_grid(1 / 16), 1.0, 0.0)
    assert np.allclose(bc.sparse_solve(A, b), spla.spsolve(A.tocsc(), b), rtol=1e-12, atol=1e-14)
