"""Checking and cleaning photos: every image is decoded and encoded again here.

The type is decided by the bytes (never the name or the ``Content-Type``); anything
but a JPEG, PNG, WebP or HEIC/HEIF picture is refused, as is a file carrying data past
the image's end (a polyglot: an image that is also a zip or a page). The new file holds
pixels only: no EXIF (so no GPS), XMP, ICC or comments; the orientation the camera
recorded is applied to the pixels. Photos with transparency become PNG, all others JPEG.

Decoding is what costs memory (a 150 KB PNG can hold 40 megapixels), so everything that
can refuse a file is decided from its header and bytes first: the type, the pixel count
(``CHAT_PHOTO_MAX_PIXELS``), data after the image, and the memory the decode and its
working copy would take (``CHAT_PHOTO_MAX_DECODED_BYTES``). Only then is the picture
decoded, by at most ``CHAT_PHOTO_DECODES`` uploads of the process at once.
"""

import contextlib
import io
import threading
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pillow_heif
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, PngImagePlugin, UnidentifiedImageError

pillow_heif.register_heif_opener()

# ``Image.open`` inflates a PNG's compressed text (zTXt, iTXt) and colour profile itself,
# before any limit of ours (Pillow allows 1 MiB a chunk and 64 MiB in all): a 67 KB file
# held 63 MiB. The text is thrown away anyway; a profile (sRGB: 3 KB) must fit in a chunk.
PngImagePlugin.MAX_TEXT_CHUNK = 512 * 1024
PngImagePlugin.MAX_TEXT_MEMORY = 256 * 1024
# libjpeg walks every block of the picture for each scan of a progressive JPEG: 800 tiny
# scans took 20 s. libjpeg's progression is 10 scans for colour, 6 for greyscale and 18
# for CMYK; other encoders rarely write over 20; 50 cost a 25 Mpx picture about 1 s.
MAX_JPEG_SCANS = 50

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
MAX_SIDE = 2000
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 85


class PhotoRefused(ValueError):
    """Not a photo we accept; the message says why, for the person who sent it."""


class DecodersBusy(RuntimeError):
    """Every decoding slot of this process stayed taken for the whole wait."""


@dataclass(frozen=True)
class CleanPhoto:
    image: bytes
    thumbnail: bytes
    content_type: str
    width: int
    height: int


_STUFFING_AND_RESTARTS = frozenset({0x00, *range(0xD0, 0xD8)})


def _next_marker(data: bytes, position: int) -> int:
    """The next marker in entropy-coded data (0xFF not followed by stuffing or a restart)."""
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)
        if data[position + 1] not in _STUFFING_AND_RESTARTS:
            return position
        position += 2


def _jpeg_walk(data: bytes) -> tuple[int, int]:
    """Where a JPEG's end-of-image marker ends, walking its segments and scan data, and
    how many scans it has."""
    position, scans = 2, 0  # after SOI
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            raise PhotoRefused(_("the JPEG is damaged"))
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            return position + 2, scans
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        position += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next marker
            scans += 1
            position = _next_marker(data, position)
    raise PhotoRefused(_("the JPEG has no end"))


def _jpeg_end(data: bytes) -> int:
    return _jpeg_walk(data)[0]


def _png_end(data: bytes) -> int:
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position
    raise PhotoRefused(_("the PNG has no end"))


def _webp_end(data: bytes) -> int:
    size = int.from_bytes(data[4:8], "little")
    return 8 + size + (size & 1)


def _boxes_end(data: bytes) -> int:
    """HEIF (ISO base media): top-level boxes, each with its size, to the end."""
    position = 0
    while position + 8 <= len(data):
        size = int.from_bytes(data[position : position + 4], "big")
        if size == 1:
            size = int.from_bytes(data[position + 8 : position + 16], "big")
        elif size == 0:
            return len(data)
        if size < 8:
            raise PhotoRefused(_("the HEIF file is damaged"))
        if position + size > len(data):
            return position  # not a box that fits: whatever follows is not the image
        position += size
    return position


_ENDS = {"JPEG": _jpeg_end, "PNG": _png_end, "WEBP": _webp_end, "HEIF": _boxes_end}


def _refuse_trailing_data(data: bytes, image_format: str) -> None:
    end = _ENDS[image_format](data)
    if len(data) - end > 0 and data[end:].strip(b"\x00") != b"":
        raise PhotoRefused(_("the file holds more than a picture (data after the image)"))


