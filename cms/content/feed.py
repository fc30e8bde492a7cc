"""Writing the change feed (``cms.content.models.Change``).

A receiver (``cms.content.receivers``) builds a ``ChangeSet`` with the fan-out of what happened
(``cms.content.fanout``) and records it. The rows are written in the caller's transaction, so a
change and its feed rows commit or roll back together. Once they commit, this process forgets
its remembered head (it sees its own change at once), the CDN is purged for the affected URLs
(``cms.content.purge``), and ``changes_committed`` is sent. ``changes_recorded`` is sent inside
the transaction, for anything that must be stored with the change (the webhook outbox).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from cms.content import purge, versions
from cms.content.models import Change

# Sent with ``changes=[Change, ...]`` inside the transaction that made them.
changes_recorded = Signal()
# Sent with ``changes=[Change, ...]`` after that transaction commits.
changes_committed = Signal()

# What happened to a resource, as the public sees it. A stronger event wins when one change
# touches the same resource twice (publishing a page that also links to itself).
EVENT_STRENGTH = {"updated": 0, "published": 1, "unpublished": 2, "deleted": 3}


@dataclass(frozen=True)
class Resource:
    """Something sync serves: a page, image, document, region or employer."""

    kind: str
    id: int
    type: str

    @property
    def key(self):
        return f"{self.kind}:{self.id}"


def page_type_label(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model._meta.label if model is not None else "wagtailcore.Page"


class ChangeSet:
    """The rows one change appends: affected resources with their events, and other keys."""

    def __init__(self, cause):
        self.cause = cause
        self.resources = {}
        self.keys = set()

    def add(self, resource, event="updated"):
        known = self.resources.get(resource)
        if known is None or EVENT_STRENGTH[event] > EVENT_STRENGTH[known]:
            self.resources[resource] = event

    def add_key(self, *keys):
        self.keys.update(keys)

    def __bool__(self):
        return bool(self.resources or self.keys)

    def rows(self, created_at):
        rows = [
            Change(
                key=resource.key,
                kind=resource.kind,
                object_id=resource.id,
                object_type=resource.type,
                event=event,
                cause=self.cause,
                created_at=created_at,
            )
            for resource, event in sorted(self.resources.items(), key=lambda item: (item[0].kind, item[0].id))
        ]
        rows += [
            Change(key=key, event="updated", cause=self.cause, created_at=created_at)
            for key in sorted(self.keys - {resource.key for resource in self.resources})
        ]
        return rows

    def record(self):
        if self:
            record(self)


def record(change_set):
    with transaction.atomic():
        created_at = lock_feed()
        rows = Change.objects.bulk_create(change_set.rows(created_at))
        changes_recorded.send(sender=ChangeSet, changes=rows)
    # At once, so this process's next request sees the change even before it commits; and
    # again after the commit, which is when other processes can see it.
    versions.forget()
    transaction.on_commit(lambda: committed(rows))


def lock_feed():
    """Take the feed's write lock for the rest of the transaction and return the time to stamp
    rows with. On PostgreSQL writers take turns, so row ids become visible in the order they
    were issued (a reader that has seen id N never later finds a new row below N) and the
    database clock read under the lock only grows with the ids. Readers are not blocked."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Change._meta.db_table} IN EXCLUSIVE MODE")
            cursor.execute("SELECT clock_timestamp()")
            return cursor.fetchone()[0]
    return timezone.now()


def committed(rows):
    versions.forget()
    purge.purge_for(rows)
    changes_committed.send(sender=ChangeSet, changes=rows)
