"""`meldungen worker`: schedules polls of due sources and runs the queued background tasks."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

log = logging.getLogger("meldungen.worker")


class Command(BaseCommand):
    help = "Poll due sources and run background tasks until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=20, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="one round, then exit")

    def handle(self, *args, interval: float, once: bool, **opts):
        from meldungen.tasks import schedule_due_sources

        while True:
            close_old_connections()
            try:
                if settings.MELDUNGEN["POLL_ENABLED"]:
                    schedule_due_sources()
                call_command(
                    "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
                )
            except Exception:  # a failed round must not end the worker; log and go on
                log.exception("worker round failed")
            if once:
                return
            time.sleep(interval)
