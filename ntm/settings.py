"""Django settings, configured from the environment.

DATABASE_URL selects the database (SQLite file under var/ by default, PostgreSQL in production/CI);
NTM_DEBUG, NTM_SECRET_KEY, NTM_ALLOWED_HOSTS, NTM_SECURE_COOKIES and NTM_PROXY_SSL_HEADER tune the
deployment (docs/security.md lists the production environment that `check --deploy` accepts);
NTM_STORAGE and NTM_S3_* choose where files live (local disk under NTM_VAR_DIR, or an S3-compatible bucket);
NTM_EMAIL_BACKEND and NTM_SMTP_* how notices are mailed (the console by default).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NTM_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("NTM_DEBUG", False)
# The published development key: `ntm serve` refuses it outside the demo and debug mode, and its
# `django-insecure-` prefix makes `check --deploy` flag it (security.W009).
DEFAULT_SECRET_KEY = "django-insecure-ntm-development-key-change-me-in-production"
SECRET_KEY = os.environ.get("NTM_SECRET_KEY") or DEFAULT_SECRET_KEY
ALLOWED_HOSTS = [h for h in os.environ.get("NTM_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ntm.audit",
    "ntm.notices",
    "ntm.units",
    "ntm.indicators",
    "ntm.recognition",
    "ntm.criteria",
    "ntm.ocop",
    "ntm.planning",
    "ntm.finance",
    "ntm.dataio",
    "ntm.reports",
    "ntm.rounds",
    "ntm.accounts",
    "ntm.web",
    "ntm.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ntm.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ntm.urls"
WSGI_APPLICATION = "ntm.wsgi.application"

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
                "django.template.context_processors.i18n",
                "ntm.web.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'ntm.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,  # a connection lost while idle is replaced, not reused into a 500
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (imports, reports): tasks queued in the database and run by `ntm worker` processes
# (`ntm serve` starts one). The test suite swaps in django-tasks' immediate backend (tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail of notices (ntm/notices, docs/deploy.md): printed on the worker's console unless
# NTM_EMAIL_BACKEND=smtp, then sent through the NTM_SMTP_* server.
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
_email_backend = os.environ.get("NTM_EMAIL_BACKEND", "console").strip().lower()
if _email_backend not in EMAIL_BACKENDS:
    raise ImproperlyConfigured(f"NTM_EMAIL_BACKEND must be 'console' or 'smtp', not {_email_backend!r}.")
EMAIL_BACKEND = EMAIL_BACKENDS[_email_backend]
EMAIL_HOST = os.environ.get("NTM_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("NTM_SMTP_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("NTM_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("NTM_SMTP_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("NTM_SMTP_TLS", True)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("NTM_EMAIL_FROM", "ntm@localhost")
# The address of the site, for links in e-mails (https://ntm.example.gov.vn); blank: paths only.
NTM_SITE_URL = os.environ.get("NTM_SITE_URL", "")

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes), for 15 minutes: a username+address pair after 5 failures, and an
# address after twice as many failures whatever the usernames (password spraying); see
# `ntm.accounts.throttle`.
NTM_LOGIN_FAILURE_LIMIT = int(os.environ.get("NTM_LOGIN_FAILURE_LIMIT", "5"))
NTM_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("NTM_LOGIN_IP_FAILURE_LIMIT") or 2 * NTM_LOGIN_FAILURE_LIMIT)
AXES_FAILURE_LIMIT = "ntm.accounts.throttle.failure_limit"
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Production behind HTTPS: secure cookies, HTTP redirected to HTTPS, HSTS for a year. Behind a
# reverse proxy that terminates TLS, NTM_PROXY_SSL_HEADER names the header it sets
# (X-Forwarded-Proto: https); the proxy must overwrite that header on every request.
SECURE_COOKIES = _env_bool("NTM_SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = SECURE_COOKIES
SECURE_HSTS_SECONDS = int(os.environ.get("NTM_HSTS_SECONDS", "31536000")) if SECURE_COOKIES else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_COOKIES
if os.environ.get("NTM_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ["NTM_PROXY_SSL_HEADER"].upper().replace("-", "_"),
        "https",
    )
# HSTS preloading is a commitment of the whole domain, taken by its owner, not by this application.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
# Content-Security-Policy (django-csp): scripts only from this site's static files (no inline script,
# no eval), nothing framed, forms only posted here. Inline styles stay allowed: ECharts' tooltips and
# htmx's indicators write style attributes; styles cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
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
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "ntm" / "locale"]
FORMAT_MODULE_PATH = ["ntm.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end libraries come from npm (package-lock.json) and are served from node_modules' dist folders.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
]


def file_storages(kind: str, var_dir: Path, s3: dict) -> dict:
    """The named storages of the files the system keeps: evidence ("default"), generated report files
    ("reports") and uploaded import files ("imports"). Local disk keeps each under var_dir; S3 keeps
    each under a prefix of one private bucket (no public ACL: downloads go through the views that
    check the user's scope)."""
    areas = {"default": "evidence", "reports": "reports", "imports": "imports"}
    if kind == "local":
        local = "django.core.files.storage.FileSystemStorage"
        return {
            name: {"BACKEND": local, "OPTIONS": {"location": var_dir / area}} for name, area in areas.items()
        }
    if kind != "s3":
        raise ImproperlyConfigured(f"NTM_STORAGE must be 'local' or 's3', not {kind!r}.")
    if not s3.get("bucket_name"):
        raise ImproperlyConfigured("NTM_STORAGE=s3 needs NTM_S3_BUCKET.")
    options = {"default_acl": None, "querystring_auth": True, "file_overwrite": False, **s3}
    s3_backend = "storages.backends.s3.S3Storage"
    return {
        name: {"BACKEND": s3_backend, "OPTIONS": {**options, "location": area}}
        for name, area in areas.items()
    }


_S3_ENV = {
    "bucket_name": "NTM_S3_BUCKET",
    "endpoint_url": "NTM_S3_ENDPOINT_URL",
    "access_key": "NTM_S3_ACCESS_KEY",
    "secret_key": "NTM_S3_SECRET_KEY",
    "region_name": "NTM_S3_REGION",
    "addressing_style": "NTM_S3_ADDRESSING_STYLE",
}
STORAGES = {
    **file_storages(
        os.environ.get("NTM_STORAGE", "local").strip().lower(),
        VAR_DIR,
        {option: os.environ[name] for option, name in _S3_ENV.items() if os.environ.get(name)},
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Files served at the site's root: /favicon.ico, which browsers (and the admin's pages) ask for.
WHITENOISE_ROOT = Path(__file__).resolve().parent / "web" / "root"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NTM_LOG_LEVEL", "WARNING")},
}

NTM_SITE_NAME = _("Hệ thống theo dõi, đánh giá nông thôn mới")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request when it is missing
