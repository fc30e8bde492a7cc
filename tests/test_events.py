"""Events: what editors may save, the events index (upcoming first, the archive, filters,
pagination), the calendar files (one event's and the feed, read back with ``icalendar``),
the RSS feed and the schema.org data on each event page; and that hidden events never show.
The API's event filters are tested in tests/api/test_api_events.py."""

import datetime
import json
from contextlib import contextmanager
from unittest import mock
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.nations import Nation
from events.event_times import LONDON
from events.models import EventIndexPage, EventPage
from people.models import PersonRole
from tests.factories import EventIndexPageFactory, EventPageFactory, ImageFactory, PersonPageFactory
from tests.security.hidden_pages import KINDS, hide, restrict

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def uk(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def days_from_now(days, hour, minute=0):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def last_sunday_of(year, month):
    day = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


def next_clock_change():
    """The next spring clock change in the UK (the last Sunday in March), at least a day away,
    so events around it are upcoming whenever the tests run."""
    year = timezone.localdate().year
    change = last_sunday_of(year, 3)
    if change <= timezone.localdate() + datetime.timedelta(days=1):
        change = last_sunday_of(year + 1, 3)
    return change


@contextmanager
def clock_at(moment):
    """The site's clock (``django.utils.timezone.now``) set to ``moment``."""
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(UTC)):
        yield


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # These tests move the clock and change events between requests of the same URL.
    settings.PAGE_CACHE = False


@pytest.fixture
def events_index(site_tree):
    return EventIndexPageFactory(parent=site_tree.home, slug="events", show_in_menus=True)


@pytest.fixture
def organiser(site_tree):
    return PersonPageFactory(
        parent=site_tree.people_index,
        title="Daniel Okafor",
        job_title="National Officer (Midlands)",
        role=PersonRole.NATIONAL_OFFICER,
        email="d.okafor@miphealth.org.uk",
    )


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def card_titles(soup):
    return [link.get_text(strip=True) for link in soup.select("main .event-card .card__link")]


def calendar_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def json_ld(soup):
    script = soup.select_one('head script[type="application/ld+json"]')
    assert script is not None
    return json.loads(script.string)


# What editors may save -----------------------------------------------------------------


def errors_of(events_index, **fields):
    """The errors an editor would see for an event with ``fields``; and nothing is stored."""
    stored = EventPage.objects.count()
    with pytest.raises(ValidationError) as raised:
        events_index.add_child(instance=EventPageFactory.build(**fields))
    assert EventPage.objects.count() == stored
    return raised.value.message_dict


def is_valid(events_index, **fields):
    return events_index.add_child(instance=EventPageFactory.build(**fields))


def test_an_event_must_end_after_it_starts(events_index):
    start = days_from_now(7, 18)
    for end in (start, start - datetime.timedelta(hours=1)):
        errors = errors_of(events_index, start=start, end=end)
        assert errors["end"] == ["The event must end after it starts: check the end date and time."]


def test_an_all_day_event_may_end_on_the_day_it_starts_but_not_before(events_index):
    start = days_from_now(7, 9)
    assert is_valid(events_index, all_day=True, start=start, end=start).live

    errors = errors_of(events_index, all_day=True, start=start, end=start - datetime.timedelta(days=1))
    assert errors["end"] == ["The last day of the event can't be before its first day."]


def test_an_event_lasting_over_a_month_is_refused_as_a_likely_typing_slip(events_index):
    start = days_from_now(7, 9)
    errors = errors_of(events_index, start=start, end=start.replace(year=start.year + 1))
    assert "An event can last at most 31 days" in errors["end"][0]


def test_an_event_in_person_says_where_and_an_online_one_how_to_join(events_index):
    errors = errors_of(events_index, venue="", town="")
    assert errors["venue"] == ["Say where the event is: the name of the venue."]
    assert errors["town"] == ["Say which town or city the venue is in."]

    errors = errors_of(events_index, attendance_mode="online", venue="", town="", join_url="")
    assert errors["join_url"] == [
        "Give the link to join online, or a booking link through which people get it."
    ]

    # Online with a booking link that sends the joining link is fine, and needs no venue.
    assert is_valid(
        events_index,
        attendance_mode="online",
        venue="",
        town="",
        booking="link",
        booking_url="https://www.miphealth.org.uk/events/book/webinar",
    ).live


