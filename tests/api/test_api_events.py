"""Events in the API: every field, the ``upcoming``, ``starts_after`` and ``starts_before``
filters, ordering by start, JSON 400s for bad values, hidden events left out, and a
listing whose query count does not grow with its length."""

import datetime
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EventPageFactory

pytestmark = pytest.mark.django_db

EVENTS = "/api/v2/pages/?type=events.EventPage&limit=100"


@pytest.fixture
def fresh(settings):
    settings.API_RESPONSE_CACHE = False
    settings.CONTENT_VERSION_RECHECK_SECONDS = 0


def titles(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def bad_request(api, url):
    response = api.get(url)
    assert response.status_code == 400, (url, response.status_code)
    assert response["Content-Type"] == "application/json"
    return response.json()["message"]


def test_an_event_has_every_field_in_the_apis_style(api, events):
    summit = events.summit
    data = api.get(f"/api/v2/pages/{summit.pk}/").json()

    assert data["meta"]["type"] == "events.EventPage"
    assert data["summary"] == summit.summary
    assert data["all_day"] is True
    # Times in UK time with their offset; an all-day event runs to the end of its last day.
    year = summit.start.year
    assert data["start"] == f"{year}-10-14T00:00:00+01:00"
    assert data["end"] == f"{year}-10-15T23:59:59+01:00"
    assert (data["start_date"], data["end_date"]) == (f"{year}-10-14", f"{year}-10-15")
    assert data["status"] == "scheduled"
    assert data["attendance_mode"] == "in-person"
    assert (data["venue"], data["street_address"], data["town"], data["postcode"]) == (
        "UNISON Centre",
        "130 Euston Road",
        "London",
        "NW1 2AY",
    )
    assert data["join_url"] == ""
    assert (data["booking"], data["booking_url"]) == (
        "link",
        "https://www.miphealth.org.uk/events/book/summit",
    )
    assert data["audience"] == "members"
    assert data["nations"] == ["wales"]
    assert data["tags"] == [{"name": "pay", "slug": "pay"}, {"name": "reps", "slug": "reps"}]
    assert data["organiser"]["name"] == "Jo Bloggs"
    assert data["organiser"]["api_url"] == f"http://testserver/api/v2/pages/{events.content.author.pk}/"
    assert data["organiser"]["photo"]["alt"] == "Portrait of Jo Bloggs"
    assert data["hero_image"]["alt"] == events.content.image.description
    assert {block["type"] for block in data["body"]} >= {"paragraph", "image", "related_pages"}
    assert 'class="streamfield"' in data["body_html"]
    assert data["calendar_url"] == "http://testserver/events/members-summit/calendar.ics"


def test_an_online_event_and_the_index_in_the_api(api, events):
    webinar = api.get(f"/api/v2/pages/{events.webinar.pk}/").json()
    index = api.get(f"/api/v2/pages/{events.index.pk}/").json()

    assert webinar["attendance_mode"] == "online"
    assert webinar["join_url"] == "https://www.miphealth.org.uk/webinars/pay"
    assert webinar["start"].endswith("T12:30:00Z")  # January: UK time is GMT
    assert webinar["organiser"] is None
    assert webinar["hero_image"] is None
    assert index["calendar_feed_url"] == "http://testserver/events/events.ics"
    assert index["rss_feed_url"] == "http://testserver/events/feed/"


def test_a_hidden_organiser_is_null(api, events):
    events.content.author.unpublish()

    assert api.get(f"/api/v2/pages/{events.summit.pk}/").json()["organiser"] is None


def test_hidden_events_are_never_in_the_api(api, events):
    listed = titles(api, EVENTS)

    assert sorted(listed) == sorted(
        ["Members' Summit", "Pay webinar", "Annual general meeting", "Wales members' meeting"]
    )
    for hidden in events.hidden.values():
        assert api.get(f"/api/v2/pages/{hidden.pk}/").status_code == 404
    sync = api.get("/api/v2/sync/?type=events.EventPage&limit=100").json()
    assert {page["title"] for page in sync["updated"]} == set(listed)


def test_upcoming_events_and_the_archive(api, events):
    assert set(titles(api, EVENTS + "&upcoming=true")) == {
        "Members' Summit",
        "Pay webinar",
        "Annual general meeting",
    }
    assert titles(api, EVENTS + "&upcoming=false") == ["Wales members' meeting"]
    assert set(titles(api, EVENTS + "&upcoming=1")) == set(titles(api, EVENTS + "&upcoming=true"))


def test_order_by_start_soonest_or_latest_first(api, events):
    soonest_first = ["Wales members' meeting", "Pay webinar", "Annual general meeting", "Members' Summit"]

    assert titles(api, EVENTS + "&order=start") == soonest_first
    assert titles(api, EVENTS + "&order=-start") == soonest_first[::-1]
    assert titles(api, EVENTS + "&upcoming=true&order=start&limit=1") == ["Pay webinar"]


def test_starts_after_and_before_take_days_in_uk_time(api, events):
    year = events.webinar.start.year
    assert titles(api, EVENTS + f"&starts_after={year}-07-02&order=start") == [
        "Annual general meeting",
        "Members' Summit",
    ]
    # A day is inclusive at both ends: the AGM starts at 2pm on 2 July.
    assert titles(api, EVENTS + f"&starts_after={year}-01-01&starts_before={year}-07-02&order=start") == [
        "Pay webinar",
        "Annual general meeting",
    ]
    assert titles(api, EVENTS + f"&starts_before={year}-07-01&starts_after={year}-01-21") == []


def test_starts_after_and_before_take_times_with_or_without_an_offset(api, events):
    year = events.agm.start.year
    # The AGM starts at 14:00 UK time, 13:00 UTC (summer time).
    for moment, found in (
        (f"{year}-07-02T14:00", True),
        (f"{year}-07-02T14:00:00+01:00", True),
        (f"{year}-07-02T13:00:00Z", True),
        (f"{year}-07-02T14:00:01+01:00", False),
        (f"{year}-07-02T13:30:00Z", False),
    ):
        listed = titles(api, EVENTS + f"&starts_after={quote(moment)}")
        assert ("Annual general meeting" in listed) is found, moment
    # A "+" sent unencoded arrives as a space: still read as the offset.
    assert "Annual general meeting" in titles(api, EVENTS + f"&starts_after={year}-07-02T14:00:00+01:00")
    assert titles(
        api, EVENTS + f"&starts_before={quote(f'{year}-07-02T14:00+01:00')}&starts_after={year}-07-01"
    ) == ["Annual general meeting"]


def test_bad_event_filter_values_are_json_400s_naming_the_parameter(api, events):
    for name, value in (
        ("upcoming", "soon"),
        ("starts_after", "tomorrow"),
        ("starts_after", "2025-02-30"),
        ("starts_after", "14/10/2025"),
        ("starts_before", "2025-10-14T25:00"),
        ("starts_before", "2025-10-14T09:00+25:00"),
        ("starts_before", "2025-10-14 09:00"),
        ("starts_after", ""),
    ):
        message = bad_request(api, EVENTS + f"&{name}={quote(value)}")
        assert message.startswith(f"{name} must be"), (name, value, message)
    assert "cannot order by 'begin'" in bad_request(api, EVENTS + "&order=begin")


def test_event_filters_need_the_event_type(api, events):
    for query in ("upcoming=true", "starts_after=2025-01-01", "type=home.NewsPage&starts_before=2025-01-01"):
        message = bad_request(api, f"/api/v2/pages/?{query}")
        assert "add type=" in message


def test_the_ends_of_the_calendar_are_not_errors(api, events):
    assert len(titles(api, EVENTS + "&starts_after=0001-01-01")) == 4
    assert titles(api, EVENTS + "&starts_after=9999-12-31") == []
    assert len(titles(api, EVENTS + "&starts_before=9999-12-31")) == 4
    assert titles(api, EVENTS + "&starts_before=0001-01-01") == []
    assert len(titles(api, EVENTS + f"&starts_after={quote('0001-01-01T00:00:00+14:00')}")) == 4
    assert titles(api, EVENTS + f"&starts_after={quote('9999-12-31T23:59:59-14:00')}") == []


def test_other_filters_work_on_events(api, events):
    assert titles(api, EVENTS + "&nations=scotland&order=start") == [
        "Wales members' meeting",
        "Pay webinar",
        "Annual general meeting",
    ]
    assert titles(api, EVENTS + "&tags=reps") == ["Members' Summit"]
    assert titles(api, EVENTS + "&attendance_mode=online") == ["Pay webinar"]
    assert "unknown attendance_mode" in bad_request(api, EVENTS + "&attendance_mode=by-pigeon")


def test_an_event_listing_costs_the_same_for_5_and_20_events(api, events, fresh):
    events.add(20)
    url = "/api/v2/pages/?type=events.EventPage&fields=*&order=start&limit={}"
    assert api.get(url.format(24)).status_code == 200  # renditions are made on first use

    counts = []
    for limit in (5, 20):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url.format(limit))
        assert len(response.json()["items"]) == limit
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 12


def test_an_event_detail_stays_within_the_limit(api, events, fresh, django_assert_max_num_queries):
    for page in (events.index, events.summit):
        url = f"/api/v2/pages/{page.pk}/"
        assert api.get(url).status_code == 200
        with django_assert_max_num_queries(15):
            api.get(url)


def test_the_past_is_measured_from_the_end(api, events):
    """An event that started yesterday and ends tomorrow is upcoming, not past."""
    now = datetime.datetime.now(datetime.UTC)
    EventPageFactory(
        parent=events.index,
        title="Two-day course, on now",
        start=now - datetime.timedelta(days=1),
        end=now + datetime.timedelta(days=1),
    )

    assert "Two-day course, on now" in titles(api, EVENTS + "&upcoming=true")
    assert "Two-day course, on now" not in titles(api, EVENTS + "&upcoming=false")
