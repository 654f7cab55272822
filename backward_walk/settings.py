"""Settings for backward-walk, read from the environment (see README: Configuration).

A fresh clone runs on SQLite with no variables set. Production strictness (secure cookies,
HSTS, SSL redirect, a required SECRET_KEY) switches on when DEBUG is off.
"""

import sys
import zoneinfo
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from backward_walk.env import (
    env_bool,
    env_cache,
    env_int,
    env_list,
    env_str,
    env_vapid_keys,
    env_vapid_subject,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
TESTING = "pytest" in sys.modules

SECRET_KEY = env_str("SECRET_KEY")
# Django's own deploy check asks for at least 50 characters; a short key signs password-reset
# and email-change links that could be guessed.
MIN_SECRET_KEY_LENGTH = 50
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
elif not DEBUG and len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY is {len(SECRET_KEY)} characters long; use at least "
        f"{MIN_SECRET_KEY_LENGTH} when DEBUG is off (for example: openssl rand -hex 32)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# The project's own apps, one per domain (README: Layout). Listed before Django's so their
# templates (registration/, admin overrides) win.
PROJECT_APPS = ["accounts", "plans", "coaching", "assessments", "feeds", "notifications", "api"]

INSTALLED_APPS = [
    *PROJECT_APPS,
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # Django's own widget templates, for FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # The second step at log-in (accounts/services/second_step.py): the app-code and
    # recovery-code devices, each with its own migrations.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

# Background jobs (mail, reminders, digests) are rows in this database, run by
# `manage.py db_worker`; `manage.py run_scheduler` queues the periodic ones (README: Worker).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# How often the scheduler looks for reminders and digests that have come due.
SCHEDULER_INTERVAL_SECONDS = env_int("SCHEDULER_INTERVAL_SECONDS", 60, minimum=1)

# The JSON API (README: API): personal access tokens or the signed-in session (with CSRF),
# JSON in and out, every error an RFC 9457 problem detail, a rate limit per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.TokenScope",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.TokenRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNICODE_JSON": True,
}
# Requests a minute for each API token (or signed-in person); over it, 429 with Retry-After.
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 120, minimum=1)
SPECTACULAR_SETTINGS = {
    "TITLE": "backward-walk API",
    "DESCRIPTION": (
        "The person's plan, sessions and progress, logging a session or a fall; a coach's "
        "clients, their history, notes and functional tests (also as FHIR R4). Every write "
        "takes an Idempotency-Key header; every error is an RFC 9457 problem detail "
        "(application/problem+json) with the person's words in `detail`. Authenticate with a "
        "personal access token made on the account page: `Authorization: Bearer bw_…`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The reference page's scripts are served from here (drf-spectacular-sidecar), no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "plans.models.plan.Plan.Status",
        "LogStatusEnum": "plans.models.plan.SessionLog.Status",
        "RoleEnum": ["client", "coach"],
    },
}

MIDDLEWARE = [
    # Answers /healthz before host checks and the SSL redirect, so a container or load
    # balancer probe on plain HTTP and an internal address gets the real answer.
    "plans.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session, before CommonMiddleware (Django's documented place): a visitor reads
    # the language they chose (the cookie) or their browser's; responses say Vary: Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (it needs request.user), before anything that reads the database
    # for the page: a database outage becomes the plain 503 page, never a bare 500.
    "plans.middleware.DatabaseOutageMiddleware",
    "plans.middleware.NoStoreForSignedInMiddleware",
    # Inside SessionMiddleware: it sees whether the session cookie is about to be set, and
    # sets the service worker's session marker beside it with the same lifetime.
    "plans.middleware.OfflineOwnerMiddleware",
    "plans.middleware.TimeZoneMiddleware",
    # A signed-in person reads their account's language (accounts.User.language), whatever
    # the browser asks for.
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session that gave the password but not yet the code reaches only the code page (and a
    # coach who must have a second step, only its set-up page).
    "plans.middleware.SecondStepMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must be last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backward_walk.urls"
WSGI_APPLICATION = "backward_walk.wsgi.application"

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
                "plans.context_processors.navigation",
            ],
            # `{{ day|local_date:"WEEKDAY_DATE" }}`: dates as the page's language writes them.
            "builtins": ["backward_walk.formats.tags"],
        },
    },
]