def test_the_booking_link_goes_with_booking_online(events_index):
    errors = errors_of(events_index, booking="link", booking_url="")
    assert errors["booking_url"] == ["Add the booking link, or choose another way to book."]

    errors = errors_of(events_index, booking="not-needed", booking_url="https://example.org/book")
    assert errors["booking_url"] == ['Remove the booking link, or choose "Book online" under "How to book".']


def test_postcodes_are_checked_and_tidied(events_index):
    errors = errors_of(events_index, postcode="London")
    assert errors["postcode"] == ["Enter a UK postcode, such as WC1B 3LS, or leave it blank."]

    event = EventPageFactory(parent=events_index, postcode="wc1b3ls")
    assert event.postcode == "WC1B 3LS"


def test_an_all_day_event_runs_from_midnight_to_the_end_of_its_last_day_uk_time(events_index):
    change = next_clock_change()
    # The editor's times are ignored, and the days are the UK's on both sides of the clock change.
    event = EventPageFactory(
        parent=events_index,
        all_day=True,
        start=uk(change.year, 3, change.day - 1, 14, 30),
        end=uk(change.year, 3, change.day, 9, 0),
    )
    event.refresh_from_db()

    assert event.start == uk(change.year, 3, change.day - 1)
    assert event.start.astimezone(UTC).hour == 0  # midnight GMT
    assert event.end == datetime.datetime.combine(change, datetime.time(23, 59, 59), tzinfo=LONDON)
    assert event.end.astimezone(UTC).hour == 22  # 23:59:59 BST
    assert (event.start_date, event.end_date) == (change - datetime.timedelta(days=1), change)


def test_an_editor_creates_an_event_in_the_admin_and_sees_plain_english_errors(admin_client, events_index):
    form = nested_form_data(
        {
            "title": "Scotland members' meeting",
            "slug": "scotland-members-meeting",
            "summary": "An evening meeting for members in Scotland.",
            "start": "04/03/2031 18:00",
            "end": "04/03/2031 17:00",
            "status": "scheduled",
            "attendance_mode": "in-person",
            "venue": "UNISON Scotland",
            "street_address": "14 West Campbell Street",
            "town": "Glasgow",
            "postcode": "g2 6rx",
            "join_url": "",
            "booking": "contact-officer",
            "booking_url": "",
            "audience": "members",
            "body": streamfield([("paragraph", rich_text("<p>Light refreshments provided.</p>"))]),
            "tags": "Pay",
            "action-publish": "publish",
        }
    )
    form["nations"] = ["scotland"]
    url = f"/admin/pages/add/events/eventpage/{events_index.pk}/"

    refused = admin_client.post(url, form)
    assert refused.status_code == 200
    assert "The event must end after it starts: check the end date and time." in refused.content.decode()
    assert not EventPage.objects.exists()

    form["end"] = "04/03/2031 19:30"
    published = admin_client.post(url, form)
    assert published.status_code == 302
    event = EventPage.objects.get()
    assert event.live
    assert event.local_start == uk(2031, 3, 4, 18)
    assert event.postcode == "G2 6RX"
    assert event.nations == ["scotland"]
    assert [tag.name for tag in event.tags.all()] == ["Pay"]


def test_the_admin_lists_events_soonest_first_and_filters_upcoming_and_past(admin_client, events_index):
    EventPageFactory(parent=events_index, title="Later meeting", start=days_from_now(20, 18))
    EventPageFactory(parent=events_index, title="Sooner meeting", start=days_from_now(3, 18))
    EventPageFactory(parent=events_index, title="Finished meeting", start=days_from_now(-3, 18))

    listing = soup_of(admin_client.get("/admin/events/"))
    titles = [cell.get_text(" ", strip=True) for cell in listing.select("td.title .title-wrapper a")]
    assert [title for title in titles if "meeting" in title] == [
        "Finished meeting",
        "Sooner meeting",
        "Later meeting",
    ]
    upcoming = soup_of(admin_client.get("/admin/events/", {"timing": "upcoming"})).get_text()
    assert "Sooner meeting" in upcoming and "Finished meeting" not in upcoming


