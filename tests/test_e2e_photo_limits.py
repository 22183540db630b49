"""Photo uploads that cost memory, through a real Daphne process (audit finding F-06).

A small PNG of zero pixels decodes to hundreds of megabytes; every refusal the server
can make without decoding (the size, data after the image, a closed conversation, the
hourly limits) must come before the decode, and every attempt counts towards the limits.
The server's memory is read from ``/proc/<pid>/status`` (``VmHWM``: its peak so far).
"""

import concurrent.futures
import http.client
import json
import time
from pathlib import Path
from typing import Any

import pytest

from tests import photo_files
from tests.peers import open_visitor

pytestmark = pytest.mark.e2e

MIB = 1024 * 1024
# A 20-megapixel RGB picture: within the pixel and memory limits, 81 MB once decoded.
LARGE_SIDE = 4500
# Generous: what the server may grow by for a photo it refuses without decoding it.
UNDECODED_GROWTH = 32 * MIB


def peak_rss(pid: int) -> int:
    """The process's peak resident memory so far, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM in /proc")


def upload(
    port: int, token: str, body: bytes, client_id: str
) -> tuple[int, dict[str, Any], dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "POST",
        f"/chat/photos/?client_id={client_id}",
        body=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "image/png"},
    )
    response = connection.getresponse()
    answer = json.loads(response.read() or b"{}")
    connection.close()
    return response.status, answer, dict(response.getheaders())


async def started_visitor(server: Any) -> str:
    visitor = await open_visitor(server)
    token = (await visitor.hello())["token"]
    await visitor.start()
    await visitor.close()
    return str(token)


async def test_a_40_megapixel_png_is_refused_at_once_without_the_memory(start_server) -> None:
    bomb = photo_files.blank_png(6300)
    assert len(bomb) < 200_000
    server = start_server()
    token = await started_visitor(server)
    before = peak_rss(server.process.pid)
    started = time.monotonic()
    status, answer, _ = upload(server.port, token, bomb, "bomb")
    elapsed = time.monotonic() - started
    grown = peak_rss(server.process.pid) - before
    assert (status, answer.get("error", {}).get("code")) == (400, "invalid"), answer
    assert "too large" in answer["error"]["message"]
    assert elapsed < 1.0, elapsed
    assert grown < UNDECODED_GROWTH, f"the server grew by {grown / MIB:.0f} MiB"


async def test_data_after_the_image_is_refused_before_the_decode(start_server) -> None:
    server = start_server()
    token = await started_visitor(server)
    before = peak_rss(server.process.pid)
    status, answer, _ = upload(
        server.port, token, photo_files.blank_png(LARGE_SIDE, "RGB") + b"trailing-data", "tail"
    )
    grown = peak_rss(server.process.pid) - before
    assert (status, answer["error"]["code"]) == (400, "invalid"), answer
    assert "more than a picture" in answer["error"]["message"]
    assert grown < UNDECODED_GROWTH, f"the server grew by {grown / MIB:.0f} MiB"


async def test_a_closed_conversation_refuses_a_photo_before_the_decode(start_server) -> None:
    server = start_server()
    visitor = await open_visitor(server)
    token = (await visitor.hello())["token"]
    await visitor.start()
    await visitor.send({"type": "end"})
    await visitor.expect("status", status="closed")
    before = peak_rss(server.process.pid)
    status, answer, _ = upload(server.port, token, photo_files.blank_png(LARGE_SIDE, "RGB"), "late")
    grown = peak_rss(server.process.pid) - before
    assert (status, answer["error"]["message"]) == (400, "the conversation is closed"), answer
    assert grown < UNDECODED_GROWTH, f"the server grew by {grown / MIB:.0f} MiB"


async def test_refused_uploads_count_towards_the_hourly_limit(start_server) -> None:
    server = start_server(CHAT_PHOTOS_PER_HOUR="20")
    token = await started_visitor(server)
    refused = photo_files.png() + b"<html><script>alert(1)</script></html>"
    statuses = []
    for attempt in range(25):
        status, answer, headers = upload(server.port, token, refused, f"dos-{attempt}")
        statuses.append(status)
        if status == 429:
            break
    assert statuses[:20] == [400] * 20 and statuses[20:] == [429], statuses
    assert answer["error"]["code"] == "rate_limited" and answer["error"]["retry_after"] > 0
    assert int(headers["Retry-After"]) > 0


async def test_a_repeated_client_id_counts_towards_the_hourly_limit(start_server) -> None:
    server = start_server(CHAT_PHOTOS_PER_HOUR="5")
    token = await started_visitor(server)
    photo = photo_files.png()
    first = upload(server.port, token, photo, "same")
    assert first[0] == 201, first
    repeats = [upload(server.port, token, photo, "same") for _ in range(5)]
    assert [status for status, _, _ in repeats] == [201] * 4 + [429]
    assert all(answer == first[1] for _, answer, _ in repeats[:4])


async def test_one_address_is_limited_across_its_conversations(start_server) -> None:
    server = start_server(CHAT_PHOTOS_PER_HOUR="20", CHAT_PHOTOS_PER_HOUR_PER_IP="6")
    tokens = [await started_visitor(server) for _ in range(3)]
    statuses = [
        upload(server.port, token, photo_files.png(), f"ip-{round_}")[0]
        for round_ in range(3)
        for token in tokens
    ]
    assert statuses == [201] * 6 + [429] * 3


async def test_concurrent_decodes_are_bounded_and_the_rest_told_to_retry(start_server) -> None:
    server = start_server(CHAT_PHOTO_DECODES="1", CHAT_PHOTO_DECODE_WAIT_SECONDS="0")
    tokens = [await started_visitor(server) for _ in range(4)]
    large = photo_files.blank_png(LARGE_SIDE, "RGB")
    before = peak_rss(server.process.pid)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(
            pool.map(lambda token: upload(server.port, token, large, "same-time"), tokens)
        )
    grown = peak_rss(server.process.pid) - before
    statuses = sorted(status for status, _, _ in answers)
    assert 201 in statuses and 503 in statuses and set(statuses) <= {201, 503}, statuses
    for status, answer, headers in answers:
        if status == 503:
            assert answer["error"]["code"] == "server_error" and answer["error"]["retryable"]
            assert int(headers["Retry-After"]) > 0
    # One 81 MB decode at a time (and its smaller copies), never four at once.
    assert grown < 3 * 4 * LARGE_SIDE**2, f"the server grew by {grown / MIB:.0f} MiB"


async def test_png_text_chunks_are_refused_without_inflating_them(start_server) -> None:
    """Re-audit: 63 zTXt chunks of 1 KB, each inflating to 1 MiB, held 63 MiB an upload."""
    bomb = photo_files.text_chunk_bomb()
    server = start_server()
    tokens = [await started_visitor(server) for _ in range(4)]
    before = peak_rss(server.process.pid)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda token: upload(server.port, token, bomb, "text"), tokens))
    grown = peak_rss(server.process.pid) - before
    for status, answer, _ in answers:
        assert (status, answer.get("error", {}).get("code")) == (400, "invalid"), answer
        assert "too much text" in answer["error"]["message"]
    assert grown < UNDECODED_GROWTH, f"the server grew by {grown / MIB:.0f} MiB"


async def test_a_jpeg_of_many_scans_is_refused_at_once_and_others_still_decode(
    start_server,
) -> None:
    """Re-audit: one 40-byte scan repeated 800 times held a decoding slot for 15–28 s."""
    bomb = photo_files.scan_bomb_jpeg()
    server = start_server(CHAT_PHOTO_DECODES="1", CHAT_PHOTO_DECODE_WAIT_SECONDS="1")
    tokens = [await started_visitor(server) for _ in range(3)]
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        bombs = list(pool.map(lambda token: upload(server.port, token, bomb, "scans"), tokens[:2]))
    elapsed = time.monotonic() - started
    for status, answer, _ in bombs:
        assert (status, answer.get("error", {}).get("code")) == (400, "invalid"), answer
        assert "too many scans" in answer["error"]["message"]
    assert elapsed < 3.0, elapsed
    assert upload(server.port, tokens[2], photo_files.png(), "after")[0] == 201
