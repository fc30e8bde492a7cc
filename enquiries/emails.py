"""The emails a form submission sends: one to the people it was routed to (replies go to the
member), and the member's copy (replies go to those people). Plain text, rendered from
templates/enquiries/email/."""

import datetime
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format

from enquiries import routing


def answers(submission, page):
    """``[(label, text)]`` of the answers given, in the form's order."""
    data = submission.form_data
    shown = []
    for name, label in page.answer_fields():
        value = data.get(name)
        if value in (None, "", [], False):
            continue
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        elif value is True:
            value = "Yes"
        elif isinstance(value, datetime.date | datetime.datetime):
            value = date_format(value, "SHORT_DATE_FORMAT")
        shown.append((label, str(value)))
    return shown


def addresses(recipients):
    return [formataddr((item.get("name", ""), item["email"])) for item in recipients]


def messages_for(submission):
    page = submission.page.specific
    context = {
        "page": page,
        "submission": submission,
        "answers": answers(submission, page),
        "recipients": submission.sent_to,
        "recipient_names": [routing.describe_name(item) for item in submission.sent_to],
        "retention_days": settings.FORM_RETENTION_DAYS,
        "submissions_url": settings.WAGTAILADMIN_BASE_URL
        + reverse("wagtailforms:list_submissions", args=[page.pk]),
    }
    from_email = page.from_address or settings.DEFAULT_FROM_EMAIL
    member = submission.member_email
    messages = []
    if submission.sent_to:
        topic = submission.form_data.get("topic")
        subject = page.subject or page.title
        messages.append(
            EmailMessage(
                subject=f"{subject}: {topic}" if topic else subject,
                body=render_to_string("enquiries/email/submission.txt", context),
                from_email=from_email,
                to=addresses(submission.sent_to),
                reply_to=[member] if member else None,
            )
        )
    if page.send_member_copy and member:
        messages.append(
            EmailMessage(
                subject=f"Your message to MiP: {page.title}",
                body=render_to_string("enquiries/email/member_copy.txt", context),
                from_email=from_email,
                to=[member],
                reply_to=addresses(submission.sent_to) or None,
            )
        )
    return messages