# The events index -------------------------------------------------------------------------


def test_the_index_lists_upcoming_events_soonest_first_with_those_happening_now(client, events_index):
    EventPageFactory(parent=events_index, title="In three weeks", start=days_from_now(21, 10))
    EventPageFactory(parent=events_index, title="Tomorrow", start=days_from_now(1, 10))
    EventPageFactory(
        parent=events_index,
        title="Reps' course, on now",
        start=timezone.now() - datetime.timedelta(days=1),
        end=timezone.now() + datetime.timedelta(days=1),
    )
    EventPageFactory(parent=events_index, title="Last week", start=days_from_now(-7, 10))

    soup = soup_of(client.get("/events/"))

    assert card_titles(soup) == ["Reps' course, on now", "Tomorrow", "In three weeks"]
    assert soup.select_one(".listing-summary").get_text(strip=True) == "3 upcoming events"
    assert soup.select_one('.listing-tabs__link[aria-current="page"]').get_text() == "Upcoming events"
    first = soup.select_one(".event-card")
    assert first.select_one(".event-card__when time")["datetime"]
    assert first.select_one(".card__meta").get_text() == "UNISON Centre, London"


def test_the_archive_lists_past_events_latest_first(client, events_index):
    EventPageFactory(parent=events_index, title="A month ago", start=days_from_now(-30, 10))
    EventPageFactory(parent=events_index, title="Last week", start=days_from_now(-7, 10))
    EventPageFactory(parent=events_index, title="Next week", start=days_from_now(7, 10))

    soup = soup_of(client.get("/events/past/"))

    assert card_titles(soup) == ["Last week", "A month ago"]
    assert soup.find("h1").get_text() == "Past events"
    assert soup.find("title").get_text() == "Past events | Managers in Partnership"
    assert [item.get_text(strip=True) for item in soup.select(".breadcrumbs__item")][-2:] == [
        "Events",
        "Past events",
    ]
    assert soup.select_one('.listing-tabs__link[aria-current="page"]').get_text() == "Past events"


def test_an_event_moves_to_the_archive_by_itself_once_it_ends(client, events_index):
    start = days_from_now(3, 18)
    EventPageFactory(parent=events_index, title="Wales members' meeting", start=start)

    with clock_at(start + datetime.timedelta(minutes=89)):
        assert card_titles(soup_of(client.get("/events/"))) == ["Wales members' meeting"]
        assert card_titles(soup_of(client.get("/events/past/"))) == []
        page = soup_of(client.get("/events/wales-members-meeting/"))
        assert "This event is happening now." in page.get_text()
    with clock_at(start + datetime.timedelta(minutes=91)):
        assert card_titles(soup_of(client.get("/events/"))) == []
        assert card_titles(soup_of(client.get("/events/past/"))) == ["Wales members' meeting"]
        page = soup_of(client.get("/events/wales-members-meeting/"))
        assert "This event has finished." in page.get_text()
        assert page.select_one(".event-actions") is None  # no booking or calendar for a past event


def test_the_nation_filter_keeps_uk_wide_events_and_the_topic_filter_narrows(client, events_index):
    wales = EventPageFactory(parent=events_index, title="Cardiff meeting", nations=[Nation.WALES])
    EventPageFactory(parent=events_index, title="Glasgow meeting", nations=[Nation.SCOTLAND])
    uk_wide = EventPageFactory(parent=events_index, title="UK-wide webinar", nations=[])
    wales.tags.add("pay")
    wales.save()
    uk_wide.tags.add("pensions")
    uk_wide.save()

    in_wales = soup_of(client.get("/events/", {"nation": "wales"}))
    assert sorted(card_titles(in_wales)) == ["Cardiff meeting", "UK-wide webinar"]
    assert in_wales.find("title").get_text() == "Events for members in Wales | Managers in Partnership"
    assert in_wales.select_one("#events-nation option[selected]")["value"] == "wales"

    on_pay = soup_of(client.get("/events/", {"topic": "pay"}))
    assert card_titles(on_pay) == ["Cardiff meeting"]
    assert [option.get_text() for option in on_pay.select("#events-topic option")] == [
        "All topics",
        "pay",
        "pensions",
    ]
    assert on_pay.find("title").get_text() == "Events on pay | Managers in Partnership"

    none = soup_of(client.get("/events/", {"nation": "scotland", "topic": "pensions"}))
    assert card_titles(none) == ["UK-wide webinar"]

    nothing = soup_of(client.get("/events/", {"nation": "northern-ireland", "topic": "pay"}))
    assert card_titles(nothing) == []
    assert "No upcoming events match these filters." in nothing.get_text()


