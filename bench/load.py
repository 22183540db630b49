"""Load and latency: the project against raw relays, side by side, on loopback.

Scenarios: (a) a relay on the ``websockets`` library; (a2) a Channels + Daphne
relay; (b) the project on one Daphne process, in-memory layer, SQLite; (c) one
Daphne process with the Redis pub/sub layer and PostgreSQL; (c2) two Daphne
processes with Redis and PostgreSQL; (e) (c) under uvicorn.

Each scenario: open idle sockets and measure the server's memory per
connection; then N conversations (visitor and agent, or the two relay sides)
each send a message every INTERVAL seconds for DURATION seconds, and every
message is checked to arrive once, in order, at the right peer; then a
saturation phase where each side keeps a small window of messages in flight.
Servers are pinned to one core with taskset (the load generator to the other).
The load generator runs on uvloop: in (c2) it shares the servers' cores, and
every cycle it spends there is taken from the servers it measures.

    python -m bench load [--conversations N] [--interval S] [--duration S]
    python -m bench.load --scenarios a2,c,c2 --baseline PATH

With ``--baseline PATH`` (another checkout of the project, e.g. a git worktree of an
earlier commit) the project scenarios also run from that tree, as ``(c@base)`` and
``(c2@base)``, interleaved with this tree's in every round, so a change is judged by
ratios measured side by side in one run.
"""

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import uvloop
import websockets
from websockets.asyncio.client import connect

from bench.common import ROOT, ScratchDatabase, bench_env, postgres_admin_url

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SERVER_CORES = os.environ.get("BENCH_SERVER_CORES", "1")
CLIENT_CORES = os.environ.get("BENCH_CLIENT_CORES", "0")
WINDOW = 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds_from_stat(stat: str) -> float:
    """User plus system CPU time from the text of a ``/proc/<pid>/stat`` file."""
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int, field_name: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    return 0


class Server:
    def __init__(
        self,
        command: list[str],
        env: dict[str, str],
        port: int,
        cores: str = SERVER_CORES,
        root: Path = ROOT,
    ) -> None:
        self.port = port
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115  (lives as long as the server)
            prefix="bench-server-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            ["taskset", "-c", cores, *command],
            cwd=root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {Path(self.log.name).read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), 0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def rss(self) -> int:
        return rss_kib(self.process.pid)

    def cpu_seconds(self) -> float:
        """User plus system CPU time the server process has used so far."""
        return cpu_seconds_from_stat(Path(f"/proc/{self.process.pid}/stat").read_text())

    def peak(self) -> int:
        return rss_kib(self.process.pid, "VmHWM")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@dataclass
