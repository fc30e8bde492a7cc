import os

# Production unless told otherwise: a forgotten DJANGO_SETTINGS_MODULE refuses to start
# without SECRET_KEY rather than serving with DEBUG on and a public key.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

from cms.configuration import exit_on_bad_configuration

exit_on_bad_configuration()

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()
