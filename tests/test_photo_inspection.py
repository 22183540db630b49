"""A photo is judged from its header and bytes before it is decoded: any bytes are
either cleaned or refused with a reason, and no decode exceeds the memory budget."""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from chatserver.chat import photos
from tests import photo_files


def encoded(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


SAMPLES = (
    photo_files.camera_jpeg(64, 48),
    photo_files.png(),
    photo_files.png(mode="RGBA"),
    encoded(Image.effect_noise((40, 30), 40).convert("RGB"), "WEBP"),
    encoded(Image.effect_noise((40, 30), 40).convert("RGB"), "HEIF"),
    photo_files.text_chunk_bomb(chunks=2),
    photo_files.scan_bomb_jpeg(48, repeats=60),
)


@st.composite
def damaged_photos(draw: st.DrawFn) -> bytes:
    """A real photo cut short, with bytes changed (its header's sizes too) and more added."""
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for position, value in draw(
        st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), max_size=6)
    ):
        data[position] = value
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut]) + draw(st.binary(max_size=40))


@given(damaged_photos())
@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_bytes_are_cleaned_or_refused_with_a_reason(settings, data: bytes) -> None:
    settings.CHAT_PHOTO_MAX_PIXELS = 1_000_000
    settings.CHAT_PHOTO_MAX_DECODED_BYTES = 4_000_000
    try:
        clean = photos.clean_photo(data)
    except photos.PhotoRefused as refusal:
        assert str(refusal)
        return
    assert clean.content_type in ("image/jpeg", "image/png")
    assert max(clean.width, clean.height) <= photos.MAX_SIDE


@pytest.mark.parametrize(
    ("image", "image_format", "accepted"),
    [
        # A 12-megapixel JPEG is decoded at half size: 2000 x 1500 x 4 bytes.
        (Image.new("RGB", (4000, 3000)), "JPEG", True),
        (Image.new("RGB", (2000, 2000)), "PNG", True),  # 16 MB, scaled without a copy
        (Image.new("RGB", (2500, 2500)), "PNG", False),  # 25 MB
        (Image.new("RGBA", (1600, 1600)), "PNG", False),  # 10 MB and its premultiplied copy
        (Image.new("P", (2000, 2000)), "PNG", True),  # 4 MB and its 16 MB RGB copy: 20 MB
        (Image.new("RGB", (2000, 1500)), "PNG", True),  # 12 MB
        (Image.new("RGB", (2000, 1500)), "HEIF", False),  # 12 MB and libheif's own 9 MB
    ],
    ids=[
        "jpeg-drafted",
        "rgb-within",
        "rgb-over",
        "rgba-over",
        "palette-at-the-limit",
        "png",
        "heif-decoded-twice",
    ],
)
def test_the_decoded_size_and_its_copy_are_held_to_the_budget(
    settings, image: Image.Image, image_format: str, accepted: bool
) -> None:
    settings.CHAT_PHOTO_MAX_DECODED_BYTES = 20_000_000
    data = encoded(image, image_format)
    if accepted:
        assert photos.clean_photo(data).width <= photos.MAX_SIDE
    else:
        with pytest.raises(photos.PhotoRefused, match="too large to open"):
            photos.clean_photo(data)


def test_a_photo_waits_for_a_decoding_slot_and_then_is_told_the_server_is_busy(settings) -> None:
    settings.CHAT_PHOTO_DECODES = 1
    settings.CHAT_PHOTO_DECODE_WAIT_SECONDS = 0
    with photos.decoding_slot(), pytest.raises(photos.DecodersBusy):
        photos.clean_photo(photo_files.png())
    assert photos.clean_photo(photo_files.png()).width == 64


@pytest.mark.parametrize("kind", [b"zTXt", b"iTXt"])
def test_compressed_text_chunks_are_refused_before_they_are_inflated(kind: bytes) -> None:
    bomb = photo_files.text_chunk_bomb(kind)
    assert len(bomb) < 70_000
    with pytest.raises(photos.PhotoRefused, match="too much text"):
        photos.clean_photo(bomb)


def test_compressed_text_after_the_pixels_is_refused_when_it_is_read() -> None:
    bomb = photo_files.text_chunk_bomb(after_pixels=True)
    with pytest.raises(photos.PhotoRefused, match="too much text"):
        photos.clean_photo(bomb)


def test_ordinary_text_and_a_colour_profile_in_a_png_are_accepted() -> None:
    from PIL import ImageCms, PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Software", "Screenshot tool", zip=True)
    text.add_itxt("Description", "flat 4 hallway" * 100, zip=True)
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48)).save(buffer, "PNG", pnginfo=text, icc_profile=profile)
    assert photos.clean_photo(buffer.getvalue()).content_type == "image/jpeg"


