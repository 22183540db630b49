"""Real image files for the photo tests: a camera JPEG with GPS, and the bad ones."""

import functools
import io
import zlib

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


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


@functools.cache
def text_chunk_bomb(
    kind: bytes = b"zTXt", chunks: int = 63, *, after_pixels: bool = False
) -> bytes:
    """A 64 × 48 PNG with ``chunks`` compressed text chunks (zTXt or iTXt) before its
    pixels (or after them), each about 1 KB that inflates to almost 1 MiB (the
    re-audit's 67 KB file)."""
    inflated = zlib.compress(b"A" * (1024 * 1024 - 4096), 9)
    plain = png()
    header_end = len(plain) - 12 if after_pixels else 8 + 25  # before IEND, or after IHDR
    texts = b"".join(
        _png_chunk(
            kind,
            f"note{index}".encode()
            + (b"\x00\x00" if kind == b"zTXt" else b"\x00\x01\x00\x00\x00")
            + inflated,
        )
        for index in range(chunks)
    )
    return plain[:header_end] + texts + plain[header_end:]


def _jpeg_segments(data: bytes) -> list[bytes]:
    """A JPEG cut into its marker segments, each scan with its entropy-coded data."""
    segments, position = [], 2
    while position < len(data):
        marker = data[position + 1]
        if marker == 0xD9:
            segments.append(data[position:])
            break
        end = position + 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        if marker == 0xDA:
            end = data.find(b"\xff", end)
            while data[end + 1] == 0x00:
                end = data.find(b"\xff", end + 2)
        segments.append(data[position:end])
        position = end
    return segments


@functools.cache
def scan_bomb_jpeg(side: int = 5000, repeats: int = 800) -> bytes:
    """A progressive JPEG whose last (refinement) scan is repeated ``repeats`` times: each
    copy is a few dozen bytes, and each makes libjpeg walk every block of the picture."""
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (90, 120, 150)).save(buffer, "JPEG", progressive=True)
    data = buffer.getvalue()
    segments = _jpeg_segments(data)
    last_scan = max(index for index, segment in enumerate(segments) if segment[1] == 0xDA)
    repeated = segments[last_scan] * repeats
    return data[:2] + b"".join(segments[:last_scan]) + repeated + b"".join(segments[last_scan:])
