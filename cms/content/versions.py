"""The content version, read from the feed in the database, and when a cached response is stale.

The version is the feed's head: its newest row's id and time. Each process reads it at most
once a second (``CONTENT_VERSION_RECHECK_SECONDS``) and at once after a change it made itself,
so every process sees every change within that second, with or without Redis.

A cached response (page or API) is stored with the head it was rendered at and the feed keys it
depends on (``cms.content.dependencies``). It is served while the head has not moved; once the
head moves, one indexed query asks whether any row after the stored head names one of its keys
(or ``all``). If none does, the entry is still right and is re-stamped with the new head; if one
does, it is rendered again. Nothing here trusts state kept in the cache: an entry that Redis
loses is rendered again, and an entry that a Redis restored from an old snapshot brings back
carries its old head, so the check against the feed in the database finds the changes it
missed. A database restored to an earlier point is caught the same way: the stored head's time
no longer matches the row with that id.
"""

import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Site

from cms.content import dependencies, visibility
from cms.content.models import Change
from cms.content.visibility import PublicContent, Restrictions


@dataclass(frozen=True)
class Head:
    id: int
    created_at: datetime | None

    @property
    def token(self):
        """Names this exact version: the time guards against a restored database reusing ids."""
        micros = int(self.created_at.timestamp() * 1e6) if self.created_at else 0
        return f"{self.id}.{micros}"


EMPTY = Head(0, None)

# (monotonic deadline, Head) of this process's last read of the feed's head.
_memo = None


def forget():
    """Make this process read the head afresh on its next request (after its own change)."""
    global _memo
    _memo = None


def read_head():
    row = Change.objects.order_by("-id").values_list("id", "created_at").first()
    return Head(*row) if row else EMPTY


def head():
    """The feed's head, at most CONTENT_VERSION_RECHECK_SECONDS old in this process."""
    global _memo
    memo = _memo
    if memo is not None and time.monotonic() < memo[0]:
        return memo[1]
    current = read_head()
    _memo = (time.monotonic() + settings.CONTENT_VERSION_RECHECK_SECONDS, current)
    return current


def restrictions(at=None):
    """What is private at the given head (the current one by default), shared through the cache
    under the head's token: a new head never reads an older list."""
    at = at or head()
    key = f"content:restrictions:{at.token}"
    found = cache.get(key)
    if found is None or (found.valid_until is not None and found.valid_until <= timezone.now()):
        found = Restrictions.load()
        cache.set(key, found, timeout=settings.API_RESPONSE_CACHE_TIMEOUT)
    return found


def public_content(site=None, at=None):
    """The rule for ``site`` (the default site when None, kept in the cache with the
    restrictions, under the head's token) at the given head."""
    if site is not None:
        return PublicContent.for_site(site, restrictions(at))
    at = at or head()
    key = f"content:public:{at.token}"
    found = cache.get(key)
    if found is None:
        found = PublicContent.for_site(default_site(), restrictions(at))
        cache.set(key, found, timeout=settings.API_RESPONSE_CACHE_TIMEOUT)
    return found


def default_site():
    return Site.objects.select_related("root_page").filter(is_default_site=True).first()


# Cached responses ------------------------------------------------------------------------


def stamp(entry, at, shown):
    """Mark a cache entry as rendered at head ``at``, depending on what it ``shown``
    (``dependencies.Dependencies``). It is stale once a page's expiry time passes (nothing
    reaches the feed until ``publish_scheduled`` runs) or what it showed changes by itself."""
    entry["head"] = (at.id, at.token)
    entry["keys"] = sorted(shown.keys)
    moments = [moment for moment in (restrictions(at).valid_until, shown.expires) if moment is not None]
    entry["valid_until"] = min(moments).timestamp() if moments else None
    return entry


def is_fresh(entry, at):
    """Whether a cached entry still shows what readers may see at head ``at``. Re-stamps the
    entry (in place) when it is, so the question is asked once per entry per change; returns
    (fresh, restamped). ``fresh_entries`` asks it of many entries in one query."""
    fresh, restamped = fresh_entries({"entry": entry}, at)
    return bool(fresh), bool(restamped)


def fresh_entries(entries, at):
    """{key: entry} of the ``entries`` ({key: entry}) that are still fresh at head ``at``, with
    one query for all of them however many there are (a listing's kept pages after any change).

    An entry is fresh while the head has not moved since it was stamped; after that, while no
    newer row names one of its keys (or ``all``), and the row it was stamped at is still the
    same (a compacted feed or a restored database: nothing can be said, render again). An entry
    that changes with any new row (``*``, a sync delta) is stale once the head moves. The fresh
    ones whose head moved are re-stamped in place and listed in the second value:
    (fresh, restamped)."""
    fresh, restamped, to_check = {}, {}, {}
    for key, entry in entries.items():
        stored = entry.get("head")
        if not stored or (entry.get("valid_until") is not None and entry["valid_until"] <= time.time()):
            continue
        if stored[1] == at.token:
            fresh[key] = entry
        elif stored[0] <= at.id and dependencies.ANY_CHANGE not in entry.get("keys", ()):
            to_check[key] = entry
    if not to_check:
        return fresh, restamped
    stored_ids = {entry["head"][0] for entry in to_check.values()}
    keys = {dependencies.EVERYTHING}.union(*(entry.get("keys", ()) for entry in to_check.values()))
    rows = Change.objects.filter(
        Q(id__in=stored_ids - {0}) | Q(id__gt=min(stored_ids), key__in=keys)
    ).values_list("id", "key", "created_at")
    stamps, changed = {}, []
    for row_id, key, created_at in rows:
        if row_id in stored_ids:
            stamps[row_id] = Head(row_id, created_at).token
        changed.append((row_id, key))
    for key, entry in to_check.items():
        stored_id, stored_token = entry["head"]
        if stored_id and stamps.get(stored_id) != stored_token:
            continue  # the row it was stamped at is gone: nothing can be said, render again
        wanted = {dependencies.EVERYTHING, *entry.get("keys", ())}
        if any(row_id > stored_id and row_key in wanted for row_id, row_key in changed):
            continue
        entry["head"] = (at.id, at.token)
        fresh[key] = restamped[key] = entry
    return fresh, restamped


def no_site():
    """The rule where no site answers: nothing is public."""
    return PublicContent.for_site(None, Restrictions())


def current_public():
    """The rule for the response being rendered, or for the default site now."""
    return visibility.active() or public_content()


def is_public(page):
    """Whether readers may see ``page``: for bylines and links outside a listing."""
    return current_public().is_public(page)