# Bytes a pixel takes in Pillow's memory, by mode; every other mode takes 4 (RGB too).
_PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2}
# Modes scaled down as they are; every other one is converted (to RGB or RGBA) first.
_SCALED_AS_THEY_ARE = frozenset({"RGB", "L", "RGBA", "LA"})
# Bytes a pixel the format's library holds besides Pillow's picture: libheif's decoded
# picture, a byte a channel (None), freed before the picture is scaled down; libwebp's
# RGBA canvas and its copy in Python (measured: 16 bytes a pixel in all, RGB or RGBA),
# still held while the picture is scaled.
_DECODER_BYTES: dict[str, int | None] = {"HEIF": None, "WEBP": 12}


def _keeps_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _scaled_copies(width: int, height: int) -> int:
    """Pillow's resampling passes when the picture is scaled down: the picture narrowed
    (its new width, its full height) and the result, 4 bytes a pixel."""
    if max(width, height) <= MAX_SIDE:
        return 0
    scale = MAX_SIDE / max(width, height)
    narrow = max(round(width * scale), 1)
    return narrow * height * 4 + narrow * max(round(height * scale), 1) * 4


def decoded_bytes(image: Image.Image, held: int = 0) -> int:
    """The most memory decoding and scaling the picture takes at once, at its (draft) size.
    Decoding: the picture, the format library's own buffers and ``held`` (a JPEG's
    coefficients). Scaling: the picture with its full-size copies (the conversion of any
    mode but RGB, greyscale and their alpha versions; the premultiplied copy Pillow scales
    transparency in) and the resampling passes."""
    pixels = image.width * image.height
    own = _PIXEL_BYTES.get(image.mode, 4)
    decoder = _DECODER_BYTES.get(image.format or "", 0)
    if decoder is None:
        decoder = len(image.getbands())
    copies = (0 if image.mode in _SCALED_AS_THEY_ARE else 4) + (4 if _keeps_alpha(image) else 0)
    decoding = pixels * (own + decoder) + held
    scaling = pixels * (own + copies) + _scaled_copies(image.width, image.height)
    if image.format == "WEBP":
        scaling += pixels * decoder
    return max(decoding, scaling)


