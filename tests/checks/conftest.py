"""Helpers of the mutation suite: run a check as a notebook would and read its one verdict."""
import collections

import pytest

#: answers judged as expected, per test module (printed at the end of the run)
JUDGED = collections.Counter()

NOTEBOOK_CELL = "<ipython-input-7-0123456789ab>"  # how IPython names a cell's code


def _verdict_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line and line[0] in "✓✗…"]


class Judge:
    def __init__(self, capsys, module: str = ""):
        self.capsys, self.module = capsys, module

    def __call__(self, check, *args, notebook: bool = False, **kwargs) -> tuple[bool, str]:
        """(verdict, printed text) of ``check(*args)``; asserts exactly one verdict line."""
        self.capsys.readouterr()
        if notebook:  # called from a notebook cell, as students do
            namespace = {"check": check, "args": args, "kwargs": kwargs}
            exec(compile("verdict = check(*args, **kwargs)", NOTEBOOK_CELL, "exec"), namespace)
            verdict = namespace["verdict"]
        else:
            verdict = check(*args, **kwargs)
        out = self.capsys.readouterr().out
        assert len(_verdict_lines(out)) == 1, f"expected one verdict line, got {out!r}"
        assert isinstance(verdict, bool)
        return verdict, out

    def _count(self):
        JUDGED[self.module] += 1

    def passes(self, check, *args, **kwargs) -> str:
        verdict, out = self(check, *args, **kwargs)
        assert verdict and out.startswith("✓"), out
        self._count()
        return out

    def fails(self, check, *args, hint: str | None = None, says: str | None = None, **kwargs) -> str:
        verdict, out = self(check, *args, **kwargs)
        assert not verdict and out.startswith(("✗", "…")), out
        if hint is not None:
            hint_line = next((line for line in out.splitlines() if line.startswith("  Hint: ")), "")
            assert hint in hint_line, f"expected the hint {hint!r}, got {out!r}"
        if says is not None:
            assert says in out, f"expected {says!r} in {out!r}"
        self._count()
        return out


@pytest.fixture
def judge(capsys, request):
    return Judge(capsys, request.module.__name__.removeprefix("test_mutations_"))


def pytest_terminal_summary(terminalreporter):
    if JUDGED:
        terminalreporter.write_line("mutation suite, answers judged as expected: " + ", ".join(
            f"{module} {n}" for module, n in sorted(JUDGED.items())) + f" (total {sum(JUDGED.values())})")


@pytest.fixture
def short_limits(monkeypatch):
    """Time limits scaled down (5 s → 0.1 s): a never-returning answer is stopped quickly."""
    monkeypatch.setenv("INRLIB_CHECK_TIME_SCALE", "0.02")


def forever(*args, **kwargs):
    while True:
        pass
