"""Which pages the public API may show: live, in the default site, and not view-restricted
(directly or through an ancestor), whoever is asking.

The API is anonymous-only, so every view restriction (password, login, group) hides its
page and the page's descendants, even from a request that carries a session cookie or
HTTP Basic credentials. Decisions are made in Python from the page's tree path, so a
serializer can check any number of pages (authors, linked pages) without a query each.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, Site


@dataclass(frozen=True)
class PublicPages:
    root_id: int | None
    root_path: str
    root_url_path: str
    restricted_paths: tuple[str, ...]

    @classmethod
    def load(cls):
        """Two small queries: the default site's root, and every view-restricted page's path."""
        site_root = (
            Site.objects.filter(is_default_site=True)
            .values_list("root_page_id", "root_page__path", "root_page__url_path")
            .first()
        )
        if site_root is None:
            return cls(root_id=None, root_path="", root_url_path="", restricted_paths=())
        root_id, root_path, root_url_path = site_root
        return cls.for_root(
            root_id,
            root_path,
            root_url_path,
            PageViewRestriction.objects.values_list("page__path", flat=True),
        )

    @classmethod
    def for_root(cls, root_id, root_path, root_url_path, restricted_paths):
        """The rules for the site whose root page is given, from the tree paths of the
        view-restricted pages."""
        # A restriction inside an already restricted branch adds nothing.
        outermost = []
        for path in sorted(set(restricted_paths)):
            if not any(path.startswith(kept) for kept in outermost):
                outermost.append(path)
        return cls(
            root_id=root_id,
            root_path=root_path,
            root_url_path=root_url_path,
            restricted_paths=tuple(outermost),
        )

    def is_public(self, page):
        if page is None or self.root_id is None or not page.live:
            return False
        path = page.path
        if not path.startswith(self.root_path):
            return False
        return not any(path.startswith(restricted) for restricted in self.restricted_paths)

    def filter(self, pages):
        return [page for page in pages if self.is_public(page)]

    def queryset(self, model=Page):
        """Live public pages of ``model`` in the default site, as a queryset."""
        return self.visible(model.objects.all())

    def visible(self, queryset):
        """``queryset`` narrowed to live public pages of the site. Unlike Wagtail's
        ``public()``, this costs no query of its own: the restrictions are already known."""
        if self.root_id is None:
            return queryset.none()
        queryset = queryset.live().filter(path__startswith=self.root_path)
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


_serve_prefix = None


def serve_prefix():
    """Where Wagtail's page serving is mounted (normally "/"), resolved once."""
    global _serve_prefix
    if _serve_prefix is None:
        _serve_prefix = reverse("wagtail_serve", args=("",))
    return _serve_prefix
