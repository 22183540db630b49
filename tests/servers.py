"""Real chat-server processes for end-to-end tests.

A migrated template database (SQLite file or PostgreSQL database) is made once
per test session with a few agents in it; each server gets its own copy.
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from tests.keys import ring_text
from tests.totp import TEST_SECRET, unused_code

ROOT = Path(__file__).resolve().parent.parent
TEST_KEYS = ring_text(("e2e-primary", 7), ("e2e-older", 8))
AGENT_PASSWORD = "correct-horse-battery-e2e"
AGENTS = ("alice", "bob", "carol")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PROJECT_VARIABLES = (
    "DJANGO_",
    "CHAT_",
    "TRANSCRIPT_",
    "DATABASE_",
    "REDIS_",
    "REDACTION_",
    "OIDC_",
    "SSO_",
)


def inherited_environment() -> dict[str, str]:
    """This process's environment without any of the project's own settings."""
    return {
        key: value for key, value in os.environ.items() if not key.startswith(PROJECT_VARIABLES)
    }


def base_env(database_url: str, redis_url: str | None = None, **extra: str) -> dict[str, str]:
    env = inherited_environment()
    env.update(
        DJANGO_SETTINGS_MODULE="chatserver.settings",
        DJANGO_DEBUG="1",
        DJANGO_SECRET_KEY="e2e-secret-key",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        TRANSCRIPT_KEYS=TEST_KEYS,
        CHAT_ALLOWED_ORIGINS="https://landlord.example",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="INFO",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def enrol_totp(env: dict[str, str], *usernames: str) -> None:
    """Enrols the accounts in TOTP with the tests' secret (``tests.totp``), as an agent
    does on their first sign-in."""
    code = (
        "from django.contrib.auth.models import User\n"
        "from allauth.mfa.totp.internal.auth import TOTP\n"
        f"for user in User.objects.filter(username__in={list(usernames)!r}):\n"
        f"    TOTP.activate(user, {TEST_SECRET!r})\n"
    )
    manage(env, "shell", "-v", "0", "-c", code)


class TemplateDatabase:
    """A migrated database with agents, cloned for every server under test."""

    def __init__(self, workdir: Path, postgres_url: str | None = None) -> None:
        self.workdir = workdir
        self.postgres_url = postgres_url
        self.clones: list[str] = []
        if postgres_url:
            self.name = f"chat_e2e_tpl_{uuid.uuid4().hex[:8]}"
            self._pg_execute(f'CREATE DATABASE "{self.name}"')
            self.url = self._pg_url(self.name)
        else:
            self.path = workdir / "template.sqlite3"
            self.url = f"sqlite:///{self.path}"
        env = base_env(self.url)
        manage(env, "migrate", "--noinput")
        for name in AGENTS:
            manage(
                env,
                "create_agent",
                name,
                "--password-stdin",
                "--display-name",
                name.title(),
                *(["--supervisor"] if name == "carol" else []),
                stdin=AGENT_PASSWORD + "\n",
            )
        enrol_totp(env, *AGENTS)

    def _pg_url(self, name: str) -> str:
        parts = urllib.parse.urlsplit(self.postgres_url)
        return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))

    def _pg_execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.postgres_url, autocommit=True) as connection:
            connection.execute(sql)

    def clone(self) -> str:
        if self.postgres_url:
            name = f"chat_e2e_{uuid.uuid4().hex[:10]}"
            self._pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
            self.clones.append(name)
            return self._pg_url(name)
        path = self.workdir / f"{uuid.uuid4().hex[:10]}.sqlite3"
        shutil.copyfile(self.path, path)
        return f"sqlite:///{path}"

    def drop(self) -> None:
        if not self.postgres_url:
            return
        for name in [*self.clones, self.name]:
            self._pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ChatServer:
    """One Daphne process serving the project, started with bin/serve."""

    def __init__(self, env: dict[str, str], log_path: Path, port: int | None = None) -> None:
        self.env = dict(env)
        self.port = port or free_port()
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ws_url(self, path: str) -> str:
        return f"ws://127.0.0.1:{self.port}{path}"

    def start(self, timeout: float = 30) -> "ChatServer":
        env = dict(self.env, HOST="127.0.0.1", PORT=str(self.port))
        env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
        log = open(self.log_path, "ab")  # noqa: SIM115  (closed in stop)
        self.process = subprocess.Popen(
            [str(ROOT / "bin" / "serve")], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        self._log = log
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.origin}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"server did not come up:\n{self.log_path.read_text()[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        self._log.close()

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


class Browserless:
    """A cookie-keeping HTTP client for logging agents in as a browser would."""

    def __init__(self, server: ChatServer) -> None:
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(f"{self.server.origin}{path}", timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        status, body = self.post_raw(path, fields)
        return status, body.decode()

    def post_raw(self, path: str, fields: dict[str, str]) -> tuple[int, bytes]:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            f"{self.server.origin}{path}",
            data=data,
            headers={"Referer": f"{self.server.origin}{path}", "Origin": self.server.origin},
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def csrf_token(self, path: str) -> str:
        _status, page = self.get(path)
        return csrf_field(page)

    def login(self, username: str, password: str = AGENT_PASSWORD) -> None:
        """Signs in with the password, then the authenticator code computed here."""
        token = self.csrf_token("/accounts/login/")
        _status, page = self.post(
            "/accounts/login/",
            {"login": username, "password": password, "csrfmiddlewaretoken": token},
        )
        assert 'name="code"' in page, f"login of {username} was not asked for a code"
        token = csrf_field(page)
        code = unused_code(code_scope(self.server, username))
        _status, page = self.post(
            "/accounts/2fa/authenticate/", {"code": code, "csrfmiddlewaretoken": token}
        )
        assert 'name="code"' not in page, f"the code of {username} was refused"
        assert self.cookie("sessionid"), f"login of {username} failed"

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.jar if cookie.name == name), None)

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


def code_scope(server: Any, username: str) -> str:
    """What a used TOTP code is remembered under: the server's database (its processes
    share the cache) and the account; a proxy in front of a server is told by its origin."""
    env = getattr(server, "env", None)
    return f"{env['DATABASE_URL'] if env else server.origin} {username}"


def csrf_field(page: str) -> str:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "the page has no CSRF token"
    return token.group(1)


def frames_json(raw: Any) -> dict[str, Any]:
    return json.loads(raw)


def server_shell(server: ChatServer, code: str) -> str:
    """Runs Python in a Django shell against the server's own database and keys."""
    return manage(server.env, "shell", "-v", "0", "-c", code)


def server_sql(server: ChatServer, *statements: str) -> None:
    """Runs SQL straight against the server's database, as an operator or a fault would."""
    url = server.env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            for statement in statements:
                db.execute(statement)
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        for statement in statements:
            db.execute(statement)


def expire_all_sessions(server: ChatServer) -> None:
    server_sql(server, "UPDATE django_session SET expire_date = '2000-01-01 00:00:00'")


def refuse_message_inserts(server: ChatServer) -> None:
    if server.env["DATABASE_URL"].startswith("sqlite"):
        server_sql(
            server,
            "CREATE TRIGGER refuse_messages BEFORE INSERT ON transcripts_message "
            "BEGIN SELECT RAISE(ABORT, 'injected write failure'); END",
        )
    else:
        server_sql(
            server,
            "CREATE FUNCTION refuse_message() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'injected write failure'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_messages BEFORE INSERT ON transcripts_message "
            "FOR EACH ROW EXECUTE FUNCTION refuse_message()",
        )


def allow_message_inserts(server: ChatServer) -> None:
    if server.env["DATABASE_URL"].startswith("sqlite"):
        server_sql(server, "DROP TRIGGER refuse_messages")
    else:
        server_sql(server, "DROP TRIGGER refuse_messages ON transcripts_message")
