import logging
import signal
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from chatserver.integrations import due_requests, pruning, worker

logger = logging.getLogger(__name__)
# How often subject requests' due dates are looked at and the outbox pruned.
DUE_CHECK_SECONDS = 600


class Command(BaseCommand):
    help = (
        "Delivers the outbox's webhook events, signed, to their endpoints, retrying failures "
        "with backoff for CHAT_WEBHOOK_RETRY_HOURS; runs until stopped (SIGTERM or SIGINT "
        "finish the delivery under way first). Run as a service "
        "(Procfile 'webhooks', deploy/systemd/housing-chat-webhooks.service); any number "
        "may run at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Send what is due now, then exit.")
        parser.add_argument(
            "--batch", type=int, default=20, help="Deliveries claimed at a time (default 20)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch = max(1, options["batch"])
        keys: dict[int, bytes] = {}
        if options["once"]:
            self._now_and_then()
            sent = worker.run_once(keys, batch)
            self.stdout.write(f"Webhooks: {sent} deliveries attempted.")
            return
        self._serve(keys, batch)

    def _now_and_then(self) -> None:
        """Subject requests coming due announced; settled events and old attempts pruned."""
        due_requests.do_announce_due_requests(timezone.localdate())
        pruning.do_prune(timezone.now())

    def _serve(self, keys: dict[int, bytes], batch: int) -> None:
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        logger.info("Webhook worker started")
        next_due_check = 0.0
        while not stopping:
            close_old_connections()
            if time.monotonic() >= next_due_check:
                self._now_and_then()
                next_due_check = time.monotonic() + DUE_CHECK_SECONDS
            if worker.run_once(keys, batch) == 0 and not stopping:
                time.sleep(settings.CHAT_WEBHOOK_POLL_SECONDS)
        logger.info("Webhook worker stopped")
