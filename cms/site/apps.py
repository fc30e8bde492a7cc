from django.apps import AppConfig


class SiteDeliveryConfig(AppConfig):
    """Reader-site delivery (see the package docstring). No models."""

    name = "cms.site"
    label = "mip_site"
    verbose_name = "Reader site"

    def ready(self):
        from cms.site import renditions

        renditions.connect()
