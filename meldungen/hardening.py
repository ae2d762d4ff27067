"""Deployment hardening that settings.py needs before Django is set up: hosts and origins from
the configured public URL, owner-only permissions for the data dir and the SQLite file, and
the Content-Security-Policies. Plain functions, no Django imports."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

# Host names a local `make run` answers to when no public URL is configured.
LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
_WILDCARD_BINDS = {"", "0.0.0.0", "::", "[::]"}

# Pages: no script at all (the JSON-LD block is a data block, never executed), no inline
# styles, pictures only through the portal's own /bild/ proxy.
PAGE_CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# Django's admin and the API docs load their own scripts from /static/ (no inline script or
# style attribute in Django 5.2's admin templates); their popups are windows, not frames.
ADMIN_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
ADMIN_CSP_PREFIXES = ("/admin/", "/api/docs")


class ConfigError(ValueError):
    """A setting that cannot be used, with the reason."""


def parse_public_url(value: str) -> tuple[str, str, str]:
    """``(scheme, host, origin)`` of ``MELDUNGEN_PUBLIC_URL``; ``ConfigError`` when unusable."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"MELDUNGEN_PUBLIC_URL={value!r} is not an http(s) URL such as https://news.example.org"
        )
    host = parts.hostname
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    origin = f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"
    return parts.scheme, host, origin


def allowed_hosts(public_url: str, extra: str, bind_host: str) -> list[str]:
    """The host names Django accepts in ``Host``: the public URL's, else local names only
    (plus the address ``serve`` binds to, when it is a specific one), plus any extra ones."""
    hosts: list[str] = []
    if public_url:
        hosts.append(parse_public_url(public_url)[1])
    else:
        hosts += LOCAL_HOSTS
        if bind_host not in _WILDCARD_BINDS and bind_host not in hosts:
            hosts.append(f"[{bind_host}]" if ":" in bind_host else bind_host)
    for host in extra.split(","):
        if host.strip() and host.strip() not in hosts:
            hosts.append(host.strip())
    return hosts


def startup_warnings(public_url: str, hosts: list[str]) -> list[str]:
    """What an operator should be told when the portal starts."""
    warnings = []
    if not public_url:
        warnings.append(
            "MELDUNGEN_PUBLIC_URL is not set: the portal answers only to "
            + ", ".join(hosts)
            + " and builds canonical URLs, feeds and sitemaps for those names. Set "
            "MELDUNGEN_PUBLIC_URL=https://your.host.example to serve it under its public name."
        )
    if "*" in hosts:
        warnings.append(
            "MELDUNGEN_ALLOWED_HOSTS contains '*': any Host header is accepted and reflected "
            "in feeds and sitemaps. List the real host names instead."
        )
    return warnings


def owner_only_dir(path: Path) -> None:
    """Create ``path`` (and parents) and make it 0700; a dir we do not own is left alone."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if path.stat().st_uid == os.getuid():
            path.chmod(0o700)
    except OSError:
        pass


def owner_only_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if missing, else chmod it 0600 (SQLite creates its
    -wal and -shm files with the database file's mode, so they follow)."""
    try:
        if path.exists():
            if path.stat().st_uid == os.getuid():
                path.chmod(0o600)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError:
        pass
