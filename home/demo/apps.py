from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site (``manage.py load_demo_content``) and its record of what it has loaded."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home.demo"
    label = "demo"
    verbose_name = "demo content"
