from django.apps import AppConfig


class APIConfig(AppConfig):
    """The content API. Its change log moved to the content core (``cms.content``); the app
    keeps its label for the migration that removed it."""

    name = "cms.api"
    label = "api"
    verbose_name = "Content API"
    default_auto_field = "django.db.models.BigAutoField"
