"""DATABASES from the environment, with an optional psycopg pool for PostgreSQL."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from chatserver.database_settings import database_settings, pool_options

POSTGRES = "postgres://chat@127.0.0.1:5432/chat"


def test_without_a_pool_postgres_keeps_persistent_checked_connections() -> None:
    [database] = database_settings({"DATABASE_URL": POSTGRES}, Path("/tmp")).values()
    assert database["CONN_MAX_AGE"] == 60 and database["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in database.get("OPTIONS", {})


def test_a_pool_size_gives_django_a_psycopg_pool_and_no_persistent_connections() -> None:
    environ = {"DATABASE_URL": POSTGRES, "DATABASE_POOL_SIZE": "6", "DATABASE_POOL_TIMEOUT": "3"}
    [database] = database_settings(environ, Path("/tmp")).values()
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 6, "timeout": 3}
    assert database["CONN_MAX_AGE"] == 0 and database["CONN_HEALTH_CHECKS"] is True


def test_sqlite_is_the_default_and_refuses_a_pool() -> None:
    [database] = database_settings({}, Path("/srv/var")).values()
    assert database["NAME"] == "/srv/var/chat.sqlite3" and database["CONN_MAX_AGE"] == 600
    with pytest.raises(ImproperlyConfigured, match="needs a PostgreSQL"):
        database_settings({"DATABASE_POOL_SIZE": "4"}, Path("/tmp"))


@given(st.text(max_size=12))
def test_any_pool_size_is_a_whole_number_or_refused_clearly(text: str) -> None:
    try:
        options = pool_options({"DATABASE_POOL_SIZE": text})
    except ImproperlyConfigured as error:
        assert "DATABASE_POOL_SIZE must be a whole number" in str(error)
        return
    assert options is None or options["max_size"] == int(text.strip())