def test_unknown_filters_and_page_numbers_never_fail(client, events_index):
    EventPageFactory(parent=events_index, title="Members' meeting")
    for params in (
        {"nation": "atlantis"},
        {"topic": "no-such-topic-" * 20},
        {"page": "999"},
        {"page": "abc"},
        {"nation": "\u00e9\u00e9", "page": "-1"},
    ):
        response = client.get("/events/", params)
        assert response.status_code == 200, params
    assert card_titles(soup_of(client.get("/events/", {"nation": "atlantis"}))) == ["Members' meeting"]


def test_the_index_pages_twelve_events_at_a_time_keeping_its_filters(client, events_index):
    for number in range(14):
        EventPageFactory(
            parent=events_index,
            title=f"Meeting {number:02d}",
            start=days_from_now(number + 1, 18),
            nations=[Nation.ENGLAND],
        )

    first = soup_of(client.get("/events/", {"nation": "england"}))
    second = soup_of(client.get("/events/", {"nation": "england", "page": "2"}))

    assert card_titles(first) == [f"Meeting {number:02d}" for number in range(12)]
    assert card_titles(second) == ["Meeting 12", "Meeting 13"]
    assert first.select_one(".pagination__link[rel=next]")["href"] == "/events/?nation=england&page=2"
    assert second.find("title").get_text() == (
        "Events for members in England (page 2 of 2) | Managers in Partnership"
    )


def test_the_index_offers_its_calendar_feed_and_rss(client, events_index):
    soup = soup_of(client.get("/events/"))

    assert soup.select_one('head link[type="text/calendar"]')["href"] == "http://testserver/events/events.ics"
    assert soup.select_one('head link[type="application/rss+xml"]')["href"] == "/events/feed/"
    links = {link.get_text(strip=True): link["href"] for link in soup.select(".calendar-subscribe a")}
    assert links["Subscribe in your calendar app"] == "webcal://testserver/events/events.ics"
    assert links["http://testserver/events/events.ics"] == "http://testserver/events/events.ics"
    assert links["Follow new events by RSS"] == "/events/feed/"


# An event page ----------------------------------------------------------------------------


def test_an_event_page_says_when_where_who_and_how_to_book(client, events_index, organiser):
    event = EventPageFactory(
        parent=events_index,
        title="Reps' training",
        start=uk(2031, 3, 4, 9, 30),
        end=uk(2031, 3, 5, 16, 30),
        audience="reps",
        nations=[Nation.ENGLAND, Nation.WALES],
        organiser=organiser,
        booking="link",
        booking_url="https://www.miphealth.org.uk/events/book/reps",
    )

    soup = soup_of(client.get(event.url))
    details = {
        row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True)
        for row in soup.select(".event-details > div")
    }

    assert details["When"] == "Tuesday 4 March 2031, 9:30am to Wednesday 5 March 2031, 4:30pm (UK time)"
    assert details["Where"] == "UNISON Centre 130 Euston Road London NW1 2AY"
    assert details["Who it is for"] == "MiP workplace reps in England and Wales"
    assert details["Organiser"] == "Daniel Okafor"
    assert soup.select_one(".event-details a[rel=author]")["href"] == organiser.url
    buttons = {link.get_text(" ", strip=True): link["href"] for link in soup.select(".event-actions a")}
    assert buttons["Book your place : Reps' training"] == "https://www.miphealth.org.uk/events/book/reps"
    assert buttons["Add to calendar (iCalendar file)"] == f"{event.url}calendar.ics"


