"""iCalendar files (RFC 5545) of events, made with the ``icalendar`` library: one event's
"Add to calendar" file at ``<event URL>calendar.ics`` and the index's feed to subscribe to at
``<events index URL>events.ics``.

Timed events carry their UK times with ``TZID=Europe/London`` and the matching VTIMEZONE, so
a calendar anywhere shows them at the right moment on either side of a clock change; all-day
events are DATE values, the end being the day after the last (DTEND is exclusive). Each
event's UID comes from the page's translation key, which never changes, so importing the file
again or refreshing the feed updates the event rather than adding a second one.
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Conference, Event, vCalAddress

from cms.site.reader_request import reader_request
from events.choices import AttendanceMode, Booking, EventStatus

PRODID = "-//Managers in Partnership//MiP events//EN"
UID_DOMAIN = "miphealth.org.uk"
# How often subscribed calendars should fetch the feed again.
FEED_REFRESH = datetime.timedelta(hours=6)
FEED_LENGTH = 500
CONTENT_TYPE = "text/calendar; charset=utf-8"

ICAL_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def event_uid(page):
    return f"event-{page.translation_key}@{UID_DOMAIN}"


def event_title(page):
    """Calendars show the title, and not every one shows STATUS: say it in the title too."""
    if page.status == EventStatus.SCHEDULED:
        return page.title
    return f"{page.get_status_display()}: {page.title}"


def location_text(page):
    place = ", ".join(page.address_lines)
    if page.attendance_mode == AttendanceMode.ONLINE:
        return page.join_url or "Online"
    if page.attendance_mode == AttendanceMode.MIXED:
        return f"{place} (or online)" if place else "Online"
    return place


def description_text(page, url):
    parts = [page.summary_text]
    if page.attendance_mode != AttendanceMode.IN_PERSON and page.join_url:
        parts.append(f"Join online: {page.join_url}")
    if page.booking == Booking.LINK and page.booking_url:
        parts.append(f"Book: {page.booking_url}")
    elif page.booking == Booking.CONTACT_OFFICER:
        parts.append("To book, members contact their national officer.")
    parts.append(f"Details: {url}")
    return "\n\n".join(part for part in parts if part)


def vevent(page, request, public_pages, stamp):
    url = page.get_full_url(request)
    if page.all_day:
        start, end = page.start_date, page.end_date + datetime.timedelta(days=1)
    else:
        start, end = page.local_start, page.local_end
    event = Event.new(
        uid=event_uid(page),
        stamp=stamp,
        start=start,
        end=end,
        summary=event_title(page),
        description=description_text(page, url),
        location=location_text(page) or None,
        url=url,
        categories=[tag.name for tag in page.tags.all()],
        status=ICAL_STATUS.get(page.status, "CONFIRMED"),
        classification="PUBLIC",
        created=page.first_published_at,
        last_modified=page.last_published_at,
        conferences=[Conference(page.join_url, feature=["VIDEO"], label="Join online")]
        if page.attendance_mode != AttendanceMode.IN_PERSON and page.join_url
        else None,
    )
    organiser = page.visible_organiser(public_pages)
    if organiser is not None and organiser.email:
        event.add("organizer", vCalAddress.new(organiser.email, cn=organiser.title))
    return event


def build_calendar(pages, request, name, url, description="", uid=None, subscription=False):
    """The iCalendar text of ``pages`` (live, public event pages)."""
    public_pages = reader_request(request).public
    calendar = Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        method="PUBLISH",
        name=name,
        description=description or None,
        url=url,
        uid=uid,
        refresh_interval=FEED_REFRESH if subscription else None,
    )
    calendar.add("x-wr-timezone", "Europe/London")
    if subscription:
        # What Outlook reads instead of REFRESH-INTERVAL (RFC 7986).
        calendar.add("x-published-ttl", FEED_REFRESH)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for page in pages:
        calendar.add_component(vevent(page, request, public_pages, stamp))
    timed = [page for page in pages if not page.all_day]
    if timed:
        # A VTIMEZONE for Europe/London that covers every event's dates.
        calendar.add_missing_timezones(
            first_date=datetime.date(min(page.start_date for page in timed).year, 1, 1),
            last_date=datetime.date(max(page.end_date for page in timed).year + 1, 1, 1),
        )
    return calendar.to_ical()


def event_calendar_response(page, request):
    """ "Add to calendar": the one event, as a file to open."""
    body = build_calendar(
        [page], request, name=page.title, url=page.get_full_url(request), uid=f"calendar-{event_uid(page)}"
    )
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.ics"'
    return response


def calendar_feed_response(index_page, request):
    """The index's calendar feed, for calendar apps to subscribe to."""
    public_pages = reader_request(request).public
    pages = list(index_page.calendar_feed_items(public_pages)[:FEED_LENGTH])
    body = build_calendar(
        pages,
        request,
        name=index_page.feed_title,
        url=index_page.get_full_url(request),
        description=index_page.intro,
        uid=f"events-{index_page.translation_key}@{UID_DOMAIN}",
        subscription=True,
    )
    return HttpResponse(body, content_type=CONTENT_TYPE)
