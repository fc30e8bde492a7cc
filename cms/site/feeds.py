"""RSS 2.0 feeds of a section's pages, served at ``<index page URL>feed/``.

An index page offers a feed by defining ``feed_items()`` (live, public pages, newest first,
each with ``date``, ``summary``, ``byline`` and ``tags``) and routing ``feed/`` to
``SectionFeed(self)``."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

FEED_LENGTH = 30


def _as_datetime(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(9)))


class SectionFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{getattr(self.index_page, 'feed_title', self.index_page.title)} | Managers in Partnership"

    def link(self):
        return self.index_page.get_full_url(self.request)

    def feed_url(self):
        """The feed's own address (atom:link rel="self"), from the Site's hostname: Django's
        default builds it from the request's Host header, which the client chooses."""
        return self.index_page.get_full_url(self.request) + self.index_page.reverse_subpage("feed")

    def description(self):
        return getattr(self.index_page, "intro", "") or self.index_page.search_description

    def items(self):
        return self.index_page.feed_items()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.byline

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_pubdate(self, item):
        return _as_datetime(item.date)
