"""Settings of the test identity provider, read from the environment its process is given."""

import os

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
DEBUG = False
SECRET_KEY = os.environ.get("IDP_SECRET_KEY", "test-identity-provider-only")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_URL = os.environ.get("IDP_SITE_URL", "http://127.0.0.1:8800")
IDP_USERS_FILE = os.environ.get("IDP_USERS_FILE", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oidc_provider",
    "tests.idp",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("IDP_DATABASE", os.path.join(BASE_DIR, "idp.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["tests.hashers.OneRoundPBKDF2PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/login/"
# Distinct from the chat server's cookie: both run on 127.0.0.1, and cookies ignore ports.
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"

OIDC_IDTOKEN_PROCESSING_HOOK = "tests.idp.claims.add_test_claims"
OIDC_USERINFO = "tests.idp.claims.userinfo"
