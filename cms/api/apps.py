from django.apps import AppConfig


class APIConfig(AppConfig):
    """The content API: its change log (for delta sync and cache invalidation) and signal handlers."""

    name = "cms.api"
    label = "api"
    verbose_name = "Content API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.api import signals

        signals.connect()
