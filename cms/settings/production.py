"""Production: everything from the environment. Refuses to start without a secret key
and a host list, rather than running with an unsafe default."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import TRUSTED_PROXY_COUNT, env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production needs a long random secret, e.g. "
        "SECRET_KEY=\"$(python -c 'import secrets; print(secrets.token_urlsafe(50))')\". "
        "(Production settings are the default; on a developer's machine set "
        "DJANGO_SETTINGS_MODULE=cms.settings.dev, as make run does.)"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. List the site's host names, comma-separated, "
        'e.g. ALLOWED_HOSTS="www.miphealth.org.uk,miphealth.org.uk".'
    )

# Static files are compressed and fingerprinted at collectstatic, then served by whitenoise.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS: on by default; SECURE_SSL_REDIRECT=false where a proxy already redirects.
# X-Forwarded-Proto is believed only from a proxy: with none in front (TRUSTED_PROXY_COUNT=0)
# any client could send it and pass plain HTTP off as HTTPS.
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# No other site may frame ours (older browsers; current ones obey the Content-Security-Policy's
# frame-ancestors 'self'). Wagtail's preview panel overrides this to SAMEORIGIN per view.
X_FRAME_OPTIONS = "DENY"
# The Content-Security-Policy itself is set in base.py for every environment, so developers
# and the browser tests see a violation before production does.

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "info@miphealth.org.uk")
