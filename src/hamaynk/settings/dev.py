"""Local development: SQLite in ./var unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import DATA_DIR
from .env import env_bool, env_str
from .secret import local_secret_key

DEBUG = env_bool("DJANGO_DEBUG", True)
HAMAYNK_DEMO_ALLOWED = env_bool("HAMAYNK_DEMO_ALLOWED", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or local_secret_key(DATA_DIR)
