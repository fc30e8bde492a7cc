"""What news items and Legal Eye articles share: a dated byline by a member of staff or
"MiP", the nations they concern, and the listing of live public ones newest first."""

from wagtail.models import PageManager

from cms.content.versions import current_public, is_public
from cms.nations import nation_labels


class ArticleManager(PageManager):
    def listing(self, public_pages=None, topics=True, keys=None):
        """Live public articles, newest first, with what cards and the API read fetched up
        front (``topics=False`` where they are not shown). ``public_pages``: the request's
        (``cms.site.reader_request``), which saves a query. ``keys``: what the listing depends on,
        when narrower than all of its type (``PublicContent.visible``)."""
        items = (public_pages or current_public()).visible(self.get_queryset(), keys=keys)
        items = items.order_by("-date", "-pk").select_related(*self.model.listing_related)
        return items.prefetch_related("tags") if topics else items


class ArticleMixin:
    """For a page with ``date``, ``author`` (a person page), ``nations`` and ``tags``."""

    listing_related = ("author",)

    @property
    def byline(self):
        author = self.visible_author
        return author.title if author else "MiP"

    @property
    def visible_author(self):
        """The author's profile, if it is published and not view-restricted; otherwise the
        byline is MiP (a private profile's name and address are not shown either)."""
        author = self.author
        if author is None or not is_public(author):
            return None
        return author

    @property
    def nation_names(self):
        return nation_labels(self.nations)
