"""The typed readers of chatserver/env.py: plain values, or a clear error naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from chatserver.env import env_time_zone


def test_a_time_zone_is_read_as_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAT_TIME_ZONE", " Europe/Belfast ")
    assert env_time_zone("CHAT_TIME_ZONE", "Europe/London") == "Europe/Belfast"
    monkeypatch.delenv("CHAT_TIME_ZONE")
    assert env_time_zone("CHAT_TIME_ZONE", "Europe/London") == "Europe/London"


@pytest.mark.parametrize("value", ["Europe/Atlantis", "London", "../../etc/passwd", ""])
def test_a_bad_time_zone_stops_the_server(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CHAT_TIME_ZONE", value)
    with pytest.raises(ImproperlyConfigured, match="CHAT_TIME_ZONE: .* is not a time zone"):
        env_time_zone("CHAT_TIME_ZONE", "Europe/London")
