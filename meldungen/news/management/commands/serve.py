"""`meldungen serve`: the portal (waitress) plus a background worker process that polls due
sources, in one process tree. Ctrl+C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the portal and poll sources in the background."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("MELDUNGEN_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("MELDUNGEN_PORT", 8000)))
        parser.add_argument("--no-worker", action="store_true", help="serve pages only")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host: str, port: int, no_worker: bool, threads: int, **opts):
        from waitress import serve

        from meldungen.news.polling import seed_default_sources
        from meldungen.wsgi import application

        if settings.MELDUNGEN["SEED_DEFAULT_SOURCES"]:
            added = seed_default_sources()
            if added:
                self.stdout.write(
                    f"Added {added} default news feeds (see `meldungen sources list`)."
                )
        call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "meldungen.cli", "worker"])
        self.stdout.write(f"Meldungen läuft auf http://{host}:{port}/  (Strg+C beendet)")
        try:
            serve(application, host=host, port=port, threads=threads, ident="Meldungen")
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
