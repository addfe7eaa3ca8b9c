"""Shuiwu settings: one module, every deployment difference comes from the environment."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from shuiwu.lib.env import data_dir, env_bool, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "shuiwu.core",
    "shuiwu.org",
    "shuiwu.assets",
    "shuiwu.work",
    "shuiwu.inspections",
    "shuiwu.telemetry",
    "shuiwu.hydraulics",
    "shuiwu.customers",
    "shuiwu.service",
    "shuiwu.analytics",
    "shuiwu.quality",
    "shuiwu.plants",
    "shuiwu.projects",
    "shuiwu.emergency",
    "shuiwu.people",
    "shuiwu.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shuiwu.core.middleware.ChangeContextMiddleware",
]

ROOT_URLCONF = "shuiwu.urls"
WSGI_APPLICATION = "shuiwu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shuiwu.core.context_processors.shuiwu",
            ],
        },
    },
]

# Database: SQLite in the data folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'shuiwu.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too: an in-memory database shares one cache between connections and fails
    # concurrent writers at once ("table is locked") instead of queueing them as a real database does.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-shuiwu.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Languages: Simplified Chinese by default, English beside it. Store UTC, show Asia/Shanghai.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The demo serves static files straight from the apps, with no collectstatic step.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["shuiwu.core.api.permissions.ModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "shuiwu.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "shuiwu.core.api.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "shuiwu.core.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shuiwu API",
    "DESCRIPTION": "REST API of Shuiwu (水务), the operations platform of a city water group.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

DJANGO_TABLES2_TEMPLATE = "core/table.html"
DJANGO_TABLES2_PAGE_RANGE = 8

# Background jobs: Celery with a broker when one is configured, in-process otherwise.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs for `celery beat` (with a broker); without one, cron runs the matching `shuiwu …` commands.
CELERY_BEAT_SCHEDULE = {
    "work-tick": {"task": "work.tick", "schedule": 300.0},
    "inspections-schedule": {"task": "inspections.schedule", "schedule": 3600.0},
    "telemetry-check": {"task": "telemetry.check", "schedule": 300.0},
    "telemetry-prune": {"task": "telemetry.prune", "schedule": 86400.0},
    "customers-tick": {"task": "customers.tick", "schedule": 86400.0},
    "analytics-detect-leaks": {"task": "analytics.detect_leaks", "schedule": 3600.0},
    "analytics-rank-pipes": {"task": "analytics.rank_pipes", "schedule": 86400.0},
    "reports-produce": {"task": "reports.produce_due", "schedule": 86400.0},
}

MQTT_URL = env_str("MQTT_URL", "mqtt://127.0.0.1:1883")

# The map: no tile server by default (plants often run offline); the network
# draws on a plain background. Tianditu or OpenStreetMap URLs work here.
SHUIWU_MAP_TILE_URL = env_str("SHUIWU_MAP_TILE_URL", "")
SHUIWU_MAP_TILE_ATTRIBUTION = env_str("SHUIWU_MAP_TILE_ATTRIBUTION", "")
# Where a network with planar coordinates and no CRS is placed (lon, lat).
SHUIWU_MAP_ORIGIN = tuple(float(v) for v in env_list("SHUIWU_MAP_ORIGIN", ["121.015", "30.698"]))
SHUIWU_DEMO_PASSWORD = env_str("SHUIWU_DEMO_PASSWORD", "shuiwu-demo")
SHUIWU_SITE_NAME = _("Shuiwu")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "shuiwu": {"level": env_str("LOG_LEVEL", "INFO"), "propagate": True},
        # With jobs run in-process, kombu warns on the first job that no broker host was given: it needs none.
        **({"kombu.connection": {"level": "ERROR"}} if CELERY_TASK_ALWAYS_EAGER else {}),
    },
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"

# ISO dates in both languages (see shuiwu/formats/).
FORMAT_MODULE_PATH = ["shuiwu.formats"]
