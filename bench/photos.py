"""Photo uploads on a real Daphne process: uploads a second and the server's memory for
2 MiB, 12-megapixel camera photos, sent one at a time and four at once, beside the
in-process cost of cleaning one photo (decode, re-encode, thumbnail) that bounds them.

    python -m bench photos
"""

import asyncio
import concurrent.futures
import http.client
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from bench.common import ScratchDatabase, bench_env, ratio
from tests.photo_files import twelve_megapixel_jpeg
from tests.servers import ChatServer

UPLOADS = 48


def rss_kib(pid: int) -> tuple[int, int]:
    """(current, peak) resident memory of the process, in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]


async def visitor_tokens(server: ChatServer, count: int) -> list[str]:
    from tests.peers import open_visitor  # after django.setup(): it reads the protocol

    tokens = []
    for _ in range(count):
        visitor = await open_visitor(server)
        welcome = await visitor.hello()
        await visitor.start()
        tokens.append(welcome["token"])
        await visitor.close()
    return tokens


def upload(port: int, token: str, data: bytes) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "POST",
        f"/chat/photos/?client_id={uuid.uuid4().hex}",
        body=data,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "image/jpeg"},
    )
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 201:
        raise RuntimeError(f"upload answered {response.status}: {body[:200]!r}")
    return time.perf_counter() - started


def run_uploads(server: ChatServer, tokens: list[str], data: bytes, workers: int) -> dict:
    pid = server.process.pid
    before, _ = rss_kib(pid)
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        latencies = list(pool.map(lambda token: upload(server.port, token, data), tokens))
    elapsed = time.perf_counter() - started
    after, peak = rss_kib(pid)
    return {
        "rate": len(tokens) / elapsed,
        "p50": statistics.median(latencies),
        "p95": sorted(latencies)[int(0.95 * (len(latencies) - 1))],
        "rss_before": before,
        "rss_after": after,
        "peak": peak,
    }


def clean_rate(data: bytes, rounds: int = 12) -> float:
    import django

    django.setup()
    from chatserver.chat.photos import clean_photo

    clean_photo(data)
    started = time.perf_counter()
    for _ in range(rounds):
        clean_photo(data)
    return rounds / (time.perf_counter() - started)


def main() -> int:
    data = twelve_megapixel_jpeg()
    database = ScratchDatabase("sqlite")
    workdir = Path(tempfile.mkdtemp(prefix="chat-bench-photos-"))
    env = bench_env(
        database.url,
        CHAT_PHOTOS_PER_HOUR="1000",
        CHAT_PHOTOS_PER_HOUR_PER_IP="100000",
        CHAT_VAR_DIR=str(workdir),
        CHAT_CONNECTS_PER_MINUTE_PER_IP="100000",
        CHAT_CONVERSATIONS_PER_IP_PER_HOUR="100000",
        CHAT_QUEUED_CONVERSATIONS_PER_IP="100000",
    )
    os.environ.update(env)
    in_process = clean_rate(data)
    server = ChatServer(env, workdir / "server.log").start()
    try:
        tokens = asyncio.run(visitor_tokens(server, 2 * UPLOADS))
        idle, _ = rss_kib(server.process.pid)
        serial = run_uploads(server, tokens[:UPLOADS], data, workers=1)
        parallel = run_uploads(server, tokens[UPLOADS:], data, workers=4)
    finally:
        server.stop()
    print(
        f"photo: {len(data) / 1048576:.2f} MiB, 4000 x 3000 JPEG with EXIF and GPS, "
        f"{UPLOADS} uploads a run"
    )
    print(f"cleaning in process (decode, re-encode, thumbnail): {in_process:.1f} photos/s")
    for name, figures in (("one at a time", serial), ("four at once", parallel)):
        print(
            f"{name:>14}: {figures['rate']:.1f} uploads/s, p50 {figures['p50'] * 1000:.0f} ms, "
            f"p95 {figures['p95'] * 1000:.0f} ms, server RSS {figures['rss_before'] / 1024:.0f}"
            f" -> {figures['rss_after'] / 1024:.0f} MiB (peak {figures['peak'] / 1024:.0f} MiB)"
        )
    print(f"server RSS idle: {idle / 1024:.0f} MiB")
    print(
        f"ratios: one-at-a-time uploads / in-process cleaning "
        f"{ratio(serial['rate'], in_process)}; four at once / one at a time "
        f"{ratio(parallel['rate'], serial['rate'])}; peak RSS / idle "
        f"{ratio(parallel['peak'], idle)}"
    )
    database.drop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
