"""Turns a missing or bad setting into one readable line at start-up, instead of a
traceback from deep inside Django the first time a request touches it."""

import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError, CommandParser, handle_default_options


def apply_command_line_settings(argv):
    """Honour ``--settings`` and ``--pythonpath`` exactly as Django's ``ManagementUtility``
    does, but before ``exit_on_bad_configuration`` loads the settings: otherwise they are
    loaded from the environment first and ``--settings`` is silently ignored."""
    parser = CommandParser(prog="manage.py", add_help=False, allow_abbrev=False)
    parser.add_argument("--settings")
    parser.add_argument("--pythonpath")
    parser.add_argument("args", nargs="*")
    try:
        options, _ = parser.parse_known_args(argv[2:])
    except CommandError:
        return  # Django reports the bad arguments itself.
    handle_default_options(options)


def exit_on_bad_configuration():
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loading the settings module is the check
    except ImproperlyConfigured as error:
        sys.exit(f"Configuration error: {error}")
