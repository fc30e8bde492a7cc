"""Each page's API representation, kept between responses.

The pages endpoint's listing, a page's detail and sync all give pages as JSON, and most of
their time goes on it: a body's blocks, its HTML, the people, images and links it shows, and
the loading all of that needs. A listing of twenty news items is dropped whenever one news
item is published, but the other nineteen items are the same as before. So each page's
representation is kept on its own (``cms.content.fragments``), under the page's stored
content (a digest of its row) and what was asked of it (the endpoint, ``fields``, ``type``,
the rich text format), with the feed keys of everything it showed; only the pages without a
fresh one are loaded and serialised.
"""

import hashlib

from django.conf import settings
from wagtail.blocks import StreamValue

from cms.api import loading
from cms.content import dependencies, fragments
from cms.site.stream_html import stream_digest

# Columns a draft or an editor's lock changes, never what readers see.
EDITING_COLUMNS = frozenset(
    [
        "latest_revision_id",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by_id",
    ]
)


def content_digest(page):
    """A digest of the page's stored row: it changes whenever the page's live content does
    (a publish, or a save by code), not when a draft is saved."""
    parts = []
    for field in page._meta.concrete_fields:
        if field.attname in EDITING_COLUMNS:
            continue
        value = field.value_from_object(page)
        if isinstance(value, StreamValue):
            value = stream_digest(value)
        parts.append(f"{field.attname}={value!r}")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def key_for(page, variant):
    return fragments.key_for(
        "api-page", settings.WAGTAILAPI_BASE_URL, variant, page._meta.label, page.pk, content_digest(page)
    )


def represent(pages, variant, serializer_for, prepare, loader):
    """The representations of ``pages``, in order. ``variant`` names what was asked (the same
    for every page of one response), ``serializer_for(page)`` gives a bound serializer,
    ``prepare(pages)`` loads in bulk what serialising those pages reads."""
    keys = {page.pk: key_for(page, variant) for page in pages} if fragments.is_enabled() else {}
    kept = fragments.get_many(list(keys.values()))
    prepare([page for page in pages if keys.get(page.pk) not in kept])
    items = []
    with loader.active():
        for page in pages:
            key = keys.get(page.pk)
            if key in kept:
                items.append(kept[key])
                continue
            with dependencies.collect(apart=True) as shown:
                dependencies.add(dependencies.page_key(page.pk), *loading.shown_keys(page))
                data = serializer_for(page).data
            if key is not None:
                fragments.keep(key, data, shown)
            items.append(data)
    return items
