"""Remento's one settings module: every value comes from the environment.

See README.md ("Configuration") for the list of variables.
"""

# long-module: every setting in one module, as ARCHITECTURE.md lays out (split, a reader
# would hunt for where a value is set).

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP

from remento.core.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_log_level,
    env_str,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("REMENTO_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("REMENTO_DEBUG", False)
SECRET_KEY = secret_key(debug=DEBUG, dev_key_path=str(VAR_DIR / "dev-secret-key"))
ALLOWED_HOSTS = env_list(
    "REMENTO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("REMENTO_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("REMENTO_SITE_URL", "http://127.0.0.1:8000")
# Requests per API token (django-ninja's rate format: "600/min", "10000/hour").
API_RATE_LIMIT = env_str("REMENTO_API_RATE_LIMIT", "600/min")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: `runserver` (and so `remento demo`) leaves /static/ to WhiteNoise,
    # which answers 404 to a path that climbs out of the static folders
    # (/static/..%2f..%2fsettings.py); Django's own static handler let that become a 500.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    # Before remento.core: its sign-in receivers read what axes marks on the request.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # django-ninja's templates and static files: the API docs (Swagger UI) load from here.
    "ninja",
    "remento.core",
    "remento.people",
    "remento.programs",
    "remento.enrollment",
    "remento.matching",
    "remento.relationships",
    "remento.training",
    "remento.outcomes",
    # How Remento fits a company's stack (remento/integrations/__init__.py): above every app.
    "remento.integrations.tokens",
    "remento.integrations.sso",
    "remento.integrations.scim",
    "remento.integrations.api",
    "remento.integrations.chat",
    # The demo organisation and its commands (`remento demo`, `seed-demo`): above every app.
    "remento.demo",
]

MIDDLEWARE = [
    # First: /health/ answers a load balancer over plain HTTP and for any Host.
    "remento.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "remento.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Times on every page in the signed-in person's own zone (once the sign-in is known).
    "remento.core.viewer_time.ViewerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "remento.urls"
WSGI_APPLICATION = "remento.wsgi.application"
ASGI_APPLICATION = "remento.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "remento" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "remento.core.context_processors.remento",
            ],
        },
    }
]

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{VAR_DIR / 'remento.sqlite3'}",
        conn_max_age=env_int("REMENTO_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the page server read while a background worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a plan it expects to be costly, which for the app's short
    # queries costs more than it saves (a 30 ms recursive reporting-line query spent 0.46 s
    # compiling, docs/performance.md): off for this application's connections.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # django-axes refuses sign-ins while an account or a client address is locked out.
    "remento.core.signin.ThrottledSignInBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Checks an OpenID Connect callback's tokens only (remento/integrations/sso/oidc.py).
    "remento.integrations.sso.oidc.ConnectionOIDCBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    # Argon2id on one lane, so that a sign-in uses one core (remento/core/hashers.py).
    "remento.core.hashers.Argon2OneLanePasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# How many password checks (Argon2, one core each) may run at once on this machine, across
# all its web processes; the others wait their turn (remento/core/hashers.py). Default: half
# the cores, so that the other half keeps serving pages while people sign in.
REMENTO_PASSWORD_CHECKS_AT_ONCE = env_int(
    "REMENTO_PASSWORD_CHECKS_AT_ONCE", max(1, (os.cpu_count() or 2) // 2)
)
# The nice value (0-19) of the threads that hash passwords: pages go first (core/hashers.py).
REMENTO_PASSWORD_CHECK_NICE = env_int("REMENTO_PASSWORD_CHECK_NICE", 10)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("REMENTO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The project-wide stylesheet lives in remento/static; "remento" itself is not an app, so
# the app-directories finder would never see it.
STATICFILES_DIRS = [BASE_DIR / "remento" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

# Uploads: an HRIS export of 100,000 rows is about 15 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("REMENTO_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Sign-in throttling (django-axes): after this many failed sign-ins for one account, that
# account waits out the cool-off (or an admin unlocks it); after the higher count from one
# client address within the cool-off, that address does. A whole office signs in from one
# address: a few people's typos must not pause everyone (core/signin.py's handler).
AXES_FAILURE_LIMIT = env_int("REMENTO_SIGNIN_FAILURE_LIMIT", 5)
REMENTO_SIGNIN_ADDRESS_FAILURE_LIMIT = env_int("REMENTO_SIGNIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("REMENTO_SIGNIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "remento.core.signin.AccountAndAddressHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "remento.core.signin.signin_username"
AXES_LOCKOUT_CALLABLE = "remento.core.signin.lockout_response"
# A lock ends when its cool-off ends: tries made while locked do not extend it, so nobody can
# keep someone else's account locked for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
# Remento's own audit trail records every sign-in; axes keeps only what throttling needs.
AXES_DISABLE_ACCESS_LOG = True
# How many reverse proxies in front of Remento append the client's address to
# X-Forwarded-For: 0 trusts no forwarded header (the client is REMOTE_ADDR); behind one
# nginx, 1. Sign-in pauses and reset limits count per client address (core/signin.py).
REMENTO_TRUSTED_PROXIES = env_int("REMENTO_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "remento.core.signin.client_ip"
# Password-reset requests: at most this many per email address, and per client address, an hour.
REMENTO_PASSWORD_RESETS_PER_ADDRESS = env_int("REMENTO_PASSWORD_RESETS_PER_ADDRESS", 3)
REMENTO_PASSWORD_RESETS_PER_CLIENT = env_int("REMENTO_PASSWORD_RESETS_PER_CLIENT", 10)
# Two-factor sign-in (django-otp, TOTP): the name authenticator apps show.
OTP_TOTP_ISSUER = "Remento"

# Email: SMTP in production, files under var/mail for the demo outbox, console in a terminal.
# Each accepted value names a real backend module (the file backend's is "filebased").
EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_MODE = env_choice("REMENTO_EMAIL_BACKEND", "file" if DEBUG else "smtp", tuple(EMAIL_BACKENDS))
MAIL_DIR = VAR_DIR / "mail"
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKENDS[EMAIL_MODE],
        "OPTIONS": {
            "smtp": {
                "host": env_str("REMENTO_EMAIL_HOST", "localhost"),
                "port": env_int("REMENTO_EMAIL_PORT", 25),
                "username": env_str("REMENTO_EMAIL_HOST_USER", ""),
                "password": env_str("REMENTO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("REMENTO_EMAIL_USE_TLS", False),
            },
            "file": {"file_path": str(MAIL_DIR)},
        }.get(EMAIL_MODE, {}),
    }
}
DEFAULT_FROM_EMAIL = env_str("REMENTO_FROM_EMAIL", "Remento <remento@localhost>")

# Background work: Django's tasks framework; the database worker by default, RQ on Redis
# (`REMENTO_TASKS_BACKEND=rq`, workers: `remento rqworker`, see docs/deploy.md) when the
# database queue is not enough.
TASKS_MODE = env_choice("REMENTO_TASKS_BACKEND", "database", ("database", "immediate", "rq"))
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "rq": "django_tasks_rq.RQBackend",
        }[TASKS_MODE],
    }
}
REDIS_URL = env_str("REMENTO_REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {
    "default": {
        "URL": REDIS_URL,
        # RQ stops a job after 3 minutes unless told otherwise; a matching run of a large
        # cohort, an import or a report may take longer (the same bound as a matching run's).
        "DEFAULT_TIMEOUT": env_int("REMENTO_MATCH_RUN_TIMEOUT_MINUTES", 30) * 60,
    }
}
# Django's cache holds counts that every process must share when there are several: the API's
# rate limits, the password-reset limits. `local` (the default) is per process; `redis` keeps
# them in REMENTO_REDIS_URL's Redis for every web process (docs/deploy.md).
CACHE_MODE = env_choice("REMENTO_CACHE", "local", ("local", "redis"))
if CACHE_MODE == "redis":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "remento",
        }
    }
