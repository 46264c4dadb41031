"""§0 What a PDE is (pde.py): Maxwell's equations, the integral theorems and the continuity equation."""
import pytest
import sympy

from inrlib import fdm
from inrlib.fdm.pde import EPSILON_0, MU_0, is_zero, t, x, y, z

E0, k, c, v = sympy.symbols("E_0 k c v", positive=True)
VACUUM = 1 / (MU_0 * c**2)          # ε0 = 1/(μ0 c²)


def test_plane_wave_solves_maxwell_in_vacuum_only_when_omega_is_ck():
    E, B = fdm.plane_wave(E0, k, c * k, c)
    residuals = fdm.maxwell_residuals(E, B, epsilon_0=VACUUM)
    assert all(is_zero(r) for r in residuals.values())
    E, B = fdm.plane_wave(E0, k, 2 * c * k, c)              # the wrong dispersion relation
    residuals = fdm.maxwell_residuals(E, B, epsilon_0=VACUUM)
    assert is_zero(residuals["Gauss"]) and is_zero(residuals["Gauss (magnetism)"])
    assert not is_zero(residuals["Faraday"]) and not is_zero(residuals["Ampère–Maxwell"])


def test_gauss_law_sees_the_charge():
    E = (x, y, z)                                           # div E = 3
    assert is_zero(fdm.maxwell_residuals(E, (0, 0, 0), rho=3 * EPSILON_0)["Gauss"])
    assert not is_zero(fdm.maxwell_residuals(E, (0, 0, 0), rho=0)["Gauss"])


def test_curl_of_a_gradient_and_divergence_of_a_curl_vanish():
    f = sympy.sin(x * y) + z**3 * x
    assert is_zero(fdm.curl(fdm.gradient(f)))
    assert sympy.simplify(fdm.divergence(fdm.curl((x * y**2, sympy.exp(z) * x, y * z)))) == 0


@pytest.mark.parametrize("F, box", [
    ((x**2 * y, y * z**3, x * z), [(0, 1), (0, 2), (-1, 1)]),
    ((x**3, x * y, 0), [(-1, 2), (0, 1), (0, 3)]),
])
def test_divergence_theorem_on_a_box(F, box):
    volume, flux = fdm.divergence_theorem(F, box)
    assert volume == flux and volume != 0


def test_divergence_theorem_gives_the_neumann_compatibility_condition():
    """∫ Δu dx = ∮ ∂u/∂n ds on [0, 1]²: with −Δu = f and ∂u/∂n = g, ∫ f + ∮ g = 0."""
    u = x**3 * y + sympy.cos(y) * x**2
    volume, flux = fdm.divergence_theorem(fdm.gradient(u, (x, y)), [(0, 1), (0, 1)], (x, y))
    assert sympy.simplify(volume - flux) == 0


def test_stokes_theorem_on_a_rectangle():
    surface, circulation = fdm.stokes_theorem((-y**3, x * y**2, z), [(0, 1), (0, 2)])
    assert surface == circulation == sympy.Rational(32, 3)


def test_continuity_equation_for_a_translating_density():
    rho = sympy.exp(-(x - v * t) ** 2 - y**2)
    assert fdm.continuity_residual(rho, (v, 0, 0)) == 0
    assert fdm.material_derivative(rho, (v, 0, 0)) == 0     # each particle keeps its density
    assert fdm.continuity_residual(rho, (2 * v, 0, 0)) != 0  # the wrong velocity loses mass


def test_continuity_equation_for_a_compressing_flow():
    """u = −x x̂ squeezes: ρ = e^t stays uniform and grows, Dρ/Dt = −ρ ∇·u."""
    rho, u = sympy.exp(t), (-x, 0, 0)
    assert fdm.continuity_residual(rho, u) == 0
    assert sympy.simplify(fdm.material_derivative(rho, u) + rho * fdm.divergence(u)) == 0


def test_bad_fields_name_the_argument():
    with pytest.raises(ValueError, match="F must have 3 components"):
        fdm.curl((x, y))
    with pytest.raises(TypeError, match="u must be a sequence"):
        fdm.continuity_residual(x, "u")
    with pytest.raises(ValueError, match="box must have one"):
        fdm.divergence_theorem((x, y, z), [(0, 1)])
