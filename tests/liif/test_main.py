"""Chapter 06 — LIIF: the command line ``python -m inrlib.liif`` (inrlib/liif/__main__.py)."""
import subprocess
import sys

from inrlib.liif.__main__ import main


def test_a_bad_argument_is_one_error_line_and_exit_status_2(capsys):
    assert main(["train", "--steps", "0"]) == 2
    assert capsys.readouterr().err.strip() == "error: steps must be a positive integer, got 0"


def test_the_module_runs_as_a_command():
    out = subprocess.run([sys.executable, "-m", "inrlib.liif", "train", "--help"], capture_output=True, text=True,
                         check=True)
    assert "--steps" in out.stdout and "--threads" in out.stdout and "--seed" in out.stdout
