"""The delivery worker's steps: claim due deliveries, send each signed, settle the outcome.

Claims. A worker takes a due delivery by setting its ``claimed_until`` lease with a
compare-and-set update (the row's lease as it was read), so two workers never both take
one; on PostgreSQL the candidates are read ``FOR UPDATE SKIP LOCKED`` besides, so workers
pass over each other's rows instead of racing for them. SQLite has no row locks: there the
compare-and-set alone decides, each update in its own transaction. The HTTP request runs
with no transaction open. A worker killed mid-delivery leaves its lease to run out; the
delivery is then taken again and sent with the same ``webhook-id``, so a receiver may see
an event twice (at least once, as the Standard Webhooks specification says) and never
not at all.

Retries. A failed attempt is retried after ``retry_delay`` (the first wait doubled each
time, up to the longest) until ``CHAT_WEBHOOK_RETRY_HOURS`` after the event; then it is
given up. An endpoint that has failed every attempt for ``CHAT_WEBHOOK_DISABLE_AFTER_HOURS``
and at least ``CHAT_WEBHOOK_DISABLE_AFTER_FAILURES`` attempts is disabled.
"""

import contextlib
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from chatserver.integrations import actions, bodies, signing
from chatserver.integrations.http_post import Result, post
from chatserver.integrations.models import Attempt, Delivery, Endpoint

logger = logging.getLogger(__name__)
Status = Delivery.Status


def retry_delay(failed_attempts: int) -> timedelta:
    """The wait after the ``failed_attempts``-th failure (1 or more)."""
    first = settings.CHAT_WEBHOOK_FIRST_RETRY_SECONDS
    longest = settings.CHAT_WEBHOOK_LONGEST_RETRY_SECONDS
    exponent = min(max(failed_attempts, 1) - 1, 40)
    return timedelta(seconds=min(first * 2**exponent, longest))


def lease() -> timedelta:
    """How long a claim holds: longer than an attempt can take (connect, send, answer)."""
    return timedelta(seconds=3 * settings.CHAT_WEBHOOK_TIMEOUT_SECONDS + 5)


def _candidates(now: datetime, limit: int) -> list[tuple[int, datetime | None]]:
    due = (
        Delivery.objects.filter(
            status=Status.PENDING, next_attempt_at__lte=now, endpoint__active=True
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .order_by("next_attempt_at", "pk")
    )
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True, of=("self",))
    return list(due.values_list("pk", "claimed_until")[:limit])


def claim(now: datetime, limit: int = 20) -> list[int]:
    """Claims up to ``limit`` due deliveries for this worker; their ids."""
    until = now + lease()
    won: list[int] = []
    locking = connection.features.has_select_for_update_skip_locked
    with transaction.atomic(durable=True) if locking else contextlib.nullcontext():
        for pk, before in _candidates(now, limit):
            same = Q(claimed_until__isnull=True) if before is None else Q(claimed_until=before)
            if Delivery.objects.filter(same, pk=pk, status=Status.PENDING).update(
                claimed_until=until
            ):
                won.append(pk)
    return won


def attempt(delivery_id: int, keys: dict[int, bytes]) -> tuple[Delivery, Result] | None:
    """Sends one claimed delivery (no transaction open); None if it is gone."""
    delivery = Delivery.objects.select_related("event", "endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Status.PENDING:
        return None
    endpoint = delivery.endpoint
    if endpoint.pk not in keys:
        keys[endpoint.pk] = actions.open_secret(endpoint)
    body = bodies.body(delivery.event, endpoint)
    timestamp = int(timezone.now().timestamp())
    headers = signing.headers(keys[endpoint.pk], str(delivery.event.pk), timestamp, body)
    result = post(endpoint.url, headers, body, settings.CHAT_WEBHOOK_TIMEOUT_SECONDS)
    return delivery, result


def _should_disable(endpoint: Endpoint, now: datetime) -> bool:
    if not endpoint.active or endpoint.failing_since is None:
        return False
    long_enough = timedelta(hours=settings.CHAT_WEBHOOK_DISABLE_AFTER_HOURS)
    return (
        endpoint.failures >= settings.CHAT_WEBHOOK_DISABLE_AFTER_FAILURES
        and endpoint.failing_since <= now - long_enough
    )


def _log(delivery: Delivery, result: Result, now: datetime) -> None:
    Attempt.objects.create(
        attempted_at=now,
        event_id=delivery.event_id,
        event_type=delivery.event.type,
        endpoint_id=delivery.endpoint_id,
        outcome=result.outcome,
        status_code=result.status_code,
        latency_ms=result.latency_ms,
    )


def _failed(delivery: Delivery, now: datetime) -> None:
    attempts = delivery.attempts + 1
    next_at = now + retry_delay(attempts)
    window_ends = delivery.event.created_at + timedelta(hours=settings.CHAT_WEBHOOK_RETRY_HOURS)
    given_up = next_at > window_ends
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts,
        status=Status.GIVEN_UP if given_up else Status.PENDING,
        next_attempt_at=next_at,
        claimed_until=None,
    )
    Endpoint.objects.filter(pk=delivery.endpoint_id).update(
        failures=F("failures") + 1, failing_since=Coalesce("failing_since", now)
    )
    if given_up:
        logger.warning(
            "Webhook event %s to endpoint %s given up", delivery.event_id, delivery.endpoint_id
        )


def settle(delivery: Delivery, result: Result, now: datetime | None = None) -> None:
    """Logs the attempt and moves the delivery on: delivered, retried later or given up;
    disables an endpoint that keeps failing."""
    now = now or timezone.now()
    with transaction.atomic():
        _log(delivery, result, now)
        if result.delivered:
            Delivery.objects.filter(pk=delivery.pk).update(
                attempts=delivery.attempts + 1,
                status=Status.DELIVERED,
                delivered_at=now,
                claimed_until=None,
            )
            Endpoint.objects.filter(pk=delivery.endpoint_id).update(failures=0, failing_since=None)
            return
        _failed(delivery, now)
        endpoint = Endpoint.objects.get(pk=delivery.endpoint_id)
        if _should_disable(endpoint, now):
            actions.do_disable_endpoint(None, endpoint.pk)


def run_once(keys: dict[int, bytes], limit: int = 20) -> int:
    """Claims and sends what is due now; how many deliveries were attempted."""
    sent = 0
    for delivery_id in claim(timezone.now(), limit):
        try:
            attempted = attempt(delivery_id, keys)
        except Exception as error:  # noqa: BLE001  (one bad delivery must not stop the rest)
            # Its claim runs out and it is tried again; the log names ids and the error's
            # kind only (a sealed secret that cannot be opened, a record that cannot be read).
            logger.error("Webhook delivery %s not sent: %s", delivery_id, type(error).__name__)
            continue
        if attempted is not None:
            settle(*attempted)
            sent += 1
    return sent
