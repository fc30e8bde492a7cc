"""Purging a CDN or proxy cache (Varnish, Cloudflare) for exactly what a change affects.

Off unless ``WAGTAILFRONTENDCACHE`` is configured (the settings build it from
``FRONTEND_CACHE_PURGE_URL`` or ``CLOUDFLARE_ZONE_ID`` / ``CLOUDFLARE_API_TOKEN``). After a
change commits, its feed rows name the affected resources; this purges, through Wagtail's
frontend-cache backends: each affected page's public URL and API detail URL, the parents
whose child listings changed, the site root (it lists news and campaigns), and the API's bare
listing and sync URLs. Listing URLs with query strings can't be enumerated, so they rely on
the short ``max-age`` the API sends.
"""

from django.conf import settings
from wagtail.models import Page

from cms.api.links import api_url


def urls_for(rows):
    page_ids = {row.object_id for row in rows if row.kind == "page"}
    # Pages whose lists changed: a parent's children, a person's news.
    parent_ids = {
        int(row.key.split(":", 1)[1]) for row in rows if row.key.startswith(("children:", "listing-on:"))
    }
    urls = {api_url("pages/"), api_url("sync/")}
    urls.update(api_url(f"pages/{page_id}/") for page_id in page_ids)
    for kind in ("image", "document"):
        ids = {row.object_id for row in rows if row.kind == kind}
        if ids:
            urls.add(api_url(f"{kind}s/"))
            urls.update(api_url(f"{kind}s/{pk}/") for pk in ids)
    pages = Page.objects.filter(pk__in=page_ids | parent_ids).filter(live=True)
    for page in pages:
        url = page.get_full_url()
        if url:
            urls.add(url)
    if any(row.key.startswith("list:") for row in rows):
        for root in Page.objects.filter(depth=2, live=True):
            url = root.get_full_url()
            if url:
                urls.add(url)
    return sorted(urls)


def purge_for(rows):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None) or not rows:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache(urls_for(rows))
