"""Local development: the default for manage.py. Never used in production."""

from .base import *  # noqa: F403
from .base import env_list, os

DEBUG = True
# A fixed key is fine for a developer's own machine; production refuses to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-mip-content-platform"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Webhook receivers on this machine (127.0.0.1) are allowed outside production.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
