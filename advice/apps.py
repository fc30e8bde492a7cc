import datetime

from django.apps import AppConfig


class AdviceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "advice"

    def ready(self):
        from advice.tasks import send_review_reminders_task
        from cms import recurring_tasks

        # Every Monday at 07:00: each author or owner hears about their due Legal Eye reviews.
        recurring_tasks.register(send_review_reminders_task, at=datetime.time(7, 0), weekday=0)
