"""Image files: your own photos in, results out, never half-written.

:func:`read_image` turns a PNG, JPEG, TIFF (or anything else Pillow reads) into a float32
array with values in [0, 1]: (h, w) for a grey image, (h, w, 3) for RGB, (h, w, 4) for RGBA.
:func:`write_image` and :func:`write_gif` go the other way, through a temporary file beside
the target that is renamed onto it only once it is complete — if anything fails, the target
is untouched and no partial file is left behind.

Every error names the file it is about.  Before making a large output, a command asks
:func:`check_memory` whether its estimated size fits in the memory this machine has free.
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

#: File endings :func:`write_image` writes, and whether the format holds an alpha channel.
WRITABLE = {".png": True, ".tif": True, ".tiff": True, ".jpg": False, ".jpeg": False, ".bmp": False,
            ".webp": True}


# ----------------------------------------------------------------------------- reading
def read_image(path) -> np.ndarray:
    """The image in the file ``path`` as float32 in [0, 1]: (h, w) grey, (h, w, 3) RGB or
    (h, w, 4) RGBA.  16-bit and floating-point files keep their precision; a palette image
    becomes RGB (RGBA if it has transparency), grey with alpha becomes RGBA.  Errors name the file."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise IsADirectoryError(f"{path}: is a directory, not an image file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OSError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return decode_image(data, str(path))


