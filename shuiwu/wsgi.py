"""WSGI entry point (gunicorn shuiwu.wsgi, or waitress through ``shuiwu serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuiwu.settings")
application = get_wsgi_application()
