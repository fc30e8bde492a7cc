"""Sending a delivery: the signed POST, its outcome, retries and ordering.

``deliver`` is a django-tasks task on the "background" backend. It is idempotent: a delivery
that succeeded (or failed for good) is never sent again, however often its task runs, and a
lease (``locked_until``) keeps two workers from sending one delivery at once. Deliveries for
one resource reach an endpoint in the order they were made: one waits while an older one for
the same endpoint and resource is still open, and is woken when that one finishes.
"""

import hashlib
import hmac
import http.client
import json
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from cms.webhooks import addresses
from cms.webhooks.models import PING, Delivery

USER_AGENT = "MiP-Webhooks/1.0 (+https://www.mip.org.uk)"
TIMEOUT_SECONDS = 10
# Waits before each retry: about 1 min, 5 min, 30 min, 2 h and 12 h; then the delivery fails.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
RETRIED_STATUSES = frozenset({408, 429})
# Longer than one attempt can take, so a lease only runs out when its worker died.
LEASE = timedelta(seconds=TIMEOUT_SECONDS * 6)
# Enough of the receiver's answer to show in the log.
RESPONSE_EXCERPT_BYTES = 500


def signature(secret, timestamp, body):
    """``sha256=<hex>``: HMAC-SHA256 of ``"<timestamp>.<raw body>"`` with the endpoint's secret."""
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass
class Outcome:
    ok: bool
    retry: bool
    code: int | None = None
    error: str = ""
    duration_ms: int = 0


class GuardedHTTPConnection(http.client.HTTPConnection):
    """Checks the connected peer's address before a byte is sent (DNS may have changed)."""

    def connect(self):
        super().connect()
        try:
            addresses.check_peer(self.sock)
        except addresses.RefusedAddress:
            self.close()
            raise


# HTTPSConnection.connect calls the guarded connect above before the TLS handshake.
class GuardedHTTPSConnection(http.client.HTTPSConnection, GuardedHTTPConnection):
    pass


def post(delivery):
    """Send ``delivery`` once and say how it went. Never raises for the receiver's faults."""
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-MiP-Delivery": str(delivery.uuid),
        "X-MiP-Event": delivery.event,
        "X-MiP-Timestamp": timestamp,
        "X-MiP-Signature": signature(endpoint.secret, timestamp, body),
    }
    started = time.monotonic()

    def outcome(**kwargs):
        return Outcome(duration_ms=int((time.monotonic() - started) * 1000), **kwargs)

    connection = None
    try:
        addresses.check_url(endpoint.url)
        parts = addresses.check_scheme(endpoint.url)
        connection_class = GuardedHTTPSConnection if parts.scheme == "https" else GuardedHTTPConnection
        connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(RESPONSE_EXCERPT_BYTES).decode("utf-8", "replace")
        code = response.status
    except addresses.RefusedAddress as error:
        return outcome(ok=False, retry=False, error=f"refused: {error}")
    except TimeoutError:
        return outcome(ok=False, retry=True, error=f"no answer within {TIMEOUT_SECONDS} s")
    except (OSError, http.client.HTTPException) as error:
        return outcome(ok=False, retry=True, error=f"connection failed: {error or type(error).__name__}")
    finally:
        if connection is not None:
            connection.close()
    if 200 <= code < 300:
        return outcome(ok=True, retry=False, code=code)
    retry = code >= 500 or code in RETRIED_STATUSES
    return outcome(ok=False, retry=retry, code=code, error=f"HTTP {code}: {excerpt[:200]}".strip())


@task(backend="background")
def deliver(delivery_id):
    """Send one delivery if it is due, open, first in line for its resource, and not being
    sent by another worker. Returns what it did, for the task log."""
    now = timezone.now()
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status not in Delivery.OPEN:
        return "done"
    if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
        return "not due"  # its own retry task is scheduled for then
    if delivery.resource_key and waiting_behind(delivery).exists():
        return "waiting"  # woken when the older one finishes
    claimed = (
        Delivery.objects.filter(pk=delivery.pk, status__in=Delivery.OPEN)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + LEASE)
    )
    if not claimed:
        return "busy"
    result = post(delivery)
    record(delivery, result)
    return delivery.status


def waiting_behind(delivery):
    """Older open deliveries of the same resource to the same endpoint."""
    return Delivery.objects.filter(
        endpoint_id=delivery.endpoint_id,
        resource_key=delivery.resource_key,
        status__in=Delivery.OPEN,
        id__lt=delivery.id,
    )


def record(delivery, result):
    now = timezone.now()
    endpoint = delivery.endpoint
    delivery.attempts += 1
    delivery.response_code = result.code
    delivery.duration_ms = result.duration_ms
    delivery.last_error = result.error
    delivery.locked_until = None
    # A test event is not retried: the editor who sent it is shown the answer at once.
    attempts_allowed = 1 if delivery.event == PING else MAX_ATTEMPTS
    if result.ok:
        delivery.status = Delivery.Status.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif result.retry and delivery.attempts < attempts_allowed:
        delivery.status = Delivery.Status.RETRYING
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    else:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
    delivery.save(
        update_fields=[
            "attempts",
            "response_code",
            "duration_ms",
            "last_error",
            "locked_until",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    if delivery.status == Delivery.Status.RETRYING:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
        return
    if result.ok and endpoint.failing:
        endpoint.failing, endpoint.failing_since, endpoint.failing_reason = False, None, ""
        endpoint.save(update_fields=["failing", "failing_since", "failing_reason"])
    elif not result.ok and delivery.event != PING:
        endpoint.failing_reason = (
            f"{delivery.event} ({delivery.uuid}) failed after {delivery.attempts} attempt(s): {result.error}"
        )
        endpoint.failing_since = endpoint.failing_since if endpoint.failing else now
        endpoint.failing = True
        endpoint.save(update_fields=["failing", "failing_since", "failing_reason"])
    wake_next(delivery)


def wake_next(delivery):
    """Hand the next open delivery of the same resource to the worker."""
    if not delivery.resource_key:
        return
    following = (
        Delivery.objects.filter(
            endpoint_id=delivery.endpoint_id,
            resource_key=delivery.resource_key,
            status__in=Delivery.OPEN,
            id__gt=delivery.id,
        )
        .order_by("id")
        .values_list("pk", flat=True)
        .first()
    )
    if following is not None:
        deliver.enqueue(following)


def prune(older_than_days):
    """Delete finished deliveries older than ``older_than_days``; returns how many."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = Delivery.objects.filter(created_at__lt=cutoff).exclude(status__in=Delivery.OPEN).delete()
    return deleted


@task(backend="background")
def prune_deliveries():
    return prune(settings.WEBHOOKS_DELIVERY_RETENTION_DAYS)
