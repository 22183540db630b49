"""Endpoints and outbox reads shared by the webhook tests."""

from typing import Any

from chatserver.integrations import actions, kinds
from chatserver.integrations.models import Delivery, Endpoint, OutboxEvent
from tests import factories


def endpoint(
    *,
    url: str = "https://housing.example/hooks",
    event_types: tuple[str, ...] = tuple(kinds.EVENT_TYPES),
    allowed_fields: tuple[str, ...] = (),
    housing_system: bool = False,
    supervisor: Any = None,
) -> tuple[Endpoint, str]:
    """An endpoint added by a supervisor (made when not given), with its secret."""
    boss = supervisor or factories.supervisor(f"boss{Endpoint.objects.count()}")
    return actions.do_add_endpoint(
        boss,
        actions.EndpointRequest(
            url=url,
            description="Housing system",
            event_types=tuple(t for t in event_types if t != kinds.HOUSING_SUMMARY),
            allowed_fields=allowed_fields,
            housing_system=housing_system,
        ),
    )


def types_of(conversation_id: Any = None) -> list[str]:
    """The outbox's event types, oldest first (of one conversation when given)."""
    found = OutboxEvent.objects.order_by("created_at")
    if conversation_id is not None:
        found = found.filter(conversation_id=conversation_id)
    return list(found.values_list("type", flat=True))


def event(event_type: str) -> OutboxEvent:
    return OutboxEvent.objects.get(type=event_type)


def deliveries_to(target: Endpoint) -> list[Delivery]:
    return list(Delivery.objects.filter(endpoint=target).select_related("event"))
