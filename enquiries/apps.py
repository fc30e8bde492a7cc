import datetime

from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "enquiries"
    verbose_name = "Forms"

    def ready(self):
        from cms import recurring_tasks
        from enquiries.tasks import prune_form_submissions_task

        # Every night: submissions past FORM_RETENTION_DAYS are deleted.
        recurring_tasks.register(prune_form_submissions_task, at=datetime.time(3, 0))
