"""Widget explorers, one module per chapter (``inrlib.widgets.<topic>``).

Each explorer keeps its computation in a plain method (testable without a browser) and
its last result in ``.result``, so tests can move a slider and check the output moved.
"""
from __future__ import annotations

import io
import time

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


def figure_png(fig) -> bytes:
    """Render ``fig`` once (Agg) and encode it as PNG — about half the cost of ``display(fig)``."""
    fig.canvas.draw()
    buf = io.BytesIO()
    Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).save(buf, format="png", compress_level=1)
    return buf.getvalue()


#: The narrowest a slider may be laid out (its description, track and readout together):
#: in JupyterLab this leaves a track of about 160 px to drag.
SLIDER_MIN_WIDTH = "340px"


def sliders(controls):
    """Every slider among ``controls``, those inside boxes (a column of sliders) included."""
    import ipywidgets as w

    for control in controls:
        if isinstance(control, (w.FloatSlider, w.IntSlider, w.FloatLogSlider, w.SelectionSlider)):
            yield control
        elif isinstance(control, w.Box):
            yield from sliders(control.children)


class Explorer:
    """The shared shell of an explorer: controls → :meth:`compute` → :meth:`plot`, redrawn live.

    A subclass defines

    * ``compute(**values)`` — the computation, storing its result in ``self.result``;
    * ``plot(axes)`` — draws ``self.result`` on the axes of a ``(1, PANELS)`` figure;
    * ``controls()`` — a dict ``{name: ipywidget}``; each name is a keyword argument of
      ``compute`` and becomes an attribute (``explorer.scale``), so tests can move it.

    and may set

    * ``ROWS`` — the controls' layout, a tuple of rows of control names (default: one row);
    * ``AS_IMAGE = True`` — draw on one persistent figure shown as a PNG (``explorer.image``):
      faster than a new pyplot figure per update, and ``plot`` may then move its artists'
      data instead of drawing them again;
    * :meth:`adjust` — change other controls when one changes (one redraw follows).

    :meth:`widget` builds the controls once, redraws on every change and returns the box;
    ``update_seconds`` holds the wall time of each update (compute + redraw).
    """

    #: Number of side-by-side axes, the figure size of the live plot and the panels' widths.
    PANELS = 1
    FIGSIZE = (10.0, 3.5)
    WIDTH_RATIOS: tuple[float, ...] | None = None
    #: The controls' layout: rows of control names (None: all on one row).
    ROWS: tuple[tuple[str, ...], ...] | None = None
    #: Show the plot as a PNG image drawn on one persistent figure.
    AS_IMAGE = False

    def __init__(self) -> None:
        self.result: dict | None = None
        self.update_seconds: list[float] = []
        self._widget = None
        self._adjusting = False

    def controls(self) -> dict:
        raise NotImplementedError

    def adjust(self, control) -> None:
        """Called when ``control`` changed, before the redraw: set other controls here (their
        own changes do not redraw).  Nothing by default."""

    def figure(self):
        """A new figure with the explorer's axes (one row of PANELS): a pyplot figure, or with
        ``AS_IMAGE`` a pyplot-free one that is only ever shown as a PNG."""
        grid = {"width_ratios": self.WIDTH_RATIOS} if self.WIDTH_RATIOS else None
        if self.AS_IMAGE:
            fig = Figure(figsize=self.FIGSIZE, dpi=72)
            FigureCanvasAgg(fig)
            return fig, fig.subplots(1, self.PANELS, gridspec_kw=grid)
        import matplotlib.pyplot as plt

        return plt.subplots(1, self.PANELS, figsize=self.FIGSIZE, gridspec_kw=grid)

    def start_plot(self, axes=None):
        """``(result, axes)`` for :meth:`plot`: the last result, and new axes if none are given."""
        if self.result is None:
            raise RuntimeError("call compute(...) first")
        return self.result, (self.figure()[1] if axes is None else axes)

    @staticmethod
    def image_panels(axes, panels) -> None:
        """Draw ``(image, title)`` pairs on the axes, pixels shown as they are."""
        for ax, (img, title) in zip(axes, panels):
            ax.imshow(np.clip(img, 0, 1), interpolation="nearest")
            ax.set_title(title, fontsize=10)
            ax.axis("off")

    def redraw(self, _=None) -> None:
        """Recompute from the controls' values and redraw the output area."""
        start = time.perf_counter()
        self.compute(**{name: control.value for name, control in self._controls.items()})
        if self.AS_IMAGE:
            self.plot(self._axes)
            if not self.update_seconds:  # lay the persistent figure out once
                self._figure.tight_layout()
            self.image.value = figure_png(self._figure)
        else:
            import matplotlib.pyplot as plt

            with self.output:
                self.output.clear_output(wait=True)
                fig, axes = self.figure()
                self.plot(axes)
                plt.show()
                plt.close(fig)
        self.update_seconds.append(time.perf_counter() - start)

    def _changed(self, change) -> None:
        if self._adjusting:  # a control set by adjust(): the redraw below covers it
            return
        self._adjusting = True
        try:
            self.adjust(change["owner"])
        finally:
            self._adjusting = False
        self.redraw()

    def widget(self):
        """The interactive explorer: the controls in their rows, the live plot below."""
        import ipywidgets as w

        if self._widget is not None:
            return self._widget
        self._controls = self.controls()
        for name, control in self._controls.items():
            setattr(self, name, control)
            control.observe(self._changed, "value")
        if self.AS_IMAGE:
            self._figure, self._axes = self.figure()
            self.image = view = w.Image(format="png")
        else:
            self.output = view = w.Output()
        self.redraw()
        rows = self.ROWS or (tuple(self._controls),)
        for slider in sliders(self._controls.values()):  # a slider keeps a track wide enough to drag
            if not slider.layout.min_width:
                slider.layout.min_width = SLIDER_MIN_WIDTH
        wrap = w.Layout(flex_flow="row wrap")  # a row too long for the page wraps instead of squeezing
        self._widget = w.VBox([w.HBox([self._controls[name] for name in row], layout=wrap) for row in rows] + [view])
        return self._widget

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget())
