"""WSGI entry point used by `openrvu serve` (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openrvu.settings")
application = get_wsgi_application()
