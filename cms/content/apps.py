from django.apps import AppConfig


class ContentCoreConfig(AppConfig):
    """The content core (see the package docstring): visibility rule and change feed."""

    name = "cms.content"
    label = "content"
    verbose_name = "Content core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.content import receivers

        receivers.connect()
