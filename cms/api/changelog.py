"""Appending to the content change log (see ``cms.api.models``)."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from wagtail.models import Page, ReferenceIndex

from cms.api.models import ChangeReason, ContentChange


def head():
    """(id, created_at) of the newest change, or None."""
    return ContentChange.objects.order_by("-id").values_list("id", "created_at").first()


def record_pages(pages, reason):
    """Log that the API representation of ``pages`` ((id, content_type_id) pairs) changed."""
    rows = [
        ContentChange(page_id=page_id, page_type_id=content_type_id, reason=reason)
        for page_id, content_type_id in dict(pages).items()
    ]
    if rows:
        _insert(rows)


def record_event(reason):
    """Log a change that affects no particular page but does change API responses."""
    _insert([ContentChange(reason=reason)])


def _insert(rows):
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Writers take turns, so change ids become visible in the order they were
            # issued: a reader that has seen id N can never later find a new row below N.
            # Readers are not blocked.
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {ContentChange._meta.db_table} IN EXCLUSIVE MODE")
        ContentChange.objects.bulk_create(rows)

    from cms.api import caching

    # At once, so that this process's next request sees the change even before it commits
    # (and again after it commits, which is when other processes can see it).
    caching.forget_version()
    page_ids = [row.page_id for row in rows if row.page_id is not None]
    transaction.on_commit(lambda: caching.content_changed(page_ids))


def page_and_descendants(page, inclusive=True):
    return list(Page.objects.descendant_of(page, inclusive=inclusive).values_list("pk", "content_type_id"))


def children(page):
    return list(Page.objects.child_of(page).values_list("pk", "content_type_id"))


def base_content_type(model):
    parents = model._meta.get_parent_list()
    return ContentType.objects.get_for_model(parents[-1] if parents else model)


def referring_pages(model, object_ids):
    """Pages whose content points at these objects (as a foreign key, a chooser block or a
    rich text link), from Wagtail's reference index."""
    object_ids = [str(pk) for pk in object_ids]
    if not object_ids:
        return []
    rows = (
        ReferenceIndex.objects.filter(
            base_content_type=base_content_type(Page),
            to_content_type=base_content_type(model),
            to_object_id__in=object_ids,
        )
        .values_list("object_id", "content_type_id")
        .distinct()
    )
    return [(int(object_id), content_type_id) for object_id, content_type_id in rows if object_id.isdigit()]


def record_with_referrers(pages, reason, depth=1):
    """Log ``pages`` and, ``depth`` levels out, the pages that show them (a news item shows
    its author; a person page shows its photo)."""
    pages = dict(pages)
    record_pages(pages.items(), reason)
    seen = set(pages)
    frontier = list(pages)
    for _level in range(depth):
        referrers = [pair for pair in referring_pages(Page, frontier) if pair[0] not in seen]
        if not referrers:
            break
        record_pages(referrers, ChangeReason.REFERENCE_CHANGED)
        seen.update(page_id for page_id, _ in referrers)
        frontier = [page_id for page_id, _ in referrers]
