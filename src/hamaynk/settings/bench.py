"""``make bench``: the production settings, served over plain HTTP on loopback.

Only what plain HTTP needs differs (no redirect to HTTPS, no secure-only cookies, no
HSTS), and the URLs add the bare view the benchmark compares every page with.
"""

from .production import *  # noqa: F403

ROOT_URLCONF = "hamaynk.urls_bench"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
