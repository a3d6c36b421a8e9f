"""Django settings, read from the environment (healthchecks style).

SQLite in the data directory by default; PostgreSQL when DATABASE_URL is set.
"""

import os
from pathlib import Path

import dj_database_url


def envbool(name, default=False):
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def envstr(name, default=""):
    """A setting from NAME, or from the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(name + "_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("OPENRVU_DATA_DIR", Path.home() / ".local" / "share" / "openrvu")).expanduser()

DEBUG = envbool("OPENRVU_DEBUG")
# A fixed development key keeps `openrvu serve` zero set-up; deployments set OPENRVU_SECRET_KEY.
SECRET_KEY = envstr("OPENRVU_SECRET_KEY", "openrvu-local-key-set-OPENRVU_SECRET_KEY-in-production")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("OPENRVU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "openrvu.catalog",
    "openrvu.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "openrvu.urls"
WSGI_APPLICATION = "openrvu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_settings():
    url = envstr("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "openrvu.sqlite3"),
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
    }


DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served from the package by whitenoise (finders); collectstatic is optional.
STATIC_ROOT = os.environ.get("OPENRVU_STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OPENRVU_LOG_LEVEL", "WARNING")},
}
