"""Parts of public responses kept between responses, so a response that has to be rendered
again re-renders only what changed.

The response caches (``cms.site.page_cache``, ``cms.api.caching``) drop a whole response
when anything it showed changes: the news index when a news item is published, a page when
the menu changes. Most of what such a response is made of did not change: a page's body, the
API representation of the other nineteen pages of a listing. Those parts are kept here, each
stored like a cached response (``cms.content.versions``), with the feed head it was made at
and the feed keys of what it showed, and used again while none of those changed. A part's
keys are added to the response that uses it, so the response is dropped whenever one of its
parts would be.

Parts are used only inside the response caches' own path (``allowed()``): anonymous readers
of public pages and the anonymous API, with or without the response cache itself on. Never
for a preview, a signed-in editor or a page behind a password. Their keys name the exact
content they were made from (a digest of the StreamField's stored JSON, the live revision),
so a draft never meets a published page's part.

``FRAGMENT_CACHE = False`` turns them off.
"""

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

from cms.content import dependencies, versions

# The feed head of the public response being rendered, while parts may be used.
_response_head = ContextVar("fragments_response_head", default=None)


@contextmanager
def allowed(at):
    """Parts may be used and kept while the block runs: a public, anonymous response rendered
    at feed head ``at``, which its parts are checked against and stamped with."""
    token = _response_head.set(at)
    try:
        yield
    finally:
        _response_head.reset(token)


def is_enabled():
    return settings.FRAGMENT_CACHE and _response_head.get() is not None


def key_for(kind, *parts):
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"fragment:{kind}:{digest}"


def get_many(keys):
    """{key: value} of the parts under ``keys`` that are still fresh; what each depends on is
    added to the response being rendered."""
    at = _response_head.get()
    if not keys or at is None:
        return {}
    fresh, restamped = versions.fresh_entries(cache.get_many(keys), at)
    for entry in fresh.values():
        dependencies.add(*entry["keys"])
        if entry.get("valid_until") is not None:
            dependencies.expires_at(datetime.fromtimestamp(entry["valid_until"], tz=UTC))
    if restamped:
        cache.set_many(restamped, timeout=settings.FRAGMENT_CACHE_TIMEOUT)
    return {key: entry["value"] for key, entry in fresh.items()}


def make(key, render):
    """``render()``'s value, kept under ``key`` with what it showed; a fresh kept value when
    there is one."""
    if not is_enabled():
        return render()
    found = get_many([key])
    if key in found:
        return found[key]
    with dependencies.collect(apart=True) as shown:
        value = render()
    keep(key, value, shown)
    return value


def keep(key, value, shown):
    """Store a part that showed ``shown`` (``dependencies.Dependencies``)."""
    at = _response_head.get()
    if at is None:
        return
    entry = versions.stamp({"value": value}, at, shown)
    cache.set(key, entry, timeout=settings.FRAGMENT_CACHE_TIMEOUT)
