"""Site-level HTTP views: the demo landlord page and the health check."""

import asyncio
import logging
import time

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from chatserver.chat import broadcast, layer_canary
from locality.languages import in_visitor_language, supported
from transcripts.checks import resting_on_missing_keys
from transcripts.compliance import controller, retention

logger = logging.getLogger(__name__)

HEALTH_TIMEOUT_SECONDS = 3.0


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


async def _status_of(check_name: str, check: object) -> str:
    try:
        await asyncio.wait_for(check, HEALTH_TIMEOUT_SECONDS)  # type: ignore[arg-type]
    except Exception as error:  # noqa: BLE001  (any failure means "down")
        logger.warning("Health check %s failed: %s", check_name, type(error).__name__)
        return "down"
    return "ok"


KEY_CHECK_SECONDS = 60.0
_key_check: tuple[float, list[str]] = (float("-inf"), [])


def _missing_key_warning() -> str | None:
    """The warning for items under master keys missing from the ring, checked at most
    once a minute per process (it reads whole index tables)."""
    global _key_check
    checked_at, missing = _key_check
    if time.monotonic() - checked_at >= KEY_CHECK_SECONDS:
        missing = resting_on_missing_keys()
        _key_check = (time.monotonic(), missing)
    if not missing:
        return None
    return (
        "Stored items rest on master keys missing from TRANSCRIPT_KEYS and cannot be opened: "
        + "; ".join(missing)
    )


def _warnings() -> list[str]:
    return [
        warning
        for warning in (retention.overdue_warning(), _missing_key_warning())
        if warning is not None
    ]


@never_cache
async def healthz(request: HttpRequest) -> JsonResponse:
    """JSON status of the database and the channel layer.

    The database is the record: when it is down the process cannot serve (503,
    ``down``). The layer only signals: when it cannot be reached or this process's
    canary is overdue (``layer_canary``), sockets still store and replay lines and
    catch up once it is back, so the process answers 200 with ``degraded``, and a
    load balancer does not take every node out at once for one Redis outage.
    ``warnings`` lists problems that need attention but do not stop service,
    such as a retention job that has not run for twice its schedule.
    """
    database = await _status_of("database", sync_to_async(_check_database)())
    layer = await _status_of("channel_layer", broadcast.ping_layer())
    if layer_canary.layer_is_late():
        layer = "down"
    checks = {"database": database, "channel_layer": layer}
    status = "down" if database != "ok" else "degraded" if layer != "ok" else "ok"
    warnings = await sync_to_async(_warnings)() if database == "ok" else []
    return JsonResponse(
        {"status": status, "checks": checks, "warnings": warnings},
        status=503 if status == "down" else 200,
    )


@in_visitor_language
def demo_page(request: HttpRequest) -> HttpResponse:
    """A landlord-shaped page with the widget embedded, for trying the product, in the
    visitor's language; ``?lang=cy`` embeds the widget as a Welsh page would
    (``data-lang``)."""
    return render(
        request,
        "demo.html",
        {
            "organisation": settings.CHAT_ORGANISATION_NAME,
            "widget_language": supported(request.GET.get("lang")),
            "page_language": "cy" if get_language() == "cy" else "en-GB",
        },
    )


@in_visitor_language
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The chat's privacy notice, written from the settings that govern it."""
    return render(
        request,
        "privacy.html",
        {
            "organisation": settings.CHAT_ORGANISATION_NAME,
            "retention_days": settings.CHAT_RETENTION_DAYS,
            "purge_days": settings.CHAT_PURGE_DAYS,
            "contact": settings.CHAT_PRIVACY_CONTACT,
            "controller": controller.configured(),
        },
    )
