"""`meldungen worker`: schedules polls of due sources and runs the queued background tasks."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

log = logging.getLogger("meldungen.worker")

TASKS_PER_ROUND = 5  # tasks a round runs before it schedules the due sources again


class Command(BaseCommand):
    help = "Poll due sources and run background tasks until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=20, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="one round, then exit")

    def handle(self, *args, interval: float, once: bool, **opts):
        from meldungen.tasks import schedule_due_sources

        while True:
            close_old_connections()
            waiting = False
            try:
                if settings.MELDUNGEN["POLL_ENABLED"]:
                    schedule_due_sources()
                # A few tasks per round, then the due sources again: their polls go before the
                # queued pictures (a lower priority), so pictures from a slow server (up to 60 s
                # each, hundreds after one big feed) no longer hold every poll back.
                call_command(
                    "db_worker",
                    batch=True,
                    max_tasks=None if once else TASKS_PER_ROUND,
                    startup_delay=False,
                    reload=False,
                    verbosity=0,
                )
                waiting = not once and tasks_waiting()
            except Exception:  # a failed round must not end the worker; log and go on
                log.exception("worker round failed")
            if once:
                return
            if not waiting:
                time.sleep(interval)


def tasks_waiting() -> bool:
    """Whether queued tasks are ready to run now (database task backend)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().exists()
