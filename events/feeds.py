"""The RSS feed of upcoming events at ``<events index URL>feed/``: the section feed that news
and Legal Eye use, with each item saying when and where the event is."""

from django.utils.html import escape, linebreaks

from cms.site.feeds import FEED_LENGTH, SectionFeed
from cms.site.reader_request import reader_request


class EventFeed(SectionFeed):
    def items(self):
        return self.index_page.feed_items(self.public_pages)[:FEED_LENGTH]

    def item_description(self, item):
        lines = [f"<p><strong>{escape(item.when)}</strong></p>"]
        if item.where:
            lines.append(f"<p>{escape(item.where)}</p>")
        if item.status != "scheduled":
            lines.append(f"<p>{escape(item.get_status_display())}</p>")
        lines.append(linebreaks(item.summary_text, autoescape=True))
        return "".join(lines)

    def item_author_name(self, item):
        organiser = item.visible_organiser(self.public_pages)
        return organiser.title if organiser else "MiP"

    def item_pubdate(self, item):
        # When the event was announced; readers see when it happens in the description.
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    @property
    def public_pages(self):
        return reader_request(self.request).public
