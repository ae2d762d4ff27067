"""`meldungen serve` checks its options and its port before anything starts: one line and exit
1, not a silent default (--workers 0), a traceback (--port 99999, --threads 0) or gunicorn's
retries after "Meldungen läuft auf …" (a port in use)."""

from __future__ import annotations

import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "--workers 0: at least 1"),
        (["--workers", "-3"], "--workers -3: at least 1"),
        (["--threads", "0"], "--threads 0: at least 1"),
        (["--port", "99999"], "--port 99999: a port is a number from 1 to 65535"),
        (["--port", "0"], "--port 0"),
    ],
)
def test_serve_refuses_options_it_cannot_use(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("serve", *args, "--no-worker", stdout=StringIO(), stderr=StringIO())


def test_serve_says_when_its_port_is_taken_before_it_starts():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = StringIO()
        with pytest.raises(CommandError, match=f"cannot listen on 127.0.0.1:{port}: Address"):
            call_command("serve", "--port", str(port), "--no-worker", stdout=out)
    assert "läuft" not in out.getvalue()
