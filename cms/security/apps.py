from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "cms.security"
    label = "mip_security"
    verbose_name = "Security"

    def ready(self):
        from cms.security import page_privacy  # noqa: F401 - connects its signal receivers
