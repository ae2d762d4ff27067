"""`meldungen serve`: the portal under gunicorn (one master, several worker processes) plus one
background worker process that polls due sources, in one process tree. Ctrl+C stops all.

The poller is started here, in the master, before gunicorn forks its workers: it runs exactly
once however many server processes there are."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


def default_workers() -> int:
    """MELDUNGEN_WORKERS (checked by the settings), else gunicorn's rule of thumb: 2 × cores + 1."""
    if value := settings.MELDUNGEN["WORKERS"]:
        return value
    return 2 * (os.cpu_count() or 1) + 1


def port_in_use(host: str, port: int) -> str:
    """Why ``host:port`` cannot be listened on ("" when it can), asked before anything starts:
    gunicorn only said so after "Meldungen läuft auf …" and five retries."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
            sock.bind((host, port))
    except OSError as exc:
        return exc.strerror or str(exc)
    return ""


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "bind": bind,
        "workers": workers,
        # Threads per process, with keep-alive; the page cache answers most requests in
        # well under a millisecond, so a few threads keep each process busy.
        "worker_class": "gthread",
        "threads": threads,
        "keepalive": 5,
        "timeout": 60,
        "graceful_timeout": 10,
        "proc_name": "meldungen",
        "accesslog": os.environ.get("MELDUNGEN_ACCESS_LOG") or None,
        "errorlog": "-",
        "loglevel": "warning",
        # Behind nginx: trust X-Forwarded-* only from the proxy on this machine.
        "forwarded_allow_ips": os.environ.get("MELDUNGEN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
    }


def run_gunicorn(application, options: dict) -> None:
    from gunicorn.app.base import BaseApplication

    class Portal(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Portal().run()


class Command(BaseCommand):
    help = "Serve the portal (gunicorn) and poll sources in the background."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("MELDUNGEN_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=settings.MELDUNGEN["PORT"])
        parser.add_argument("--no-worker", action="store_true", help="serve pages only")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="server processes (default: MELDUNGEN_WORKERS, else 2 x cores + 1)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.MELDUNGEN["THREADS"],
            help="threads per server process (default: MELDUNGEN_THREADS, else 4)",
        )

    def handle(self, *args, host: str, port: int, no_worker: bool, workers, threads, **opts):
        from meldungen.news.polling import seed_default_sources
        from meldungen.wsgi import application

        if not 1 <= port <= 65535:
            raise CommandError(f"--port {port}: a port is a number from 1 to 65535")
        if workers is not None and workers < 1:
            raise CommandError(f"--workers {workers}: at least 1 server process")
        if threads < 1:
            raise CommandError(f"--threads {threads}: at least 1 thread per process")
        if reason := port_in_use(host, port):
            raise CommandError(f"cannot listen on {host}:{port}: {reason}")

        if settings.MELDUNGEN["SEED_DEFAULT_SOURCES"]:
            added = seed_default_sources()
            if added:
                self.stdout.write(
                    f"Added {added} default news feeds (see `meldungen sources list`)."
                )
        call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # nothing the forked server processes could share
        workers = workers if workers is not None else default_workers()
        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "meldungen.cli", "worker"])
        self.stdout.write(
            f"Meldungen läuft auf http://{host}:{port}/  "
            f"({workers} Prozesse × {threads} Threads; Strg+C beendet)"
        )
        self.stdout.flush()
        try:
            run_gunicorn(application, gunicorn_options(host, port, workers, threads))
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
