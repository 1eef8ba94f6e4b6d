"""The test suite: fast hashing, files in a temporary folder, English-free defaults kept."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789abcdef"  # noqa: S105
DEBUG = False
HAMAYNK_DEMO_ALLOWED = True
# Most tests log staff in directly; the two-factor tests switch it on for themselves.
HAMAYNK_TWO_FACTOR_ENABLED = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="hamaynk-test-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Deliveries are queued in the database as in production and sent only when a test runs the
# worker, so no test receives another's e-mail or text messages; files stay out of var/.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
HAMAYNK_SMS_FILE_DIR = Path(tempfile.mkdtemp(prefix="hamaynk-test-sms-"))
