"""Reading the environment for the settings: a value that cannot be used stops every command
(and the portal) with one line that names the variable (``ConfigError``, printed by
``meldungen.cli``), instead of a traceback or a default the operator did not ask for.

A variable that is unset or empty takes its default."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from meldungen.hardening import ConfigError

__all__ = [
    "ConfigError",
    "env_data_dir",
    "env_flag",
    "env_float",
    "env_int",
    "env_languages",
    "env_log_level",
]

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _raw(name: str) -> str:
    return os.environ.get(name, "").strip()


def _bounds(name: str, value: float, raw: str, minimum, maximum, unit: str) -> None:
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if maximum is None:
            span = f"at least {minimum}"
        elif minimum is None:
            span = f"at most {maximum}"
        else:
            span = f"between {minimum} and {maximum}"
        raise ConfigError(f"{name}={raw!r} is out of range: it must be {span}{unit}")


def _number(name: str, raw: str, convert, what: str, unit: str):
    try:
        return convert(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not {what}{unit and ' of' + unit}") from None


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None, unit=""
) -> int:
    """A whole number; ``unit`` (" seconds") ends the message."""
    raw = _raw(name)
    if not raw:
        return default
    value = _number(name, raw, int, "a whole number", unit)
    _bounds(name, value, raw, minimum, maximum, unit)
    return value


def env_float(
    name: str,
    default: float,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    positive: bool = False,
    unit="",
) -> float:
    """A number (``positive``: greater than 0)."""
    raw = _raw(name)
    if not raw:
        return default
    value = _number(name, raw, float, "a number", unit)
    if value != value or value in (float("inf"), float("-inf")):  # nan, inf
        raise ConfigError(f"{name}={raw!r} is not a finite number")
    if positive and value <= 0:
        raise ConfigError(f"{name}={raw!r} is out of range: it must be greater than 0{unit}")
    _bounds(name, value, raw, minimum, maximum, unit)
    return value


def env_flag(name: str, default: bool) -> bool:
    """``1``/``0`` (also true/false, yes/no, on/off). Anything else is refused: before, any
    value but ``1`` meant off, so ``MELDUNGEN_BEHIND_TLS_PROXY=true`` left cookies insecure."""
    raw = _raw(name).lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(f"{name}={_raw(name)!r} is neither 1 (on) nor 0 (off)")


def env_languages(name: str = "MELDUNGEN_LANGUAGES", default: str = "de") -> list[str]:
    """Comma-separated two-letter codes (ISO 639-1), lower-cased."""
    raw = _raw(name) or default
    codes = [code.strip().lower() for code in raw.split(",") if code.strip()]
    for code in codes:
        if not re.fullmatch(r"[a-z]{2}", code):
            raise ConfigError(
                f"{name}={raw!r}: {code!r} is not a two-letter language code (ISO 639-1) "
                "such as de or en"
            )
    return codes or [default]


def env_log_level(name: str = "MELDUNGEN_LOG", default: str = "INFO") -> str:
    raw = _raw(name).upper()
    if not raw:
        return default
    if raw not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ConfigError(f"{name}={_raw(name)!r} is not a log level (DEBUG, INFO, WARNING, ERROR)")
    return logging.getLevelName(logging.getLevelName(raw))


def env_data_dir(name: str, default: str) -> Path:
    """The data dir, resolved: created when missing; a file, or a folder that cannot be
    created or written, is refused with the reason."""
    raw = _raw(name) or default
    path = Path(raw).resolve()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{name}={raw!r} is not a folder (a file of that name exists)")
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ConfigError(f"{name}={raw!r}: cannot create the folder: {exc.strerror}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise ConfigError(f"{name}={raw!r}: the folder is not writable for this user")
    return path


def database(url: str, **options) -> dict:
    """``DATABASE_URL`` parsed; an unknown scheme or a malformed URL names the variable."""
    import dj_database_url

    try:
        config = dj_database_url.parse(url, **options)
    except (ValueError, dj_database_url.UnknownSchemeError):
        scheme = url.split("://", 1)[0] if "://" in url else ""
        raise ConfigError(
            f"DATABASE_URL: cannot use {_safe_url(url)!r} "
            f"({'unknown scheme ' + repr(scheme) if scheme else 'no scheme'}); "
            "use e.g. postgresql://user@host/dbname or sqlite:////path/file.sqlite3"
        ) from None
    if not config.get("ENGINE"):
        raise ConfigError(f"DATABASE_URL: cannot use {_safe_url(url)!r} (no database engine)")
    return config


def _safe_url(url: str) -> str:
    """The URL without a password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)
