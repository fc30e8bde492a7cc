#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    from cms.configuration import apply_command_line_settings, exit_on_bad_configuration

    # Production unless told otherwise, by DJANGO_SETTINGS_MODULE or --settings (the Makefile's
    # developer commands and `make run` pass cms.settings.dev; pytest uses cms.settings.test).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    apply_command_line_settings(sys.argv)
    exit_on_bad_configuration()

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
