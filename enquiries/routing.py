"""Who a form submission is emailed to.

- **By topic** ("Contact us"): each topic the editor lists names an inbox, and the inboxes'
  addresses come from Site settings (the general inbox and the member-advice inbox), so changing
  an address there re-routes every form at once.
- **To the national officer** ("Ask your national officer"): the officers who cover the member's
  employer (when the directory recognises it) or else the region they chose, from the officer
  directory (``people.models.officers_covering``). Only live, public profiles with an
  email address count; if nobody covers it, the member-advice inbox gets it instead.
- **To fixed addresses**: the page's "to address" list, or nobody (a sign-up list kept for export).

Recipients are worked out when the member sends the form and stored with the submission
(``[{name, email}]``), so the editors' listing and export show who got each message and the
worker sends to exactly those people.
"""

from django.db import models

from people.models import officers_covering


class Routing(models.TextChoices):
    ADDRESSES = "addresses", "To the addresses below (or nobody: keep the submissions only)"
    TOPIC = "topic", "By topic: to the general or the member-advice inbox in Site settings"
    OFFICER = "officer", "To the national officer(s) for the member's employer or region"


class Inbox(models.TextChoices):
    GENERAL = "general", "General inbox"
    MEMBER_ADVICE = "member-advice", "Member-advice inbox"


INBOX_NAMES = {Inbox.GENERAL: "MiP head office", Inbox.MEMBER_ADVICE: "MiP member advice"}


def recipient(name, email):
    return {"name": name, "email": email}


def inbox(kind, site_settings):
    address = (
        site_settings.member_advice_email if kind == Inbox.MEMBER_ADVICE else site_settings.contact_email
    )
    return recipient(INBOX_NAMES[kind], address)


def recipients(page, answers, site_settings):
    """``[{name, email}]`` for a valid submission's cleaned ``answers`` to ``page``."""
    if page.routing == Routing.TOPIC:
        chosen = next((topic for topic in page.topics.all() if topic.label == answers.get("topic")), None)
        return [inbox(chosen.inbox if chosen else Inbox.GENERAL, site_settings)]
    if page.routing == Routing.OFFICER:
        _region, officers = officers_covering(answers.get("employer", ""), answers.get("region"))
        found = [recipient(officer.title, officer.email) for officer in officers if officer.email]
        return found or [inbox(Inbox.MEMBER_ADVICE, site_settings)]
    addresses = [address.strip() for address in (page.to_address or "").split(",")]
    return [recipient("", address) for address in addresses if address]


def describe(item):
    """ "Jo Bloggs <jo@…>" for the editors' listing and export."""
    return f"{item['name']} <{item['email']}>" if item.get("name") else item.get("email", "")


def describe_name(item):
    """ "Jo Bloggs" (or the address, when there is no name) for the member's copy."""
    return item.get("name") or item.get("email", "")
