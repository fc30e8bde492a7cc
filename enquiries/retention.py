"""How long what members send through the website's forms is kept: ``FORM_RETENTION_DAYS``
(365 unless set), after which it is deleted every night by the worker and by
``manage.py prune_form_submissions``."""

import datetime

from django.conf import settings
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from enquiries.models.submissions import EnquirySubmission


def cutoff(now=None, days=None):
    days = settings.FORM_RETENTION_DAYS if days is None else days
    return (now or timezone.now()) - datetime.timedelta(days=max(days, 1))


def expired(now=None, days=None):
    """The submissions to delete: ours and any kept by Wagtail's own form pages."""
    before = cutoff(now, days)
    return [
        EnquirySubmission.objects.filter(submit_time__lt=before),
        FormSubmission.objects.filter(submit_time__lt=before),
    ]


def prune_form_submissions(now=None, days=None):
    """Delete submissions older than the retention period; returns how many."""
    return sum(queryset.delete()[0] for queryset in expired(now, days))
