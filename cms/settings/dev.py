"""Local development: what `make run` and the Makefile's other developer commands use
(DJANGO_SETTINGS_MODULE=cms.settings.dev). Never used in production."""

from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import WAGTAILADMIN_BASE_URL, env_list, os

DEBUG = True
# A fixed key is fine for a developer's own machine; production refuses to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-mip-content-platform"
# The host `make run HOST=...` serves (it sets WAGTAILADMIN_BASE_URL) is always allowed.
ALLOWED_HOSTS = [
    *env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver"),
    urlsplit(WAGTAILADMIN_BASE_URL).hostname or "localhost",
]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Webhook receivers on this machine (127.0.0.1) are allowed outside production.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
