"""Writes of the integrations: endpoints added and disabled, a summary sent to the
housing system. Each owns its transaction and its audit entry (ids, hosts and names of
fields, never a secret or a value)."""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from chatserver.casework.models import Case
from chatserver.chat import access
from chatserver.chat.errors import ChatError, NotFound
from chatserver.integrations import addresses, events, kinds, signing
from chatserver.integrations.models import Endpoint, OutboxEvent
from transcripts.compliance import audit
from transcripts.record import secrets_at_rest
from transcripts.record.models import Conversation

logger = logging.getLogger(__name__)
SEALED_AS = "webhook-endpoint"
NO_HOUSING_ENDPOINT = (
    "No endpoint is set up for the housing system: ask a supervisor to add one on the "
    "Webhooks page."
)


@dataclass(frozen=True)
class EndpointRequest:
    url: str
    description: str
    event_types: tuple[str, ...]
    allowed_fields: tuple[str, ...] = ()
    housing_system: bool = False


def _check(request: EndpointRequest) -> str:
    url = addresses.checked_url(request.url)
    if not request.description.strip():
        raise addresses.BadAddress("Name the endpoint (what system it is).")
    unknown = set(request.event_types) - set(kinds.EVENT_TYPES)
    unknown |= set(request.allowed_fields) - set(kinds.PERSONAL_FIELDS)
    if unknown:
        raise addresses.BadAddress(f"Unknown choices: {', '.join(sorted(unknown))}.")
    if not request.event_types and not request.housing_system:
        raise addresses.BadAddress(
            "Choose the events it receives, or make it the housing system's."
        )
    return url


def open_secret(endpoint: Endpoint) -> bytes:
    """The signing key of the endpoint, opened from its sealed secret."""
    secret = secrets_at_rest.open_secret(SEALED_AS, str(endpoint.pk), bytes(endpoint.secret_sealed))
    return signing.secret_bytes(secret.decode("ascii"))


def do_reseal_secrets() -> tuple[int, int]:
    """Seals every endpoint's secret again under the ring's primary master key (after a
    rotation, so a retired key can leave the ring); (resealed, already under it)."""
    primary = secrets_at_rest.primary_key_id()
    resealed = unchanged = 0
    for endpoint_id in Endpoint.objects.values_list("pk", flat=True):
        with transaction.atomic():
            endpoint = Endpoint.objects.select_for_update().get(pk=endpoint_id)
            envelope = bytes(endpoint.secret_sealed)
            if secrets_at_rest.sealed_under(envelope) == primary:
                unchanged += 1
                continue
            secret = secrets_at_rest.open_secret(SEALED_AS, str(endpoint.pk), envelope)
            endpoint.secret_sealed = secrets_at_rest.seal_secret(
                SEALED_AS, str(endpoint.pk), secret
            )
            endpoint.save(update_fields=["secret_sealed"])
            resealed += 1
    return resealed, unchanged


@transaction.atomic
def do_add_endpoint(actor: AbstractBaseUser, request: EndpointRequest) -> tuple[Endpoint, str]:
    """Adds an endpoint; returns it with its secret, shown this once (only sealed kept)."""
    access.require_supervisor(actor)
    url = _check(request)
    if request.housing_system and Endpoint.objects.filter(housing_system=True, active=True):
        raise ChatError("Another active endpoint is the housing system's: disable it first.")
    endpoint = Endpoint.objects.create(
        url=url,
        description=request.description.strip()[:80],
        secret_sealed=b"",
        event_types=sorted(set(request.event_types)),
        allowed_fields=sorted(set(request.allowed_fields)),
        housing_system=request.housing_system,
        created_at=timezone.now(),
        created_by_id=actor.pk,
    )
    secret = signing.new_secret()
    endpoint.secret_sealed = secrets_at_rest.seal_secret(
        SEALED_AS, str(endpoint.pk), secret.encode("ascii")
    )
    endpoint.save(update_fields=["secret_sealed"])
    audit.record(
        audit.WEBHOOK_ENDPOINT_ADDED,
        actor_id=actor.pk,
        endpoint=endpoint.pk,
        host=urlsplit(url).hostname,
        event_types=endpoint.event_types,
        allowed_fields=endpoint.allowed_fields,
        housing_system=endpoint.housing_system,
    )
    return endpoint, secret


