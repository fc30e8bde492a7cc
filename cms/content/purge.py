"""Purging a CDN or proxy cache (Varnish, Cloudflare) for exactly what a change affects.

Off unless ``WAGTAILFRONTENDCACHE`` is configured (the settings build it from
``FRONTEND_CACHE_PURGE_URL`` or ``CLOUDFLARE_ZONE_ID`` / ``CLOUDFLARE_API_TOKEN``). After a
change commits, its feed rows name the affected resources; this purges, through Wagtail's
frontend-cache backends: each affected page's public URL and API detail URL, the parents
whose child listings changed, the site root (it lists news and campaigns), the API's bare
listing and sync URLs, and the files of changed images (an image moved into a private
collection must not stay in the proxy's copy, cms/security/media_access.py). Listing URLs
with query strings can't be enumerated, so they rely on the short ``max-age`` the API sends.
"""

import threading

from django.conf import settings
from django.db import connections
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.api.links import api_url, base_url
from cms.content import versions

# How long after the other app servers' last possible look at the feed the second purge goes.
REPURGE_MARGIN_SECONDS = 0.25


def api_urls_for(rows):
    page_ids = {row.object_id for row in rows if row.kind == "page"}
    urls = {api_url("pages/"), api_url("sync/")}
    urls.update(api_url(f"pages/{page_id}/") for page_id in page_ids)
    for kind in ("image", "document"):
        ids = {row.object_id for row in rows if row.kind == kind}
        if ids:
            urls.add(api_url(f"{kind}s/"))
            urls.update(api_url(f"{kind}s/{pk}/") for pk in ids)
    return sorted(urls)


def image_file_urls_for(rows):
    """The original and every rendition of each changed image that is now private, at the URLs
    the proxy keeps. Public images need none: a new file gets a new name."""
    ids = {row.object_id for row in rows if row.kind == "image"}
    hidden = versions.restrictions().hidden_collection_ids
    if not ids or not hidden:
        return []
    image_model = get_image_model()
    private = image_model.objects.filter(pk__in=ids, collection_id__in=hidden)
    names = [
        *private.values_list("file", flat=True),
        *image_model.get_rendition_model().objects.filter(image__in=private).values_list("file", flat=True),
    ]
    media_url = settings.MEDIA_URL if "://" in settings.MEDIA_URL else base_url() + settings.MEDIA_URL
    return sorted(media_url + name for name in names)


def pages_for(rows):
    """The affected pages, the pages whose lists changed, and (when a listing changed) the site
    roots, which list news and campaigns. Specific (deferred) pages, so each page's own
    ``get_cached_paths()`` (its feeds and sub-routes too) is purged: one query per type."""
    page_ids = {row.object_id for row in rows if row.kind == "page"}
    page_ids |= {
        int(row.key.split(":", 1)[1]) for row in rows if row.key.startswith(("children:", "listing-on:"))
    }
    pages = Page.objects.filter(pk__in=page_ids)
    if any(row.key.startswith("list:") for row in rows):
        pages = pages | Page.objects.filter(depth=2)
    return pages.filter(live=True).specific(defer=True)


def purge_for(rows):
    """After the change commits, so the next reader gets the new page from the origin (a purge
    inside the transaction could be refilled with the old page before the change is seen).

    Then the same URLs once more, once every app server has seen the change: until then
    another server, still on the head it read up to ``CONTENT_VERSION_RECHECK_SECONDS`` ago,
    can serve its cached copy of the old response, and the proxy would keep that until its
    max-age. The second purge is HTTP only (the URLs are worked out now), on a timer thread."""
    if not settings.WAGTAILFRONTENDCACHE or not rows:
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(pages_for(rows))
    batch.add_urls(api_urls_for(rows))
    batch.add_urls(image_file_urls_for(rows))
    batch.purge()
    delay = settings.CONTENT_VERSION_RECHECK_SECONDS + REPURGE_MARGIN_SECONDS
    again = threading.Timer(delay, purge_again, [batch])
    again.daemon = True
    _pending.add(again)
    again.start()


# Second purges not yet made (``cancel_pending``).
_pending = set()


def purge_again(batch):
    try:
        batch.purge()
    finally:
        _pending.discard(threading.current_thread())
        connections.close_all()  # this thread's, should the task framework have opened one


def cancel_pending():
    """Drop the second purges not yet made (a test's, so they never land in the next test)."""
    for timer in list(_pending):
        timer.cancel()
        _pending.discard(timer)
