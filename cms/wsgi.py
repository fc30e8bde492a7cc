import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

from cms.configuration import exit_on_bad_configuration

exit_on_bad_configuration()

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
