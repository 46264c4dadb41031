"""Chapter 07 — VideoINR-lite: the command line ``python -m inrlib.videoinr`` (inrlib/videoinr/__main__.py)."""
import subprocess
import sys

from inrlib.videoinr.__main__ import main


def test_a_bad_argument_is_one_error_line_and_exit_status_2(capsys):
    assert main(["train", "--steps", "-3"]) == 2
    assert capsys.readouterr().err.strip() == "error: steps must be a positive integer, got -3"


def test_the_module_runs_as_a_command():
    out = subprocess.run([sys.executable, "-m", "inrlib.videoinr", "train", "--help"], capture_output=True,
                         text=True, check=True)
    assert "--steps" in out.stdout and "--checkpoint" in out.stdout and "--seed" in out.stdout
