"""Settings shared by every environment. Values that differ come from the environment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_path, env_str

SRC_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = SRC_DIR.parent.parent

# Where the SQLite database, the generated secret key and uploaded files live.
DATA_DIR = env_path("HAMAYNK_DATA_DIR", REPO_DIR / "var")

DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "hamaynk.core",
    "hamaynk.audit",
    "hamaynk.tenancy",
    "hamaynk.accounts",
    "hamaynk.deadlines",
    "hamaynk.catalogue",
    "hamaynk.notifications",
    "hamaynk.cases",
    "hamaynk.documents",
    "hamaynk.correspondence",
    "hamaynk.residents",
    "hamaynk.questions",
    "hamaynk.reporting",
    "hamaynk.integrations",
    "hamaynk.demo",
    "hamaynk.benchmarks",
    "hamaynk.portal",
    "hamaynk.backoffice",
    "hamaynk.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "hamaynk.core.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hamaynk.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hamaynk.audit.middleware.AuditContextMiddleware",
    # Replica reads for marked read-only pages; off without a replica (ADR 0015).
    "hamaynk.core.replicas.ReplicaReadsMiddleware",
    # Last, as django-axes requires: it turns a locked-out log-in into its page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Staff: user name and password (never a resident account).
    "hamaynk.residents.backends.StaffPasswordBackend",
    # Residents on the portal: e-mail address or phone number and a one-time code.
    "hamaynk.residents.backends.ResidentCodeBackend",
]
# Repeated failed log-ins for one account from one address lock that pair out for a while.
AXES_FAILURE_LIMIT = env_int("HAMAYNK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("HAMAYNK_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
AXES_CLIENT_IP_CALLABLE = "hamaynk.audit.middleware.client_ip"
AXES_VERBOSE = False
# Failed sign-ins keep the form's fields: never a one-time code.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# Residents sign in with a 6-digit code sent by e-mail or SMS: how long it works, how many
# wrong tries kill it, and how often one address may be sent a new one.
HAMAYNK_RESIDENT_CODE_MINUTES = env_int("HAMAYNK_RESIDENT_CODE_MINUTES", 10)
HAMAYNK_RESIDENT_CODE_ATTEMPTS = env_int("HAMAYNK_RESIDENT_CODE_ATTEMPTS", 5)
HAMAYNK_RESIDENT_CODE_RESEND_SECONDS = env_int("HAMAYNK_RESIDENT_CODE_RESEND_SECONDS", 60)
HAMAYNK_RESIDENT_CODES_PER_HOUR = env_int("HAMAYNK_RESIDENT_CODES_PER_HOUR", 5)

# Two-factor log-in (TOTP): required for these roles and for system administrators.
HAMAYNK_TWO_FACTOR_ENABLED = env_bool("HAMAYNK_TWO_FACTOR_ENABLED", True)
HAMAYNK_TWO_FACTOR_ROLES = env_list(
    "HAMAYNK_TWO_FACTOR_ROLES", ["head", "chief_of_staff", "settlement_administrator", "supervisor"]
)
OTP_TOTP_ISSUER = "Hamaynk"

ROOT_URLCONF = "hamaynk.urls"
WSGI_APPLICATION = "hamaynk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hamaynk.accounts.context_processors.current_community",
            ],
        },
    },
]

# Form widgets through Jinja2 (Django's own copies of its widget templates): the same
# markup, rendered faster; the admin's widgets still go through Django's templates.
FORM_RENDERER = "hamaynk.core.renderers.JinjaFirstRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'hamaynk.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE makes every transaction take the write lock up front, so two
        # writers queue instead of failing half-way; WAL lets readers go on meanwhile.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# A PostgreSQL streaming replica for the pages marked @replica_reads (hamaynk.core.replicas,
# ADR 0015): while it streams from the primary and is at most REPLICA_MAX_LAG_SECONDS behind
# (read at most once per REPLICA_LAG_CHECK_SECONDS in each process); after a write a client
# reads from the primary for REPLICA_PIN_SECONDS. The replica's user needs the role
# pg_monitor (or pg_read_all_stats) to read the WAL receiver's status; without it every read
# goes to the primary. A lost replica fails after connect_timeout: 2 s unless the URL says.
_replica_url = env_str("REPLICA_DATABASE_URL")
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["hamaynk.core.replicas.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 5)
REPLICA_LAG_CHECK_SECONDS = env_int("REPLICA_LAG_CHECK_SECONDS", 1)
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "backoffice:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The shared cache (throttles of public look-ups): the database, so every worker agrees.
# `manage.py createcachetable` makes its table (run by `make run` and on deployment).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hamaynk_cache",
    },
    # The public statistics' figures (reporting.published), in each worker's memory,
    # recomputed by each worker at most once per period. Visitors choose the periods, so
    # the entries are capped: a country comparison of 100 communities is about 35 KB.
    "statistics": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "hamaynk-statistics",
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
# How long the public statistics may show figures computed earlier (0: always fresh).
HAMAYNK_STATISTICS_CACHE_SECONDS = env_int("HAMAYNK_STATISTICS_CACHE_SECONDS", 0)

# Internationalisation: Armenian first, then English and Russian.
LANGUAGE_CODE = "hy"
LANGUAGES = [
    ("hy", _("Armenian")),
    ("en", _("English")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Yerevan"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "hamaynk_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = env_path("DJANGO_STATIC_ROOT", DATA_DIR / "static")
STATICFILES_DIRS = [SRC_DIR / "static"]
MEDIA_ROOT = env_path("HAMAYNK_MEDIA_ROOT", DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_NAME = "hamaynk_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("HAMAYNK_SESSION_AGE_SECONDS", 8 * 60 * 60)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: everything from this site only, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The request header a trusted reverse proxy sets to the client's address, as in
# request.META (e.g. HTTP_X_REAL_IP); empty means REMOTE_ADDR.
HAMAYNK_CLIENT_IP_HEADER = env_str("HAMAYNK_CLIENT_IP_HEADER")

# Uploaded scans: the largest accepted file, in megabytes.
HAMAYNK_MAX_UPLOAD_BYTES = env_int("HAMAYNK_MAX_UPLOAD_MB", 10) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# An open application is "due soon" this many working days before its deadline.
HAMAYNK_DUE_SOON_WORKING_DAYS = env_int("HAMAYNK_DUE_SOON_WORKING_DAYS", 3)

# The public address of the site, printed on documents and receipts (links and QR codes).
HAMAYNK_PUBLIC_URL = env_str("HAMAYNK_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# REST API v1 (hamaynk.api, docs/api.md): bearer tokens of integration clients, or a staff
# session (CSRF-checked); JSON in and out; every error as application/problem+json.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hamaynk.api.authentication.BearerTokenAuthentication",
        "hamaynk.api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["hamaynk.api.parsers.StrictJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "hamaynk.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "hamaynk.api.problems.exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_METADATA_CLASS": None,  # no OPTIONS descriptions: the schema is the description
    "STRICT_JSON": True,
}
# The committed schema, docs/openapi.yaml, is made from these (`make openapi`).
SPECTACULAR_SETTINGS = {
    "TITLE": "Hamaynk API",
    "DESCRIPTION": (
        "Applications, the services catalogue and the communities of a Hamaynk installation, "
        "for other systems. Authentication, conventions and examples: docs/api.md."
    ),
    "VERSION": "1",
    "SERVERS": [{"url": "/", "description": "This installation"}],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"CaseStatusEnum": "hamaynk.cases.workflow.Status"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "hamaynk.api.schema.no_unknown_fields",
    ],
}

# Demo accounts share a published password: never in production.
HAMAYNK_DEMO_ALLOWED = env_bool("HAMAYNK_DEMO_ALLOWED", False)

# E-mail: printed to the console unless DJANGO_EMAIL_BACKEND names another backend; in
# production django.core.mail.backends.smtp.EmailBackend with the server below.
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "hamaynk@localhost")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)  # TLS from the start, usually port 465
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT_SECONDS", 30)

# Text messages (hamaynk.notifications.sms): ConsoleBackend (the log), FileBackend (one file
# per message in HAMAYNK_SMS_FILE_DIR) or HttpGatewayBackend (JSON POST to the gateway).
HAMAYNK_SMS_BACKEND = env_str("HAMAYNK_SMS_BACKEND", "hamaynk.notifications.sms.ConsoleBackend")
HAMAYNK_SMS_FILE_DIR = env_path("HAMAYNK_SMS_FILE_DIR", DATA_DIR / "sms")
HAMAYNK_SMS_GATEWAY_URL = env_str("HAMAYNK_SMS_GATEWAY_URL")
HAMAYNK_SMS_GATEWAY_TOKEN = env_str("HAMAYNK_SMS_GATEWAY_TOKEN")
HAMAYNK_SMS_GATEWAY_TIMEOUT_SECONDS = env_int("HAMAYNK_SMS_GATEWAY_TIMEOUT_SECONDS", 10)

# Background jobs (django-tasks): queued as rows in this database and run by
# `manage.py db_worker` (ADR 0011). Notifications are delivered this way.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Delivery of notifications: a failed attempt is retried after BASE, 2 x BASE, 4 x BASE ...
# seconds (at most MAX), and the message is marked failed after MAX_ATTEMPTS. A message left
# "being sent" by a worker that stopped is taken over after LEASE seconds.
HAMAYNK_NOTIFICATION_MAX_ATTEMPTS = env_int("HAMAYNK_NOTIFICATION_MAX_ATTEMPTS", 10)
HAMAYNK_NOTIFICATION_RETRY_BASE_SECONDS = env_int("HAMAYNK_NOTIFICATION_RETRY_BASE_SECONDS", 60)
HAMAYNK_NOTIFICATION_RETRY_MAX_SECONDS = env_int(
    "HAMAYNK_NOTIFICATION_RETRY_MAX_SECONDS", 6 * 60 * 60
)
HAMAYNK_NOTIFICATION_LEASE_SECONDS = env_int("HAMAYNK_NOTIFICATION_LEASE_SECONDS", 10 * 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("HAMAYNK_LOG_LEVEL", "INFO")},
    # PDF rendering reports every step at INFO; only its problems matter.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
