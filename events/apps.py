from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events: the events index, event pages, their calendar files and feeds."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"

    def ready(self):
        from events import api

        api.register_filters()
