"""GET /healthz: JSON status of the database and the channel layer."""

import json

import pytest
from channels.layers import channel_layers
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import AsyncClient, override_settings

pytestmark = pytest.mark.django_db(transaction=True)


async def test_health_is_ok_when_everything_is_up() -> None:
    response = await AsyncClient().get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "channel_layer": "ok"},
        "warnings": [],
    }
    assert "no-cache" in response["Cache-Control"]


async def test_health_is_degraded_but_serving_when_the_channel_layer_is_down() -> None:
    unreachable = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    with override_settings(CHANNEL_LAYERS=unreachable):
        channel_layers.backends.clear()
        try:
            response = await AsyncClient().get("/healthz")
        finally:
            channel_layers.backends.clear()
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "degraded"
    assert body["checks"] == {"database": "ok", "channel_layer": "down"}


async def test_health_is_503_when_the_database_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("database unavailable")

    with monkeypatch.context() as patch:
        # Every connection, in whichever thread the view uses, fails to open a cursor.
        patch.setattr(BaseDatabaseWrapper, "cursor", refuse)
        response = await AsyncClient().get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["database"] == "down"


async def test_health_warns_when_stored_items_rest_on_a_key_missing_from_the_ring(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from asgiref.sync import sync_to_async

    from chatserver import views
    from tests.keys import ring_text
    from transcripts.record import store

    settings.TRANSCRIPT_KEYS = ring_text(("retired", 3))
    await sync_to_async(store.create_conversation)()
    settings.TRANSCRIPT_KEYS = ring_text(("current", 4))
    monkeypatch.setattr(views, "_key_check", (float("-inf"), []))
    response = await AsyncClient().get("/healthz")
    assert response.status_code == 200
    [warning] = json.loads(response.content)["warnings"]
    assert "1 data keys wrapped under master key 'retired'" in warning
