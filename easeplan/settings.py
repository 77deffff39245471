"""easeplan settings, read from environment variables.

The defaults are the embedded development setup (SQLite, console email, DEBUG on).
Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and EMAIL_URL;
see docs/deploy.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd secrets)."""
    if os.environ.get(name):
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return None


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_secret("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", LOCAL_HOSTS if DEBUG else [])
if DEBUG and set(ALLOWED_HOSTS) - set(LOCAL_HOSTS):
    # DEBUG is on by default for `make run`; a public host name means production forgot it.
    raise ImproperlyConfigured(
        "DEBUG is on but ALLOWED_HOSTS names a public host: set DEBUG=false in production."
    )
# Hosted sign-up: therapists create their own practices at /start/, each with its public
# site at <slug>.EASEPLAN_PRACTICE_DOMAIN (wildcard DNS and TLS; docs/deploy.md, "Hosting
# many practices"). Off by default: an installation serves the practices its operator makes.
EASEPLAN_PRACTICE_SIGNUP = env_bool("EASEPLAN_PRACTICE_SIGNUP", False)
EASEPLAN_PRACTICE_DOMAIN = os.environ.get("EASEPLAN_PRACTICE_DOMAIN", "").strip().lower().strip(".")
# Sign-up form: at most this many requests per client address per hour.
EASEPLAN_SIGNUP_RATE_PER_HOUR = env_int("EASEPLAN_SIGNUP_RATE_PER_HOUR", 5)
if EASEPLAN_PRACTICE_SIGNUP:
    if not EASEPLAN_PRACTICE_DOMAIN:
        raise ImproperlyConfigured(
            "EASEPLAN_PRACTICE_SIGNUP is on: set EASEPLAN_PRACTICE_DOMAIN to the domain whose "
            "subdomains are the practices' sites, like clinics.example.org."
        )
    if DEBUG and not (
        EASEPLAN_PRACTICE_DOMAIN == "localhost" or EASEPLAN_PRACTICE_DOMAIN.endswith(".localhost")
    ):
        raise ImproperlyConfigured(
            "DEBUG is on but EASEPLAN_PRACTICE_DOMAIN names a public domain: set DEBUG=false "
            "in production (for development, use localhost)."
        )
    # The leading dot admits the domain itself (where /start/ is) and every subdomain.
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, f".{EASEPLAN_PRACTICE_DOMAIN}"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "easeplan.accounts",
    "easeplan.practice",
    "easeplan.booking",
    "easeplan.site",
    "easeplan.screening",
    "easeplan.care",
    "easeplan.outcomes",
    "easeplan.portal",
    "easeplan.privacy",
    "easeplan.demo",
    "easeplan.onboarding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "easeplan.lib.middleware.RefuseNulBytes",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "easeplan.lib.headers.SecurityHeadersMiddleware",
    "easeplan.accounts.middleware.DeniedAccessAuditMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "easeplan.practice.middleware.SitePracticeMiddleware",
    "easeplan.practice.middleware.PracticeLanguageMiddleware",
    "easeplan.onboarding.first_run.FirstRunMiddleware",
]

ROOT_URLCONF = "easeplan.urls"
WSGI_APPLICATION = "easeplan.wsgi.application"

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
                "easeplan.practice.context_processors.site_practice",
            ],
        },
    },
]

# Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL.
VAR_DIR = Path(os.environ.get("EASEPLAN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'easeplan.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock
        # at BEGIN, so a check-then-write inside atomic() cannot race another writer.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a real file too: WAL and the write lock behave as in production, and
    # threads (the live server, concurrency tests) get their own connections.
    # One file per test run, so runs side by side never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL == "db":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "easeplan_cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home_for_user"

# django-allauth: email is the login; verification is mandatory.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "easeplan.accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[easeplan] "
ACCOUNT_ADAPTER = "easeplan.accounts.adapter.AccountAdapter"
# Per address, and per account *from one place* (the adapter's key; accounts/lockout.py).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# How many proxies in front of the app append to X-Forwarded-For (1 for one nginx).
# Client addresses (rate limits, the audit trail) are read from that header only so far.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "easeplan"
# Passkeys (WebAuthn): a second factor, and a way to sign in on their own. The relying
# party is the host the browser sees, so passkeys need a domain name (localhost in
# development: http://localhost counts as a secure origin), never a bare IP address.
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_FORMS = {
    "add_webauthn": "easeplan.accounts.mfa.AddPasskeyForm",
    "authenticate": "easeplan.accounts.mfa.SecondStepForm",
}
# Insecure origins are never allowed: http://localhost works without it.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False

# Staff must have two-factor authentication before they may open client records.
EASEPLAN_REQUIRE_STAFF_MFA = env_bool("EASEPLAN_REQUIRE_STAFF_MFA", not DEBUG)
# The practice whose public site is served when no practice's domain matches the host.
EASEPLAN_SITE_PRACTICE = os.environ.get("EASEPLAN_SITE_PRACTICE", "")
# Contact form: at most this many messages per client address per hour.
EASEPLAN_CONTACT_RATE_PER_HOUR = env_int("EASEPLAN_CONTACT_RATE_PER_HOUR", 5)

# Email: console by default; in production EMAIL_URL such as
# submission://user:pass@host:587 (STARTTLS), smtps://user:pass@host:465 or smtp://host:25.
_email = dj_email_url.parse(env_secret("EMAIL_URL") or "console:")
if "EMAIL_BACKEND" not in _email:
    raise ImproperlyConfigured(
        "EMAIL_URL has a scheme we don't know: use submission://, smtps://, smtp:// or console:"
    )
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or None
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "easeplan <no-reply@easeplan.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# The page's language: the signed-in person's choice, else the visitor's cookie (the footer's
# switcher), else the practice's default (see docs/translating.md). English keeps the British
# formats of LANGUAGE_CODE.
LANGUAGES = [("en-gb", "English"), ("fr", "Français")]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: strict by default whenever DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script, no style attributes, nothing from another site; the few <style> blocks
# carry the per-response nonce ({{ request.csp_nonce }}). Permissions-Policy and no-store
# on private pages: easeplan/lib/headers.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # Pico draws its icons as data: SVGs
        "manifest-src": [SELF],  # the installable app's manifest
        "worker-src": [SELF],  # its service worker, /sw.js
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # fpdf2 subsets fonts with fontTools, which narrates every glyph table at INFO.
        "fontTools": {"level": "WARNING"},
    },
}
