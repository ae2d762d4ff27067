"""WSGI entry point (waitress serves it in `meldungen serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldungen.settings")
application = get_wsgi_application()
