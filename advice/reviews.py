"""Legal Eye governance: which articles are due for review, who answers for each, and the
weekly reminder email.

An article is *due* when its "next review due" date has passed (overdue) or falls within
``LEGAL_EYE_REVIEW_NOTICE_DAYS`` (30) days. Drafts count too: an editor reviews them before
they go out. The person who answers for an article is its **author** (a staff profile that is
published and has an email address) or else its **owner** (the editor who created the page,
if their account is active and has an email address); an article with neither goes to the
member-advice inbox from Site settings, so no due review goes unnoticed.

The admin dashboard's "Legal Eye reviews due" panel (``advice.wagtail_hooks``) and the
reminders show the same articles and the same people.
"""

import datetime
from dataclasses import dataclass, field
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Site

from advice.models import LegalEyeArticlePage
from home.models import SiteSettings


@dataclass(frozen=True)
class Responsible:
    """Who answers for an article's review: an author, an owner or the member-advice inbox."""

    name: str
    email: str
    role: str  # "author", "owner" or "inbox"

    @property
    def label(self):
        return {"author": "Author", "owner": "Owner", "inbox": "Nobody named"}[self.role]


def notice_days():
    return settings.LEGAL_EYE_REVIEW_NOTICE_DAYS


def due_for_review(today=None):
    """Articles overdue or due within the notice period, soonest (most overdue) first, with
    their authors and owners fetched."""
    today = today or datetime.date.today()
    horizon = today + datetime.timedelta(days=notice_days())
    return (
        LegalEyeArticlePage.objects.filter(review_due__lte=horizon)
        .select_related("author", "owner")
        .order_by("review_due", "title", "pk")
    )


def responsible_for(article, fallback=None):
    """The author if their profile is published and has an email address, else the page's
    owner if active with an email address, else ``fallback`` (or None)."""
    author = article.author
    if author is not None and author.live and author.email:
        return Responsible(author.title, author.email, "author")
    owner = article.owner
    if owner is not None and owner.is_active and owner.email:
        return Responsible(owner.get_full_name() or owner.get_username(), owner.email, "owner")
    return fallback


def advice_inbox():
    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else SiteSettings()
    return Responsible("MiP member advice", site_settings.member_advice_email, "inbox")


@dataclass
class DueReview:
    article: LegalEyeArticlePage
    today: datetime.date

    @property
    def overdue(self):
        return self.article.review_overdue_on(self.today)

    @property
    def days(self):
        """Days overdue (when overdue) or days left."""
        return abs((self.article.review_due - self.today).days)

    @property
    def edit_url(self):
        return settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[self.article.pk])


@dataclass
class Reminder:
    """One person's weekly email: their overdue reviews and those due soon."""

    recipient: Responsible
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.overdue) + len(self.due_soon)

    def message(self):
        plural = "article is" if self.count == 1 else "articles are"
        context = {"reminder": self, "notice_days": notice_days()}
        return EmailMessage(
            subject=f"Legal Eye: {self.count} {plural} due for review",
            body=render_to_string("advice/email/review_reminder.txt", context),
            to=[formataddr((self.recipient.name, self.recipient.email))],
        )


def reminders(today=None):
    """One ``Reminder`` per person with due reviews, by email address (so an author who also
    owns articles gets one email)."""
    today = today or datetime.date.today()
    by_email = {}
    inbox = None
    for article in due_for_review(today):
        person = responsible_for(article)
        if person is None:
            inbox = inbox or advice_inbox()
            person = inbox
        reminder = by_email.setdefault(person.email.lower(), Reminder(recipient=person))
        review = DueReview(article, today)
        (reminder.overdue if review.overdue else reminder.due_soon).append(review)
    return list(by_email.values())


def send_review_reminders(today=None):
    """Email every person with due reviews; returns the reminders sent."""
    sent = reminders(today)
    if sent:
        with get_connection() as connection:
            connection.send_messages([reminder.message() for reminder in sent])
    return sent