# Workers run django-tasks-rq's job class, which calls the task as django.tasks defines it
# (so `remento rqworker` needs no --job-class).
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
# django-rq's dashboard would need its own URLs; operators watch RQ with `rq info`.
RQ_SHOW_ADMIN_LINK = False
if TASKS_MODE == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]

# An uploaded HRIS file waits this long for its confirmation; then it is deleted
# (`remento purge-uploads`, also scheduled on the worker for each upload).
REMENTO_PENDING_UPLOAD_HOURS = env_int("REMENTO_PENDING_UPLOAD_HOURS", 24)
# An HRIS file of more rows than this is checked (on upload) and written (on confirmation)
# by the task worker, its page showing the progress. A file an export or a report job
# writes may be downloaded for this many hours, then deleted (`remento purge-job-files`).
REMENTO_IMPORT_BACKGROUND_ROWS = env_int("REMENTO_IMPORT_BACKGROUND_ROWS", 2000)
REMENTO_JOB_FILE_HOURS = env_int("REMENTO_JOB_FILE_HOURS", 24)
# A matching run (or preview) with no progress report from the task worker for this long is
# shown as failed (the worker crashed or was stopped), and a new run may start.
REMENTO_MATCH_RUN_TIMEOUT_MINUTES = env_int("REMENTO_MATCH_RUN_TIMEOUT_MINUTES", 30)