def _tell_supervisors(endpoint: Endpoint, failures: int) -> None:
    """Emails every active supervisor that the endpoint was disabled (its name and host)."""
    host = urlsplit(endpoint.url).hostname
    subject = (
        f"Webhook endpoint disabled: {endpoint.description} ({settings.CHAT_ORGANISATION_NAME})"
    )
    body = (
        f'The webhook endpoint "{endpoint.description}" ({host}) failed {failures} deliveries '
        "in a row and has been disabled: its events are no longer sent. Check the receiving "
        "system, then add the endpoint again on the console's Webhooks page."
    )
    addresses_to = sorted(
        set(access.supervisors().exclude(email="").values_list("email", flat=True))
    )
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in addresses_to]
    if messages:
        send_mass_mail(messages, fail_silently=True)


@transaction.atomic
def do_disable_endpoint(actor: AbstractBaseUser | None, endpoint_id: int) -> Endpoint:
    """Disables the endpoint: nothing more is sent to it. ``actor`` None is the worker,
    for an endpoint that kept failing: then the supervisors are emailed."""
    if actor is not None:
        access.require_supervisor(actor)
    endpoint = Endpoint.objects.select_for_update().filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound("no such endpoint")
    if not endpoint.active:
        return endpoint
    endpoint.active = False
    endpoint.disabled_at = timezone.now()
    endpoint.save(update_fields=["active", "disabled_at"])
    audit.record(
        audit.WEBHOOK_ENDPOINT_DISABLED,
        actor_id=actor.pk if actor is not None else None,
        endpoint=endpoint.pk,
        failing=actor is None,
        failures=endpoint.failures,
    )
    if actor is None:
        failures = endpoint.failures
        transaction.on_commit(lambda: _tell_supervisors(endpoint, failures))
    logger.info("Webhook endpoint %s disabled", endpoint.pk)
    return endpoint


def _case_references(conversation_id: uuid.UUID) -> list[str]:
    cases = Case.objects.filter(conversation_id=conversation_id).order_by("recorded_at")
    return [case.shown_reference for case in cases]


@transaction.atomic
def do_send_to_housing(
    agent: AbstractBaseUser, conversation_id: uuid.UUID, ticked: Iterable[str]
) -> OutboxEvent:
    """The agent sends the chat's summary (reason, outcome, case references, and the
    personal fields ticked, if the endpoint is allowed them) to the housing system."""
    fields = sorted(set(ticked))
    if set(fields) - set(kinds.PERSONAL_FIELDS):
        raise ChatError("Tick only the fields offered.")
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("live")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None:
        raise access.ConversationNotFound("no such conversation")
    access.check_casework(agent, conversation)
    endpoint = Endpoint.objects.filter(housing_system=True, active=True).first()
    if endpoint is None:
        raise ChatError(NO_HOUSING_ENDPOINT)
    references = _case_references(conversation.pk)
    payload = {
        **events.conversation_facts(conversation.pk),
        "wrap_up": events.wrap_up_facts(conversation.pk),
        "case_references": references,
        "sent_by_agent_id": agent.pk,
        "ticked_fields": fields,
    }
    event = events.record(
        kinds.HOUSING_SUMMARY, payload, conversation_id=conversation.pk, endpoint=endpoint
    )
    if event is None:  # only an event with a once_key is ever skipped
        raise RuntimeError("the summary's event was not written")
    audit.record(
        audit.HOUSING_SUMMARY_SENT,
        actor_id=agent.pk,
        conversation_id=conversation.pk,
        endpoint=endpoint.pk,
        cases=references,
        fields=fields,
        event=str(event.pk),
    )
    return event
