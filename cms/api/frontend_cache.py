"""Purging a CDN or proxy cache (Varnish in deploy/) when content changes.

Off unless ``WAGTAILFRONTENDCACHE`` is configured (see the settings: it is built from
``FRONTEND_CACHE_PURGE_URL`` or ``CLOUDFLARE_ZONE_ID`` / ``CLOUDFLARE_API_TOKEN``).

Called once a change has committed, with the pages the change log recorded for it: the
changed page and the pages that show it (its fan-out). Each of them is purged at its site
URLs and its API detail URL, with the API's bare listing and sync URLs, through Wagtail's
frontend-cache backends. Wagtail's frontend-cache app is not installed (see the settings):
it purges a page from inside the publish transaction, where a reader's request can still
put the old page back into the cache before the change is visible. This purge comes after
the commit, so the next reader gets the new page. Listing URLs with query strings can't be
enumerated, so they rely on the short ``max-age`` the API sends (or a BAN, see
deploy/varnish/mip.vcl).
"""

from django.conf import settings

from cms.api.links import api_url


def purge_api(page_ids=()):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    page_ids = sorted(set(page_ids))
    batch = PurgeBatch()
    # Specific (deferred) pages, so each page's own get_cached_paths() is used, in one query per type.
    batch.add_pages(Page.objects.filter(pk__in=page_ids).specific(defer=True))
    batch.add_urls([api_url("pages/"), api_url("sync/")])
    batch.add_urls(api_url(f"pages/{page_id}/") for page_id in page_ids)
    batch.purge()
