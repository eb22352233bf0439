"""Settings for peerwork, read from the environment (see .env.example and README).

Production differs from a developer's machine only by environment variables.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# Django's deploy check (W009) rejects this default; production must set SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-peerwork-development-only")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "csp",
    "rules",
    "django_filters",
    "establishments",
    "accounts",
    "schemes",
    "flags",
    "kiosk",
    "rota",
    "listeners",
    "concerns",
    "support",
    "welfare",
    "pay",
    "roll",
    "consistency",
    "home",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are never kept in a shared PC's cache; nothing behind this sees a control character.
    "peerwork.middleware.PrivatePagesMiddleware",
    "peerwork.middleware.CleanInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "peerwork.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.CurrentEstablishmentMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Keeps enrolled kiosks and kiosk sessions to the kiosk pages; ends idle kiosk sessions.
    "kiosk.middleware.KioskMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last so that it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peerwork.urls"
WSGI_APPLICATION = "peerwork.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.staff_context",
            ],
            "libraries": {"peerwork": "peerwork.templatetags"},
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'peerwork.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one file: wait for locks, write-ahead log.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker, results and cache --------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_DIR = VAR_DIR / "celery" / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
    default_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "peerwork",
    }
else:
    # The embedded default: kombu's filesystem transport needs no server.
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=f"file://{VAR_DIR / 'celery' / 'results'}")
    default_cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
CACHES = {"default": env.cache("CACHE_URL") if env("CACHE_URL", default="") else default_cache}
# When Redis is away, a request that queues a job or reads the cache must not wait on it: connect
# within a second, give up on a stalled command within two, try the broker twice at most. The
# change a person made is already saved; the periodic runs catch up (README, "Reliability").
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=1.0)
REDIS_COMMAND_TIMEOUT = env.float("REDIS_COMMAND_TIMEOUT", default=2.0)
if REDIS_URL:
    CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
        "socket_timeout": REDIS_COMMAND_TIMEOUT,
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
    CELERY_REDIS_SOCKET_TIMEOUT = env.float("REDIS_RESULT_TIMEOUT", default=10.0)
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        CACHES["default"].setdefault("OPTIONS", {}).update(
            {"socket_connect_timeout": REDIS_CONNECT_TIMEOUT, "socket_timeout": REDIS_COMMAND_TIMEOUT}
        )
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# How long after the last heartbeat /healthz still counts a worker as answering.
WORKER_HEARTBEAT_MAX_AGE = timedelta(seconds=env.int("WORKER_HEARTBEAT_MAX_AGE", default=90))

# --- Oversight: when the background jobs raise flags -------------------------
# Days before a contract ends at which its flag opens (notice), becomes a warning, then urgent.
CONTRACT_WARNING_DAYS = env.list("CONTRACT_WARNING_DAYS", cast=int, default=[28, 14, 7])
# Days past a scheme's supervision cadence before "supervision overdue" opens.
SUPERVISION_GRACE_DAYS = env.int("SUPERVISION_GRACE_DAYS", default=7)
# Local time at which the daily digest is written and sent.
DIGEST_HOUR = env.int("DIGEST_HOUR", default=7)
# The address staff reach the site at, for links in emails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Authentication ---------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in lockout (django-axes): counted per username and address together, so that
# one officer mistyping on a shared wing PC locks neither the PC nor their colleagues.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The address a sign-in comes from. Served directly, it is the connection's own (REMOTE_ADDR).
# Behind a proxy that terminates TLS every connection comes from the proxy, so five wrong tries
# would lock a username out for everyone: set CLIENT_IP_HEADER to the header in which the proxy
# *replaces* the address it saw (nginx: `proxy_set_header X-Real-IP $remote_addr;` gives
# HTTP_X_REAL_IP). Set it only when the proxy is the one way in, or a client could choose its own.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", default="")
AXES_IPWARE_META_PRECEDENCE_ORDER = [CLIENT_IP_HEADER, "REMOTE_ADDR"] if CLIENT_IP_HEADER else ["REMOTE_ADDR"]

# Sessions end after a period without activity: peerwork.middleware.IdleSessionMiddleware writes
# a session in use at most once every SESSION_TOUCH_SECONDS (not on every page, as
# SESSION_SAVE_EVERY_REQUEST would), so it ends between IDLE minutes less that and IDLE minutes
# after the last page.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Security in production (all on when DEBUG is off) ----------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Wing kiosk ---------------------------------------------------------------
# A kiosk session ends this many seconds after the last request; the page warns first.
KIOSK_IDLE_SECONDS = env.int("KIOSK_IDLE_SECONDS", default=60)
KIOSK_IDLE_WARNING_SECONDS = 15
# Wrong PINs in a row before a peer worker's PIN locks (at least 2), and for how long.
KIOSK_PIN_FAILURE_LIMIT = env.int("KIOSK_PIN_FAILURE_LIMIT", default=5)
KIOSK_PIN_LOCKOUT_MINUTES = env.int("KIOSK_PIN_LOCKOUT_MINUTES", default=15)
# Wrong sign-ins in a row on one kiosk (for anyone) before that kiosk pauses sign-in; below the
# PIN limit, so that nobody at one kiosk can lock other people's PINs (kiosk/limits.py).
KIOSK_DEVICE_FAILURE_LIMIT = env.int("KIOSK_DEVICE_FAILURE_LIMIT", default=4)
# How long a kiosk pauses, and how far apart wrong tries may be and still count as "in a row".
KIOSK_SIGN_IN_WINDOW_MINUTES = env.int("KIOSK_SIGN_IN_WINDOW_MINUTES", default=10)
KIOSK_REPORTS_PER_DAY = env.int("KIOSK_REPORTS_PER_DAY", default=5)
# How many residents' concerns one peer worker may raise in a day (kiosk and office together).
CONCERNS_PER_DAY = env.int("CONCERNS_PER_DAY", default=5)
# The enrolled device's cookie; browsers keep a cookie at most 400 days, and each sign-in renews it.
KIOSK_DEVICE_COOKIE_NAME = "peerwork_kiosk_device"
KIOSK_DEVICE_COOKIE_DAYS = env.int("KIOSK_DEVICE_COOKIE_DAYS", default=400)
KIOSK_DEVICE_COOKIE_SECURE = env.bool("KIOSK_DEVICE_COOKIE_SECURE", default=SESSION_COOKIE_SECURE)

# --- Email -----------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL",
    default=f"filemail://{VAR_DIR / 'mail'}" if DEBUG else "consolemail://",
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="peerwork@localhost")

# --- Internationalisation ----------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="Europe/London")
CELERY_TIMEZONE = TIME_ZONE  # beat schedules (the digest hour) are local times
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# The date picker's box carries its own GOV.UK classes (peerwork.forms.DatePickerWidget).
CRISPY_CLASS_CONVERTERS = {"datepickerwidget": "govuk-input"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
