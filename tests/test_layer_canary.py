"""The canary in every process (chatserver/chat/layer_canary.py): it crosses the layer,
a late one marks the layer down and resubscribes, a lost one makes the sockets catch up."""

import asyncio
import json
import time

import pytest
from django.test import AsyncClient

from chatserver.chat import broadcast, layer_canary


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A new canary state, and the catch-ups it asks for counted instead of sent."""
    monkeypatch.setattr(layer_canary, "state", layer_canary.CanaryState())
    told: list[int] = []
    monkeypatch.setattr(broadcast, "tell_sockets_to_catch_up", lambda: told.append(1) or 0)
    return told


async def test_the_canary_crosses_the_layer_and_the_layer_counts_as_up(settings) -> None:
    settings.CHAT_LAYER_CANARY_SECONDS = 1
    task = asyncio.get_running_loop().create_task(layer_canary.run())
    try:
        for _ in range(100):
            if layer_canary.state.arrived >= 2:
                break
            await asyncio.sleep(0.05)
        assert layer_canary.state.arrived >= 1
        assert layer_canary.state.running and not layer_canary.layer_is_late()
    finally:
        task.cancel()


def test_a_lost_canary_makes_the_sockets_catch_up(fresh_state: list[int]) -> None:
    layer_canary.arrived(1)
    assert fresh_state == []
    layer_canary.arrived(3)
    assert fresh_state == [1]
    layer_canary.arrived(4)
    assert fresh_state == [1]


@pytest.mark.django_db(transaction=True)
async def test_a_late_canary_marks_the_layer_down_until_one_arrives(
    monkeypatch: pytest.MonkeyPatch, fresh_state: list[int]
) -> None:
    resubscribed: list[int] = []

    async def resubscribe() -> int:
        resubscribed.append(1)
        return 3

    monkeypatch.setattr(broadcast, "resubscribe", resubscribe)
    state = layer_canary.state
    state.running, state.sent, state.arrived = True, 8, 7
    state.loop = asyncio.get_running_loop()
    state.last_arrival = time.monotonic() - 10 * layer_canary.late_after()
    # One canary in flight is a slow loop, not an outage.
    assert not layer_canary.layer_is_late()
    state.sent = 9
    state.last_arrival = time.monotonic() - 10 * layer_canary.late_after()
    assert layer_canary.layer_is_late()
    await layer_canary._resubscribe_when_late(time.monotonic())
    await layer_canary._resubscribe_when_late(time.monotonic())
    assert resubscribed == [1] and state.trouble and state.down_since is not None
    response = await AsyncClient().get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["checks"] == {"database": "ok", "channel_layer": "down"}

    layer_canary.arrived(8)
    assert fresh_state == [1] and not layer_canary.layer_is_late()
    state.last_arrival -= 10 * layer_canary.late_after()
    state.sent += 2
    state.loop = None  # a canary on a loop that has ended says nothing of this one
    assert not layer_canary.layer_is_late()
    state.loop = asyncio.get_running_loop()
    state.last_arrival = time.monotonic()
    body = json.loads((await AsyncClient().get("/healthz")).content)
    assert body["status"] == "ok"
