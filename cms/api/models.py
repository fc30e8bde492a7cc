"""The content change log behind delta sync and the API's cache version.

Every event that can change what the API returns appends rows here, in the same
transaction as the change. Row ids only grow, so "everything after id N" is a
complete answer to "what changed since I last looked": that is the sync cursor.
The head of the log (the largest id) is the content version that server-side
cache keys include.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class ChangeReason(models.TextChoices):
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"
    DELETED = "deleted", "Deleted"
    MOVED = "moved", "Moved"
    RESTRICTED = "restricted", "View restriction changed"
    PARENT_CHANGED = "parent-changed", "Parent title or URL changed"
    REFERENCE_CHANGED = "reference-changed", "A page, image or document it shows changed"
    IMAGE = "image", "Image changed"
    DOCUMENT = "document", "Document changed"
    COLLECTION = "collection", "Collection privacy changed"
    SITE = "site", "Site or site settings changed"
    DIRECTORY = "directory", "Region or employer changed"


class ContentChange(models.Model):
    """One change. ``page_id`` is set when a page's API representation may have changed
    (it may no longer exist, so it is not a foreign key); rows without a page only bump
    the content version (an image nobody uses, a region, a site setting)."""

    id = models.BigAutoField(primary_key=True)
    page_id = models.IntegerField(null=True, blank=True)
    page_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=ChangeReason.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content change"
        indexes = [
            models.Index(fields=["page_id", "id"], name="api_change_page_idx"),
            # compact_change_log deletes by age.
            models.Index(fields=["created_at"], name="api_change_created_idx"),
        ]

    def __str__(self):
        return f"#{self.id} {self.reason} page {self.page_id}"
