"""Root pytest configuration: everything the README's test command runs is in quick mode.

Set before any kernel starts, so nbval's notebook kernels inherit it too.
"""
import os

os.environ["INRLIB_QUICK"] = "1"          # small step counts and sizes (inrlib.settings)
os.environ.setdefault("MPLBACKEND", "Agg")  # no windows; figures still render in notebooks
os.environ.setdefault("INRLIB_DEVICE", "cpu")  # same numbers on every machine
os.environ.setdefault("TQDM_MININTERVAL", "5")  # fewer progress-bar updates in logs

# Property-based tests: no per-example deadline (a shared 2-core CI machine has noisy
# timings) and a fixed example sequence, so a CI failure is reproducible locally.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("course", deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course"))