def test_a_jpeg_of_too_many_scans_is_refused_before_it_is_decoded() -> None:
    bomb = photo_files.scan_bomb_jpeg()
    started = time.monotonic()
    with pytest.raises(photos.PhotoRefused, match="too many scans"):
        photos.clean_photo(bomb)
    assert time.monotonic() - started < 1.0


def test_ordinary_progressive_jpegs_are_accepted() -> None:
    for mode in ("RGB", "L", "CMYK"):
        buffer = io.BytesIO()
        Image.effect_noise((640, 480), 40).convert(mode).save(buffer, "JPEG", progressive=True)
        assert photos.clean_photo(buffer.getvalue()).width == 640


@pytest.mark.parametrize(
    ("mode", "save", "counted"),
    [
        # 4:2:0: 2 bytes a coefficient, luma at full size and two quarter-size chromas
        # (2 × 1.5 = 3 bytes a pixel), and the drafted half-size RGB output (1 a pixel).
        ("RGB", {"progressive": True}, 4 * 4000 * 4000),
        ("RGB", {"progressive": True, "subsampling": 0}, 7 * 4000 * 4000),  # 4:4:4
        # 4 components at full size, then the drafted CMYK picture (the larger phase).
        ("CMYK", {"progressive": True}, 9 * 4000 * 4000),
        ("RGB", {}, 4000 * 4000),  # baseline: no whole-picture buffer
        # And its premultiplied copy, and Pillow's resampling passes (2000 x 4000, 2000 x 2000).
        ("LA", {}, 11 * 4000 * 4000),
    ],
    ids=["progressive-420", "progressive-444", "progressive-cmyk", "baseline", "grey-alpha"],
)
def test_the_estimate_counts_coefficient_buffers_and_alpha_copies(
    settings, mode: str, save: dict[str, object], counted: int
) -> None:
    buffer = io.BytesIO()
    Image.new(mode, (4000, 4000)).save(buffer, "PNG" if mode == "LA" else "JPEG", **save)
    settings.CHAT_PHOTO_MAX_DECODED_BYTES = counted
    assert photos._inspect(buffer.getvalue()).format in ("JPEG", "PNG")
    settings.CHAT_PHOTO_MAX_DECODED_BYTES = counted - 1
    with pytest.raises(photos.PhotoRefused, match="too large to open"):
        photos._inspect(buffer.getvalue())


MEASURED_DECODE = """
import sys
from pathlib import Path
import django
django.setup()
from chatserver.chat import photos
def peak():  # VmHWM, not ru_maxrss: that one keeps the parent's peak across fork and exec
    status = Path("/proc/self/status").read_text().split("VmHWM:")[1]
    return int(status.split()[0]) * 1024
data = sys.stdin.buffer.read()
image, held = photos._opened(data)
estimate = photos.decoded_bytes(image, held)
del image
before = peak()
photos.clean_photo(data)
print(estimate, peak() - before)
"""


@pytest.mark.parametrize(
    ("mode", "image_format", "side", "save"),
    [
        ("LA", "PNG", 4600, {}),
        ("RGB", "JPEG", 5000, {"progressive": True}),
        ("RGB", "JPEG", 4000, {"progressive": True, "subsampling": 0}),
        ("CMYK", "JPEG", 5000, {}),
        ("RGBA", "PNG", 4000, {}),
        ("P", "PNG", 5000, {}),
        ("RGB", "HEIF", 4500, {}),
    ],
    ids=["grey-alpha-png", "progressive-420", "progressive-444", "cmyk", "rgba", "palette", "heif"],
)
def test_a_decode_stays_within_its_estimate(
    mode: str, image_format: str, side: int, save: dict[str, object]
) -> None:
    """Measured in a new process (its peak resident memory), not only computed; the
    libraries' working state (tables, row buffers, libheif's context) is not counted."""
    buffer = io.BytesIO()
    Image.new(mode, (side, side)).save(buffer, image_format, **save)
    answer = subprocess.run(
        [sys.executable, "-c", MEASURED_DECODE],
        input=buffer.getvalue(),
        capture_output=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "CHAT_PHOTO_MAX_DECODED_BYTES": str(1 << 30),  # measured, not refused
        },
    )
    estimate, grown = map(int, answer.stdout.split())
    assert grown <= estimate + 8 * 1024 * 1024, (
        f"grew by {grown >> 20} MiB, estimated {estimate >> 20} MiB"
    )