class Tally:
    sent: int = 0
    received: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    expected: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    in_flight: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    window_waiters: dict[tuple[str, str], asyncio.Future[None]] = field(default_factory=dict)
    measuring: bool = True

    def arrived(self, text: str, pair: str, direction: str) -> None:
        parts = text.split("|")
        if len(parts) != 4 or parts[0] != pair or parts[1] != direction:
            self.errors.append(f"misrouted {text[:40]} at {pair}/{direction}")
            return
        number, sent_at = int(parts[2]), int(parts[3])
        key = (pair, direction)
        if number != self.expected[key]:
            self.errors.append(f"out of order or duplicate: {key} got {number}")
        self.expected[key] = number + 1
        self.in_flight[key] -= 1
        self.received += 1
        waiter = self.window_waiters.pop(key, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
        if self.measuring:
            self.latencies.append((time.perf_counter_ns() - sent_at) / 1e6)

    def window_freed(self, key: tuple[str, str]) -> "asyncio.Future[None]":
        """Resolved when a message of ``key`` arrives, so a sender with a full window waits
        without polling (polling would take CPU from servers sharing the generator's core)."""
        waiter = asyncio.get_running_loop().create_future()
        self.window_waiters[key] = waiter
        return waiter

    def release_waiters(self) -> None:
        for waiter in self.window_waiters.values():
            if not waiter.done():
                waiter.set_result(None)
        self.window_waiters.clear()


class Pair:
    """One conversation: side "a" (visitor) and side "b" (agent or relay peer)."""

    def __init__(self, pair_id: str, tally: Tally) -> None:
        self.id = pair_id
        self.tally = tally
        self.next = {"a": 0, "b": 0}

    def payload(self, side: str) -> str:
        number = self.next[side]
        self.next[side] += 1
        self.tally.sent += 1
        self.tally.in_flight[(self.id, side)] += 1
        return f"{self.id}|{side}|{number}|{time.perf_counter_ns()}"

    async def send(self, side: str) -> None:
        raise NotImplementedError


class RelayPair(Pair):
    async def open(self, url: str) -> None:
        self.sockets = {
            side: await connect(f"{url}/pair/{self.id}/{side}/", max_size=2**20, ping_interval=None)
            for side in ("a", "b")
        }
        for side, ws in self.sockets.items():
            asyncio.create_task(self._listen(ws, "b" if side == "a" else "a"))

    async def _listen(self, ws: object, direction: str) -> None:
        try:
            async for text in ws:  # type: ignore[attr-defined]
                self.tally.arrived(text, self.id, direction)
        except websockets.ConnectionClosed:
            pass

    async def send(self, side: str) -> None:
        await self.sockets[side].send(self.payload(side))

    async def close(self) -> None:
        for ws in self.sockets.values():
            await ws.close()


class Agent:
    """One agent socket carrying up to four conversations."""

    def __init__(self, url: str, session_key: str, tally: Tally) -> None:
        self.url, self.session_key, self.tally = url, session_key, tally
        self.pairs: dict[str, ProjectPair] = {}
        self.assigned: asyncio.Queue[str] = asyncio.Queue()

    async def open(self) -> None:
        origin = self.url.replace("ws://", "http://")
        self.ws = await connect(
            f"{self.url}/ws/agent/",
            origin=origin,  # type: ignore[arg-type]
            additional_headers={"Cookie": f"sessionid={self.session_key}"},
            max_size=2**22,
            ping_interval=None,
        )
        await self.ws.recv()
        await self.ws.send(json.dumps({"type": "presence", "status": "available"}))
        asyncio.create_task(self._listen())

    async def _listen(self) -> None:
        try:
            async for raw in self.ws:
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "message" and frame.get("from") == "visitor":
                    pair = self.pairs.get(frame["conversation_id"])
                    if pair is None:
                        self.tally.errors.append("message for an unknown conversation")
                    else:
                        self.tally.arrived(frame["text"], pair.id, "a")
                elif kind == "assigned":
                    await self.assigned.put(frame["conversation"]["conversation_id"])
                elif kind == "error":
                    self.tally.errors.append(f"agent error {frame.get('code')}")
        except websockets.ConnectionClosed:
            pass


class ProjectPair(Pair):
    agent: "Agent"

    async def _hello(self, url: str, token: str | None) -> dict[str, object]:
        """Opens the visitor's socket on ``url`` and answers its ``welcome``."""
        self.url = url
        self.ws = await connect(
            f"{url}/ws/visitor/",
            origin=url.replace("ws://", "http://"),
            max_size=2**22,
            ping_interval=None,  # type: ignore[arg-type]
        )
        await self.ws.send(json.dumps({"type": "hello", "token": token, "after_seq": None}))
        welcome: dict[str, object] = json.loads(await self.ws.recv())
        self.token = str(welcome["token"])
        return welcome

    async def open(self, url: str) -> str:
        await self._hello(url, None)
        await self.ws.send(json.dumps({"type": "start", "details": {}}))
        while True:
            frame = json.loads(await self.ws.recv())
            if frame.get("type") == "status" and "conversation_id" in frame:
                self.conversation_id = frame["conversation_id"]
                break
        self.listener = asyncio.create_task(self._listen())
        return self.conversation_id

    async def move(self, url: str) -> None:
        """Resumes the visitor's conversation on the server at ``url`` (before any line)."""
        self.listener.cancel()
        await self.ws.close()
        welcome = await self._hello(url, self.token)
        if not welcome.get("resumed"):
            raise RuntimeError("a moved visitor's session was not resumed")
        self.listener = asyncio.create_task(self._listen())

    async def _listen(self) -> None:
        try:
            async for raw in self.ws:
                frame = json.loads(raw)
                if frame.get("type") == "message" and frame.get("from") == "agent":
                    self.tally.arrived(frame["text"], self.id, "b")
                elif frame.get("type") == "error":
                    self.tally.errors.append(f"visitor error {frame.get('code')}")
        except websockets.ConnectionClosed:
            pass

    async def send(self, side: str) -> None:
        text = self.payload(side)
        client_id = uuid.uuid4().hex
        if side == "a":
            await self.ws.send(
                json.dumps({"type": "message", "client_id": client_id, "text": text})
            )
        else:
            await self.agent.ws.send(
                json.dumps(
                    {
                        "type": "message",
                        "conversation_id": self.conversation_id,
                        "client_id": client_id,
                        "text": text,
                    }
                )
            )

    async def close(self) -> None:
        await self.ws.close()


async def idle_memory(server: Server, url: str, project: bool, count: int) -> float:
    """KiB of server memory per idle socket (visitor sockets that said hello); 0 if none."""
    if count <= 0:
        return 0.0
    await asyncio.sleep(0.5)
    before = server.rss()
    sockets = []
    for start in range(0, count, 100):
        batch = [
            connect(
                f"{url}/ws/visitor/" if project else f"{url}/pair/idle{n}/a/",
                origin=url.replace("ws://", "http://"),  # type: ignore[arg-type]
                ping_interval=None,
            )
            for n in range(start, min(count, start + 100))
        ]
        sockets += await asyncio.gather(*batch)
    if project:
        for ws in sockets:
            await ws.send(json.dumps({"type": "hello", "token": None, "after_seq": None}))
        await asyncio.gather(*(ws.recv() for ws in sockets))
    await asyncio.sleep(1.0)
    after = server.rss()
    await asyncio.gather(*(ws.close() for ws in sockets))
    return (after - before) / count


async def exchange(pairs: list[Pair], tally: Tally, interval: float, duration: float) -> float:
    async def talk(pair: Pair, side: str) -> None:
        await asyncio.sleep(random.uniform(0, interval))
        end = time.monotonic() + duration
        while time.monotonic() < end:
            await pair.send(side)
            await asyncio.sleep(interval)

    started = time.monotonic()
    await asyncio.gather(*(talk(pair, side) for pair in pairs for side in ("a", "b")))
    deadline = time.monotonic() + 10
    while tally.received < tally.sent and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    return time.monotonic() - started


def service_cpu_seconds(command_prefix: str) -> float:
    """CPU time used so far by every process whose name starts with ``command_prefix``."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        if name.startswith(command_prefix):
            total += cpu_seconds_from_stat(stat)
    return total


@dataclass
class Saturation:
    rate: float
    cpu_us: float
    cores: dict[str, float]


def cpu_clocks(servers: list[Server]) -> dict[str, float]:
    times = os.times()
    return {
        "servers": sum(server.cpu_seconds() for server in servers),
        "load generator": times.user + times.system,
        "PostgreSQL": service_cpu_seconds("postgres"),
        "Redis": service_cpu_seconds("redis-server"),
    }


async def saturate(
    pairs: list[Pair], tally: Tally, seconds: float, servers: list[Server]
) -> Saturation:
    """Delivered messages per second with WINDOW messages in flight per direction, the
    servers' CPU time per delivered message (µs), and the cores each part kept busy."""
    tally.measuring = False
    if seconds <= 0 or not pairs:
        return Saturation(rate=0.0, cpu_us=0.0, cores={})
    clocks_before = cpu_clocks(servers)

    async def pump(pair: Pair, side: str, end: float) -> None:
        key = (pair.id, side)
        while time.monotonic() < end:
            if tally.in_flight[key] < WINDOW:
                await pair.send(side)
            else:
                await tally.window_freed(key)

    before = tally.received
    started = time.monotonic()
    end = started + seconds
    # A sender whose messages stopped arriving must not wait past the end.
    asyncio.get_running_loop().call_later(end - time.monotonic() + 0.01, tally.release_waiters)
    await asyncio.gather(*(pump(pair, side, end) for pair in pairs for side in ("a", "b")))
    delivered = tally.received - before
    elapsed = time.monotonic() - started
    used = {part: clock - clocks_before[part] for part, clock in cpu_clocks(servers).items()}
    deadline = time.monotonic() + 10
    while tally.received < tally.sent and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    return Saturation(
        rate=delivered / seconds,
        cpu_us=used["servers"] * 1e6 / max(delivered, 1),
        cores={part: seconds_used / elapsed for part, seconds_used in used.items()},
    )


@dataclass
class Outcome:
    name: str
    conversations: int
    sent: int
    received: int
    errors: int
    p50: float
    p95: float
    p99: float
    max: float
    steady_rate: float
    saturated_rate: float
    cpu_us: float
    cores: dict[str, float]
    idle_kib: float
    peak_mib: float
    first_errors: list[str]


def summarise(
    name: str,
    tally: Tally,
    conversations: int,
    seconds: float,
    saturated: Saturation,
    idle: float,
    peak_kib: int,
) -> Outcome:
    lat = sorted(tally.latencies) or [0.0]

    def pick(fraction: float) -> float:
        return lat[min(len(lat) - 1, int(fraction * len(lat)))]

    lost = tally.sent - tally.received
    errors = tally.errors + ([f"{lost} messages never arrived"] if lost else [])
    return Outcome(
        name,
        conversations,
        tally.sent,
        tally.received,
        len(errors),
        statistics.median(lat),
        pick(0.95),
        pick(0.99),
        lat[-1],
        len(tally.latencies) / seconds,
        saturated.rate,
        saturated.cpu_us,
        saturated.cores,
        idle,
        peak_kib / 1024,
        errors[:5],
    )


def project_env(database_url: str, redis: bool, ports: list[int]) -> dict[str, str]:
    """Production settings (no debug), with the servers' own origins given explicitly."""
    env = bench_env(
        database_url,
        DJANGO_DEBUG="0",
        CHAT_SERVER_ORIGINS=",".join(f"http://127.0.0.1:{port}" for port in ports),
        CHAT_ALLOWED_ORIGINS="https://landlord.example",
        CHAT_ROUTING="auto",
        CHAT_AGENT_MAX_CONVERSATIONS="4",
        CHAT_RATE_PER_SECOND="10000",
        CHAT_RATE_BURST="10000",
        CHAT_MESSAGES_PER_MINUTE="1000000",
        CHAT_MAX_SOCKETS_PER_IP="1000000",
        CHAT_CONNECTS_PER_MINUTE_PER_IP="1000000",
        CHAT_CONVERSATIONS_PER_IP_PER_HOUR="1000000",
        CHAT_QUEUED_CONVERSATIONS_PER_IP="1000000",
        CHAT_SOCKET_IDLE_SECONDS="3600",
        CHAT_VAR_DIR=tempfile.mkdtemp(prefix="bench-var-"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    if redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def agent_sessions(env: dict[str, str], count: int, root: Path = ROOT) -> list[str]:
    output = subprocess.run(
        [sys.executable, "-m", "bench.load_setup", str(count)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def start_project(
    kind: str, env: dict[str, str], port: int, cores: str = SERVER_CORES, root: Path = ROOT
) -> Server:
    if kind == "uvicorn":
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "chatserver.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--ws",
            "websockets",
            "--ws-max-size",
            "65536",
            "--log-level",
            "warning",
            "--no-access-log",
        ]
    else:
        command = [
            sys.executable,
            "-m",
            "chatserver.serve",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "--websocket-max-message-size",
            "65536",
            "--access-log",
            os.devnull,
            "chatserver.asgi:application",
        ]
    return Server(command, dict(env, PYTHONUNBUFFERED="1"), port, cores, root)


async def separate(pairs: list[ProjectPair], urls: list[str]) -> None:
    """With two servers, moves each visitor who shares a server with their agent to the
    other one, so that every conversation crosses processes.

    Routing picks the agent, so where a visitor lands beside their agent is a matter
    of timing: in runs of the same tree from 0 to 14 of the 50 saturated conversations
    crossed processes, and a crossing line costs more (both writers lock its
    conversation, and its events can arrive out of order), so (c2) measured a
    different mix in each run.
    """
    if len(urls) < 2:
        return
    together = [pair for pair in pairs if pair.agent.url == pair.url]
    for start in range(0, len(together), 50):
        batch = together[start : start + 50]
        await asyncio.gather(
            *(pair.move(next(url for url in urls if url != pair.url)) for pair in batch)
        )


async def run_project(
    name: str, servers: list[Server], env: dict[str, str], args: argparse.Namespace, root: Path
) -> Outcome:
    urls = [f"ws://127.0.0.1:{server.port}" for server in servers]
    idle = await idle_memory(servers[0], urls[0], True, args.idle)
    tally = Tally()
    sessions = agent_sessions(env, (args.conversations + 3) // 4, root)
    agents = [Agent(urls[n % len(urls)], key, tally) for n, key in enumerate(sessions)]
    await asyncio.gather(*(agent.open() for agent in agents))
    await asyncio.sleep(0.5)
    pairs: list[ProjectPair] = []
    for start in range(0, args.conversations, 50):
        batch = [
            ProjectPair(f"p{n}", tally) for n in range(start, min(args.conversations, start + 50))
        ]
        # Visitors start on alternate servers; ``separate`` moves those beside their agent.
        ids = await asyncio.gather(
            *(pair.open(urls[(n + 1) % len(urls)]) for n, pair in enumerate(batch, start))
        )
        pairs += batch
        del ids
    by_conversation = {pair.conversation_id: pair for pair in pairs}
    waiting = set(by_conversation)
    deadline = time.monotonic() + 60
    while waiting and time.monotonic() < deadline:
        for agent in agents:
            while not agent.assigned.empty():
                conversation_id = agent.assigned.get_nowait()
                pair = by_conversation[conversation_id]
                pair.agent = agent
                agent.pairs[conversation_id] = pair
                waiting.discard(conversation_id)
        await asyncio.sleep(0.05)
    if waiting:
        raise RuntimeError(f"{len(waiting)} conversations were never assigned")
    await separate(pairs, urls)
    seconds = await exchange(pairs, tally, args.interval, args.duration)
    saturated = await saturate(
        pairs[: args.saturation_conversations], tally, args.saturation, servers
    )
    peak = max(server.peak() for server in servers)
    for pair in pairs:
        await pair.close()
    return summarise(name, tally, args.conversations, seconds, saturated, idle, peak)


async def run_relay(name: str, server: Server, args: argparse.Namespace) -> Outcome:
    url = f"ws://127.0.0.1:{server.port}"
    idle = await idle_memory(server, url, False, args.idle)
    tally = Tally()
    pairs = [RelayPair(f"r{n}", tally) for n in range(args.conversations)]
    for start in range(0, len(pairs), 100):
        await asyncio.gather(*(pair.open(url) for pair in pairs[start : start + 100]))
    seconds = await exchange(pairs, tally, args.interval, args.duration)
    saturated = await saturate(
        pairs[: args.saturation_conversations], tally, args.saturation, [server]
    )
    peak = server.peak()
    for pair in pairs:
        await pair.close()
    return summarise(name, tally, args.conversations, seconds, saturated, idle, peak)


def scenario(name: str, args: argparse.Namespace) -> Outcome | str:
    port = free_port()
    if name == "a":
        server = Server(
            [sys.executable, "-m", "bench.relay_websockets", str(port)], dict(os.environ), port
        )
        try:
            return uvloop.run(run_relay("(a) websockets relay", server, args))
        finally:
            server.stop()
    if name == "a2":
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        server = Server(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "--access-log",
                os.devnull,
                "bench.relay_channels:application",
            ],
            env,
            port,
        )
        try:
            return uvloop.run(run_relay("(a2) Channels+Daphne relay", server, args))
        finally:
            server.stop()
    return project_scenario(name, port, args)


BASELINE_SUFFIX = "@base"
PROJECT_LABELS = {
    "b": "(b) project, Daphne, in-memory, SQLite",
    "c": "(c) project, Daphne, Redis, PostgreSQL",
    "c2": "(c2) project, 2x Daphne, Redis, PostgreSQL",
    "e": "(e) project, uvicorn, Redis, PostgreSQL",
}


def project_scenario(name: str, port: int, args: argparse.Namespace) -> Outcome | str:
    """(b), (c), (c2) or (e), from this tree or, with the ``@base`` suffix, the baseline's."""
    base, _, suffix = name.partition("@")
    root = Path(args.baseline) if suffix else ROOT
    postgres = base in {"c", "c2", "e"}
    if postgres and postgres_admin_url() is None:
        return "skipped: PostgreSQL not reachable"
    database = ScratchDatabase("postgres" if postgres else "sqlite", root)
    kinds = {"b": ["daphne"], "c": ["daphne"], "c2": ["daphne", "daphne"], "e": ["uvicorn"]}[base]
    ports = [port] + [free_port() for _ in kinds[1:]]
    env = dict(project_env(database.url, redis=base != "b", ports=ports), PYTHONPATH=str(root))
    servers: list[Server] = []
    try:
        # Two processes get both cores (shared with the load generator): one each.
        cores = "0,1" if len(kinds) > 1 else SERVER_CORES
        servers = [start_project(kind, env, ports[n], cores, root) for n, kind in enumerate(kinds)]
        label = PROJECT_LABELS[base].replace(f"({base})", f"({name})")
        return uvloop.run(run_project(label, servers, env, args, root))
    finally:
        for server in servers:
            server.stop()
        database.drop()


# (scenario, conversations, seconds between messages per side, p99 limit in ms)
SCALE_TARGETS = (("c", 1000, 10.0, 50.0), ("c2", 1000, 10.0, 100.0), ("c", 2500, 20.0, 100.0))
MEMORY_LIMIT_KIB = 60.0


def print_header() -> None:
    columns = (("p50", 6), ("p95", 6), ("p99", 6), ("max", 7), ("msg/s", 7), ("sat/s", 7))
    columns += ("CPUus", 6), ("KiB/idle", 8), ("peakMiB", 7), ("errors", 6)
    print(f"{'scenario':<44} " + " ".join(f"{title:>{width}}" for title, width in columns))


def print_outcome(outcome: Outcome) -> None:
    print(
        f"{outcome.name:<44} {outcome.p50:>6.1f} {outcome.p95:>6.1f} {outcome.p99:>6.1f} "
        f"{outcome.max:>7.1f} {outcome.steady_rate:>7.0f} {outcome.saturated_rate:>7.0f} "
        f"{outcome.cpu_us:>6.0f} {outcome.idle_kib:>8.1f} {outcome.peak_mib:>7.0f} "
        f"{outcome.errors:>6}"
    )
    if outcome.cores:
        busy = ", ".join(f"{part} {cores:.2f}" for part, cores in outcome.cores.items())
        print(f"    cores busy at saturation: {busy}")
    for error in outcome.first_errors:
        print(f"    {error}")


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def median_outcome(outcomes: list[Outcome]) -> Outcome:
    """Each figure's median over the rounds; errors are added up, never averaged away."""

    def middle(values: list[float]) -> float:
        return statistics.median(values) if values else 0.0

    return Outcome(
        name=outcomes[0].name,
        conversations=outcomes[0].conversations,
        sent=sum(outcome.sent for outcome in outcomes),
        received=sum(outcome.received for outcome in outcomes),
        errors=sum(outcome.errors for outcome in outcomes),
        p50=middle([outcome.p50 for outcome in outcomes]),
        p95=middle([outcome.p95 for outcome in outcomes]),
        p99=middle([outcome.p99 for outcome in outcomes]),
        max=max(outcome.max for outcome in outcomes),
        steady_rate=middle([outcome.steady_rate for outcome in outcomes]),
        saturated_rate=middle([outcome.saturated_rate for outcome in outcomes]),
        cpu_us=middle([outcome.cpu_us for outcome in outcomes]),
        cores={
            part: middle([outcome.cores[part] for outcome in outcomes if part in outcome.cores])
            for part in dict.fromkeys(part for outcome in outcomes for part in outcome.cores)
        },
        idle_kib=middle([outcome.idle_kib for outcome in outcomes if outcome.idle_kib]),
        peak_mib=max(outcome.peak_mib for outcome in outcomes),
        first_errors=[error for outcome in outcomes for error in outcome.first_errors][:5],
    )


RATIOS = (
    ("b", "a2"),
    ("c", "a2"),
    ("c", "a"),
    ("c2", "c"),
    ("e", "c"),
    ("c@base", "a2"),
    ("c2@base", "c@base"),
    ("c", "c@base"),
    ("c2", "c2@base"),
)
RATIO_TARGETS = ((("c", "a2"), 0.5), (("c2", "c"), 1.3))


def compare(args: argparse.Namespace) -> int:
    """The scenarios side by side, their ratios, and the saturation and memory targets.

    This machine's speed drifts by up to a third between runs, so the scenarios
    run in interleaved rounds and are judged on medians; each round's ratios are
    printed too, to show the spread."""
    print(
        f"Load benchmark: {args.conversations} conversations, a message every {args.interval}s "
        f"per side for {args.duration}s; saturation {args.saturation}s on "
        f"{args.saturation_conversations} conversations (window {WINDOW}); servers on core(s) "
        f"{SERVER_CORES}, load generator on {CLIENT_CORES}; {args.rounds} round(s)"
    )
    rounds: dict[str, list[Outcome]] = defaultdict(list)
    names = args.scenarios.split(",")
    if args.baseline:
        names += [name + BASELINE_SUFFIX for name in names if name in PROJECT_LABELS]
    for number in range(1, args.rounds + 1):
        print(f"round {number} of {args.rounds}")
        print_header()
        # Idle memory hardly varies, so only the first round measures it.
        round_args = argparse.Namespace(**{**vars(args), "idle": args.idle if number == 1 else 0})
        # Every other round runs in reverse order, so neither tree always goes first.
        for name in names if number % 2 else reversed(names):
            outcome = scenario(name, round_args)
            if isinstance(outcome, str):
                print(f"({name}) {outcome}")
                continue
            rounds[name].append(outcome)
            print_outcome(outcome)
    results = {name: median_outcome(outcomes) for name, outcomes in rounds.items()}
    if args.rounds > 1:
        print(f"median of {args.rounds} rounds (max and peak: the highest)")
        print_header()
        for outcome in results.values():
            print_outcome(outcome)
    print(
        "latencies in ms; sat/s = delivered messages per second at saturation; "
        "CPUus = server CPU time per delivered message at saturation, in microseconds"
    )
    ratios = {}
    for top, bottom in RATIOS:
        if top in results and bottom in results and results[bottom].saturated_rate:
            ratios[(top, bottom)] = results[top].saturated_rate / results[bottom].saturated_rate
            per_round = [
                upper.saturated_rate / lower.saturated_rate
                for upper, lower in zip(rounds[top], rounds[bottom], strict=False)
                if lower.saturated_rate
            ]
            spread = f" (rounds: {', '.join(f'{value:.2f}' for value in per_round)})"
            print(
                f"ratio ({top})/({bottom}) at saturation: {ratios[(top, bottom)]:.2f}"
                + (spread if len(per_round) > 1 else "")
            )
    for (top, bottom), floor in RATIO_TARGETS:
        if (top, bottom) in ratios:
            met = ratios[(top, bottom)] >= floor
            print(f"target ({top}) at least {floor}x ({bottom}) at saturation: {verdict(met)}")
    for name in ("b", "c"):
        if name in results and results[name].idle_kib:
            met = results[name].idle_kib < MEMORY_LIMIT_KIB
            print(
                f"target ({name}) under {MEMORY_LIMIT_KIB:.0f} KiB per idle socket "
                f"({results[name].idle_kib:.1f}): {verdict(met)}"
            )
    return 1 if any(outcome.errors for outcome in results.values()) else 0


def scale(args: argparse.Namespace) -> int:
    """The concurrency targets: many conversations at a steady rate, p99 and no losses."""
    print(
        f"Scale targets: {args.duration}s of steady messages per run; servers on core(s) "
        f"{SERVER_CORES} (two processes on both cores), load generator on {CLIENT_CORES}"
    )
    print_header()
    status = 0
    for name, conversations, interval, limit in SCALE_TARGETS:
        run_args = argparse.Namespace(
            **{
                **vars(args),
                "conversations": conversations,
                "interval": interval,
                "saturation": 0.0,
                "idle": 0,
            }
        )
        outcome = scenario(name, run_args)
        if isinstance(outcome, str):
            print(f"({name}) {outcome}")
            status = 1
            continue
        print_outcome(outcome)
        met = outcome.p99 < limit and outcome.errors == 0
        print(
            f"target {conversations} conversations on ({name}), a message every {interval:.0f}s "
            f"per side: p99 {outcome.p99:.1f} ms under {limit:.0f} ms, no losses: {verdict(met)}"
        )
        status |= 0 if met else 1
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument(
        "--interval", type=float, default=2.0, help="seconds between messages per side"
    )
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--saturation", type=float, default=8.0, help="seconds of saturation")
    parser.add_argument("--saturation-conversations", type=int, default=50)
    parser.add_argument("--idle", type=int, default=1000, help="idle sockets for the memory figure")
    parser.add_argument("--scenarios", default="a,a2,b,c,c2,e")
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds of the scenarios (medians)"
    )
    parser.add_argument(
        "--baseline",
        help="another checkout whose project scenarios run interleaved with this tree's",
    )
    parser.add_argument(
        "--scale",
        action="store_true",
        help="run the concurrency targets (1,000 and 2,500 conversations) instead",
    )
    args = parser.parse_args(argv)
    os.sched_setaffinity(0, {int(core) for core in CLIENT_CORES.split(",")})
    return scale(args) if args.scale else compare(args)


if __name__ == "__main__":
    sys.exit(main())
