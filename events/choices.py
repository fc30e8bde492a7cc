"""The choices an event page offers editors, shared by the page, its calendar file and its
schema.org data."""

from django.db import models


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    ONLINE = "online", "Online"
    MIXED = "mixed", "In person and online"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Going ahead"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class Booking(models.TextChoices):
    LINK = "link", "Book online (give the booking link)"
    CONTACT_OFFICER = "contact-officer", "Members contact their national officer"
    NOT_NEEDED = "not-needed", "No need to book"


class Audience(models.TextChoices):
    MEMBERS = "members", "MiP members"
    REPS = "reps", "MiP workplace reps"
    EVERYONE = "everyone", "Open to all"
