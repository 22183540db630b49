"""Settings for the chat server, read from the environment (12-factor).

Every variable is documented in README.md. Settings hold plain values (strings,
numbers, lists, dates) read by ``chatserver/env.py`` and import no app module: a
value with an app's own grammar (the key ring, opening hours, closures, the bank
holiday nation, emergency phrases) is kept as text and parsed by its app, which
reports a bad one through its system checks (transcripts.E003, chat.E003 to
chat.E006); those errors stop the server at start-up (``chatserver/startup.py``).
A value that is bad in itself (not a number, not a boolean) stops the process at
once with ``ImproperlyConfigured``; policy problems that deployers should see
explained (wildcards, plain-http origins, the in-memory layer in production) are
reported by the system checks in ``chatserver/chat/checks.py``.
"""

import os
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from chatserver.database_settings import database_settings
from chatserver.env import (
    env_bool,
    env_choice,
    env_date_list,
    env_int,
    env_list,
    env_optional_int,
    env_regex_list,
    env_str,
    env_time_zone,
    env_url,
)
from chatserver.redis_settings import redis_settings

# Django's generic classes (QuerySet[Model], ModelAdmin[Model]) subscriptable at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CHAT_VAR_DIR", str(BASE_DIR / "var")))
DEV_KEY_RING_FILE = VAR_DIR / "dev-transcript-keys"

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-secret-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required when DJANGO_DEBUG is off.")

# Transcript master keys. Never derived from SECRET_KEY: rotating one must not
# touch the other. In development a ring is made under var/ by `make run`. The text
# is parsed by transcripts.record.keyring; a malformed ring is transcripts.E003.
TRANSCRIPT_KEYS = env_str("TRANSCRIPT_KEYS")
if not TRANSCRIPT_KEYS and DEBUG and DEV_KEY_RING_FILE.exists():
    TRANSCRIPT_KEYS = DEV_KEY_RING_FILE.read_text().strip()
if not TRANSCRIPT_KEYS and not DEBUG:
    raise ImproperlyConfigured(
        "TRANSCRIPT_KEYS is required when DJANGO_DEBUG is off "
        "(comma-separated id:base64-of-32-bytes entries, primary first)."
    )

TRANSCRIPT_KEY_CACHE_SIZE = env_int("TRANSCRIPT_KEY_CACHE_SIZE", 4096, minimum=0)
TRANSCRIPT_KEY_CACHE_SECONDS = env_int("TRANSCRIPT_KEY_CACHE_SECONDS", 60, minimum=0)
# A data key is replaced before it has sealed this many values (random 96-bit
# nonces stay safe far beyond this; NIST's bound is 2**32 per key).
TRANSCRIPT_DATA_KEY_MAX_SEALS = env_int("TRANSCRIPT_DATA_KEY_MAX_SEALS", 2**24, minimum=2)

