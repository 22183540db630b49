"""A photo is judged from its header and bytes before it is decoded: any bytes are
either cleaned or refused with a reason, and no decode exceeds the memory budget."""

import io

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
