"""Background work for Legal Eye, run by the worker (``manage.py db_worker --backend background``)."""

from django_tasks import task

from advice import reviews


@task(backend="background")
def send_review_reminders_task():
    """Every Monday morning (``cms.recurring_tasks``): remind each author or owner of their
    Legal Eye reviews that are overdue or due soon. Returns how many emails went."""
    return len(reviews.send_review_reminders())
