"""What a response showed, so its cached copy is dropped exactly when one of those things changes.

While a page or an API response renders, every answer the content core gives is noted here as a
feed key: ``page:12`` when a page is checked or shown, ``image:3`` for an image,
``list:home.NewsPage`` when a listing of news is read, ``directory`` for the officer finder.
The response caches store the keys with the response; a later change whose fan-out
(``cms.content.fanout``) names one of them makes the entry stale (``cms.content.versions``).
Outside a response (a management command, a test) nothing is collected.
"""

from contextlib import contextmanager
from contextvars import ContextVar

# Shared parts every page on the site shows (the footer's settings, the Site record).
SETTINGS = "settings"
DIRECTORY = "directory"
EVERYTHING = "all"
# Not a feed key: a response that changes with any new row at all (a sync delta).
ANY_CHANGE = "*"

_current = ContextVar("content_dependencies", default=None)


class Dependencies:
    def __init__(self):
        self.keys = set()
        # The earliest time what was shown changes by itself (an event ends), or None.
        self.expires = None

    def add(self, *keys):
        self.keys.update(keys)


@contextmanager
def collect(*, apart=False):
    """Collect the keys noted while the block runs. A nested block shares the outer set, or,
    ``apart``, collects its own (a fragment kept on its own, ``cms.content.fragments``) and
    adds it to the outer set when it ends."""
    outer = _current.get()
    if outer is not None and not apart:
        yield outer
        return
    collected = Dependencies()
    token = _current.set(collected)
    try:
        yield collected
    finally:
        _current.reset(token)
        if outer is not None:
            merge(collected)


def merge(found):
    """Add what a fragment depends on (``Dependencies``) to the response being rendered."""
    add(*found.keys)
    if found.expires is not None:
        expires_at(found.expires)


def is_collecting():
    return _current.get() is not None


def add(*keys):
    collected = _current.get()
    if collected is not None:
        collected.keys.update(keys)


def expires_at(moment):
    """Note that the response being rendered changes by itself at ``moment``."""
    collected = _current.get()
    if collected is not None and (collected.expires is None or moment < collected.expires):
        collected.expires = moment


def page_key(page_id):
    return f"page:{page_id}"


def list_key(model):
    return f"list:{model._meta.label}"


def topic_key(model, tag_id):
    """A listing of ``model`` narrowed to one topic (related news on a campaign about pay)."""
    return f"{list_key(model)}:topic:{tag_id}"


def children_key(parent_id):
    return f"children:{parent_id}"


def listing_on_key(page_id):
    """A list shown on page ``page_id`` of pages that name it (a person's news)."""
    return f"listing-on:{page_id}"
