"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("ITAKU_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "itaku-development-only-secret-key-not-for-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# ---- Serving: error pages and files at the site's root ----
# A form refused for its CSRF token gets the site's own page (Django's is plain English).
CSRF_FAILURE_VIEW = "itaku.core.views.csrf_failure"
# Files served at the root of the site (/favicon.ico), by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "itaku" / "static_root"
# ---- end serving ----

# Key that wraps the data keys of the personal-information vault (base64, 32 bytes).
ITAKU_MASTER_KEY = os.environ.get("ITAKU_MASTER_KEY", "")

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
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "itaku.core",
    "itaku.accounts",
    "itaku.journal",
    "itaku.contracts",
    "itaku.documents",
    "itaku.obligations",
    "itaku.rates",
    "itaku.consents",
    "itaku.oversight",
    "itaku.personnel",
    "itaku.privacy",
    "itaku.security",
    "itaku.incidents",
    "itaku.api",
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
    # Responses: Content-Security-Policy, and no-store on what is personal (see "Responses" below).
    "csp.middleware.CSPMiddleware",
    "itaku.core.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "itaku" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'itaku.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction begins, so two appends to the journal queue
    # instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get("PG_JIT", "off") == "off":
    # PostgreSQL's JIT compiles a query it guesses costly (わたしの仕事's counts over a prefecture's open
    # obligations) for 20-30 ms, longer than the query runs: off for the application's connections
    # (PG_JIT=on leaves the server's setting).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "itaku" / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "itaku" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("ITAKU_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# -- Stored files (begin) --------------------------------------------------------------------------
