"""Real Redis topologies for end-to-end tests: a primary with a replica watched by three
sentinels (``redis-server --sentinel``), each on a free port, all killed afterwards."""

import shutil
import subprocess
import time
from pathlib import Path

import redis

from tests.backends import skip_or_fail
from tests.servers import free_port

MASTER_NAME = "chat"
QUORUM = 2


def needs_redis_server() -> None:
    """Skips (fails with CI=true) where no ``redis-server`` can be run."""
    if shutil.which("redis-server") is None:
        skip_or_fail("needs redis-server (Debian's redis-server package)")


def _wait_for(port: int) -> None:
    for _ in range(100):
        try:
            redis.Redis(port=port, socket_timeout=1).ping()
            return
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError(f"redis on port {port} did not start")


class SentinelSet:
    """A primary, one replica and three sentinels; the sentinels fail over one second
    after the primary stops answering."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.primary_port = free_port()
        self.replica_port = free_port()
        self.sentinel_ports = [free_port() for _ in range(3)]
        self.processes: dict[int, subprocess.Popen[bytes]] = {}

    @property
    def url(self) -> str:
        hosts = ",".join(f"127.0.0.1:{port}" for port in self.sentinel_ports)
        return f"redis+sentinel://{hosts}/{MASTER_NAME}/0"

    def _run(self, port: int, *args: str) -> None:
        self.processes[port] = subprocess.Popen(
            ["redis-server", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self.workdir,
        )

    def _server(self, port: int, *extra: str) -> None:
        plain = ("--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
        self._run(port, "--port", str(port), *plain, *extra)
        _wait_for(port)

    def start(self) -> "SentinelSet":
        needs_redis_server()
        self._server(self.primary_port)
        self._server(self.replica_port, "--replicaof", "127.0.0.1", str(self.primary_port))
        for port in self.sentinel_ports:
            config = self.workdir / f"sentinel-{port}.conf"
            config.write_text(
                f"port {port}\nbind 127.0.0.1\n"
                f"sentinel monitor {MASTER_NAME} 127.0.0.1 {self.primary_port} {QUORUM}\n"
                f"sentinel down-after-milliseconds {MASTER_NAME} 1000\n"
                f"sentinel failover-timeout {MASTER_NAME} 10000\n"
            )
            self._run(port, str(config), "--sentinel")
            _wait_for(port)
        self._wait_until_replica_known()
        return self

    def _wait_until_replica_known(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            replica = redis.Redis(port=self.replica_port).info("replication")
            known = [
                redis.Redis(port=port).execute_command("SENTINEL", "REPLICAS", MASTER_NAME)
                for port in self.sentinel_ports
            ]
            if replica.get("master_link_status") == "up" and all(known):
                return
            time.sleep(0.2)
        raise RuntimeError("the sentinels did not learn of the replica")

    def primary(self) -> int:
        """The port the first sentinel names as the primary now."""
        client = redis.Redis(port=self.sentinel_ports[0], socket_timeout=1)
        _host, port = client.execute_command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME)
        return int(port)

    def kill(self, port: int) -> None:
        process = self.processes.pop(port)
        process.kill()
        process.wait(5)

    def stop(self) -> None:
        for port in list(self.processes):
            self.kill(port)
