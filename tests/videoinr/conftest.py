"""Fixtures of chapter 07's tests."""
import pytest

from inrlib import liif


@pytest.fixture(scope="module")
def spatial():
    return liif.load_pretrained()
