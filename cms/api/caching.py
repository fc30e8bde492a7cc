"""HTTP caching and the server-side response cache for every API GET.

Invalidation is by version, not by deleting keys: every cached response is stored under
the current *content version*, which changes whenever the change log (``cms.api.models``)
grows — on publish, unpublish, move, delete, view-restriction, image, document, site and
directory changes. A new version makes every older entry unreachable at once; they expire
by themselves.

Where the version lives depends on the cache:

- a shared cache (Redis, when ``REDIS_URL`` is set): in the cache itself, set after each
  committed change, so a cached response costs no SQL query at all;
- a per-process cache (local memory, the default): the head of the change log, read with
  one indexed query at most once a second per process (``CONTENT_VERSION_RECHECK_SECONDS``),
  because one process can't tell another's cache that content changed. A change made in
  this process is seen at once; one made in another is seen within that second.

The same version keys the reader site's page cache (``cms.page_cache``).

Responses are the same for every caller (the API is anonymous-only and ignores cookies
and credentials), so one cached copy serves everyone and no logged-in response can ever
be served to an anonymous reader.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from cms.api import changelog
from cms.api.visibility import PublicPages

VERSION_KEY = "api:content-version"


@dataclass(frozen=True)
class ContentVersion:
    token: str
    last_modified: datetime | None
    # The change log's head, when the version was read from it.
    change_id: int | None = None


def setting(name, default):
    return getattr(settings, name, default)


def version_in_cache():
    configured = setting("API_CONTENT_VERSION_IN_CACHE", None)
    if configured is not None:
        return configured
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


# (monotonic deadline, version) of the last read of the change log, in this process.
_recent_version = None


def forget_version():
    """Make this process read the content version afresh on its next request."""
    global _recent_version
    _recent_version = None


def current_version():
    """The content version, or None when it can't be known (the cache is down)."""
    global _recent_version
    if version_in_cache():
        value = cache.get(VERSION_KEY)
        if value is None:
            # Unknown (first start, or the cache was flushed): start a new version, which
            # no stored response can carry.
            cache.add(VERSION_KEY, time.time_ns(), timeout=None)
            value = cache.get(VERSION_KEY)
        if value is None:
            return None
        return ContentVersion(f"c{value}", datetime.fromtimestamp(value / 1e9, tz=UTC))
    recent = _recent_version
    if recent is not None and time.monotonic() < recent[0]:
        return recent[1]
    version = version_from_change_log()
    _recent_version = (time.monotonic() + setting("CONTENT_VERSION_RECHECK_SECONDS", 1.0), version)
    return version


def version_from_change_log():
    newest = changelog.head()
    if newest is None:
        return ContentVersion("d0", None, change_id=0)
    change_id, created_at = newest
    # The timestamp guards against a database restored to an earlier point reusing ids.
    return ContentVersion(f"d{change_id}.{int(created_at.timestamp() * 1e6)}", created_at, change_id)


def content_changed(page_ids=()):
    """Called after a change commits."""
    forget_version()
    if version_in_cache():
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    from cms.api import frontend_cache

    frontend_cache.purge_api(page_ids)


def public_pages(version=None):
    """The default site's root and restricted paths, cached under the content version."""
    if version is None:
        return PublicPages.load()
    key = f"api:public:{version.token}"
    found = cache.get(key)
    if found is None:
        found = PublicPages.load()
        cache.set(key, found, timeout=setting("API_RESPONSE_CACHE_TIMEOUT", 600))
    return found


def response_key(version, request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"api:response:{version.token}:{digest}"


def etag_for(body):
    """A strong ETag for a response body (API and pages alike)."""
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def cache_control_header():
    return (
        f"public, max-age={setting('API_CACHE_MAX_AGE', 60)}, "
        f"stale-while-revalidate={setting('API_CACHE_STALE_WHILE_REVALIDATE', 600)}"
    )


def cached_dispatch(view, dispatch, request, *args, **kwargs):
    """Serve a GET from the response cache, or render and store it; then add ETag,
    Last-Modified and Cache-Control, and answer a conditional request with 304."""
    if request.method not in ("GET", "HEAD"):
        return dispatch(request, *args, **kwargs)
    # Read once per request: the response cache middleware may have read it already.
    version = getattr(request, "content_version", None) or current_version()
    view.content_version = version
    key = cache_key_for(version, request)
    entry = cache.get(key) if key else None
    state = "hit"
    if entry is None:
        state = "miss"
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
        }
        if key:
            cache.set(key, entry, timeout=setting("API_RESPONSE_CACHE_TIMEOUT", 600))
    return response_from_entry(entry, version, request, state)


def serve_from_cache(request):
    """The cached response to an API GET, or None: for the response cache middleware
    (``cms.page_cache``), which answers before URL routing and the view."""
    if request.method != "GET":
        return None
    version = request.content_version = current_version()
    key = cache_key_for(version, request)
    entry = cache.get(key) if key else None
    return None if entry is None else response_from_entry(entry, version, request, "hit")


def cache_key_for(version, request):
    if version is None or not setting("API_RESPONSE_CACHE", True):
        return None
    return response_key(version, request)


def response_from_entry(entry, version, request, state):
    response = HttpResponse(entry["body"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    last_modified = None
    if version is not None and version.last_modified is not None:
        last_modified = int(version.last_modified.timestamp())
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = cache_control_header()
    response["X-API-Cache"] = state
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=last_modified, response=response
    )