# ITAKU_STORAGE=filesystem (default): files under MEDIA_ROOT. ITAKU_STORAGE=s3: an S3-compatible bucket
# that several application servers share (install the "s3" extra). Credentials come from the usual
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the machine's role); files are never overwritten.
ITAKU_STORAGE = os.environ.get("ITAKU_STORAGE", "filesystem")
if ITAKU_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("ITAKU_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
elif ITAKU_STORAGE != "filesystem":
    raise ImproperlyConfigured("ITAKU_STORAGE must be filesystem or s3")
# -- Stored files (end) ----------------------------------------------------------------------------
# Largest upload accepted (specifications, deliverables), in bytes.
ITAKU_MAX_UPLOAD_BYTES = int(os.environ.get("ITAKU_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "itaku@localhost")
# The address people use to reach the site, for links in mails (reminders).
ITAKU_SITE_URL = os.environ.get("ITAKU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # django-filter's, with the input hygiene (control characters, Unicode, integer and date ranges).
    "DEFAULT_FILTER_BACKENDS": ["itaku.core.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # drf-spectacular's, with the {"code", "clause", "detail"} refusals declared on every operation.
    "DEFAULT_SCHEMA_CLASS": "itaku.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "itaku.api.errors.exception_handler",
    # JSON only: the interactive documentation is at /api/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("ITAKU_TOKEN_RATE", "10/min")},
    # How many reverse proxies stand in front: the client address is then taken from that position
    # of X-Forwarded-For, so a client cannot choose its own address by sending the header.
    "NUM_PROXIES": int(os.environ.get("ITAKU_NUM_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Itaku API",
    "DESCRIPTION": "Itaku (委託): public outsourcing contracts from signing to close-out.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Choice sets that share a field name get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "ContractStateEnum": "itaku.contracts.choices.ContractState",
        "ConsentStateEnum": "itaku.consents.models.ConsentState",
        "SettlementMethodEnum": ["paid", "set_off"],
        "ReportEntryRoleEnum": "itaku.personnel.choices.EntryRole",
        "ReportVersionStateEnum": "itaku.personnel.choices.VersionState",
        "CloseOutMethodEnum": "itaku.privacy.choices.CloseOutMethod",
        "SecurityAssetKindEnum": "itaku.security.choices.AssetKind",
        "SecurityPolicyKindEnum": "itaku.security.choices.PolicyKind",
        "SheetResultEnum": "itaku.security.questionnaire_choices.Result",
        "AcceptReturnEnum": ["accept", "return"],
        "InspectionResultEnum": "itaku.contracts.models.lifecycle.InspectionResult",
        "BreachBasisEnum": "itaku.incidents.choices.BreachBasis",
        "IncidentStateEnum": "itaku.incidents.choices.IncidentState",
        "IncidentReportStateEnum": "itaku.incidents.choices.ReportState",
        "IncidentReviewDecisionEnum": "itaku.incidents.choices.ReviewDecision",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Responses: Content-Security-Policy and caching ------------------------------------------------
# No inline script or style anywhere (templates keep JS and CSS in static files); the Swagger UI at
# /api/docs/ loads its start script from a URL of its own (itaku.api.views.SwaggerView).
_CSP_SELF = "'self'"
_CSP_NONE = "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF],
        # The Swagger UI draws its icons as data: images.
        "img-src": [_CSP_SELF, "data:"],
        "font-src": [_CSP_SELF],
        "connect-src": [_CSP_SELF],
        "object-src": [_CSP_NONE],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
        "frame-ancestors": [_CSP_NONE],
    },
}
# NoStoreMiddleware answers "Cache-Control: no-store" to every signed-in user and on every file.
# --- end of Responses ------------------------------------------------------------------------------

# How the consumption tax inside a tax-inclusive amount is rounded (K-3): "down" (default), "half_up", "up".
ITAKU_TAX_ROUNDING = os.environ.get("ITAKU_TAX_ROUNDING", "down")
if ITAKU_TAX_ROUNDING not in {"down", "half_up", "up"}:
    raise ImproperlyConfigured("ITAKU_TAX_ROUNDING must be one of: down, half_up, up")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Sign-in: lockout, two-factor authentication, shared cache, API tokens (begin) ---------------
# The cache is shared by every server process: the database by default (its table is made by
# `itaku migrate` and `itaku createcachetable`), Redis when REDIS_URL is set. The API's throttles count
# in it, and the pages keep there what they compute per generation (itaku.core.generations). In the
# database it holds up to 5,000 entries (Django culls a third beyond that; each write counts them).
REDIS_URL = os.environ.get("REDIS_URL", "")


def cache_settings(redis_url: str) -> dict:
    if redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    return {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "itaku_cache",
                        "OPTIONS": {"MAX_ENTRIES": 5000}}}


CACHES = cache_settings(REDIS_URL)

# itaku.accounts comes before django.contrib.auth so that its `createsuperuser` (which always applies
# the password validators) is the one that runs; the two-factor and lockout apps come before it so
# that its admin can replace theirs.
INSTALLED_APPS.remove("itaku.accounts")
INSTALLED_APPS[INSTALLED_APPS.index("django.contrib.auth"):INSTALLED_APPS.index("django.contrib.auth")] = [
    "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static", "axes", "itaku.accounts",
]
_AUTH_MIDDLEWARE = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_AUTH_MIDDLEWARE:_AUTH_MIDDLEWARE] = [
    "django_otp.middleware.OTPMiddleware",
    "itaku.accounts.middleware.SecondFactorMiddleware",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes requires
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "itaku.accounts.backends.ModelBackend",  # Django's, with what the second-factor check needs
]

# Lockout (django-axes): after ITAKU_LOCKOUT_FAILURES wrong passwords for one account, or from one
# address, both are refused for ITAKU_LOCKOUT_MINUTES, on the login page, the admin login and the
# API's token endpoint alike. The count is kept in the database, shared by every server process.
AXES_ENABLED = env_bool("ITAKU_LOCKOUT_ENABLED", True)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("ITAKU_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("ITAKU_LOCKOUT_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Tries during a lockout are refused without counting, so the lockout ends when it said it would.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "itaku.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "itaku.accounts.lockout.lockout_response"
AXES_VERBOSE = False

# Two-factor authentication (django-otp: TOTP and recovery codes). When ITAKU_MFA_REQUIRED is on,
# every client user, every staff user and the contractor's 代表者, 個人情報保護責任者 and
# セキュリティ責任者 must enrol before they can do anything else. Off for the demo; on by default in
# production settings.
ITAKU_MFA_REQUIRED = env_bool("ITAKU_MFA_REQUIRED", False)
OTP_TOTP_ISSUER = os.environ.get("ITAKU_MFA_ISSUER", "Itaku")
ITAKU_MFA_RECOVERY_CODES = 10

# API tokens: refused for users who hold no role any more; their last use is recorded.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "rest_framework.authentication.SessionAuthentication",
    "itaku.api.authentication.TokenAuthentication",
]
# --- Sign-in (end) --------------------------------------------------------------------------------
