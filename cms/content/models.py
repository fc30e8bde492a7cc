"""The change feed: one row per public resource a change affects.

Rows are appended in the same transaction as the change (``cms.content.feed``). Their ids
only grow and, on PostgreSQL, become visible in order (writers take turns), so "every row
after id N" is a complete answer to "what changed since I last looked": that is the sync
cursor, and the head of the feed (its largest id) is the content version the caches check.
"""

import uuid

from django.db import models


class Change(models.Model):
    """One affected resource of one change.

    ``key`` names what a cached response may depend on: ``page:12``, ``image:3``,
    ``document:5``, ``region:2``, ``employer:9`` (the resources sync serves, with ``kind``,
    ``object_id`` and ``object_type`` set), or a listing or shared part such as
    ``list:home.NewsPage``, ``children:3``, ``settings``, ``directory`` or ``all`` (no kind).
    ``event`` says what happened to the resource as the public sees it (published, updated,
    unpublished, deleted); ``cause`` says why, for people reading the feed."""

    id = models.BigAutoField(primary_key=True)
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    event = models.CharField(max_length=20)
    cause = models.CharField(max_length=60)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "content change"
        indexes = [
            # Sync's delta and the caches' dependency check: rows after N for some keys.
            models.Index(fields=["key", "id"], name="content_change_key_idx"),
            models.Index(fields=["kind", "id"], name="content_change_kind_idx"),
            # Compaction deletes by age; sync's restored-database check reads by time.
            models.Index(fields=["created_at"], name="content_change_created_idx"),
        ]

    def __str__(self):
        return f"#{self.id} {self.key} {self.event} ({self.cause})"


class FeedOrigin(models.Model):
    """The identity of this database's feed, made once when the database is created. A sync
    cursor carries it, so a cursor from another database (staging, a colleague's laptop) is
    refused rather than read against the wrong feed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = "feed origin"

    def __str__(self):
        return str(self.uuid)
