"""HTTP caching and the server-side response cache for every API GET.

A response is rendered once and kept (in Redis when ``REDIS_URL`` is set, else in each
process's memory) with the feed head it was rendered at and the feed keys of everything it
showed (``cms.content.dependencies``): the pages, images and documents in it and the
listings it read. It is served until a change whose fan-out names one of those keys reaches
the feed (``cms.content.versions.is_fresh``); other changes leave it cached. So publishing a
news item drops the news listing and the pages that show that item, while an unrelated
Legal Eye article or person stays cached.

Responses are the same for every caller (the API is anonymous-only and ignores cookies and
credentials), so one cached copy serves everyone and no logged-in response can ever be
served to an anonymous reader.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from cms.content import dependencies, fragments, versions


def response_key(request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"api:response:{digest}"


def etag_for(body):
    """A strong ETag for a response body (API and pages alike)."""
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def cache_control_header():
    return (
        f"public, max-age={settings.API_CACHE_MAX_AGE}, "
        f"stale-while-revalidate={settings.API_CACHE_STALE_WHILE_REVALIDATE}"
    )


def is_enabled():
    return settings.API_RESPONSE_CACHE


def fresh_entry(key, at):
    """The cached entry under ``key`` if it still shows what readers may see at head ``at``."""
    entry = cache.get(key)
    if entry is None:
        return None
    fresh, restamped = versions.is_fresh(entry, at)
    if not fresh:
        return None
    if restamped:
        cache.set(key, entry, timeout=settings.API_RESPONSE_CACHE_TIMEOUT)
    return entry


def cached_dispatch(view, dispatch, request, *args, **kwargs):
    """Serve a GET from the response cache, or render and store it; then add ETag,
    Last-Modified and Cache-Control, and answer a conditional request with 304."""
    if request.method not in ("GET", "HEAD"):
        return dispatch(request, *args, **kwargs)
    at = view.content_head = versions.head()
    key = response_key(request) if is_enabled() else None
    entry = fresh_entry(key, at) if key else None
    if entry is not None:
        return response_from_entry(entry, request, "hit")
    with dependencies.collect() as shown, fragments.allowed(at):
        response = dispatch(request, *args, **kwargs)
        if response.status_code != 200:
            if response.status_code >= 400:
                response["Cache-Control"] = "no-store"
            return response
        if hasattr(response, "render"):
            response.render()
    body = response.content
    entry = {
        "body": body,
        "content_type": response["Content-Type"],
        "etag": etag_for(body),
        "last_modified": int(at.created_at.timestamp()) if at.created_at else None,
    }
    if key:
        cache.set(key, versions.stamp(entry, at, shown), timeout=settings.API_RESPONSE_CACHE_TIMEOUT)
    return response_from_entry(entry, request, "miss")


def serve_from_cache(request):
    """The cached response to an API GET, or None: for the response cache middleware
    (``cms.site.page_cache``), which answers before URL routing and the view."""
    if request.method != "GET" or not is_enabled():
        return None
    entry = fresh_entry(response_key(request), versions.head())
    return None if entry is None else response_from_entry(entry, request, "hit")


def response_from_entry(entry, request, state):
    response = HttpResponse(entry["body"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    last_modified = entry.get("last_modified")
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = cache_control_header()
    response["X-API-Cache"] = state
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=last_modified, response=response
    )