# Widgets render with the project's templates too (templates/widgets/: the one-tap scale).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of one failing
    # with "database is locked" half-way through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: PostgreSQL compiles any query its planner costs above jit_above_cost, which
    # for the coach dashboard's correlated subqueries took 1.6 s of a 2.1 s query (bench/).
    # This app runs short queries only, where JIT never pays for itself.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Page fragments and rendered empty forms are cached under keys that change with what they
# show (plans/selectors/cache_keys.py), so an old entry is never read again, only culled, and
# a copy per process is never wrong, only built once more. The default is each process's own
# memory (locmem): a read costs no query and no system call, which is the point of caching
# here (the database cache paid a query per fragment and a COUNT(*) of its table on each miss;
# the file cache lists its folder on each write). Many servers that want one shared copy set
# CACHE_URL=redis://host:6379/0 (Django's RedisCache, which needs `pip install redis`);
# file:///folder and db:// remain for one server that wants a copy shared by its workers.
CACHES = {
    "default": {
        **env_cache("CACHE_URL"),
        # Old versions of a fragment are dead weight; they expire within a day.
        "TIMEOUT": env_int("CACHE_TIMEOUT", 60 * 60 * 24, minimum=1),
    }
}
if not CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # The database, file and memory caches cull a third of their entries beyond this many
    # (Redis evicts by its own maxmemory policy). In memory, each worker holds its own: 5,000
    # fragments of a few kB each stay within tens of MB per worker.
    in_memory = CACHES["default"]["BACKEND"].endswith("LocMemCache")
    CACHES["default"]["OPTIONS"] = {
        "MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5_000 if in_memory else 50_000, minimum=100)
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Checks every login; ModelBackend, after it, only keeps sessions made under its name.
    "accounts.backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Hashing a megabyte-long password costs the server; nobody types more than this.
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
if TESTING:
    # Test users need no protection, and the slow default hasher dominates the suite's time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login guessing: five wrong passwords or log-in codes for one account from one address lock
# that pair out for 15 minutes; a complete, correct login resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts the email as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
# Count "Lee@Example.com" and "lee@example.com" as the same account (they are: emails are
# stored lower-case), so changing the letter case gives no extra guesses.
AXES_USERNAME_CALLABLE = "accounts.lockout.normalised_username"
# A correct password clears the count only for an account without a second step; with one,
# the correct code does (accounts/lockout.py), so wrong codes add up with wrong passwords.
AXES_RESET_ON_SUCCESS = False
# The code typed at the second step is not kept in the lock-out's record of the try.
AXES_SENSITIVE_PARAMETERS = ["code"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# AXES_PROXY_COUNT is our variable's name; axes itself now reads the AXES_IPWARE_* settings.
LOGIN_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0, minimum=0)


def axes_ip_settings(proxy_count: int) -> tuple[tuple[str, ...], int | None, str]:
    """Where django-ipware finds the client's address behind `proxy_count` proxies:
    (request headers to read, proxies listed in X-Forwarded-For, order).

    Each proxy appends the address it received the request from to X-Forwarded-For, and the
    one nearest the app is REMOTE_ADDR itself, so the header holds the client followed by
    proxy_count - 1 proxies. ipware counts those listed proxies, exactly: a header the client
    padded with its own addresses does not match and gives no address, so it cannot choose a
    fresh lock-out bucket per try.
    """
    if proxy_count == 0:
        return ("REMOTE_ADDR",), None, "left-most"
    return ("HTTP_X_FORWARDED_FOR",), proxy_count - 1, "right-most"


(
    AXES_IPWARE_META_PRECEDENCE_ORDER,
    AXES_IPWARE_PROXY_COUNT,
    AXES_IPWARE_PROXY_ORDER,
) = axes_ip_settings(LOGIN_PROXY_COUNT)
AXES_VERBOSE = False

# The second step at log-in (README: Security). Coaches see many people's health data, so in
# production (DEBUG off) every coach must set one up unless COACH_2FA_REQUIRED=0 says otherwise.
COACH_2FA_REQUIRED = env_bool("COACH_2FA_REQUIRED", not DEBUG)
# The name the authenticator app shows beside the code.
OTP_TOTP_ISSUER = "backward-walk"

# Languages (README: Languages). Every user-facing string is marked for translation; each
# language here has a catalogue in locale/<code>/LC_MESSAGES (the compiled django.mo is
# committed, so running the app never needs gettext) and date formats in backward_walk/formats/.
# Names are each language's own, as the footer's choice shows them.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["backward_walk.formats"]
# The language a visitor chose in a footer (a signed-in person's is on their account).
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(f"TIME_ZONE={TIME_ZONE!r} is not a known time zone.")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The guided session's ?speed= (a minute a second at 60) is for tests only; DEBUG allows it too.
PLAYER_ALLOW_SPEED = env_bool("PLAYER_ALLOW_SPEED", TESTING)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: an SMTP host in production. Without one, mail (password-reset links included) would
# be printed to the server's log, where anyone who reads the log could take over an account,
# so DEBUG=0 refuses to start unless EMAIL_CONSOLE_UNSAFE=1 says this is only a trial.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_CONSOLE_UNSAFE = env_bool("EMAIL_CONSOLE_UNSAFE", False)
if not EMAIL_HOST and not DEBUG and not EMAIL_CONSOLE_UNSAFE:
    raise ImproperlyConfigured(
        "EMAIL_HOST must be set when DEBUG is off: without it, password-reset links would be "
        "written to the server log. For a trial without mail, set EMAIL_CONSOLE_UNSAFE=1."
    )
# Seconds before a mail server that does not answer gives up, so the worker moves on and
# retries later instead of hanging (no page sends mail: the worker does).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif DEBUG:
    # Development: one line per message in the worker's output, the whole message kept in
    # DEV_MAIL_DIR and listed at /dev/mail/ for staff (notifications/dev_mail.py).
    EMAIL_BACKEND = "notifications.dev_mail.DevMailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEV_MAIL_DIR = BASE_DIR / "dev-mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "backward-walk <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Reminders on the phone (Web Push, README: Worker). The key pair signs each push, so a push
# service knows it comes from this site; the subject tells them who to contact. Without the
# keys push is off and every reminder and alert goes by email. `make run` makes a pair.
VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY = env_vapid_keys("VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY")
VAPID_SUBJECT = (
    env_vapid_subject("VAPID_SUBJECT", SITE_URL, allow_http=DEBUG) if VAPID_PRIVATE_KEY else ""
)


def parse_admins(raw: list[str]) -> list[tuple[str, str]]:
    """ADMINS="Ann <ann@example.org>, ops@example.org" -> [(name, email), ...]."""
    admins = []
    for item in raw:
        name, _, rest = item.partition("<")
        email = rest.rstrip(">").strip() if rest else name.strip()
        if "@" not in email:
            raise ImproperlyConfigured(f"ADMINS has {item!r}, which is not an email address.")
        admins.append((name.strip() if rest else email, email))
    return admins


# How long the operator's database backups are kept: the privacy page tells people, since a
# deleted account lives on in backups until they expire.
BACKUP_RETENTION_DAYS = env_int("BACKUP_RETENTION_DAYS", 30, minimum=0)

# Who is mailed the details of a server error (Django's mail_admins handler below).
ADMINS = parse_admins(env_list("ADMINS", []))

# Strict Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Bootstrap draws checkbox ticks and select arrows as data: SVGs.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The service worker (/sw.js) and the web app manifest, both our own.
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    # Both are hard to undo (every subdomain must then serve HTTPS; browsers ship the preload
    # list for months), so they are the operator's explicit choice.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # The deploy check nags until both are on; off is the deliberate default here.
    SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
    if env_bool("TRUST_PROXY_HEADERS", False):
        # Only behind a proxy that sets this header itself and strips it from clients.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Server errors mailed to ADMINS (nothing is sent while ADMINS is empty).
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "loggers": {
        "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Optional error reporting to Sentry: off unless SENTRY_DSN is set, and only then imported.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - sentry-sdk is a dependency
        raise ImproperlyConfigured("SENTRY_DSN is set but sentry-sdk is not installed.") from None
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        # Health answers, pain and falls are special-category data: never send request
        # bodies, cookies or user details to a third party.
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
    )
