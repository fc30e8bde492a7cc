"""The API's event filters, with ``type=events.EventPage``: ``upcoming``, ``starts_after`` and
``starts_before``. (Ordering by start needs nothing here: ``order=start`` / ``-start`` works
on any field in ``api_fields``.) Registered from ``EventsConfig.ready()`` with the content
filters of ``cms.api.filters``, so bad values answer 400 and the OpenAPI document lists them.
"""

import datetime
import re

from django.utils import timezone
from wagtail.api.v2.utils import BadRequestError

from cms.api.filters import ContentFilter, parse_boolean, register_content_filter
from cms.content import dependencies
from events.event_times import LONDON, first_moment
from events.models import EventPage

# A day (2025-10-14), or a day and time (2025-10-14T09:30, seconds optional), with an
# offset (Z, +01:00) or without (UK time). A "+" sent unencoded in a query string arrives
# as a space, so a space is read as "+" in the offset.
MOMENT = re.compile(
    r"^(?P<day>\d{4}-\d{2}-\d{2})"
    r"(?:T(?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(?P<offset>Z|z|[+\- ]\d{2}:\d{2})?)?$"
)
FORMATS = "a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM, with an optional offset such as +01:00)"


def parse_moment(name, value):
    """(moment, is_day) from a query parameter: an aware datetime, and whether only a day
    was given. Times without an offset are UK time."""
    match = MOMENT.match(value or "")
    if match is None:
        raise BadRequestError(f"{name} must be {FORMATS}, got {value!r}")
    try:
        day = datetime.date.fromisoformat(match["day"])
        if match["time"] is None:
            return first_moment(day), True
        offset = (match["offset"] or "").replace(" ", "+").replace("z", "Z")
        moment = datetime.datetime.fromisoformat(f"{match['day']}T{match['time']}{offset}")
    except ValueError as error:
        raise BadRequestError(f"{name} must be a real date and time ({FORMATS}), got {value!r}") from error
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=LONDON)
    return moment, False


def in_utc(moment):
    """The moment in UTC, or None when it lies outside what a datetime can hold (the first
    or last day of the calendar with an offset)."""
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        return None


class EventFilter(ContentFilter):
    def applies_to(self, model):
        return issubclass(model, EventPage)


class UpcomingFilter(EventFilter):
    name = "upcoming"
    field = "end"
    description = (
        "true: events that have not ended yet (those happening now too); false: events that have "
        "ended (the archive)."
    )
    schema = {"type": "boolean"}

    def apply(self, queryset, value, view):
        now = timezone.now()
        # The answer changes by itself when the next of these events ends: a cached response
        # is worked out again then (one indexed query, only with this filter).
        next_end = queryset.filter(end__gte=now).order_by("end").values_list("end", flat=True).first()
        if next_end is not None:
            dependencies.expires_at(next_end)
        if parse_boolean(self.name, value):
            return queryset.filter(end__gte=now)
        return queryset.filter(end__lt=now)


class StartsAfterFilter(EventFilter):
    name = "starts_after"
    field = "start"
    description = (
        "Events starting at or after this moment: a date (YYYY-MM-DD: from the start of that day, UK "
        "time) or a date and time (RFC 3339, e.g. 2025-10-14T09:30:00+01:00; without an offset, UK "
        "time). Anything else is a 400."
    )
    schema = {
        "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
        "examples": ["2025-10-14", "2025-10-14T09:30:00+01:00"],
    }

    def apply(self, queryset, value, view):
        moment, _is_day = parse_moment(self.name, value)
        bound = in_utc(moment)
        if bound is None:
            return queryset if moment.year == datetime.MINYEAR else queryset.none()
        return queryset.filter(start__gte=bound)


class StartsBeforeFilter(StartsAfterFilter):
    name = "starts_before"
    description = (
        "Events starting at or before this moment: a date (YYYY-MM-DD: up to the end of that day, UK "
        "time) or a date and time (RFC 3339; without an offset, UK time). Anything else is a 400."
    )

    def apply(self, queryset, value, view):
        moment, is_day = parse_moment(self.name, value)
        if is_day:
            if moment.date() == datetime.date.max:
                return queryset
            bound = in_utc(first_moment(moment.date() + datetime.timedelta(days=1)))
            return queryset.filter(start__lt=bound) if bound else queryset.none()
        bound = in_utc(moment)
        if bound is None:
            return queryset.none() if moment.year == datetime.MINYEAR else queryset
        return queryset.filter(start__lte=bound)


EVENT_FILTERS = [UpcomingFilter(), StartsAfterFilter(), StartsBeforeFilter()]


def register_filters():
    for content_filter in EVENT_FILTERS:
        register_content_filter(content_filter)
