"""The outbox: deliveries written from the content feed in the change's transaction.

``changes_recorded`` (``cms.content.feed``) is sent inside the transaction that appends the
feed rows, so the deliveries commit or roll back with the change. They are handed to the
sending task only once that transaction commits.
"""

from urllib.parse import quote

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from cms.api import links
from cms.api.sync import encode_cursor, feed_origin, micros
from cms.content import versions
from cms.webhooks.models import PING, Delivery, Endpoint
from cms.webhooks.sending import deliver

# The most of an employer's name the employers listing accepts as a search.
EMPLOYER_SEARCH_LENGTH = 100
API_PATHS = {"page": "pages", "image": "images", "document": "documents", "region": "regions"}


def changes_recorded(sender, changes, **kwargs):
    endpoints = [endpoint for endpoint in Endpoint.objects.filter(active=True) if endpoint.events]
    rows = [row for row in changes if row.kind]
    if not endpoints or not rows:
        return
    public = versions.public_content(at=versions.read_head())
    origin = feed_origin()
    deliveries = []
    for row in rows:
        event, html_url, api_url = describe(row, public)
        payload = None
        for endpoint in endpoints:
            if not endpoint.wants(event):
                continue
            delivery = Delivery(
                endpoint=endpoint,
                event=event,
                resource_key=row.key,
                resource_kind=row.kind,
                resource_id=row.object_id,
            )
            payload = {
                "id": str(delivery.uuid),
                "event": event,
                "occurred_at": row.created_at.isoformat(),
                "resource": {
                    "kind": row.kind,
                    "id": row.object_id,
                    "type": row.object_type,
                    "api_url": api_url,
                    "html_url": html_url,
                },
                "cursor": cursor_at(row, origin),
            }
            delivery.payload = payload
            deliveries.append(delivery)
    if deliveries:
        created = Delivery.objects.bulk_create(deliveries)
        enqueue_on_commit([delivery.pk for delivery in created])


def describe(row, public):
    """(event, html_url, api_url) for a feed row that names a resource."""
    api_url = links.api_url(f"{API_PATHS[row.kind]}/{row.object_id}/") if row.kind in API_PATHS else None
    if row.kind == "page":
        if row.event == "deleted":
            return "page.deleted", None, api_url
        page = Page.objects.filter(pk=row.object_id).first()
        if page is not None and public.is_public(page):
            return "page.published", links.absolute_url(public.url_path(page)), api_url
        # Made private, moved out of the site or expired: for an app, the same as unpublished.
        return "page.unpublished", None, api_url
    if row.kind in ("image", "document"):
        return f"{row.kind}.{row.event}", None, api_url
    if row.kind == "employer":
        api_url = employer_api_url(row.object_id) if row.event != "deleted" else None
    return ("directory.deleted" if row.event == "deleted" else "directory.updated"), None, api_url


def employer_api_url(employer_id):
    # The directory has no employer detail URL: the listing searched by the employer's name.
    # Named, not imported: cms imports no app.
    employer = apps.get_model("people", "Employer").objects.filter(pk=employer_id).only("name").first()
    if employer is None:
        return None
    return links.api_url(f"employers/?search={quote(employer.name[:EMPLOYER_SEARCH_LENGTH])}")


def cursor_at(row, origin):
    """A sync cursor positioned at this feed row: an app fetches the resource, then syncs on
    from here without a full snapshot."""
    return encode_cursor(
        {
            "o": origin,
            "phase": "delta",
            "kind": 0,
            "base": row.id,
            "at": micros(row.created_at),
            "after": row.id,
            "type": "",
        }
    )


def ping(endpoint):
    """A ``ping`` delivery to ``endpoint`` (the admin's "Send test event")."""
    head = versions.read_head()
    delivery = Delivery(endpoint=endpoint, event=PING)
    cursor = None
    if head.id:
        cursor = encode_cursor(
            {
                "o": feed_origin(),
                "phase": "delta",
                "kind": 0,
                "base": head.id,
                "at": micros(head.created_at),
                "after": head.id,
                "type": "",
            }
        )
    delivery.payload = {
        "id": str(delivery.uuid),
        "event": PING,
        "occurred_at": timezone.now().isoformat(),
        "resource": None,
        "cursor": cursor,
    }
    delivery.save()
    return delivery


def enqueue_on_commit(delivery_ids):
    """Queue the sends. With the database task backend (django-tasks-db) the task rows are
    written in the change's own transaction: they commit or vanish with the change and its
    deliveries, so a crash between the commit and the queueing can't leave a delivery that no
    task will ever send. Any other backend is given the tasks once the change has committed."""

    def enqueue():
        for delivery_id in delivery_ids:
            deliver.enqueue(delivery_id)

    from django_tasks_db import DatabaseBackend

    if isinstance(deliver.get_backend(), DatabaseBackend):
        enqueue()
    else:
        transaction.on_commit(enqueue)
