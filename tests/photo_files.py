"""Real image files for the photo tests: a camera JPEG with GPS, and the bad ones."""

import functools
import io

from PIL import Image

GPS_IFD = 0x8825
MAKE = 0x010F


def camera_jpeg(width: int = 1600, height: int = 1200, *, orientation: int = 1) -> bytes:
    """A noisy JPEG (so it does not compress to nothing) with a camera's EXIF and GPS."""
    image = Image.effect_noise((width, height), 48).convert("RGB")
    exif = Image.Exif()
    exif[MAKE] = "TenantPhone"
    exif[0x0112] = orientation
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif.tobytes(), comment=b"flat 4 hallway")
    return buffer.getvalue()


def twelve_megapixel_jpeg(quality: int = 80) -> bytes:
    """A phone camera's 4000 × 3000 photo (about 2 MiB at quality 80), with EXIF and GPS."""
    size = (4000, 3000)
    scene = Image.blend(
        Image.linear_gradient("L").resize(size).convert("RGB"),
        Image.effect_noise(size, 30).convert("RGB"),
        0.25,
    )
    exif = Image.Exif()
    exif[MAKE] = "TenantPhone"
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    buffer = io.BytesIO()
    scene.save(buffer, "JPEG", quality=quality, exif=exif.tobytes())
    return buffer.getvalue()


def png(size: tuple[int, int] = (64, 48), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 60, 128) if mode == "RGBA" else (10, 120, 60)).save(
        buffer, "PNG"
    )
    return buffer.getvalue()


def decompression_bomb() -> bytes:
    """A small PNG that decodes to 400 million pixels."""
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    return buffer.getvalue()


def polyglot() -> bytes:
    """A JPEG that is also a zip holding a page (the zip after the image's end)."""
    archive = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("index.html", "<script>alert(1)</script>")
    return camera_jpeg(64, 64) + archive.getvalue()


@functools.cache
def blank_png(side: int, mode: str = "RGBA") -> bytes:
    """A square PNG of zero pixels: a few hundred KB that decode to ``4 * side**2``
    bytes (6300 a side, RGBA: the audit's 154 KB file of 40 megapixels)."""
    buffer = io.BytesIO()
    Image.new(mode, (side, side)).save(buffer, "PNG")
    return buffer.getvalue()