def test_members_are_sent_to_their_national_officer_to_book(client, events_index):
    event = EventPageFactory(parent=events_index, booking="contact-officer")

    soup = soup_of(client.get(event.url))

    booking = soup.select(".event-details > div")[-1]
    assert booking.dt.get_text() == "How to book"
    assert "Members: contact your national officer to book a place" in booking.dd.get_text()
    assert booking.dd.a["href"] == "/our-people/find-your-officer/"


def test_an_online_event_offers_its_join_link_and_a_cancelled_one_says_so(client, events_index):
    online = EventPageFactory(
        parent=events_index,
        title="Pay webinar",
        attendance_mode="online",
        venue="",
        town="",
        street_address="",
        postcode="",
        join_url="https://www.miphealth.org.uk/webinars/pay",
        booking="not-needed",
    )
    soup = soup_of(client.get(online.url))
    assert soup.select_one(".event-details").get_text(" ", strip=True).count("Online") == 1
    assert (
        soup.select_one(".event-actions a.button--secondary")["href"]
        == "https://www.miphealth.org.uk/webinars/pay"
    )

    online.status = "cancelled"
    online.save_revision().publish()
    soup = soup_of(client.get(online.url))
    assert soup.select_one(".notice--warning").get_text(strip=True) == "This event has been cancelled."
    assert soup.find("title").get_text() == "Cancelled: Pay webinar | Managers in Partnership"
    assert soup.select_one(".event-actions") is None
    listing = soup_of(client.get("/events/"))
    assert listing.select_one(".event-card--cancelled .status").get_text() == "Cancelled"


def test_a_hidden_organiser_is_neither_named_nor_linked(client, events_index, organiser):
    organiser.unpublish()
    event = EventPageFactory(parent=events_index, organiser=organiser)

    soup = soup_of(client.get(event.url))

    assert "Daniel Okafor" not in soup.get_text()
    assert json_ld(soup)["organizer"]["name"] == "Managers in Partnership"
    calendar = calendar_of(client.get(f"{event.url}calendar.ics"))
    assert "ORGANIZER" not in calendar.walk("VEVENT")[0]


# schema.org data ------------------------------------------------------------------------------


def test_json_ld_describes_a_timed_event_in_person_with_its_uk_offsets(client, events_index, organiser):
    event = EventPageFactory(
        parent=events_index,
        title="Members' Summit",
        start=uk(2031, 10, 14, 9, 30),
        end=uk(2031, 10, 14, 16, 0),
        organiser=organiser,
        hero_image=ImageFactory(),
        booking="link",
        booking_url="https://www.miphealth.org.uk/events/book/summit",
    )

    data = json_ld(soup_of(client.get(event.url)))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Members' Summit"
    assert data["startDate"] == "2031-10-14T09:30+01:00"
    assert data["endDate"] == "2031-10-14T16:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "UNISON Centre",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "GB",
            "streetAddress": "130 Euston Road",
            "addressLocality": "London",
            "postalCode": "NW1 2AY",
        },
    }
    assert data["organizer"]["@type"] == "Person"
    assert data["organizer"]["name"] == "Daniel Okafor"
    assert data["organizer"]["url"] == f"http://testserver{organiser.url}"
    assert data["url"] == f"http://testserver{event.url}"
    assert data["image"][0].startswith("http") and ".fill-1200x630" in data["image"][0]
    assert data["offers"] == {"@type": "Offer", "url": "https://www.miphealth.org.uk/events/book/summit"}


def test_json_ld_of_online_mixed_all_day_and_cancelled_events(client, events_index):
    online = EventPageFactory(
        parent=events_index,
        attendance_mode="online",
        venue="",
        town="",
        join_url="https://www.miphealth.org.uk/webinars/pay",
        start=uk(2031, 1, 14, 12, 30),
        end=uk(2031, 1, 14, 13, 30),
        status="cancelled",
    )
    mixed = EventPageFactory(
        parent=events_index,
        attendance_mode="mixed",
        join_url="https://www.miphealth.org.uk/webinars/agm",
        all_day=True,
        start=uk(2031, 6, 3),
        end=uk(2031, 6, 4),
    )

    online_data = json_ld(soup_of(client.get(online.url)))
    assert online_data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online_data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://www.miphealth.org.uk/webinars/pay",
    }
    assert online_data["eventStatus"] == "https://schema.org/EventCancelled"
    assert online_data["startDate"] == "2031-01-14T12:30+00:00"
    assert online_data["organizer"] == {
        "@type": "Organization",
        "name": "Managers in Partnership",
        "url": "http://testserver/",
    }

    mixed_data = json_ld(soup_of(client.get(mixed.url)))
    assert mixed_data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [location["@type"] for location in mixed_data["location"]] == ["Place", "VirtualLocation"]
    assert (mixed_data["startDate"], mixed_data["endDate"]) == ("2031-06-03", "2031-06-04")


