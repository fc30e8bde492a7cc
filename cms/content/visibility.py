"""What may the public see: the one rule (see the package docstring).

A page is public when it is live, not expired, inside the site and not view-restricted,
itself or through an ancestor. Aliases take their source's restrictions (as Wagtail's own
check does), so an alias whose source is restricted counts as restricted too. An image or a
document is public when its collection is not view-restricted, itself or through a parent.

``Restrictions`` holds the tree paths of restricted pages and the ids of hidden collections:
three small queries, read once per content version and shared through the cache
(``cms.content.versions.restrictions``). ``PublicContent`` applies them to one site, in Python
for a page in hand (so a listing of bylines costs no query per byline) and as a queryset
filter for listings. Every answer is noted as a dependency of the response being rendered
(``cms.content.dependencies``).
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

from cms.content import dependencies


def outermost(paths):
    """The paths not inside another one of them: a restriction inside a restricted branch adds
    nothing."""
    kept = []
    for path in sorted(set(paths)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return tuple(kept)


def is_under(path, prefixes):
    return any(path.startswith(prefix) for prefix in prefixes)


@dataclass(frozen=True)
class Restrictions:
    """Everything private, as tree paths and collection ids."""

    restricted_paths: tuple[str, ...] = ()
    hidden_collection_ids: frozenset[int] = field(default_factory=frozenset)
    # Live pages past their expiry that ``publish_scheduled`` has not unpublished yet (their
    # own paths; expiry does not pass to children), and the next expiry still to come, after
    # which these answers (and every response cached with them) must be worked out again.
    expired_paths: frozenset[str] = field(default_factory=frozenset)
    valid_until: datetime.datetime | None = None

    @classmethod
    def load(cls):
        """Two queries: the pages that are restricted, aliases or expiring; every collection."""
        now = timezone.now()
        restricted_page = PageViewRestriction.objects.filter(page=OuterRef("pk"))
        rows = list(
            Page.objects.filter(
                Q(pk__in=PageViewRestriction.objects.values("page_id"))
                | Q(alias_of__isnull=False)
                | Q(live=True, expire_at__isnull=False)
            )
            .annotate(restricted=Exists(restricted_page))
            .values_list("path", "alias_of__path", "live", "expire_at", "restricted")
        )
        expiring = [(path, expire_at) for path, _, live, expire_at, _ in rows if live and expire_at]
        expired_paths = frozenset(path for path, expire_at in expiring if expire_at <= now)
        valid_until = min((expire_at for _, expire_at in expiring if expire_at > now), default=None)
        # Aliases use their source's restrictions: an alias (and what is below it) of a
        # restricted page is restricted too, through any number of alias hops.
        aliases = [(path, source) for path, source, *_ in rows if source]
        restricted = outermost(path for path, _, _, _, is_restricted in rows if is_restricted)
        while True:
            more = [
                path
                for path, source in aliases
                if is_under(source, restricted) and not is_under(path, restricted)
            ]
            if not more:
                break
            restricted = outermost([*restricted, *more])
        collections = list(
            Collection.objects.annotate(
                restricted=Exists(CollectionViewRestriction.objects.filter(collection=OuterRef("pk")))
            ).values_list("pk", "path", "restricted")
        )
        collection_paths = outermost(path for _, path, is_restricted in collections if is_restricted)
        hidden = frozenset(pk for pk, path, _ in collections if is_under(path, collection_paths))
        return cls(
            restricted_paths=restricted,
            hidden_collection_ids=hidden,
            expired_paths=expired_paths,
            valid_until=valid_until,
        )

    def is_restricted_path(self, path):
        return is_under(path, self.restricted_paths)


NO_SITE = None


@dataclass(frozen=True)
class PublicContent:
    """The rule applied to one site (the default site for the API)."""

    root_id: int | None
    root_path: str
    root_url_path: str
    restrictions: Restrictions
    site: Site | None = None

    @classmethod
    def for_site(cls, site, restrictions):
        if site is None:
            return cls(root_id=None, root_path="", root_url_path="", restrictions=restrictions)
        root = site.root_page
        return cls(root.pk, root.path, root.url_path, restrictions, site)

    @property
    def restricted_paths(self):
        return self.restrictions.restricted_paths

    # Pages ------------------------------------------------------------------------------

    def is_public(self, page):
        """Whether readers may see ``page`` (any Page instance, base or specific)."""
        if page is None:
            return False
        dependencies.add(dependencies.page_key(page.pk))
        if self.root_id is None or not page.live:
            return False
        if page.expire_at is not None and page.expire_at <= timezone.now():
            return False
        return page.path.startswith(self.root_path) and not self.restrictions.is_restricted_path(page.path)

    def filter(self, pages):
        """The public ones of ``pages``, in order."""
        return [page for page in pages if self.is_public(page)]

    def queryset(self, model=Page, keys=None):
        """Public pages of ``model`` in the site, as a queryset."""
        return self.visible(model.objects.all(), keys=keys)

    def visible(self, queryset, keys=None):
        """``queryset`` narrowed to public pages of the site, at no query of its own.

        The response being rendered then depends on the listing: by default on every page of
        the queryset's type (``list:home.NewsPage``: a new or changed news item may belong in
        it). A listing that only ever changes when known pages change names their keys
        instead (a person's articles list under ``page:<person>``, which the feed's fan-out
        records whenever one of their articles changes; pages loaded by id under their ids)."""
        dependencies.add(*(keys if keys is not None else [dependencies.list_key(queryset.model)]))
        if self.root_id is None:
            return queryset.none()
        queryset = queryset.filter(live=True, path__startswith=self.root_path)
        if self.restrictions.expired_paths:
            queryset = queryset.exclude(path__in=self.restrictions.expired_paths)
        if self.restricted_paths:
            hidden = Q()
            for path in self.restricted_paths:
                hidden |= Q(path__startswith=path)
            queryset = queryset.exclude(hidden)
        return queryset

    def url_path(self, page):
        """The page's path on the public site ("/news/pay-award/"), or None outside the site."""
        if self.root_id is None or not page.url_path.startswith(self.root_url_path):
            return None
        return serve_prefix() + page.url_path[len(self.root_url_path) :]

    # Images and documents -----------------------------------------------------------------

    def is_public_media(self, obj):
        """Whether an image or document may be shown: its collection is not restricted."""
        if obj is None:
            return False
        dependencies.add(media_key(obj))
        return obj.collection_id not in self.restrictions.hidden_collection_ids

    def visible_media(self, queryset):
        dependencies.add(dependencies.list_key(queryset.model))
        hidden = self.restrictions.hidden_collection_ids
        return queryset.exclude(collection_id__in=hidden) if hidden else queryset


_active = ContextVar("content_public", default=None)


@contextmanager
def use(public):
    """Answer ``current()`` with ``public`` while a page or an API response renders."""
    token = _active.set(public)
    try:
        yield public
    finally:
        _active.reset(token)


def active():
    return _active.get()


def media_key(obj):
    return f"{media_kind(type(obj))}:{obj.pk}"


def media_kind(model):
    return "document" if issubclass(model, get_document_model()) else "image"


_serve_prefix = None


def serve_prefix():
    """Where Wagtail's page serving is mounted (normally "/"), resolved once."""
    global _serve_prefix
    if _serve_prefix is None:
        _serve_prefix = reverse("wagtail_serve", args=("",))
    return _serve_prefix
