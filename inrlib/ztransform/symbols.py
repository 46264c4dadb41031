"""The two symbols of chapter 01: the complex variable z and the time index n (integer ≥ 0)."""
from __future__ import annotations

import sympy as sp

#: The symbols used throughout: z (complex) and the time index n (integer ≥ 0).
z = sp.Symbol("z")
n = sp.Symbol("n", integer=True, nonnegative=True)