def test_json_ld_cannot_be_broken_out_of_by_a_title(client, events_index):
    title = 'Pay </script><script>alert("x")</script> & conditions'
    event = EventPageFactory(parent=events_index, title=title, slug="pay-and-conditions")

    response = client.get(event.url)
    html = response.content.decode()

    assert "<script>alert" not in html
    assert json_ld(soup_of(response))["name"] == title


# Calendar files ---------------------------------------------------------------------------


def test_add_to_calendar_gives_one_timed_event_in_uk_time(client, events_index, organiser):
    event = EventPageFactory(
        parent=events_index,
        title="Pay, pensions; and you",
        summary="What the pay award means.\nBring your questions, and your payslip; we'll help.",
        start=uk(2031, 7, 8, 18, 0),
        end=uk(2031, 7, 8, 19, 30),
        organiser=organiser,
    )
    event.tags.add("Pay", "Pensions, retirement")
    event.save()

    response = client.get(f"{event.url}calendar.ics")
    calendar = calendar_of(response)
    [vevent] = calendar.walk("VEVENT")

    assert response["Content-Disposition"] == 'attachment; filename="pay-pensions-and-you.ics"'
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Managers in Partnership//MiP events//EN"
    assert str(vevent["SUMMARY"]) == "Pay, pensions; and you"
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert vevent.start == uk(2031, 7, 8, 18, 0)
    assert vevent.start.astimezone(UTC) == datetime.datetime(2031, 7, 8, 17, 0, tzinfo=UTC)
    assert vevent.end == uk(2031, 7, 8, 19, 30)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert vevent["DTSTAMP"].dt.tzinfo is not None and vevent["DTSTAMP"].dt.utcoffset() == datetime.timedelta(
        0
    )
    assert str(vevent["UID"]) == f"event-{event.translation_key}@miphealth.org.uk"
    assert str(vevent["URL"]) == f"http://testserver{event.url}"
    assert str(vevent["LOCATION"]) == "UNISON Centre, 130 Euston Road, London NW1 2AY"
    description = str(vevent["DESCRIPTION"])
    assert description.startswith(
        "What the pay award means.\nBring your questions, and your payslip; we'll help."
    )
    assert "To book, members contact their national officer." in description
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert sorted(vevent.categories) == ["Pay", "Pensions, retirement"]
    assert str(vevent["ORGANIZER"]) == "mailto:d.okafor@miphealth.org.uk"
    assert vevent["ORGANIZER"].params["CN"] == "Daniel Okafor"
    # RFC 5545 escaping in the file itself: commas and semicolons in text are escaped.
    assert "SUMMARY:Pay\\, pensions\\; and you" in response.content.decode()


def test_the_uid_stays_the_same_when_the_event_is_renamed_or_rescheduled(client, events_index):
    event = EventPageFactory(parent=events_index, title="Scotland meeting", slug="scotland-meeting")
    first = calendar_of(client.get("/events/scotland-meeting/calendar.ics")).walk("VEVENT")[0]

    event.title = "Scotland members' meeting (new date)"
    event.slug = "scotland-members-meeting"
    event.start += datetime.timedelta(days=7)
    event.end += datetime.timedelta(days=7)
    event.save_revision().publish()
    again = calendar_of(client.get("/events/scotland-members-meeting/calendar.ics")).walk("VEVENT")[0]

    assert str(again["UID"]) == str(first["UID"])
    assert again.start - first.start == datetime.timedelta(days=7)
    assert client.get("/events/scotland-meeting/calendar.ics").status_code == 404


