"""Benchmark settings: production's behaviour (DEBUG off, no debug toolbar) on a local PostgreSQL, with
the floor's URLs and a header counting each request's SQL queries. Used by ``make bench`` only."""

import os

from .base import *  # noqa: F403
from .base import MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "itaku.core.bench.urls"
MIDDLEWARE = ["itaku.core.bench.views.QueryCountMiddleware", *MIDDLEWARE]
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "root": {"handlers": [], "level": os.environ.get("LOG_LEVEL", "WARNING")}}
