"""Each page's API representation, kept between responses.

The pages endpoint's listing, a page's detail and sync all give pages as JSON, and most of
their time goes on it: a body's blocks, its HTML, the people, images and links it shows, and
the loading all of that needs. A listing of twenty news items is dropped whenever one news
item is published, but the other nineteen items are the same as before. So each page's
representation is kept on its own (``cms.content.fragments``), under the page's stamp (its
``wagtailcore_page`` row: the live revision, when it was published, its place in the tree)
and what was asked of it (the endpoint, ``fields``, ``type``, the rich text format), with the
feed keys of everything it showed; only the pages without a fresh one are loaded and
serialised.

A listing reads its window's stamps first, in one narrow query, and loads whole rows (a
news item's body, its author) only for the pages it has to serialise.

A change to a page's own content reaches its kept representation through the feed, as it
reaches the response caches: a publish, an unpublish, a move and a page made live by code
each name the page. The stamp also tells a page apart after a publish another app server has
not seen yet, and after a move (which rewrites descendants' paths without saving them).
"""

from django.conf import settings
from wagtail.models import Page

from cms.api import loading
from cms.content import dependencies, fragments

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
# The id first: a listing reads these for its window with ``values_list``.
STAMP_COLUMNS = (
    "id",
    *(field.attname for field in Page._meta.concrete_fields if field.attname not in EDITING_COLUMNS | {"id"}),
)


def stamp(page):
    return tuple(getattr(page, name) for name in STAMP_COLUMNS)


def key_for(label, row, variant):
    return fragments.key_for("api-page", settings.WAGTAILAPI_BASE_URL, variant, label, *row)


def represent(pages, variant, serializer_for, prepare, loader):
    """The representations of ``pages``, in order. ``variant`` names what was asked (the same
    for every page of one response), ``serializer_for(page)`` gives a bound serializer,
    ``prepare(pages)`` loads in bulk what serialising those pages reads."""
    loaded = {page.pk: page for page in pages}
    rows = [(page._meta.label, stamp(page)) for page in pages]
    return _represent(rows, variant, serializer_for, prepare, loader, load=lambda ids: loaded)


def represent_window(queryset, window, variant, serializer_for, prepare, loader):
    """``represent`` for a listing's ``window`` (a slice of ``queryset``): the window's stamps
    in one query, then whole rows only for the pages not kept."""
    if not fragments.is_enabled():
        return represent(list(window), variant, serializer_for, prepare, loader)
    label = queryset.model._meta.label
    rows = [(label, row) for row in window.values_list(*STAMP_COLUMNS)]
    return _represent(
        rows, variant, serializer_for, prepare, loader, load=lambda ids: queryset.order_by().in_bulk(ids)
    )


def _represent(rows, variant, serializer_for, prepare, loader, load):
    enabled = fragments.is_enabled()
    keys = [key_for(label, row, variant) if enabled else None for label, row in rows]
    kept = fragments.get_many([key for key in keys if key is not None])
    missing = [row[0] for (_label, row), key in zip(rows, keys, strict=True) if key not in kept]
    pages = load(missing) if missing else {}
    prepare([pages[pk] for pk in missing if pk in pages])
    items = []
    with loader.active():
        for (_label, row), key in zip(rows, keys, strict=True):
            if key in kept:
                items.append(kept[key])
                continue
            page = pages.get(row[0])
            if page is None:
                continue  # gone between the window's query and loading it
            with dependencies.collect(apart=True) as shown:
                dependencies.add(dependencies.page_key(page.pk), *loading.shown_keys(page))
                data = serializer_for(page).data
            if key is not None:
                fragments.keep(key, data, shown)
            items.append(data)
    return items
