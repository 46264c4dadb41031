"""Widget explorers, one module per chapter (``inrlib.widgets.<topic>``).

Each explorer keeps its computation in a plain method (testable without a browser) and
its last result in ``.result``, so tests can move a slider and check the output moved.
"""
