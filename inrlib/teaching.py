"""Small helpers for teaching in a notebook: show a function's source, plot histories,
show images side by side."""
from __future__ import annotations

import inspect
import textwrap
from typing import Any, Sequence

import numpy as np

from . import validate


def source(obj: Any) -> str:
    """The source code of a function, class or method, dedented."""
    try:
        return textwrap.dedent(inspect.getsource(obj))
    except (TypeError, OSError) as exc:
        raise TypeError(f"obj must be a Python function, class or method defined in a file, got {obj!r}") from exc


def show_source(obj: Any) -> None:
    """Display ``obj``'s source with syntax highlighting in a notebook (plain text elsewhere)."""
    code = source(obj)
    try:
        from IPython import get_ipython
        from IPython.display import Code, display

        if get_ipython() is not None:
            display(Code(code, language="python"))
            return
    except ImportError:
        pass
    print(code)


def show_images(images: Sequence[np.ndarray], titles: Sequence[str] | None = None,
                ncols: int | None = None, size: float = 3.0, suptitle: str | None = None):
    """Images side by side (grayscale or RGB in [0, 1]); returns the figure."""
    import matplotlib.pyplot as plt

    if isinstance(images, (np.ndarray, str)) or not hasattr(images, "__iter__"):
        raise TypeError(f"images must be a list of images (arrays of shape (H, W) or (H, W, 3)), got "
                        f"{validate.show(images)}")
    images = list(images)
    if not images:
        raise ValueError("images must contain at least one image")
    for k, img in enumerate(images):
        validate.image_array(f"images[{k}]", img)
    if titles is not None and (isinstance(titles, str) or not hasattr(titles, "__len__")):
        raise TypeError(f"titles must be a list of strings, one per image, got {validate.show(titles)}")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"titles must have one entry per image ({len(images)}), got {len(titles)}")
    ncols = len(images) if ncols is None else validate.positive_int("ncols", ncols)
    size = validate.positive_float("size", size)
    nrows = int(np.ceil(len(images) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for k, img in enumerate(images):
        ax = axes.flat[k]
        img = np.clip(np.asarray(img), 0, 1)
        ax.imshow(img, cmap="gray" if img.ndim == 2 else None, vmin=0, vmax=1, interpolation="nearest")
        if titles is not None:
            ax.set_title(titles[k])
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig
