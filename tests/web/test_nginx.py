"""nginx in front of a live portal, as in the README's deployment recipe: it caches pages (the
second request is a HIT), answers conditional requests with 304, and revalidates a stale copy
with the portal (REVALIDATED). Starts its own nginx on a loopback port and stops it by its PID."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from storehelp import put

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        shutil.which("nginx") is None, reason="nginx not installed (apt-get install nginx-light)"
    ),
]

# Like deploy/nginx/meldungen.conf, but plain HTTP on a loopback port, everything in one
# folder, and cached copies stale after 1 s so that revalidation can be seen.
CONF = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
{user}
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp;
    proxy_temp_path {root}/tmp;
    fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp;
    scgi_temp_path {root}/tmp;
    proxy_cache_path {root}/cache levels=1:2 keys_zone=meldungen:1m max_size=10m inactive=1h;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://{upstream};
            proxy_set_header Host $host;
            proxy_cache meldungen;
            proxy_cache_revalidate on;
            proxy_cache_use_stale error timeout updating http_500 http_502 http_503;
            proxy_cache_lock on;
            proxy_cache_bypass $cookie_sessionid;
            proxy_no_cache $cookie_sessionid;
            proxy_ignore_headers Cache-Control Vary;
            proxy_cache_valid 200 1s;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(live_server, tmp_path):
    root = tmp_path / "nginx"
    (root / "tmp").mkdir(parents=True)
    port = _free_port()
    conf = root / "nginx.conf"
    user = "user root;" if os.geteuid() == 0 else ""
    upstream = live_server.url.removeprefix("http://")
    conf.write_text(CONF.format(root=root, port=port, upstream=upstream, user=user))
    proc = subprocess.Popen(
        ["nginx", "-p", str(root), "-c", str(conf), "-e", str(root / "early.log")],
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"nginx did not start: {proc.stderr.read().decode()}")
                time.sleep(0.05)
        yield base
    finally:
        os.kill(proc.pid, signal.SIGQUIT)  # graceful stop of the nginx we started, by its PID
        proc.wait(timeout=10)
        assert not Path(root / "nginx.pid").exists()


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def test_nginx_caches_and_revalidates(nginx):
    article = put("nginx", "Fähre fährt wieder nach Plan", teaser="Der Sturm hat sich gelegt.")
    url = f"{nginx}/artikel/{article.pk}/"

    status, first, body = _get(url)
    assert status == 200 and "Fähre fährt wieder" in body.decode()
    assert first["X-Cache-Status"] == "MISS"
    status, second, again = _get(url)
    assert status == 200 and second["X-Cache-Status"] == "HIT" and again == body

    status, headers, empty = _get(url, **{"If-None-Match": first["ETag"]})
    assert status == 304 and empty == b""

    # The cached copy goes stale after proxy_cache_valid 1s (nginx counts whole seconds): then
    # nginx asks the portal with the page's validators and the portal answers 304.
    for _ in range(20):
        time.sleep(0.5)
        status, third, body3 = _get(url)
        if third.get("X-Cache-Status") != "HIT":
            break
    assert status == 200 and third["X-Cache-Status"] == "REVALIDATED" and body3 == body

    status, personal, _ = _get(url, Cookie="sessionid=abc")
    assert status == 200 and personal["X-Cache-Status"] == "BYPASS"
