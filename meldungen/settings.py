"""Django settings. Everything comes from environment variables with safe defaults, so that
`meldungen serve` works with none set: SQLite under ./var (or $MELDUNGEN_DATA_DIR)."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from meldungen import hardening
from meldungen.envconfig import (
    ConfigError,
    database,
    env_data_dir,
    env_flag,
    env_float,
    env_int,
    env_languages,
    env_log_level,
)
from meldungen.ingest.limits import MAX_DOCUMENT_BYTES

PACKAGE_DIR = Path(__file__).resolve().parent
# MELDUNGEN_TESTING=1 (tests/conftest.py sets it, with a throw-away MELDUNGEN_DATA_DIR):
# nothing may touch ./var, tasks run inline.
TESTING = os.environ.get("MELDUNGEN_TESTING") == "1"
_default_data_dir = tempfile.mkdtemp(prefix="meldungen-test-") if TESTING else "var"
DATA_DIR = env_data_dir("MELDUNGEN_DATA_DIR", _default_data_dir)
hardening.owner_only_dir(DATA_DIR)  # database, secret key and caches: readable by the owner only


def _secret_key() -> str:
    if key := os.environ.get("MELDUNGEN_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_flag("MELDUNGEN_DEBUG", False)
# Hosts and origins come from the public URL, so a forged Host header is refused (400) and
# never reaches canonical URLs, feeds, sitemaps or cached pages. Unset: local names only.
PUBLIC_URL = os.environ.get("MELDUNGEN_PUBLIC_URL", "").strip().rstrip("/")
ALLOWED_HOSTS = hardening.allowed_hosts(
    PUBLIC_URL,
    os.environ.get("MELDUNGEN_ALLOWED_HOSTS", ""),
    os.environ.get("MELDUNGEN_HOST", "127.0.0.1"),
)
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("MELDUNGEN_CSRF_TRUSTED_ORIGINS", "").split(",") if o
] + ([hardening.parse_public_url(PUBLIC_URL)[2]] if PUBLIC_URL else [])
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto: requests count as https, HSTS
# is sent and cookies are Secure. An https public URL makes cookies Secure as well.
BEHIND_TLS_PROXY = env_flag("MELDUNGEN_BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
_HTTPS = BEHIND_TLS_PROXY or PUBLIC_URL.startswith("https://")
_HSTS_SECONDS = env_int("MELDUNGEN_HSTS_SECONDS", 31536000, minimum=0, unit=" seconds")
SECURE_HSTS_SECONDS = _HSTS_SECONDS if _HTTPS else 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "meldungen.news.adminsite.DeskAdminConfig",  # django.contrib.admin, its site checked
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "axes",  # login throttling for the admin
    "meldungen.news",
    "meldungen.search",
    "meldungen.api",
    "meldungen.web",
    "meldungen.follow",  # readers' accounts, follows, alerts, WebSub
]

MIDDLEWARE = [
    "meldungen.web.middleware.PublicSchemeMiddleware",  # the public URL's host: its scheme
    "django.middleware.security.SecurityMiddleware",
    "meldungen.web.middleware.RefuseNulMiddleware",  # NUL in path or query: 400
    "meldungen.api.middleware.ApiHttpMiddleware",  # /api/: HEAD as GET, JSON 404 and 405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "meldungen.web.caching.HttpCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "meldungen.web.headers.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login throttling (django-axes): N failures for one user name from one address lock
# that pair out for the cool-off time (answer 429); a success resets the count.
AXES_FAILURE_LIMIT = env_int("MELDUNGEN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = (
    env_float("MELDUNGEN_LOGIN_COOLOFF_MINUTES", 30, minimum=0, unit=" minutes") / 60
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "meldungen.web.headers.client_ip"

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
    "default": database(
        os.environ.get("DATABASE_URL", "").strip() or _default_db,
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if str(DATABASES["default"]["NAME"]) not in ("", ":memory:"):
        hardening.owner_only_file(Path(DATABASES["default"]["NAME"]))
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the portal read while the worker writes; IMMEDIATE avoids upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    if TESTING:
        # The tests' database is a file too, as the portal's is: Django's default for SQLite
        # tests, an in-memory database in shared-cache mode, locks whole tables, so threads of
        # the concurrency tests failed at once ("database table is locked") where the portal's
        # writers wait for the lock.
        DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Reads that PostgreSQL may prefetch at once in a bitmap heap scan (search's windows, lists):
    # its default of 1 suits one spinning disk; on SSDs 200 made a cold search at 1,000,000
    # articles about twice as fast (README, benchmarks). A DATABASE_URL "options" wins.
    _io = env_int("MELDUNGEN_PG_IO_CONCURRENCY", 200, minimum=0, maximum=1000)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c effective_io_concurrency={_io}"
    )

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


def _cache_config(url: str) -> dict:
    """MELDUNGEN_CACHE_URL: redis://host:6379/0 (several machines), file:///path, locmem://.
    Default: a file cache in the data dir, shared by every server process and the worker."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("locmem://") or (not url and TESTING):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "meldungen"}
    if url and not url.startswith("file://"):
        raise ConfigError(
            f"MELDUNGEN_CACHE_URL={url!r}: use redis://host:6379/0, locmem:// or file:///path"
        )
    path = url.removeprefix("file://") if url else str(DATA_DIR / "cache")
    return {
        "BACKEND": "meldungen.web.filecache.SampledCullFileCache",
        "LOCATION": path,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }


