from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Webhook endpoints, their outbox of deliveries, and the task that sends them."""

    name = "cms.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.content.feed import changes_recorded
        from cms.webhooks import outbox

        changes_recorded.connect(outbox.changes_recorded, dispatch_uid="webhooks.outbox")