def _blocks(pixels: int, sampling: int, largest: int) -> int:
    """A component's 8 × 8 blocks along one side, rounded up to its sampling (libjpeg)."""
    blocks = -(-pixels * sampling // (largest * 8))
    return -(-blocks // sampling) * sampling


def _coefficient_bytes(image: Image.Image, scans: int) -> int:
    """What libjpeg holds besides the picture for a progressive or multi-scan JPEG: every
    DCT coefficient (2 bytes) of every component at its sampling, at full size whatever
    the draft scale (5000 x 5000 in 4:2:0: 75 MB)."""
    if scans <= 1 and not image.info.get("progressive"):
        return 0
    samplings = [(max(h, 1), max(v, 1)) for _id, h, v, _table in getattr(image, "layer", [])]
    widest = max((h for h, _v in samplings), default=1)
    tallest = max((v for _h, v in samplings), default=1)
    return sum(
        _blocks(image.width, h, widest) * _blocks(image.height, v, tallest) * 64 * 2
        for h, v in samplings
    )


def _refused_for(error: ValueError) -> PhotoRefused:
    if "MAX_TEXT" in str(error):  # PngImagePlugin's text limits
        return PhotoRefused(_("the picture holds too much text or other metadata"))
    return PhotoRefused(_("the picture is damaged and cannot be opened"))


def _opened(data: bytes) -> tuple[Image.Image, int]:
    """The picture opened from its header only, and the bytes its decoder will hold
    besides it; refused when it is not an accepted type, too large, animated, followed
    by data, or a JPEG of too many scans.

    A JPEG larger than the largest side kept is set to decode at a reduced scale
    (libjpeg's draft mode): a 12-megapixel photo then never exists in memory at full size.
    """
    Image.MAX_IMAGE_PIXELS = settings.CHAT_PHOTO_MAX_PIXELS
    image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    if image.format not in ACCEPTED_FORMATS:
        raise PhotoRefused(_("only JPEG, PNG, WebP and HEIC photos can be sent"))
    if getattr(image, "n_frames", 1) > 1 and image.format != "HEIF":
        raise PhotoRefused(_("animated images cannot be sent"))
    _refuse_trailing_data(data, image.format)
    if image.format != "JPEG":
        return image, 0
    scans = _jpeg_walk(data)[1]
    if scans > MAX_JPEG_SCANS:
        raise PhotoRefused(_("the JPEG has too many scans (passes) to be opened"))
    held = _coefficient_bytes(image, scans)
    if max(image.size) > MAX_SIDE:
        # The box must keep the aspect ratio: draft keeps both sides at least as large.
        scale = MAX_SIDE / max(image.size)
        image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
    return image, held


def _inspect(data: bytes) -> Image.Image:
    """The picture opened and judged from its header and bytes (see ``_opened``), and
    refused before any decoding when it would cost more memory than the budget."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image, held = _opened(data)
        except PhotoRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused(_("the picture is too large to open")) from None
        except UnidentifiedImageError:
            raise PhotoRefused(_("only JPEG, PNG, WebP and HEIC photos can be sent")) from None
        except ValueError as error:
            raise _refused_for(error) from None
        except (OSError, SyntaxError):
            raise PhotoRefused(_("the picture is damaged and cannot be opened")) from None
    if decoded_bytes(image, held) > settings.CHAT_PHOTO_MAX_DECODED_BYTES:
        raise PhotoRefused(_("the picture is too large to open"))
    return image


def _decode(image: Image.Image) -> None:
    try:
        image.load()
    except ValueError as error:
        raise _refused_for(error) from None
    except (OSError, SyntaxError):
        raise PhotoRefused(_("the picture is damaged and cannot be opened")) from None


class _Decoders:
    """The process's decoding threads and the slots that admit uploads to them.

    Decoding runs on these few long-lived threads rather than on each request's own:
    the C allocator keeps a freed picture's memory in the arena of the thread that
    decoded it, so a decode on every new request thread would leave that much resident
    per thread (8 uploads on 8 threads held 778 MiB; on 2 decoding threads, about 300)."""

    def __init__(self, count: int) -> None:
        self.slots = threading.BoundedSemaphore(count)
        self.threads = ThreadPoolExecutor(count, thread_name_prefix="photo-decoder")


_decoders_lock = threading.Lock()
_decoders: dict[int, _Decoders] = {}


def _process_decoders() -> _Decoders:
    count = settings.CHAT_PHOTO_DECODES
    with _decoders_lock:
        if count not in _decoders:
            _decoders[count] = _Decoders(count)
        return _decoders[count]


@contextlib.contextmanager
def decoding_slot() -> Iterator[ThreadPoolExecutor]:
    """One of the process's ``CHAT_PHOTO_DECODES`` decoding slots, waited for at most
    ``CHAT_PHOTO_DECODE_WAIT_SECONDS``, and the threads to decode on (one is free for the
    slot's holder); raises ``DecodersBusy`` when no slot came free."""
    decoders = _process_decoders()
    if not decoders.slots.acquire(timeout=settings.CHAT_PHOTO_DECODE_WAIT_SECONDS):
        raise DecodersBusy
    try:
        yield decoders.threads
    finally:
        decoders.slots.release()


def _encode(image: Image.Image, keep_alpha: bool) -> tuple[bytes, str]:
    output = io.BytesIO()
    if keep_alpha:
        image.save(output, format="PNG", optimize=False)
        return output.getvalue(), "image/png"
    image.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return output.getvalue(), "image/jpeg"


def size_limit() -> str:
    """How large a photo may be, for the person sending one (in the active language)."""
    return _("photos may be up to {size} MiB").format(
        size=settings.CHAT_PHOTO_MAX_BYTES // (1024 * 1024)
    )


def clean_photo(data: bytes) -> CleanPhoto:
    """The photo as new files of pixels only, and its thumbnail; raises ``PhotoRefused``,
    or ``DecodersBusy`` when the process is decoding as many photos as it may."""
    if not data:
        raise PhotoRefused(_("the file is empty"))
    if len(data) > settings.CHAT_PHOTO_MAX_BYTES:
        raise PhotoRefused(size_limit())
    image = _inspect(data)
    language = translation.get_language()
    with decoding_slot() as threads:
        return threads.submit(_cleaned, image, language).result()


def _cleaned(image: Image.Image, language: str | None) -> CleanPhoto:
    """Decoded, scaled down first (the only full-size copy is the one ``decoded_bytes``
    counts), turned as the camera recorded, and encoded without any metadata; refusals
    in the sender's ``language``."""
    with translation.override(language):
        _decode(image)
    keep_alpha = _keeps_alpha(image)
    mode = "RGBA" if keep_alpha else "RGB"
    exif = image.getexif()
    if image.mode not in _SCALED_AS_THEY_ARE:
        image = image.convert(mode)
        image.info["exif"] = exif.tobytes()
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    clean = ImageOps.exif_transpose(image)
    del image
    if clean.mode != mode:
        clean = clean.convert(mode)
    # Nothing of the original's metadata may reach the encoder (PNG reads it from info).
    clean.info = {}
    thumbnail = ImageOps.contain(clean, (THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    image_bytes, content_type = _encode(clean, keep_alpha)
    thumbnail_bytes, _type = _encode(thumbnail, keep_alpha)
    return CleanPhoto(
        image=image_bytes,
        thumbnail=thumbnail_bytes,
        content_type=content_type,
        width=clean.width,
        height=clean.height,
    )
