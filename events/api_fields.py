"""API fields of the event pages: the addresses of their calendar files and feeds, absolute
(from ``WAGTAILAPI_BASE_URL``, like every URL the API gives)."""

from cms.api import representation
from cms.api.fields import ReadOnlyField
from cms.api.json_schema import URI, nullable


class PageFileUrlField(ReadOnlyField):
    """The absolute URL of a file served under the page's own URL (``<page URL><file>``),
    or null where the page has no public URL."""

    file = ""
    description = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    @property
    def api_schema(self):
        return {**nullable(URI), "description": self.description}

    def to_representation(self, page):
        link = representation.page_link(page, self.context)
        return f"{link['url']}{self.file}" if link else None


class CalendarUrlField(PageFileUrlField):
    file = "calendar.ics"
    description = 'The event as an iCalendar file (RFC 5545): "Add to calendar".'


class CalendarFeedUrlField(PageFileUrlField):
    file = "events.ics"
    description = "Every upcoming event (and those of the past year) as an iCalendar feed to subscribe to."


class RssFeedUrlField(PageFileUrlField):
    file = "feed/"
    description = "Upcoming events as RSS 2.0."
