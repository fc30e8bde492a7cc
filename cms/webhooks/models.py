"""Webhook endpoints (managed by editors) and deliveries (the outbox and its log)."""

import secrets
import uuid

from django.db import models

# What an endpoint may subscribe to. A ".*" entry covers every event of that kind.
EVENT_CHOICES = [
    ("page.published", "Page published (or updated while public)"),
    ("page.unpublished", "Page unpublished (or made private)"),
    ("page.deleted", "Page deleted"),
    ("image.*", "Images: published, updated, deleted"),
    ("document.*", "Documents: published, updated, deleted"),
    ("directory.*", "Directory (regions, employers): updated, deleted"),
]
EVENT_NAMES = [name for name, _label in EVENT_CHOICES]
PING = "ping"


def new_secret():
    return secrets.token_hex(32)


def subscribed(wanted, event):
    """Whether a list of subscriptions (``EVENT_CHOICES`` names) covers ``event``."""
    return any(event == name or (name.endswith(".*") and event.startswith(name[:-1])) for name in wanted)


class Endpoint(models.Model):
    """An app's URL that is told, by a signed POST, when public content changes."""

    name = models.CharField(max_length=100, help_text="Who receives these calls, e.g. “Member app (iOS)”.")
    url = models.URLField(
        "URL", max_length=500, help_text="The HTTPS address the app listens on. Events are POSTed as JSON."
    )
    secret = models.CharField(
        max_length=128,
        default=new_secret,
        help_text="Give this to the app's developers: it signs every call (X-MiP-Signature). "
        "Change it to revoke the old one.",
    )
    events = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True, help_text="Inactive endpoints are sent nothing.")
    failing = models.BooleanField(
        default=False, editable=False, help_text="A delivery failed for good; cleared by the next success."
    )
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    failing_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "webhook endpoint"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, event):
        return self.active and subscribed(self.events, event)

    @property
    def events_display(self):
        return ", ".join(self.events) or "—"


class Delivery(models.Model):
    """One event sent (or to be sent) to one endpoint: the outbox row and its log entry."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    OPEN = (Status.PENDING, Status.RETRYING)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    resource_key = models.CharField(max_length=120, blank=True)
    resource_kind = models.CharField(max_length=20, blank=True)
    resource_id = models.BigIntegerField(null=True, blank=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Set while a worker sends it, so two workers never send one delivery at once.
    locked_until = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        ordering = ["-id"]
        indexes = [
            # "Is an older delivery for this resource still open?" and "which one is next?"
            models.Index(
                fields=["endpoint", "resource_key", "status", "id"], name="webhooks_delivery_order_idx"
            ),
            models.Index(fields=["created_at"], name="webhooks_delivery_created_idx"),
        ]

    def __str__(self):
        return f"{self.event} {self.resource_key or ''} → {self.endpoint}"

    @property
    def resource(self):
        return self.resource_key or "—"
