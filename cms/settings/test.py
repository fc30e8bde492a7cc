"""The pytest suite. Uses DATABASE_URL like every other environment (SQLite by default)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"

# Fast hashing: the suite creates many users and the real hasher is slow on purpose.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Uploads and renditions go to a throwaway folder, never into the developer's media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="mip-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Sign-in throttling stays on in tests. Django's test client's login() authenticates with no
# request, which axes' own backend refuses; this one lets it through (force_login needs nothing).
AUTHENTICATION_BACKENDS = [
    "cms.security.login_throttle.TestClientLoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Webhook receivers on this machine (127.0.0.1) are allowed outside production.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