CHAT_ALLOWED_ORIGINS = env_list("CHAT_ALLOWED_ORIGINS")
CHAT_TRANSCRIPT_EMAILS_PER_HOUR = env_int("CHAT_TRANSCRIPT_EMAILS_PER_HOUR", 3, minimum=1)
# A copy goes only to an address confirmed by a one-time code emailed to it (F-04).
CHAT_TRANSCRIPT_EMAILS_PER_ADDRESS_PER_DAY = env_int(
    "CHAT_TRANSCRIPT_EMAILS_PER_ADDRESS_PER_DAY", 3, minimum=1
)
CHAT_EMAIL_CODES_PER_IP_PER_HOUR = env_int("CHAT_EMAIL_CODES_PER_IP_PER_HOUR", 10, minimum=1)
CHAT_EMAIL_CODE_SECONDS = env_int("CHAT_EMAIL_CODE_SECONDS", 900, minimum=1)
CHAT_EMAIL_CODE_ATTEMPTS = env_int("CHAT_EMAIL_CODE_ATTEMPTS", 5, minimum=1)
CHAT_SERVER_ORIGINS = env_list("CHAT_SERVER_ORIGINS")
CHAT_ROUTING = env_choice("CHAT_ROUTING", ("auto", "manual"), "auto")
CHAT_RETENTION_DAYS = env_int("CHAT_RETENTION_DAYS", 90, minimum=1)
CHAT_PURGE_DAYS = env_optional_int("CHAT_PURGE_DAYS", minimum=1)
CHAT_RETENTION_SCHEDULE_HOURS = env_int("CHAT_RETENTION_SCHEDULE_HOURS", 24, minimum=1)
# The nation whose bank holidays (the `holidays` package's) rule hours, deadlines and clocks
# (unset, England and Wales; unknown: chat.E005), and one-offs newer than the package.
CHAT_BANK_HOLIDAYS = env_str("CHAT_BANK_HOLIDAYS")
CHAT_EXTRA_BANK_HOLIDAYS = env_date_list("CHAT_EXTRA_BANK_HOLIDAYS")
# Casework's legal clocks, name=working-days pairs over the defaults (casework.E001).
CHAT_CASE_TIMESCALES = env_str("CHAT_CASE_TIMESCALES")
# Opening hours in the landlord's time zone; unset (None), the chat is open whenever an
# agent is. Hours and closures are parsed by chatserver.chat.hours (chat.E003, E004).
CHAT_TIME_ZONE = env_time_zone("CHAT_TIME_ZONE", "Europe/London")
CHAT_OPENING_HOURS = env_str("CHAT_OPENING_HOURS") or None
CHAT_OPEN_ON_BANK_HOLIDAYS = env_bool("CHAT_OPEN_ON_BANK_HOLIDAYS", default=False)
CHAT_CLOSURES = env_str("CHAT_CLOSURES")
# A visitor waiting this long for an adviser is offered to leave a message instead.
CHAT_OFFLINE_AFTER_MINUTES = env_int("CHAT_OFFLINE_AFTER_MINUTES", 10, minimum=1)
# Emergencies: the phrases that flag a visitor's line (a JSON object over the defaults,
# parsed by chatserver.chat.emergency_defaults: chat.E006), and the numbers its advice gives.
CHAT_EMERGENCY_PHRASES = env_str("CHAT_EMERGENCY_PHRASES")
CHAT_REPAIRS_PHONE = env_str("CHAT_REPAIRS_PHONE", "0300 123 4567")
CHAT_GAS_EMERGENCY_PHONE = env_str("CHAT_GAS_EMERGENCY_PHONE", "0800 111 999")
CHAT_DOMESTIC_ABUSE_PHONE = env_str("CHAT_DOMESTIC_ABUSE_PHONE", "0808 2000 247")
CHAT_SAMARITANS_PHONE = env_str("CHAT_SAMARITANS_PHONE", "116 123")
# A rating (1 to 5) at or below this prompts the complaint choice (casework.prompts); 0: never.
CHAT_LOW_RATING = env_int("CHAT_LOW_RATING", 2, minimum=0)
# Photos: the largest upload; the most pixels a photo may have (25 Mpx: every phone's
# default output, see docs/performance.md) and the memory its decode may take; how many
# the process decodes at once (others wait, then get 503); and how many uploads, stored
# or refused, one conversation and one address may make in an hour.
CHAT_PHOTO_MAX_BYTES = env_int("CHAT_PHOTO_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
CHAT_PHOTO_MAX_PIXELS = env_int("CHAT_PHOTO_MAX_PIXELS", 25_000_000, minimum=10_000)
CHAT_PHOTO_MAX_DECODED_BYTES = env_int(
    "CHAT_PHOTO_MAX_DECODED_BYTES", 170 * 1024 * 1024, minimum=16 * 1024 * 1024
)
CHAT_PHOTO_DECODES = env_int("CHAT_PHOTO_DECODES", 2, minimum=1)
CHAT_PHOTO_DECODE_WAIT_SECONDS = env_int("CHAT_PHOTO_DECODE_WAIT_SECONDS", 10, minimum=0)
CHAT_PHOTOS_PER_HOUR = env_int("CHAT_PHOTOS_PER_HOUR", 20, minimum=1)
CHAT_PHOTOS_PER_HOUR_PER_IP = env_int("CHAT_PHOTOS_PER_HOUR_PER_IP", 60, minimum=1)
# A request body is held in memory up to this size, so an upload never reaches the disk
# in clear; larger bodies are refused before they are read (chatserver.middleware).
CHAT_MAX_REQUEST_BYTES = CHAT_PHOTO_MAX_BYTES + 64 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = CHAT_MAX_REQUEST_BYTES
# Where the widget's quick exit sends the visitor (replacing the landlord's page).
CHAT_QUICK_EXIT_URL = env_url("CHAT_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
CHAT_TRUSTED_PROXY = env_bool("CHAT_TRUSTED_PROXY", default=False)
CHAT_MAX_TEXT_LENGTH = env_int("CHAT_MAX_TEXT_LENGTH", 4000, minimum=1)
CHAT_AGENT_MAX_CONVERSATIONS = env_int("CHAT_AGENT_MAX_CONVERSATIONS", 4, minimum=1)
CHAT_AGENT_RECHECK_SECONDS = env_int("CHAT_AGENT_RECHECK_SECONDS", 30, minimum=1)
CHAT_VISITOR_IDLE_SECONDS = env_int("CHAT_VISITOR_IDLE_SECONDS", 1800, minimum=5)
# How long before an idle chat closes the visitor is warned and may keep it open (WCAG
# 2.2.1 asks for at least 20 seconds); the warning comes up to a housekeeping round earlier.
CHAT_VISITOR_IDLE_WARNING_SECONDS = env_int("CHAT_VISITOR_IDLE_WARNING_SECONDS", 120, minimum=20)
# A visitor whose sockets all closed is shown to their agent as gone once they have not
# come back for this long: the reconnect grace, as for agents (chat.visitor_presence).
CHAT_VISITOR_GONE_SECONDS = env_int("CHAT_VISITOR_GONE_SECONDS", 120, minimum=0)
# Visibility changes one visitor socket may report in a minute (a flapping tab).
CHAT_VISIBILITY_CHANGES_PER_MINUTE = env_int("CHAT_VISIBILITY_CHANGES_PER_MINUTE", 12, minimum=1)
CHAT_VISITOR_TOKEN_HOURS = env_int("CHAT_VISITOR_TOKEN_HOURS", 24, minimum=1)
CHAT_RATE_PER_SECOND = env_int("CHAT_RATE_PER_SECOND", 5, minimum=1)
CHAT_RATE_BURST = env_int("CHAT_RATE_BURST", 20, minimum=1)
CHAT_MESSAGES_PER_MINUTE = env_int("CHAT_MESSAGES_PER_MINUTE", 100, minimum=1)
CHAT_MAX_SOCKETS_PER_IP = env_int("CHAT_MAX_SOCKETS_PER_IP", 20, minimum=1)
CHAT_CONNECTS_PER_MINUTE_PER_IP = env_int("CHAT_CONNECTS_PER_MINUTE_PER_IP", 60, minimum=1)
CHAT_SOCKET_IDLE_SECONDS = env_int("CHAT_SOCKET_IDLE_SECONDS", 600, minimum=5)
# Conversations a visitor may start (audit F-05): per socket and per session token an
# hour, per client address an hour, and how many may wait in the queue at once.
CHAT_CONVERSATIONS_PER_SOCKET_PER_HOUR = env_int(
    "CHAT_CONVERSATIONS_PER_SOCKET_PER_HOUR", 5, minimum=1
)
CHAT_CONVERSATIONS_PER_SESSION_PER_HOUR = env_int(
    "CHAT_CONVERSATIONS_PER_SESSION_PER_HOUR", 10, minimum=1
)
CHAT_CONVERSATIONS_PER_IP_PER_HOUR = env_int("CHAT_CONVERSATIONS_PER_IP_PER_HOUR", 30, minimum=1)
CHAT_QUEUED_CONVERSATIONS_PER_SESSION = env_int(
    "CHAT_QUEUED_CONVERSATIONS_PER_SESSION", 2, minimum=1
)
CHAT_QUEUED_CONVERSATIONS_PER_IP = env_int("CHAT_QUEUED_CONVERSATIONS_PER_IP", 5, minimum=1)
# Emergencies from one address that head the queue at a time; the rest wait as ordinary chats.
CHAT_PRIORITY_EMERGENCIES_PER_IP = env_int("CHAT_PRIORITY_EMERGENCIES_PER_IP", 1, minimum=1)
# Queue entries sent to agents in one frame (the frame carries the total).
CHAT_QUEUE_FRAME_MAX = env_int("CHAT_QUEUE_FRAME_MAX", 50, minimum=1)
CHAT_PRIVACY_CONTACT = env_str("CHAT_PRIVACY_CONTACT", "dpo@example.org")
CHAT_ORGANISATION_NAME = env_str("CHAT_ORGANISATION_NAME", "Riverside Homes (demo)")
# The controller's postal address and the lawful basis of each purpose, as the privacy
# notice and the access letter state them (parsed by transcripts.compliance.controller).
CHAT_CONTROLLER_ADDRESS = env_str(
    "CHAT_CONTROLLER_ADDRESS", "Riverside House, 1 Quay Street, Newport NP20 1AA (demo)"
)
CHAT_LAWFUL_BASES = env_str(
    "CHAT_LAWFUL_BASES",
    "chat=contract, details=contract, photos=contract, diagnostics=legitimate_interests",
)

INSTALLED_APPS = [
    "daphne",
    "chatserver.console.admin_config.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    # identity's templates (the sign-in screens in the console's look) come before allauth's
    # (IDENTITY_APPS, added below).
    "identity",
    "transcripts",
    "chatserver.chat",
    "chatserver.teams",
    "chatserver.wrapup",
    "chatserver.casework",
    "chatserver.reports",
    "chatserver.console",
    "widget",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chatserver.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A signed-in user without MFA reaches only enrolment or the challenge (identity.mfa_policy).
    "identity.middleware.MfaRequiredMiddleware",
    "identity.middleware.PasswordResetGate",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "chatserver.urls"
ASGI_APPLICATION = "chatserver.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "chatserver" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "identity.context_processors.sign_in",
                "chatserver.console.context_processors.console_links",
            ],
        },
    },
]

