"""Widget explorers, one module per chapter (``inrlib.widgets.<topic>``).

Each explorer keeps its computation in a plain method (testable without a browser) and
its last result in ``.result``, so tests can move a slider and check the output moved.
"""
from __future__ import annotations


class Explorer:
    """The shared shell of an explorer: controls → :meth:`compute` → :meth:`plot`, redrawn live.

    A subclass defines

    * ``compute(**values)`` — the computation, storing its result in ``self.result``;
    * ``plot(axes)`` — draws ``self.result`` on the axes of a ``(1, PANELS)`` figure;
    * ``controls()`` — a dict ``{name: ipywidget}``; each name is a keyword argument of
      ``compute`` and becomes an attribute (``explorer.scale``), so tests can move it.

    :meth:`widget` builds the controls once, redraws on every change and returns the box.
    """

    #: Number of side-by-side axes and the figure size of the live plot.
    PANELS = 1
    FIGSIZE = (10.0, 3.5)

    def __init__(self) -> None:
        self.result: dict | None = None
        self._widget = None

    def controls(self) -> dict:
        raise NotImplementedError

    def figure(self):
        """A new figure with the explorer's axes (one row of PANELS)."""
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, self.PANELS, figsize=self.FIGSIZE)
        return fig, axes

    def start_plot(self, axes=None):
        """``(result, axes)`` for :meth:`plot`: the last result, and new axes if none are given."""
        if self.result is None:
            raise RuntimeError("call compute(...) first")
        return self.result, (self.figure()[1] if axes is None else axes)

    @staticmethod
    def image_panels(axes, panels) -> None:
        """Draw ``(image, title)`` pairs on the axes, pixels shown as they are."""
        import numpy as np

        for ax, (img, title) in zip(axes, panels):
            ax.imshow(np.clip(img, 0, 1), interpolation="nearest")
            ax.set_title(title, fontsize=10)
            ax.axis("off")

    def redraw(self, _=None) -> None:
        """Recompute from the controls' values and redraw the output area."""
        import matplotlib.pyplot as plt

        self.compute(**{name: control.value for name, control in self._controls.items()})
        with self.output:
            self.output.clear_output(wait=True)
            fig, axes = self.figure()
            self.plot(axes)
            plt.show()
            plt.close(fig)

    def widget(self):
        """The interactive explorer: the controls in a row, the live plot below."""
        import ipywidgets as w

        if self._widget is not None:
            return self._widget
        self._controls = self.controls()
        for name, control in self._controls.items():
            setattr(self, name, control)
            control.observe(self.redraw, "value")
        self.output = w.Output()
        self.redraw()
        self._widget = w.VBox([w.HBox(list(self._controls.values())), self.output])
        return self._widget

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget())
