"""One settings module, driven by environment variables.

With no variable set this is the embedded default: SQLite under ``var/``,
local-memory cache, in-process tasks and private files under ``var/media/``.
``YIMEI_DATABASE_URL``, ``YIMEI_REDIS_URL`` and the ``YIMEI_S3_*`` variables
switch to the production parts. See docs/operations.md for the full list.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BACKEND_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BACKEND_DIR.parent
VAR_DIR = Path(os.environ.get("YIMEI_VAR_DIR", REPO_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"YIMEI_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return int(value) if value else default


def _secret_from_file(name: str, nbytes: int) -> str:
    """A secret kept in a 0600 file under var/, created on first use (embedded default only)."""
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(nbytes))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG")
DEMO_MODE = env_bool("DEMO")
SECRET_KEY = env("SECRET_KEY") or _secret_from_file("secret.key", 50)
# Key for AES-GCM encryption of personal data and for blind indexes; never stored in the database.
DATA_KEY = env("DATA_KEY") or _secret_from_file("data.key", 32)

ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "yimei.core",
    "yimei.accounts",
    "yimei.audit",
    "yimei.customers",
    "yimei.dataimport",
    "yimei.catalog",
    "yimei.sales",
    "yimei.notify",
    "yimei.followups",
    "yimei.appointments",
    "yimei.workbench",
]

MIDDLEWARE = [
    "yimei.core.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yimei.accounts.middleware.PrefetchUserMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "yimei.accounts.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

# --- Database -------------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "yimei.sqlite3")}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock up front so two
            # writers queue instead of failing half-way with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "yimei.core.cache.YimeiRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "yimei",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "yimei"}}

SESSION_ENGINE = "yimei.accounts.sessions"
SESSION_COOKIE_NAME = "yimei_sessionid"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Idle timeout and absolute lifetime of a staff session (等保: session timeout).
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_MAX_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS

# --- Authentication -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["yimei.accounts.backends.CachedModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "yimei.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "yimei.accounts.passwords.ComplexityValidator"},
    {"NAME": "yimei.accounts.passwords.NotContainingUsernameValidator"},
    {"NAME": "yimei.accounts.passwords.CommonPasswordValidator"},
]
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_MINUTES", 30) * 60
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)

# --- Internationalisation and time ----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------------
STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
FRONTEND_DIST = Path(env("FRONTEND_DIST", str(REPO_DIR / "frontend" / "dist")))
STATICFILES_DIRS = [FRONTEND_DIST / "assets"] if (FRONTEND_DIST / "assets").is_dir() else []
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
if env("S3_BUCKET"):
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env("S3_BUCKET"),
                "endpoint_url": env("S3_ENDPOINT_URL") or None,
                "access_key": env("S3_ACCESS_KEY"),
                "secret_key": env("S3_SECRET_KEY"),
                "region_name": env("S3_REGION") or None,
                "default_acl": "private",
                "querystring_auth": True,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

# --- Background work ------------------------------------------------------------------------------
# In the embedded default, task functions run in-process; with Redis configured, Celery takes over.
TASKS_EAGER = not REDIS_URL or env_bool("TASKS_EAGER")
# Long jobs started from a request (imports) run in a background thread of the web process; tests run them
# inline (YIMEI_TASKS_ASYNC=0).
YIMEI_TASKS_ASYNC = env_bool("TASKS_ASYNC", True)
# Celery (production: a worker and beat next to gunicorn; see deploy/). The beat schedule is built from the
# periodic-job registry (yimei/core/periodic.py) in config/celery.py.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ALWAYS_EAGER = TASKS_EAGER
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = False

# --- Messages (notify) ----------------------------------------------------------------------------
# Provider endpoints are settings so that tests and the benchmark can point them at the local fake servers.
NOTIFY_ALIYUN_SMS_URL = env("NOTIFY_ALIYUN_SMS_URL", "https://dysmsapi.aliyuncs.com/")
NOTIFY_TENCENT_SMS_URL = env("NOTIFY_TENCENT_SMS_URL", "https://sms.tencentcloudapi.com/")
NOTIFY_WECHAT_API_URL = env("NOTIFY_WECHAT_API_URL", "https://api.weixin.qq.com")
NOTIFY_HTTP_TIMEOUT_SECONDS = float(env("NOTIFY_HTTP_TIMEOUT_SECONDS", "5"))
NOTIFY_DISPATCH_EVERY_SECONDS = env_int("NOTIFY_DISPATCH_EVERY_SECONDS", 10)
NOTIFY_DISPATCH_BATCH = env_int("NOTIFY_DISPATCH_BATCH", 500)
NOTIFY_DISPATCH_THREADS = env_int("NOTIFY_DISPATCH_THREADS", 8)
# Messages claimed (and recorded) together; 0 = four per sending thread.
NOTIFY_DISPATCH_CHUNK = env_int("NOTIFY_DISPATCH_CHUNK", 0)
# How long a claimed message belongs to its worker; after that recovery decides what happened to it.
NOTIFY_LEASE_SECONDS = env_int("NOTIFY_LEASE_SECONDS", 120)

# --- Follow-ups -----------------------------------------------------------------------------------
# The address customers open links at (the aftercare H5 page in WeChat and SMS messages).
PUBLIC_URL = env("PUBLIC_URL", "http://127.0.0.1:8000")
# How often the rule engine runs (seconds); it also runs right after a no-show, deduction or reversal commits.
FOLLOWUPS_ENGINE_EVERY_SECONDS = env_int("FOLLOWUPS_ENGINE_EVERY_SECONDS", 120)
FOLLOWUPS_RUN_ON_COMMIT = env_bool("FOLLOWUPS_RUN_ON_COMMIT", True)

# --- REST framework -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "yimei.core.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["yimei.core.permissions.HasFunctionPermission"],
    "DEFAULT_PAGINATION_CLASS": "yimei.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["yimei.core.parsers.CleanJSONParser"],
    "EXCEPTION_HANDLER": "yimei.core.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_THROTTLE_RATES": {"login": env("LOGIN_RATE", "30/min")},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")

SPECTACULAR_SETTINGS = {
    "TITLE": "YiMei CRM API",
    "DESCRIPTION": "医美客户管理系统 API. Session cookie + CSRF for the console, token for scripts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ScopeEnum": "yimei.core.scopes.Scope.choices",
        "KindEnum": "yimei.accounts.choices.UnitKind.choices",
        "ConsentSourceEnum": "yimei.customers.choices.ConsentSource.choices",
        "ConsentKindEnum": "yimei.customers.choices.ConsentKind.choices",
        "GenderEnum": "yimei.customers.choices.Gender.choices",
        "ImportKindEnum": "yimei.dataimport.choices.ImportKind.choices",
        "ImportStatusEnum": "yimei.dataimport.choices.ImportStatus.choices",
        "VisitKindEnum": "yimei.customers.choices.VisitKind.choices",
        "VisitStatusEnum": "yimei.customers.choices.VisitStatus.choices",
        "TriageTargetEnum": "yimei.customers.choices.TriageTarget.choices",
        "ConsultationKindEnum": "yimei.customers.choices.ConsultationKind.choices",
        "ConsultationOutcomeEnum": "yimei.customers.choices.ConsultationOutcome.choices",
        "NoDealReasonEnum": "yimei.customers.choices.NoDealReason.choices",
        "FormFieldTypeEnum": "yimei.customers.choices.FormFieldType.choices",
        "ComplaintCategoryEnum": "yimei.customers.choices.ComplaintCategory.choices",
        "ComplaintChannelEnum": "yimei.customers.choices.ComplaintChannel.choices",
        "ComplaintStatusEnum": "yimei.customers.choices.ComplaintStatus.choices",
        "ItemKindEnum": "yimei.catalog.choices.ItemKind.choices",
        "ProductKindEnum": "yimei.catalog.choices.ProductKind.choices",
        "CardKindEnum": "yimei.catalog.choices.CardKind.choices",
        "CardRefundRuleEnum": "yimei.catalog.choices.CardRefundRule.choices",
        "ArticleKindEnum": "yimei.catalog.choices.ArticleKind.choices",
        **{f"{name}Enum": f"yimei.sales.choices.{name}.choices" for name in (
            "PaymentModeKind", "OrderStatus", "DiscountStatus", "LineKind", "DiscountKind", "DiscountValueType",
            "ApprovalStatus", "ApprovalMethod", "PaymentKind", "CardStatus", "EntitlementStatus", "LedgerKind",
            "DeductionStatus", "RefundStatus", "PerformanceKind", "PerformanceRole")},
        **{f"FollowUp{name}Enum": f"yimei.followups.choices.{name}.choices" for name in (
            "Method", "TaskStatus", "Outcome", "RuleKind", "AssigneeMode", "ResourceRuleKind", "ResourceActionKind")},
        **{f"{name}Enum": f"yimei.appointments.choices.{name}.choices" for name in (
            "ResourceKind", "ScheduleKind", "AppointmentType", "AppointmentSource", "AppointmentStatus")},
        "ScheduleModeEnum": "yimei.appointments.choices.Mode.choices",
        "WorkbenchViewEnum": "yimei.workbench.choices.View.choices",
        **{f"{prefix}{name}Enum": f"yimei.notify.choices.{name}.choices" for prefix, name in (
            ("", "MessageStatus"), ("Message", "Channel"), ("Message", "Purpose"), ("Message", "AttemptOutcome"),
            ("", "SmsProvider"))},
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security headers -----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
# With HTTPS (YIMEI_SECURE_COOKIES=1) browsers are told to use nothing else for a year.
SECURE_HSTS_SECONDS = 31_536_000 if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "yimei.core.views.csrf_failure"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
# Number of trusted reverse proxies in front of the app; the client IP is read from X-Forwarded-For only then.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
