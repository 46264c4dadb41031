"""The shipped fine-grid solution of the L-shape problem (h = 1/256), which chapter 04's
PINNs are judged against.

The file lives with the course's other shipped artifacts in ``inrlib/checkpoints/`` and is
listed in their manifest (sha256, size, the command that made it); it is verified by the
same code as the network weights (:func:`inrlib.checkpoints.verified_path`).
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
from scipy.interpolate import RegularGridInterpolator

from .. import checkpoints, validate
from .grids import Grid, lshape_grid
from .lshape import solve_lshape

LSHAPE_FILE = checkpoints.DIRECTORY / "lshape_poisson_h256.npz"
LSHAPE_H = 1 / 256
LSHAPE_COMMAND = "python -m inrlib.boundary write-lshape"


def _write_npz_deterministic(path: Path, **arrays: np.ndarray) -> None:
    """Like ``np.savez_compressed``, but with fixed zip timestamps so the bytes (and sha256)
    depend only on the arrays."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.array(arr, order="C"), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def write_lshape_solution(path: str | Path = LSHAPE_FILE, h: float = LSHAPE_H) -> Path:
    """Solve the L-shape problem at ``h``, store u (float32, 0 outside Ω) and enter the file
    in the manifest of its folder (name: the file name without ``.npz``).
    Deterministic: same arrays → same bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    grid, u = solve_lshape(h)
    _write_npz_deterministic(path, u=u.astype(np.float32), h=np.array(grid.h))
    checkpoints.record(path.stem, path, LSHAPE_COMMAND, directory=path.parent,
                       description=f"-Δu = 1 on [-1,1]^2 \\ [0,1]^2, u = 0 on the boundary; 5-point FD, "
                                   f"h = 1/{round(1 / grid.h)} ({u.shape[0]}×{u.shape[1]} nodes, float32)")
    return path


def load_lshape_solution(path: str | Path = LSHAPE_FILE) -> tuple[Grid, np.ndarray]:
    """The shipped FD solution of the L-shape problem at h = 1/256 (513×513, float64 copy of
    float32 values), verified against the sha256 in the manifest.  Loads in well under a second.

    Returns ``(grid, u)`` like :func:`solve_lshape`.  Rebuild the file with
    ``python -m inrlib.boundary write-lshape``.
    """
    path = Path(validate.path("path", path))
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; recreate it with: {LSHAPE_COMMAND}")
    with np.load(checkpoints.verified_path(path.stem, path.parent), allow_pickle=False) as data:
        u, h = data["u"].astype(np.float64), float(data["h"])
    return lshape_grid(h), u


def lshape_solution_at(points: np.ndarray, path: str | Path = LSHAPE_FILE) -> np.ndarray:
    """Bilinear interpolation of the shipped L-shape solution at ``points`` (N, 2) in [−1, 1]².

    u is extended by 0 to the removed quarter (continuous, since u = 0 on ∂Ω), so every
    point of the square has a value.  Interpolation error ≲ h² ‖∇²u‖ away from the corner.
    """
    try:
        pts = np.asarray(points, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"points must be an array of shape (N, 2) of numbers, got {validate.show(points)}") from None
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"points must have shape (N, 2), got {validate.show(pts)}")
    if not np.all(np.isfinite(pts)) or np.any(np.abs(pts) > 1 + 1e-12):
        raise ValueError("points must be finite and lie in [-1, 1]^2")
    grid, u = load_lshape_solution(path)
    interp = RegularGridInterpolator((grid.y, grid.x), u, method="linear")
    return interp(np.clip(pts[:, ::-1], -1, 1))
