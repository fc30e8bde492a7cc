"""Background work for forms, run by the worker (``manage.py db_worker --backend background``)."""

from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from enquiries import emails, retention
from enquiries.models.submissions import EnquirySubmission


@task(backend="background")
def send_enquiry_emails(submission_id):
    """Send a submission's emails once. If the mail server refuses, the task fails (its result
    says why), the submission stays in the editors' listing with no "Emailed" time, and nothing
    is lost."""
    submission = EnquirySubmission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None or submission.emailed_at is not None:
        return 0
    messages = emails.messages_for(submission)
    with get_connection() as connection:
        connection.send_messages(messages)
    submission.emailed_at = timezone.now()
    submission.save(update_fields=["emailed_at"])
    return len(messages)


@task(backend="background")
def prune_form_submissions_task():
    """Every night (``cms.recurring_tasks``): delete submissions past ``FORM_RETENTION_DAYS``."""
    return retention.prune_form_submissions()
