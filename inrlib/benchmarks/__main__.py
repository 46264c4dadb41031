"""``python -m inrlib.benchmarks``: every chapter's headline numbers (see :mod:`inrlib.benchmarks`)."""
import sys

from . import main

sys.exit(main())
