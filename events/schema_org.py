"""schema.org ``Event`` data (JSON-LD) for an event page's ``<head>``, so search engines and
assistants can show the event with its dates, place and status.

Times carry their UK offset (``2025-10-14T09:30+01:00``); all-day events give dates only.
"""

import json

from django.utils.safestring import mark_safe

from cms.site import renditions
from cms.site.reader_request import reader_request
from events.choices import AttendanceMode, Booking, EventStatus

SCHEMA = "https://schema.org/"
ORGANISATION_NAME = "Managers in Partnership"

ATTENDANCE_MODES = {
    AttendanceMode.IN_PERSON: "OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "MixedEventAttendanceMode",
}
STATUSES = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.CANCELLED: "EventCancelled",
}
# What may not appear as is inside <script>: the JSON stays the same JSON.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def moment(page, value, day):
    return day.isoformat() if page.all_day else value.isoformat(timespec="minutes")


def place(page):
    address = {"@type": "PostalAddress", "addressCountry": "GB"}
    street = ", ".join(line.strip() for line in page.street_address.splitlines() if line.strip())
    for key, value in (
        ("streetAddress", street),
        ("addressLocality", page.town),
        ("postalCode", page.postcode),
    ):
        if value:
            address[key] = value
    return {"@type": "Place", "name": page.venue, "address": address}


def locations(page, url):
    found = []
    if page.is_in_person:
        found.append(place(page))
    if page.is_online:
        found.append({"@type": "VirtualLocation", "url": page.join_url or url})
    return found[0] if len(found) == 1 else found


def organisation(request):
    site = reader_request(request).site
    found = {"@type": "Organization", "name": ORGANISATION_NAME}
    if site is not None:
        found["url"] = f"{site.root_url}/"
    return found


def event_data(page, organiser, request):
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.summary_text,
        "url": url,
        "startDate": moment(page, page.local_start, page.start_date),
        "endDate": moment(page, page.local_end, page.end_date),
        "eventStatus": SCHEMA + STATUSES.get(page.status, "EventScheduled"),
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODES[page.attendance_mode],
        "location": locations(page, url),
        "inLanguage": "en-GB",
        "audience": {"@type": "Audience", "audienceType": page.get_audience_display()},
    }
    if organiser is not None:
        data["organizer"] = {
            "@type": "Person",
            "name": organiser.title,
            "jobTitle": organiser.job_title,
            "url": organiser.get_full_url(request),
            "worksFor": {"@type": "Organization", "name": ORGANISATION_NAME},
        }
    else:
        data["organizer"] = organisation(request)
    if page.hero_image:
        data["image"] = [page.hero_image.get_rendition(renditions.SHARE_PREVIEW_SPEC).full_url]
    if page.booking == Booking.LINK and page.booking_url:
        data["offers"] = {"@type": "Offer", "url": page.booking_url}
    return data


def event_json_ld(page, organiser, request):
    """The page's schema.org Event as JSON, safe to place inside a <script> element."""
    text = json.dumps(event_data(page, organiser, request), ensure_ascii=False, indent=None)
    return mark_safe(text.translate(SCRIPT_ESCAPES))  # noqa: S308 - every <, > and & is escaped above
