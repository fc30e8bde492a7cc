"""Turns a missing or bad setting into one readable line at start-up, instead of a
traceback from deep inside Django the first time a request touches it."""

import sys

from django.core.exceptions import ImproperlyConfigured


def exit_on_bad_configuration():
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loading the settings module is the check
    except ImproperlyConfigured as error:
        sys.exit(f"Configuration error: {error}")
