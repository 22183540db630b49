import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import SyncToAsync
from django.core.cache import cache
from django.db import connections

from chatserver.chat import writer
from chatserver.chat.actions import messages
from tests import backend_pass, backends
from tests.browser import NEUTRAL_PATH, LandlordSite
from tests.servers import ChatServer, TemplateDatabase, base_env


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    backend_pass.keep_backend_tests(config, items)


@pytest.fixture(scope="session", autouse=True)
def _writer_connections_closed(django_db_setup: None) -> Iterator[None]:
    """Closes the connections that async tests' database threads keep (the chat
    writer's and asgiref's shared one): the test database's teardown needs them closed."""
    yield
    writer.close_connections()
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture(autouse=True)
def _cache_cleared() -> None:
    """Sign-in limits and used TOTP codes live in Django's cache (identity.throttle):
    each test starts with none counted."""
    cache.clear()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> TemplateDatabase:
    return TemplateDatabase(tmp_path_factory.mktemp("e2e-sqlite"))


@pytest.fixture(scope="session")
def postgres_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TemplateDatabase]:
    template = TemplateDatabase(tmp_path_factory.mktemp("e2e-pg"), backends.postgres_url())
    yield template
    template.drop()


StartServer = Callable[..., ChatServer]


@pytest.fixture
def start_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StartServer]:
    """Starts real Daphne processes; ``postgres``/``redis`` pick the real backends.

    Servers started with ``database_url`` share that database (several processes).
    """
    servers: list[ChatServer] = []
    # In make test's second pass the servers run on PostgreSQL and Redis too.
    second_pass = os.environ.get("DATABASE_URL", "").startswith("postgres")

    def start(
        *, postgres: bool = False, redis: bool = False, database_url: str | None = None, **env: str
    ) -> ChatServer:
        postgres = postgres or second_pass
        redis = redis or bool(os.environ.get("REDIS_URL"))
        if database_url is None:
            template = request.getfixturevalue(
                "postgres_template" if postgres else "sqlite_template"
            )
            database_url = template.clone()
        redis_url = backends.redis_url() if redis else None
        server = ChatServer(
            base_env(database_url, redis_url, **env), tmp_path / f"server-{len(servers)}.log"
        )
        server.database_url = database_url  # type: ignore[attr-defined]
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def batch_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of lines in each batch the chat writer stores (it still stores them)."""
    sizes: list[int] = []
    store_batch = messages.do_send_messages

    def recorded(lines: list[Any]) -> list[Any]:
        sizes.append(len(lines))
        return store_batch(lines)

    monkeypatch.setattr(messages, "do_send_messages", recorded)
    return sizes


@pytest.fixture
def site() -> Iterator[LandlordSite]:
    """A landlord's site on another origin, embedding the widget."""
    landlord = LandlordSite().start()
    yield landlord
    landlord.stop()


@pytest.fixture
def chat(start_server: StartServer, site: LandlordSite, tmp_path: Path) -> StartServer:
    """Starts a chat server that ``site`` may embed (its quick exit goes to a neutral
    page on the landlord's test server)."""

    def start(**env: str) -> ChatServer:
        server = start_server(
            CHAT_ALLOWED_ORIGINS=site.origin,
            CHAT_VAR_DIR=str(tmp_path / "var"),
            CHAT_QUICK_EXIT_URL=site.origin + NEUTRAL_PATH,
            **env,
        )
        site.chat_origin = server.origin
        return server

    return start
