"""The test identity provider as a real process, started like the chat's Daphne servers."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.servers import ROOT, free_port, inherited_environment

CLIENT_ID = "housing-chat-tests"
CLIENT_SECRET = "idp-client-secret-for-tests"
IDP_PASSWORD = "idp-password-for-tests"


class IdentityProvider:
    """django-oidc-provider serving ``tests.idp`` on its own port with its own SQLite file.

    ``users`` maps a username to its claims (``amr``, ``roles``, ``name``); ``set_claims``
    changes them for the next sign-in.
    """

    def __init__(self, workdir: Path, users: dict[str, dict[str, Any]]) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self.port = free_port()
        self.users_file = workdir / "users.json"
        self.users = {name: {"password": IDP_PASSWORD, **claims} for name, claims in users.items()}
        self._write_users()
        self.log_path = workdir / "idp.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.origin}/openid"

    def _write_users(self) -> None:
        self.users_file.write_text(json.dumps(self.users))

    def set_claims(self, username: str, **claims: Any) -> None:
        self.users[username].update(claims)
        self._write_users()

    def env(self) -> dict[str, str]:
        env = inherited_environment()
        env.update(
            DJANGO_SETTINGS_MODULE="tests.idp.settings",
            IDP_DATABASE=str(self.workdir / "idp.sqlite3"),
            IDP_USERS_FILE=str(self.users_file),
            IDP_SITE_URL=self.origin,
            PYTHONUNBUFFERED="1",
        )
        return env

    def _django(self, *args: str) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "django", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"idp {args[0]} failed:\n{result.stdout}\n{result.stderr}")

    def start(self, redirect_uri: str, timeout: float = 30) -> "IdentityProvider":
        self._django("migrate", "--noinput")
        self._django(
            "idp_setup",
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
            "--redirect-uri",
            redirect_uri,
        )
        log = open(self.log_path, "ab")  # noqa: SIM115  (closed in stop)
        self._log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=log,
        )
        discovery = f"{self.issuer}/.well-known/openid-configuration"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"idp exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(discovery, timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"idp did not come up:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        self._log.close()