def test_an_all_day_event_is_dates_with_the_day_after_as_its_exclusive_end(client, events_index):
    event = EventPageFactory(
        parent=events_index,
        title="Members' Summit",
        all_day=True,
        start=uk(2031, 10, 14),
        end=uk(2031, 10, 15),
    )

    response = client.get(f"{event.url}calendar.ics")
    calendar = calendar_of(response)
    [vevent] = calendar.walk("VEVENT")

    assert vevent.start == datetime.date(2031, 10, 14)
    assert vevent.end == datetime.date(2031, 10, 16)
    assert "DTSTART;VALUE=DATE:20311014" in response.content.decode()
    assert calendar.walk("VTIMEZONE") == []


def test_times_are_right_on_both_sides_of_the_clock_change(client, events_index):
    change = next_clock_change()
    saturday, sunday = change - datetime.timedelta(days=1), change
    times = {
        "Before the change": (uk(saturday.year, 3, saturday.day, 10), uk(saturday.year, 3, saturday.day, 12)),
        "After the change": (uk(sunday.year, 3, sunday.day, 10), uk(sunday.year, 3, sunday.day, 12)),
        "Across the change": (uk(saturday.year, 3, saturday.day, 18), uk(sunday.year, 3, sunday.day, 12)),
    }
    for title, (start, end) in times.items():
        EventPageFactory(parent=events_index, title=title, start=start, end=end)

    events = vevents(calendar_of(client.get("/events/events.ics")))

    before, after, across = (
        events["Before the change"],
        events["After the change"],
        events["Across the change"],
    )
    assert before.start.astimezone(UTC) == datetime.datetime.combine(saturday, datetime.time(10), tzinfo=UTC)
    assert after.start.astimezone(UTC) == datetime.datetime.combine(sunday, datetime.time(9), tzinfo=UTC)
    assert (before.start.utcoffset(), after.start.utcoffset()) == (
        datetime.timedelta(0),
        datetime.timedelta(hours=1),
    )
    # 18:00 GMT to 12:00 BST is 17 hours, not 18.
    assert across.end.astimezone(UTC) - across.start.astimezone(UTC) == datetime.timedelta(hours=17)
    [zone] = calendar_of(client.get("/events/events.ics")).walk("VTIMEZONE")
    assert {component.name for component in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}

    page = soup_of(client.get("/events/across-the-change/"))
    data = json_ld(page)
    assert data["startDate"].endswith("T18:00+00:00") and data["endDate"].endswith("T12:00+01:00")


def test_the_calendar_feed_has_every_public_upcoming_event_and_last_years(client, events_index):
    EventPageFactory(parent=events_index, title="Next week", start=days_from_now(7, 18))
    EventPageFactory(parent=events_index, title="Last month", start=days_from_now(-30, 18))
    EventPageFactory(parent=events_index, title="Two years ago", start=days_from_now(-730, 18))
    cancelled = EventPageFactory(
        parent=events_index, title="Off", start=days_from_now(14, 18), status="cancelled"
    )

    response = client.get("/events/events.ics")
    calendar = calendar_of(response)
    events = vevents(calendar)

    assert set(events) == {"Next week", "Last month", "Cancelled: Off"}
    assert str(events["Cancelled: Off"]["STATUS"]) == "CANCELLED"
    assert str(events["Cancelled: Off"]["UID"]) == f"event-{cancelled.translation_key}@miphealth.org.uk"
    assert str(calendar["X-WR-CALNAME"]) == "MiP events"
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=6)
    assert "Content-Disposition" not in response


def test_other_pages_have_no_calendar_file(client, events_index, site_tree):
    for url in (
        "/news/events.ics",
        "/events/no-such-event/calendar.ics",
        "/calendar.ics",
        "/events/other.ics",
    ):
        assert client.get(url).status_code == 404, url


