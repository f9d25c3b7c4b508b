"""Production settings: refuse to start without a real secret key."""

import base64
import binascii
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEV_SECRET_KEY, env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters (5 or more different ones) "
        "in production."
    )
# The key that wraps the data keys of the personal-information vault: base64 of 32 random bytes.
ITAKU_MASTER_KEY = os.environ.get("ITAKU_MASTER_KEY", "").strip()
try:
    _master_key_ok = len(base64.b64decode(ITAKU_MASTER_KEY, validate=True)) == 32
except (binascii.Error, ValueError):
    _master_key_ok = False
if not _master_key_ok:
    raise ImproperlyConfigured(
        "ITAKU_MASTER_KEY must be set to base64 of 32 random bytes in production; make one with\n"
        '  python3 -c "import os, base64; print(base64.b64encode(os.urandom(32)).decode())"\n'
        "and keep a copy apart from the backups (docs/operator.md, section 10): without it the vault's files "
        "cannot be read."
    )
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
# Plain HTTP is redirected to HTTPS (responses block; the health check answers on HTTP too, for a load balancer).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# --- Responses: HTTPS only (`itaku check --deploy` prints no warning with these defaults) ---------------
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS: browsers keep to HTTPS for a year, subdomains included (SECURE_HSTS_INCLUDE_SUBDOMAINS=0 when
# another service on a subdomain still needs HTTP).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Entering the browsers' preload list binds the whole registered domain to HTTPS for good: the domain's
# owner decides (SECURE_HSTS_PRELOAD=1), so the reminder check is silenced while it is off.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]
# --- end of Responses ------------------------------------------------------------------------------
# Two-factor authentication is required in production unless switched off (see docs/operator.md).
ITAKU_MFA_REQUIRED = env_bool("ITAKU_MFA_REQUIRED", True)
# ---- Serving (gunicorn, `make run`) ----
# Static files: collected with hashed names and compressed, served by whitenoise with far-future caching.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Each request is logged once, by gunicorn's access log. Django's own request logger would log every
# 4xx again ("Not Found: /x"), so it reports only server errors (5xx, with their traceback).
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
# ---- end serving ----
SECURE_CONTENT_TYPE_NOSNIFF = True
