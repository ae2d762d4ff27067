"""Django settings. Everything comes from environment variables with safe defaults, so that
`meldungen serve` works with none set: SQLite under ./var (or $MELDUNGEN_DATA_DIR)."""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path

import dj_database_url

from meldungen.ingest.limits import MAX_DOCUMENT_BYTES

PACKAGE_DIR = Path(__file__).resolve().parent
# Under pytest nothing may touch ./var: tests get a throw-away data dir and run tasks inline.
TESTING = "pytest" in sys.modules or os.environ.get("MELDUNGEN_TESTING") == "1"
_default_data_dir = tempfile.mkdtemp(prefix="meldungen-test-") if TESTING else "var"
DATA_DIR = Path(os.environ.get("MELDUNGEN_DATA_DIR", _default_data_dir)).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("MELDUNGEN_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("MELDUNGEN_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("MELDUNGEN_ALLOWED_HOSTS", "*").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("MELDUNGEN_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "meldungen.news",
    "meldungen.search",
    "meldungen.api",
    "meldungen.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "meldungen.web.caching.HttpCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "meldungen.urls"
WSGI_APPLICATION = "meldungen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meldungen.web.context.portal",
            ]
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'meldungen.sqlite3'}"
if TESTING and os.environ.get("MELDUNGEN_TEST_POSTGRES") == "1":
    # `make test` runs the database tests a second time on the local PostgreSQL server.
    _default_db = os.environ.get(
        "MELDUNGEN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the portal read while the worker writes; IMMEDIATE avoids upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "MELDUNGEN_TASK_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

LANGUAGE_CODE = "de"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
IMAGE_CACHE_DIR = DATA_DIR / "images"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "meldungen",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "meldungen": {"handlers": ["console"], "level": os.environ.get("MELDUNGEN_LOG", "INFO")},
        "django_tasks_db": {"handlers": ["console"], "level": "WARNING"},
    },
}

# Portal behaviour
MELDUNGEN = {
    # Fetching private/loopback addresses is refused (SSRF guard) unless this is set.
    "ALLOW_PRIVATE_FETCH": os.environ.get("MELDUNGEN_ALLOW_PRIVATE_FETCH", "") == "1",
    "SEED_DEFAULT_SOURCES": os.environ.get("MELDUNGEN_SEED_SOURCES", "0" if TESTING else "1")
    == "1",
    "POLL_ENABLED": os.environ.get("MELDUNGEN_POLL", "1") == "1",
    "FETCH_TIMEOUT": float(os.environ.get("MELDUNGEN_FETCH_TIMEOUT", "15")),
    # One size limit for files, the ingest API and fetched feeds/pages (ingest/limits.py).
    "FETCH_MAX_BYTES": MAX_DOCUMENT_BYTES,
    "PAGE_SIZE": 30,
    "RELATED_LIMIT": 6,
}
