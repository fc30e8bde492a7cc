"""Purging a CDN in front of the API when content changes.

Off unless ``WAGTAILFRONTENDCACHE`` is configured (see the settings: it is built from
``FRONTEND_CACHE_PURGE_URL`` or ``CLOUDFLARE_ZONE_ID`` / ``CLOUDFLARE_API_TOKEN``).
Wagtail's own frontend-cache app purges the HTML pages; this purges the API's bare
listing and sync URLs and the detail URL of each changed page. Listing URLs with query
strings can't be enumerated, so they rely on the short ``max-age`` the API sends.
"""

from django.conf import settings

from cms.api.links import api_url


def purge_api(page_ids=()):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = [api_url("pages/"), api_url("sync/")]
    urls += [api_url(f"pages/{page_id}/") for page_id in sorted(set(page_ids))]
    purge_urls_from_cache(urls)
