"""The point x₀ at which the chapter 02 tests differentiate."""

X0 = 0.7