DATABASES = database_settings(os.environ, VAR_DIR)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL, CHANNEL_LAYERS, _caches = redis_settings(os.environ, str(DATABASES["default"]["NAME"]))
if _caches is not None:
    CACHES = _caches
# How often each process's canary crosses the layer (chatserver/chat/layer_canary.py).
CHAT_LAYER_CANARY_SECONDS = env_int("CHAT_LAYER_CANARY_SECONDS", 2, minimum=1)

# Staff passwords: 12 characters at least (ASVS; audit F-13) and Django's other checks.
_VALIDATION = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATION + "UserAttributeSimilarityValidator"},
    {"NAME": _VALIDATION + "MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": _VALIDATION + "CommonPasswordValidator"},
    {"NAME": _VALIDATION + "NumericPasswordValidator"},
]

# Sign-in is django-allauth's (identity/): a password and a second factor, or single sign-on.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/console/"
# The client's address: the trusted proxy's (last) X-Forwarded-For entry, as for sockets.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if CHAT_TRUSTED_PROXY else 0
MFA_TOTP_ISSUER = CHAT_ORGANISATION_NAME
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

LANGUAGE_CODE = "en-gb"
# The languages visitors may use; agents' console and the admin stay in English.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "chatserver" / "locale"]
TIME_ZONE = CHAT_TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The project's own files: the demo page's style and the modules the widget and console share.
STATICFILES_DIRS = [BASE_DIR / "chatserver" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic writes a gzipped copy beside each file, which nginx (gzip_static) and
    # WhiteNoise send to browsers that accept it: the widget's typed modules carry their
    # JSDoc, and compressed they cost less than the untyped scripts did plain.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# In development static files are served straight from the apps; in production
# `manage.py collectstatic` (the Procfile's release step) gathers them first.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = 300

# Security headers and cookies. Plain http is only for local development.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_SECONDS", 8 * 3600, minimum=60)
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = HSTS_PRELOAD
if CHAT_TRUSTED_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS preload is a commitment for the whole domain that deployers must opt into.
SILENCED_SYSTEM_CHECKS = [] if HSTS_PRELOAD else ["security.W021"]

# In development mail is written to files under var/mail, not printed: a
# transcript copy must never end up in a log.
EMAIL_BACKEND = (
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG and not env_str("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "chat@example.org")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"refusals_on_one_line": {"()": "chatserver.log_filters.RefusalsOnOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["refusals_on_one_line"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        # Django's own console handler (debug only) would print each record a second
        # time, past the filter: its records go to the root's handler alone.
        "django": {"handlers": [], "level": "INFO"},
        # Django logs request paths; ours never carry personal data in URLs.
        "django.request": {"level": "WARNING"},
        # Presidio logs every call at INFO and warns about recognizers for other
        # languages that it skips; only its errors matter here.
        "presidio-analyzer": {"level": "ERROR"},
        "presidio-anonymizer": {"level": "ERROR"},
    },
}

CHAT_HOUSEKEEPING_SECONDS = env_int("CHAT_HOUSEKEEPING_SECONDS", 60, minimum=1)

# Redaction: the spaCy model (an installed package; nothing is downloaded) and
# the landlord's own reference formats, as a JSON list of regular expressions.
# Empty, the engine's defaults apply (transcripts.redaction.redaction_defaults).
REDACTION_SPACY_MODEL = env_str("REDACTION_SPACY_MODEL")
REDACTION_REFERENCE_PATTERNS = env_regex_list("REDACTION_REFERENCE_PATTERNS", [])

# ---- Apps that read settings of their own: chatserver/<app>_settings.py ----
from chatserver.api_settings import *  # noqa: E402, F403
from chatserver.identity_settings import *  # noqa: E402, F403
from chatserver.integrations_settings import *  # noqa: E402, F403
from chatserver.tenant_portal_settings import *  # noqa: E402, F403

INSTALLED_APPS += IDENTITY_APPS + API_APPS + INTEGRATIONS_APPS + TENANT_PORTAL_APPS  # noqa: F405
