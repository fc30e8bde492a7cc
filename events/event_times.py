"""When an event happens, in UK time, as readers, calendars and search engines need it.

MiP's events happen in the UK, so their times are stored and shown in Europe/London whatever
the server's or the reader's time zone. An all-day event runs from midnight at the start of
its first day to the last second of its last day; the editor's times are ignored.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import dateformat, timezone

LONDON = ZoneInfo("Europe/London")
END_OF_DAY = datetime.time(23, 59, 59)


def in_london(moment):
    """An aware datetime in UK time (a naive one is taken to be UK time already)."""
    if moment is None:
        return None
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, LONDON)
    return timezone.localtime(moment, LONDON)


def first_moment(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=LONDON)


def last_moment(day):
    return datetime.datetime.combine(day, END_OF_DAY, tzinfo=LONDON)


def clock_time(moment):
    """ "10am", "1:30pm", "midday", "midnight": the GOV.UK style MiP's pages use."""
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def long_date(day):
    """ "Tuesday 14 October 2025". Django's date format, which follows LANGUAGE_CODE
    rather than the server's locale."""
    return dateformat.format(day, "l j F Y")


def describe(start, end, all_day):
    """When an event happens, in words: "Tuesday 14 October 2025, 10am to 4pm",
    "Tuesday 14 to Wednesday 15 October 2025", "Tuesday 14 October 2025 (all day)"."""
    start, end = in_london(start), in_london(end)
    first, last = start.date(), end.date()
    if all_day:
        if first == last:
            return f"{long_date(first)} (all day)"
        if (first.year, first.month) == (last.year, last.month):
            return f"{dateformat.format(first, 'l j')} to {long_date(last)}"
        if first.year == last.year:
            return f"{dateformat.format(first, 'l j F')} to {long_date(last)}"
        return f"{long_date(first)} to {long_date(last)}"
    if first == last:
        return f"{long_date(first)}, {clock_time(start)} to {clock_time(end)}"
    return f"{long_date(first)}, {clock_time(start)} to {long_date(last)}, {clock_time(end)}"


def short_day(day):
    """ "14 Oct": the date badge on an event card."""
    return dateformat.format(day, "j M")
