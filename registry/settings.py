"""The one settings module. Everything that differs between machines comes from the environment.

Without any environment variable the site runs embedded: SQLite, an in-memory cache, Celery in
eager mode (tasks run inline after commit) and mail printed to the console. `DATABASE_URL` and
`REDIS_URL` switch to PostgreSQL and to Redis as Celery's broker and the cache.
"""

import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from registry.env import env_bool, env_int, env_int_list, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

# pytest-django turns DEBUG off for tests; the test run must still start without secrets.
TESTING = "pytest" in sys.modules

DEBUG = env_bool("DEBUG", False)
# Behind a reverse proxy that sets X-Forwarded-Proto and appends the client's address to
# X-Forwarded-For. Off: both headers are the client's own words and are ignored.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-embedded-development-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

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
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "registry",
    "accounts",
    "suppliers",
    "designations",
    "evaluations",
    "programs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

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
                "registry.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite in var/ by default, PostgreSQL (or anything dj-database-url reads) by URL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

# Redis: Celery's broker and the cache. Without it, tasks run inline and the cache is local.
REDIS_URL = env_str("REDIS_URL")
# The cache gets its own Redis database, so clearing it never empties Celery's queues.
CACHE_URL = env_str("CACHE_URL") or (
    urlunsplit(urlsplit(REDIS_URL)._replace(path="/1")) if REDIS_URL else ""
)
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "registry.cache.RedisCache", "LOCATION": CACHE_URL}}
else:
    # Django's default of 300 entries would let a run of distinct searches push the throttles'
    # counters out of the cache; at about 11 KB a cached search page, 5,000 stay within ~55 MB.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5_000)},
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "registry")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must not hang when Redis is down: give up quickly, the outbox retries later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TIMEZONE = "Asia/Seoul"
CELERY_BEAT_SCHEDULE = {
    "outbox-retry": {"task": "registry.tasks.outbox_retry_due", "schedule": timedelta(minutes=1)},
    "supplement-deadlines": {
        "task": "designations.tasks.supplement_expire_task",
        "schedule": timedelta(hours=1),
    },
    "review-reminders": {
        "task": "evaluations.tasks.review_reminders_task",
        "schedule": timedelta(hours=1),
    },
    # Expiry, ends of suspensions, renewal and report reminders, overdue reports: once a day
    # is what the rules need; hourly means a missed run is caught up within the hour.
    "designation-life": {
        "task": "designations.tasks.designation_life_task",
        "schedule": timedelta(hours=1),
    },
    "certificates-refresh": {
        "task": "designations.tasks.certificates_refresh_task",
        "schedule": timedelta(hours=6),
    },
    # A certification that lapses changes the firm's search facets without any write.
    # Rules read the date (years in business, a designation valid on a day).
    "eligibility-daily": {
        "task": "programs.tasks.eligibility_daily_task",
        "schedule": timedelta(days=1),
    },
    "search-index-refresh": {
        "task": "suppliers.tasks.search_index_refresh_task",
        "schedule": timedelta(hours=6),
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail as the login, verified before first sign-in; TOTP with recovery codes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[스마트제조 전문기업] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Smart Manufacturing Registry"
# One 30-second step either side: a code typed as its period ends, or a phone clock a little
# off, still works (allauth's default of 0 refused such codes now and then).
MFA_TOTP_TOLERANCE = env_int("MFA_TOTP_TOLERANCE", 1)
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

# Mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@smartmfg.example.kr")
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)

# Evaluation: the confidentiality pledge's version (a new version must be signed again) and how
# long an expert's invitation link stays valid.
EVALUATION_PLEDGE_VERSION = env_str("EVALUATION_PLEDGE_VERSION", "2026-1")
EXPERT_INVITATION_MAX_AGE = env_int("EXPERT_INVITATION_MAX_AGE", 14 * 24 * 3600)

# A designation's life (DOMAIN.md [D]): the renewal window and its reminders (days before expiry),
# the outcome report's due day (month-day of the following year) and reminders (days before),
# how long a firm has to respond to a suspension or revocation notice, how long a revocation for
# fraud bars a new application, and who issues the certificate.
DESIGNATION_RENEWAL_WINDOW_DAYS = env_int("DESIGNATION_RENEWAL_WINDOW_DAYS", 90)
DESIGNATION_RENEWAL_REMINDER_DAYS = env_int_list("DESIGNATION_RENEWAL_REMINDER_DAYS", [90, 30, 7])
OUTCOME_REPORT_DUE = env_str("OUTCOME_REPORT_DUE", "03-31")
OUTCOME_REPORT_REMINDER_DAYS = env_int_list("OUTCOME_REPORT_REMINDER_DAYS", [30, 7])
DESIGNATION_CASE_RESPONSE_DAYS = env_int("DESIGNATION_CASE_RESPONSE_DAYS", 14)
DESIGNATION_FRAUD_BAR_YEARS = env_int("DESIGNATION_FRAUD_BAR_YEARS", 3)
CERTIFICATE_ISSUER = {
    "ko": env_str("CERTIFICATE_ISSUER_KO", "중소벤처기업부장관"),
    "en": env_str("CERTIFICATE_ISSUER_EN", "Minister of SMEs and Startups"),
}

# Language and time: Korean first, English second; Asia/Seoul.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["registry.formats"]  # Korean dates and times as Korean writes them
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "lang"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Evidence and attachment uploads: checked by content, not by name.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Customer confirmation links: signed and valid for this many days.
CONFIRMATION_LINK_DAYS = env_int("CONFIRMATION_LINK_DAYS", 14)
INVITATION_DAYS = env_int("INVITATION_DAYS", 14)

# The registry search counts matches up to this many (then shows "1,000+"): an exact count of a
# word that matches half the registry would read every match on every page.
REGISTRY_SEARCH_COUNT_LIMIT = env_int("REGISTRY_SEARCH_COUNT_LIMIT", 1_000)
# A search's counts, facets and API result pages are cached this long (seconds), or until the
# index changes (suppliers.search.search_version_bump).
REGISTRY_SEARCH_CACHE_SECONDS = env_int("REGISTRY_SEARCH_CACHE_SECONDS", 60)
# Which engine answers the registry search: "memory" (each process keeps bitmaps of the search
# records, suppliers.searchmemory, and the database answers while they are built) or "database".
REGISTRY_SEARCH_ENGINE = env_str("REGISTRY_SEARCH_ENGINE", "memory")
if REGISTRY_SEARCH_ENGINE not in {"memory", "database"}:
    raise ImproperlyConfigured("REGISTRY_SEARCH_ENGINE is memory or database.")
# Up to this many search records a process builds its memory index in the request that first
# needs it (well under a second); more, in a background thread.
REGISTRY_SEARCH_MEMORY_INLINE_BUILD = env_int("REGISTRY_SEARCH_MEMORY_INLINE_BUILD", 20_000)
# Firms of result pages a process keeps while their search record is unchanged (a few KB each).
REGISTRY_SEARCH_MEMORY_FIRMS = env_int("REGISTRY_SEARCH_MEMORY_FIRMS", 5_000)
# A process's memory index is built again from scratch after this long (seconds).
REGISTRY_SEARCH_MEMORY_REBUILD_SECONDS = env_int("REGISTRY_SEARCH_MEMORY_REBUILD_SECONDS", 21_600)

REST_FRAMEWORK = {
    # Token first: an anonymous API call gets 401 with a WWW-Authenticate header, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.TwoFactorTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("THROTTLE_ANON", "120/minute"),
        "user": env_str("THROTTLE_USER", "600/minute"),
        "token": env_str("THROTTLE_TOKEN", "10/minute"),
        "token_ip": env_str("THROTTLE_TOKEN_IP", "30/minute"),
        "access_request": env_str("THROTTLE_ACCESS_REQUEST", "10/hour"),
        "verify": env_str("THROTTLE_VERIFY", "60/minute"),
        "inquiry": env_str("THROTTLE_INQUIRY", "5/hour"),
    },
    "EXCEPTION_HANDLER": "registry.api.errors.exception_handler",
    # The client address the throttles count: REMOTE_ADDR, or behind the proxy the address it
    # appended to X-Forwarded-For (what a client writes there itself is not believed).
    "NUM_PROXIES": 1 if BEHIND_PROXY else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Smart Manufacturing Specialist Supplier Registry API",
    "DESCRIPTION": "스마트제조 전문기업 지정 포털 API v1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RegionEnum": "suppliers.enums.Region",
        "InquiryStatusEnum": "suppliers.enums.InquiryStatus",
    },
}

# Secure defaults whenever DEBUG is off; each can be relaxed by environment behind a proxy.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG and not TESTING)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
