from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "cms.security"
    label = "mip_security"
    verbose_name = "Security"

    def ready(self):
        from cms.security import media_access

        media_access.connect()
