"""gunicorn's configuration for production and for ``make bench``.

One synchronous worker per core plus one: the application is CPU-bound in Python and
waits on PostgreSQL briefly, so more workers than that only add memory. Set
``WEB_CONCURRENCY`` to override (e.g. on a machine where PostgreSQL has its own cores).
"""

import multiprocessing
import os

pythonpath = "src"
wsgi_app = "hamaynk.wsgi"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
# Restart a worker now and then, so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
accesslog = None
errorlog = "-"