CACHES = {"default": _cache_config(os.environ.get("MELDUNGEN_CACHE_URL", "").strip())}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "meldungen": {"handlers": ["console"], "level": env_log_level("MELDUNGEN_LOG")},
        "django_tasks_db": {"handlers": ["console"], "level": "WARNING"},
        # A 500 must leave its traceback in the server's log, with or without DEBUG.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Portal behaviour
MELDUNGEN = {
    # Fetching private/loopback addresses is refused (SSRF guard) unless this is set.
    "ALLOW_PRIVATE_FETCH": env_flag("MELDUNGEN_ALLOW_PRIVATE_FETCH", False),
    "SEED_DEFAULT_SOURCES": env_flag("MELDUNGEN_SEED_SOURCES", not TESTING),
    "POLL_ENABLED": env_flag("MELDUNGEN_POLL", True),
    # A worker's claim on a source it polls; a killed worker's source is due again after it.
    "POLL_LEASE_SECONDS": env_float(
        "MELDUNGEN_POLL_LEASE_SECONDS", 600, positive=True, unit=" seconds"
    ),
    "FETCH_TIMEOUT": env_float("MELDUNGEN_FETCH_TIMEOUT", 15, positive=True, unit=" seconds"),
    # One size limit for files, the ingest API and fetched feeds/pages (ingest/limits.py).
    "FETCH_MAX_BYTES": MAX_DOCUMENT_BYTES,
    # Impressum and Datenschutz: the text, or the path of a text or .html file.
    "IMPRESSUM": os.environ.get("MELDUNGEN_IMPRESSUM", ""),
    "DATENSCHUTZ": os.environ.get("MELDUNGEN_DATENSCHUTZ", ""),
    "PAGE_SIZE": 30,
    # Fetch items' pictures into the image cache in the background when they are stored
    # (off in tests unless a test turns it on: no network).
    "FETCH_PICTURES": env_flag("MELDUNGEN_FETCH_PICTURES", not TESTING),
    "RELATED_LIMIT": 6,
    # Languages the portal's lists and feeds show (ISO 639-1, comma-separated); items in other
    # languages keep their pages but are listed nowhere.
    "LANGUAGES": env_languages("MELDUNGEN_LANGUAGES", "de"),
    # Full-page cache for anonymous readers (meldungen.web.pagecache); off in tests, where
    # tests that want it turn it on. TTL: the longest a page is kept without a change.
    "PAGE_CACHE": env_flag("MELDUNGEN_PAGE_CACHE", not TESTING),
    "PAGE_CACHE_TTL": env_int("MELDUNGEN_PAGE_CACHE_TTL", 300, minimum=1, unit=" seconds"),
    # Follow and alerts (meldungen.follow): readers may sign up unless this is 0.
    "SIGNUP": env_flag("MELDUNGEN_SIGNUP", True),
    "ALERT_REPEAT_HOURS": env_float("MELDUNGEN_ALERT_REPEAT_HOURS", 6, minimum=0, unit=" hours"),
    "DIGEST_HOUR": env_int("MELDUNGEN_DIGEST_HOUR", 7, minimum=0, maximum=23),
    # WebSub: the hub our feeds name (empty: none); subscribing to sources' hubs; polling
    # interval while a subscription is live; the lease we ask for.
    "WEBSUB_HUB": os.environ.get("MELDUNGEN_WEBSUB_HUB", "").strip(),
    "WEBSUB_SUBSCRIBE": env_flag("MELDUNGEN_WEBSUB_SUBSCRIBE", True),
    "WEBSUB_POLL_MINUTES": env_int(
        "MELDUNGEN_WEBSUB_POLL_MINUTES", 360, minimum=1, unit=" minutes"
    ),
    "WEBSUB_LEASE_SECONDS": env_int(
        "MELDUNGEN_WEBSUB_LEASE_SECONDS", 604800, minimum=1, unit=" seconds"
    ),
    # `meldungen serve`: port, server processes (None: 2 x cores + 1), threads per process.
    "PORT": env_int("MELDUNGEN_PORT", 8000, minimum=1, maximum=65535),
    "WORKERS": env_int("MELDUNGEN_WORKERS", 0, minimum=1) or None,
    "THREADS": env_int("MELDUNGEN_THREADS", 4, minimum=1),
}

# Readers' accounts and alert e-mails (meldungen.follow). Mail goes through Django's backend:
# SMTP at MELDUNGEN_EMAIL_HOST (unset: printed to the log).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "follow_mine"
LOGOUT_REDIRECT_URL = "home"
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("MELDUNGEN_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("MELDUNGEN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("MELDUNGEN_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = os.environ.get("MELDUNGEN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("MELDUNGEN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("MELDUNGEN_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("MELDUNGEN_EMAIL_FROM", "Meldungen <meldungen@localhost>")
