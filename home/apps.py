from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site's core: home and standard pages, news, site settings and the demo content."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
