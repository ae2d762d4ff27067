"""WSGI entry point (gunicorn serves it in `meldungen serve`; any WSGI server can)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldungen.settings")
application = get_wsgi_application()