def decode_image(data: bytes, name: str = "image") -> np.ndarray:
    """The image in the bytes ``data`` (a file's contents, e.g. an upload), as in
    :func:`read_image`; ``name`` is what the errors call it."""
    try:
        image = Image.open(io.BytesIO(bytes(data)))
        image.load()
    except Image.DecompressionBombError as exc:
        raise ValueError(f"{name}: too large to open safely ({exc})") from None
    except Image.UnidentifiedImageError:
        raise ValueError(f"{name}: not an image file Pillow can read (PNG, JPEG, TIFF, …)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValueError(f"{name}: a damaged or truncated image file ({exc})") from None
    return image_array(image)


def decode_uploads(files) -> list[tuple[str, np.ndarray]]:
    """``(name, image)`` for each uploaded file, in name order: ``files`` is the ``value`` of an
    ipywidgets ``FileUpload`` (dicts with ``"name"`` and ``"content"``); empty until one is chosen."""
    decoded = [(file["name"], decode_image(file["content"], file["name"])) for file in files]
    return sorted(decoded, key=lambda pair: pair[0])


def image_array(image: Image.Image) -> np.ndarray:
    """A Pillow image as float32 in [0, 1]: grey (h, w), RGB (h, w, 3) or RGBA (h, w, 4)."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("I;16", "I;16B", "I;16L"):
        return np.asarray(image, dtype=np.float32) / 65535.0
    if image.mode == "I":  # 32-bit integers, as some Pillow versions open 16-bit files: a 16-bit range
        return (np.asarray(image, dtype=np.float64) / 65535.0).clip(0, 1).astype(np.float32)
    if image.mode == "F":
        return np.asarray(image, dtype=np.float32).clip(0, 1)
    if image.mode not in ("L", "RGB", "RGBA"):
        image = image.convert("RGBA" if image.mode in ("LA", "PA", "La", "RGBa") else
                              "L" if image.mode == "1" else "RGB")
    return np.asarray(image, dtype=np.float32) / 255.0


def as_rgb(image: np.ndarray) -> np.ndarray:
    """An image of :func:`read_image` as RGB (h, w, 3): grey repeated in three channels,
    alpha dropped (the colour is kept as it is under transparent pixels)."""
    image = np.asarray(image, dtype=np.float32)
    if image.ndim == 2:
        return np.repeat(image[..., None], 3, axis=-1)
    return image[..., :3]


# ----------------------------------------------------------------------------- writing
def to_uint8(array) -> np.ndarray:
    """Values in [0, 1] → 8-bit integers 0 … 255 (rounded; values outside are clipped)."""
    return (np.clip(np.asarray(array, dtype=np.float32), 0, 1) * 255 + 0.5).astype(np.uint8)


def check_writable(path, channels: int = 3) -> Path:
    """``path`` as a Path if an image with ``channels`` (1, 3 or 4) can be written there,
    else an error naming it: a known file ending, an existing folder, alpha only where the
    format holds it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WRITABLE:
        raise ValueError(f"{path}: unknown image file ending {suffix or '(none)'!r}; "
                         f"use one of {', '.join(sorted(WRITABLE))}")
    if channels == 4 and not WRITABLE[suffix]:
        raise ValueError(f"{path}: a {suffix} file cannot hold the alpha channel; write a .png or .tiff")
    check_folder(path)
    return path


def check_folder(path: Path) -> None:
    """An error naming ``path`` if the folder it would be written into does not exist."""
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise IsADirectoryError(f"{path}: is a directory; give a file name")


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; when the block ends normally it is renamed onto
    ``path`` (one step: readers see the old file or the complete new one), otherwise removed."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    _usual_permissions(temporary, 0o666)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


def _usual_permissions(path, mode: int) -> None:
    """Give a temporary file or folder (created private) the permissions a new one gets."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, mode & ~umask)


def write_image(path, image) -> Path:
    """Write ``image`` — (h, w) grey, (h, w, 3) RGB or (h, w, 4) RGBA in [0, 1], or already
    8-bit — to ``path`` (format from its ending), through a temporary file renamed onto it."""
    array = np.asarray(image)
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[-1] not in (3, 4)):
        raise ValueError(f"image must be (h, w), (h, w, 3) or (h, w, 4), got shape {array.shape}")
    path = check_writable(path, 1 if array.ndim == 2 else array.shape[-1])
    pixels = array if array.dtype == np.uint8 else to_uint8(array)
    with atomic_path(path) as temporary:
        Image.fromarray(pixels).save(temporary, format=Image.registered_extensions()[path.suffix.lower()])
    return path


def write_gif(path, frames, seconds_per_frame: float = 0.1) -> Path:
    """Write the RGB frames (each (h, w, 3) in [0, 1] or 8-bit) as a looping GIF at ``path``,
    through a temporary file renamed onto it."""
    path = Path(path)
    if path.suffix.lower() != ".gif":
        raise ValueError(f"{path}: a GIF file name must end in .gif")
    check_folder(path)
    images = [Image.fromarray(f if f.dtype == np.uint8 else to_uint8(f)) for f in frames]
    if not images:
        raise ValueError(f"{path}: no frames to write")
    with atomic_path(path) as temporary:
        images[0].save(temporary, format="GIF", save_all=True, append_images=images[1:],
                       duration=max(20, round(1000 * seconds_per_frame)), loop=0)
    return path


@contextlib.contextmanager
def atomic_folder(folder):
    """Yield a temporary folder beside ``folder``; when the block ends normally its files are
    moved into ``folder`` (created if needed), otherwise it is removed with everything in it."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder}: exists and is not a directory")
    if not folder.parent.is_dir():
        raise FileNotFoundError(f"{folder}: the folder {folder.parent} does not exist")
    temporary = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    _usual_permissions(temporary, 0o777)
    try:
        yield temporary
        if not folder.exists():
            os.replace(temporary, folder)
            return
        for item in sorted(temporary.iterdir()):
            os.replace(item, folder / item.name)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


# ----------------------------------------------------------------------------- memory
def available_memory() -> int:
    """Bytes of memory this machine has available now (Linux: MemAvailable; elsewhere half
    the physical memory; 4 GiB if neither can be read)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    with contextlib.suppress(ValueError, OSError, AttributeError):
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    return 4 * 2**30


def check_memory(nbytes: float, what: str, advice: str) -> None:
    """A ValueError if ``nbytes`` would take more than half the available memory:
    ``what`` says which output, ``advice`` which option to change."""
    limit = available_memory() / 2
    if nbytes > limit:
        raise ValueError(f"{what} needs about {nbytes / 2**30:,.1f} GiB of memory, more than half the "
                         f"{2 * limit / 2**30:,.1f} GiB available; {advice}")