def test_the_rss_feed_lists_upcoming_events_soonest_first_with_when_and_where(client, events_index):
    EventPageFactory(parent=events_index, title="In March 2031", start=uk(2031, 3, 4, 18))
    EventPageFactory(parent=events_index, title="In three weeks", start=days_from_now(20, 18))
    EventPageFactory(parent=events_index, title="Past", start=days_from_now(-2, 18))

    response = client.get("/events/feed/")
    channel = ElementTree.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    items = channel.findall("item")

    assert response["Content-Type"].startswith("application/rss+xml")
    assert [item.findtext("title") for item in items] == ["In three weeks", "In March 2031"]
    description = items[1].findtext("description")
    assert "Tuesday 4 March 2031, 6pm to 7:30pm" in description and "UNISON Centre, London" in description
    assert channel.findtext("title") == "MiP events | Managers in Partnership"


# Hidden events ----------------------------------------------------------------------------


@pytest.fixture
def hidden_events(site_tree, events_index):
    members_events = EventIndexPageFactory(
        parent=site_tree.home, title="Members' events", slug="members-events"
    )
    restrict(members_events, "login")
    hidden = [
        hide(kind, EventPageFactory, events_index, "event", members_events, summary=f"About {kind}.")
        for kind in KINDS
    ]
    EventPageFactory(parent=events_index, title="Visible members' meeting")
    return hidden


def test_hidden_events_are_never_listed_or_fed(client, hidden_events):
    channels = {
        "index": client.get("/events/").content.decode(),
        "archive": client.get("/events/past/").content.decode(),
        "rss": client.get("/events/feed/").content.decode(),
        "calendar": client.get("/events/events.ics").content.decode(),
        "search": client.get("/search/", {"query": "members"}).content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
    }
    for name, text in channels.items():
        leaked = [hidden.kind for hidden in hidden_events if hidden.marker in text]
        assert leaked == [], name
    assert "Visible members" in channels["index"] and "Visible members" in channels["calendar"]
    assert "Visible members" in channels["rss"]


def test_a_hidden_events_calendar_file_is_not_served(client, hidden_events):
    for hidden in hidden_events:
        response = client.get(f"{hidden.page.url}calendar.ics")
        body = response.content.decode()
        if hidden.kind == "pending-changes":
            # The live event's file, without the words only in the unpublished draft.
            assert "BEGIN:VCALENDAR" in body and hidden.marker not in body
        elif hidden.kind == "password":
            assert response.status_code == 200 and "Password required" in body, hidden.kind
        else:
            assert response.status_code in (302, 404), hidden.kind
        if hidden.kind != "pending-changes":
            assert "BEGIN:VCALENDAR" not in body, hidden.kind


def test_a_members_only_event_still_gives_signed_in_members_its_calendar_file(
    client, events_index, django_user_model
):
    event = EventPageFactory(parent=events_index, title="Members' AGM")
    restrict(event, "login")
    member = django_user_model.objects.create_user("member", password="correct horse battery")

    assert client.get(f"{event.url}calendar.ics").status_code == 302  # to sign in
    client.force_login(member)
    assert vevents(calendar_of(client.get(f"{event.url}calendar.ics"))).keys() == {"Members' AGM"}
    # ... but never in the feed, which anyone may subscribe to.
    assert vevents(calendar_of(client.get("/events/events.ics"))) == {}


def test_the_index_model_lists_only_its_own_live_public_events(events_index, site_tree):
    other_index = EventIndexPageFactory(parent=site_tree.home, slug="other-events")
    mine = EventPageFactory(parent=events_index)
    EventPageFactory(parent=other_index)
    EventPageFactory(parent=events_index, live=False)

    assert list(events_index.events()) == [mine]
    assert isinstance(events_index, EventIndexPage)


def test_events_and_the_archive_are_in_the_sitemap_and_site_search(client, events_index):
    EventPageFactory(parent=events_index, title="Scotland members' meeting", town="Glasgow")

    sitemap = client.get("/sitemap.xml").content.decode()
    results = soup_of(client.get("/search/", {"query": "Glasgow"}))

    assert "<loc>http://testserver/events/scotland-members-meeting/</loc>" in sitemap
    assert "<loc>http://testserver/events/past/</loc>" in sitemap
    [result] = results.select(".result-list__item")
    assert result.select_one(".result-list__title a").get_text() == "Scotland members' meeting"
    assert result.select_one(".meta").get_text(" ", strip=True).startswith("Event")
