"""WSGI entry point (gunicorn serves it in `meldungen serve`; any WSGI server can)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldungen.settings")
application = get_wsgi_application()

# Start-up message for any WSGI server (gunicorn, waitress): what the operator should set.
import logging  # noqa: E402

from django.conf import settings  # noqa: E402

from meldungen.hardening import startup_warnings  # noqa: E402

for _warning in startup_warnings(settings.PUBLIC_URL, settings.ALLOWED_HOSTS):
    logging.getLogger("meldungen").warning(_warning)