# Sensitive attributes are only ever shown in groups at least this large.
REMENTO_MIN_GROUP_SIZE = env_int("REMENTO_MIN_GROUP_SIZE", 5)
# Days a leaver's data is kept after the HRIS sync deactivates them; then
# ``remento purge-leavers`` erases them (see remento/people/services/personal_data.py).
REMENTO_LEAVER_RETENTION_DAYS = env_int("REMENTO_LEAVER_RETENTION_DAYS", 365)

# Slack and Teams (README "Slack and Microsoft Teams"): where Slack's Web API is called, and
# the hosts a Teams webhook URL may point at; `remento chat-sandbox` stands in for both.
REMENTO_SLACK_API_URL = env_str("REMENTO_SLACK_API_URL", "https://slack.com/api/")
REMENTO_TEAMS_WEBHOOK_HOSTS = env_list(
    "REMENTO_TEAMS_WEBHOOK_HOSTS",
    ["logic.azure.com", "powerplatform.com", "webhook.office.com"],
)
# Fernet keys for the chat connections' secrets (Slack bot tokens, Teams webhook URLs), as
# REMENTO_PRIVATE_NOTES_KEYS below; empty: a key derived from SECRET_KEY for this purpose.
REMENTO_CHAT_SECRET_KEYS = env_list("REMENTO_CHAT_SECRET_KEYS", [])
# Fernet keys for private notes, comma-separated: the first encrypts, all decrypt (rotation).
# Empty: a key derived from SECRET_KEY (see remento/relationships/notes/crypto.py).
REMENTO_PRIVATE_NOTES_KEYS = env_list("REMENTO_PRIVATE_NOTES_KEYS", [])
# The same for single sign-on secrets (OIDC client secrets, SAML private keys).
REMENTO_SSO_SECRET_KEYS = env_list("REMENTO_SSO_SECRET_KEYS", [])
# SAML (remento/integrations/sso/saml/): djangosaml2's views take each organisation's own
# configuration from this loader and send requests by HTTP-Redirect (the content-security
# policy lets no page post a form to another site); no django-csp, so no CSP handler.
SAML_CONFIG_LOADER = "remento.integrations.sso.saml.config.config_for_request"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_CSP_HANDLER = ""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_log_level("REMENTO_LOG_LEVEL")},
    "loggers": {
        "faiss": {"level": "WARNING"},  # which CPU build it loads, on every command
        "axes": {"level": "WARNING"},  # every sign-in, which Remento's audit trail records
        # xmlschema (under pysaml2) says at INFO each time it meets a schema it already has.
        "xmlschema": {"level": "WARNING"},
        # Django gives "django" a console of its own with debug on: its lines came twice.
        "django": {"handlers": [], "level": "INFO"},
        "weasyprint": {"level": "WARNING"},  # each layout step of every PDF, at INFO
    },
}

# Behind HTTPS (the production default): redirect, HSTS and cookies that never travel in clear.
HTTPS = env_bool("REMENTO_HTTPS", not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("REMENTO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("REMENTO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy: scripts, styles, images and fonts come from this site only, with
# no inline script, no inline style and no eval; nothing may frame the pages, and forms
# post only here. htmx (its own static file) is told not to inject its indicator <style>
# (base.html's htmx-config); its indicator styles are in remento.css.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page of Remento uses, denied to the pages and anything they frame.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
