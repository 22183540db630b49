"""The delivery worker's steps: claims no two workers share, the backoff schedule for a day
of retries, the delivery log without bodies, and an endpoint that keeps failing disabled
with the supervisors told."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from standardwebhooks import Webhook

from chatserver.integrations import events, kinds, worker
from chatserver.integrations.http_post import Result
from chatserver.integrations.models import Attempt, Delivery, Endpoint, OutboxEvent
from tests import factories
from tests.webhook_helpers import endpoint

pytestmark = pytest.mark.django_db
Status = Delivery.Status
OK = Result("delivered", 204, 12)
ERROR = Result("refused", 500, 30)
TIMEOUT = Result("timed_out", None, 10000)


def one_event() -> OutboxEvent:
    chat = factories.conversation(lines=["the boiler is out"])
    with transaction.atomic():
        made = events.conversation_event(kinds.CONVERSATION_CLOSED, chat.pk)
    assert made is not None
    return made


class FakePost:
    """Stands in for the HTTP POST: answers from a script, keeps what was sent."""

    def __init__(self, *answers: Result) -> None:
        self.answers = list(answers)
        self.sent: list[tuple[str, dict[str, str], bytes]] = []

    def __call__(self, url: str, headers: dict[str, str], body: bytes, timeout: float) -> Result:
        self.sent.append((url, headers, body))
        return self.answers.pop(0)


def test_the_backoff_doubles_from_the_first_wait_up_to_the_longest(settings: Any) -> None:
    settings.CHAT_WEBHOOK_FIRST_RETRY_SECONDS = 30
    settings.CHAT_WEBHOOK_LONGEST_RETRY_SECONDS = 4 * 3600
    waits = [worker.retry_delay(n).total_seconds() for n in range(1, 13)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 14400, 14400, 14400]


def test_a_day_of_the_default_schedule_is_about_fifteen_attempts(settings: Any) -> None:
    elapsed, attempts = 0.0, 1
    while elapsed + worker.retry_delay(attempts).total_seconds() <= 24 * 3600:
        elapsed += worker.retry_delay(attempts).total_seconds()
        attempts += 1
    assert 12 <= attempts <= 20


@given(st.integers(min_value=-5, max_value=10_000))
def test_every_wait_is_between_the_first_and_the_longest(failures: int) -> None:
    from django.conf import settings

    wait = worker.retry_delay(failures).total_seconds()
    assert wait >= settings.CHAT_WEBHOOK_FIRST_RETRY_SECONDS
    assert wait <= settings.CHAT_WEBHOOK_LONGEST_RETRY_SECONDS
    assert worker.retry_delay(failures + 1).total_seconds() >= wait


def test_a_delivery_is_signed_for_the_receiver_and_logged_without_its_body(monkeypatch) -> None:
    target, secret = endpoint()
    made = one_event()
    fake = FakePost(OK)
    monkeypatch.setattr(worker, "post", fake)
    assert worker.run_once({}) == 1
    [(url, headers, body)] = fake.sent
    assert url == target.url and headers["webhook-id"] == str(made.pk)
    assert Webhook(secret).verify(body, headers)["type"] == kinds.CONVERSATION_CLOSED
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.claimed_until) == (
        Status.DELIVERED,
        1,
        None,
    )
    logged = Attempt.objects.get()
    assert (logged.event_id, logged.status_code, logged.latency_ms) == (made.pk, 204, 12)
    assert {f.name for f in Attempt._meta.get_fields()} == {
        "id",
        "attempted_at",
        "event_id",
        "event_type",
        "endpoint",
        "outcome",
        "status_code",
        "latency_ms",
    }
    assert worker.run_once({}) == 0


def test_a_failure_is_retried_after_the_backoff_and_then_delivered(monkeypatch, settings) -> None:
    settings.CHAT_WEBHOOK_FIRST_RETRY_SECONDS = 60
    endpoint()
    one_event()
    fake = FakePost(ERROR, TIMEOUT, OK)
    monkeypatch.setattr(worker, "post", fake)
    assert worker.run_once({}) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Status.PENDING and delivery.attempts == 1
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=55) < wait <= timedelta(seconds=60)
    assert worker.run_once({}) == 0  # not due yet
    for expected in (2, 3):
        Delivery.objects.update(next_attempt_at=timezone.now())
        assert worker.run_once({}) == 1
        assert Delivery.objects.get().attempts == expected
    assert Delivery.objects.get().status == Status.DELIVERED
    assert [a.outcome for a in Attempt.objects.order_by("attempted_at")] == [
        "refused",
        "timed_out",
        "delivered",
    ]
    assert len({headers["webhook-id"] for _, headers, _ in fake.sent}) == 1
    assert Endpoint.objects.get().failures == 0


def test_a_delivery_still_failing_a_day_after_its_event_is_given_up(monkeypatch) -> None:
    endpoint()
    made = one_event()
    OutboxEvent.objects.filter(pk=made.pk).update(created_at=timezone.now() - timedelta(hours=24))
    monkeypatch.setattr(worker, "post", FakePost(ERROR))
    worker.run_once({})
    assert Delivery.objects.get().status == Status.GIVEN_UP


def test_an_endpoint_failing_long_enough_is_disabled_and_supervisors_emailed(
    monkeypatch, settings, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    settings.CHAT_WEBHOOK_DISABLE_AFTER_FAILURES = 3
    settings.CHAT_WEBHOOK_DISABLE_AFTER_HOURS = 1
    boss = factories.supervisor("boss")
    boss.email = "boss@landlord.example"
    boss.save()
    target, _ = endpoint(supervisor=boss)
    one_event()
    monkeypatch.setattr(worker, "post", FakePost(ERROR, ERROR, ERROR, ERROR))
    for _ in range(3):
        Delivery.objects.update(next_attempt_at=timezone.now())
        worker.run_once({})
    target.refresh_from_db()
    assert target.active and target.failures == 3  # failing, but not for an hour yet
    Endpoint.objects.filter(pk=target.pk).update(failing_since=timezone.now() - timedelta(hours=2))
    Delivery.objects.update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        worker.run_once({})
    target.refresh_from_db()
    assert not target.active and target.disabled_at is not None
    [mail] = mailoutbox
    assert mail.to == ["boss@landlord.example"] and "disabled" in mail.subject
    assert "housing.example" in mail.body
    one_event()
    assert Delivery.objects.filter(endpoint=target).count() == 1  # nothing new for it
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert worker.run_once({}) == 0


def test_a_success_resets_the_failures(monkeypatch) -> None:
    endpoint()
    one_event()
    one_event()
    monkeypatch.setattr(worker, "post", FakePost(ERROR, OK))
    worker.run_once({}, limit=1)
    assert Endpoint.objects.get().failures == 1
    Delivery.objects.update(next_attempt_at=timezone.now())
    worker.run_once({}, limit=1)
    endpoint_now = Endpoint.objects.get()
    assert (endpoint_now.failures, endpoint_now.failing_since) == (0, None)


def test_a_claimed_delivery_is_not_claimed_again_until_its_lease_runs_out() -> None:
    endpoint()
    one_event()
    now = timezone.now()
    [claimed] = worker.claim(now)
    assert worker.claim(now) == []
    assert worker.claim(now + worker.lease() - timedelta(seconds=1)) == []
    assert worker.claim(now + worker.lease() + timedelta(seconds=1)) == [claimed]


def test_a_delivery_that_cannot_be_prepared_is_left_for_later(monkeypatch, caplog) -> None:
    target, _ = endpoint()
    one_event()
    Endpoint.objects.filter(pk=target.pk).update(secret_sealed=b"\x01\x00broken")
    monkeypatch.setattr(worker, "post", FakePost())
    assert worker.run_once({}) == 0
    assert Delivery.objects.get().status == Status.PENDING
    assert "not sent: EnvelopeError" in caplog.text


def test_settled_events_and_old_attempts_are_pruned_and_pending_ones_kept(monkeypatch) -> None:
    from chatserver.integrations import pruning

    endpoint()
    delivered, pending = one_event(), one_event()
    monkeypatch.setattr(worker, "post", FakePost(OK, ERROR))
    worker.run_once({})
    later = timezone.now() + timedelta(days=31)
    assert pruning.do_prune(timezone.now()) == (0, 0)
    assert pruning.do_prune(later) == (1, 2)
    assert list(OutboxEvent.objects.values_list("pk", flat=True)) == [pending.pk]
    assert Delivery.objects.get().event_id == pending.pk
    assert delivered.pk not in set(Attempt.objects.values_list("event_id", flat=True))


def test_the_command_once_sends_what_is_due_and_says_how_many(monkeypatch, capsys) -> None:
    from django.core.management import call_command

    endpoint()
    one_event()
    monkeypatch.setattr(worker, "post", FakePost(OK))
    call_command("deliver_webhooks", "--once")
    assert "1 deliveries attempted" in capsys.readouterr().out
    assert Delivery.objects.get().status == Status.DELIVERED
