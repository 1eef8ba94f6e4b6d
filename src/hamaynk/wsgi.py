"""WSGI entry point for gunicorn: ``gunicorn --pythonpath src hamaynk.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamaynk.settings.production")

application = get_wsgi_application()
