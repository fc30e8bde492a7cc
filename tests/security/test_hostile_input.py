"""Malformed, oversized and hostile input to every public URL of the site (the API has its
own tests): a page of results, a 4xx, never a 500 and never a hang. docs/security.md lists
these cases in a table."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from people.models import PersonRole
from tests.factories import (
    AdviceTopicPageFactory,
    EmployerFactory,
    EventIndexPageFactory,
    EventPageFactory,
    LegalEyeArticlePageFactory,
    NewsPageFactory,
    PersonPageFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = {
    "negative": "-1",
    "zero": "0",
    "huge integer": str(10**30),
    "not a number": "abc",
    "float overflow": "1e309",
    "NUL byte": "\x00",
    "NUL inside": "pay\x00award",
    "right-to-left override": "\u202epay",
    "20,000 characters": "x" * 20_000,
    "SQL": "' OR 1=1 --",
    "unbalanced quote": 'pay"',
    "full-text syntax": "pay* OR NEAR(award -",
    "markup": "<script>alert(1)</script>",
    "path traversal": "../../etc/passwd",
    "percent": "%",
    "lone surrogate escape": "\udcff",
}

# URL, parameter: every public view that reads a query parameter.
PARAMETERS = [
    ("/", "page"),
    ("/news/", "page"),
    ("/news/", "topic"),
    ("/news/", "type"),
    ("/search/", "query"),
    ("/search/", "page"),
    ("/news/feed/", "page"),
    ("/advice/feed/", "page"),
    ("/sitemap.xml", "p"),
    ("/robots.txt", "page"),
    ("/our-people/", "page"),
    ("/our-people/find-your-officer/", "region"),
    ("/our-people/find-your-officer/", "employer"),
    ("/news/pay-award/", "page"),
    ("/advice/discrimination/", "page"),
    ("/events/", "nation"),
    ("/events/", "topic"),
    ("/events/", "page"),
    ("/events/past/", "page"),
    ("/events/feed/", "page"),
    ("/events/events.ics", "page"),
    ("/events/pay-meeting/", "page"),
    ("/events/pay-meeting/calendar.ics", "page"),
]


@pytest.fixture
def site(site_tree):
    region = RegionFactory(name="London")
    EmployerFactory(name="Barts Health NHS Trust", region=region)
    PersonPageFactory(
        parent=site_tree.people_index, title="Sam Officer", role=PersonRole.NATIONAL_OFFICER, regions=[region]
    )
    news = NewsPageFactory(parent=site_tree.news_index, title="Pay award", slug="pay-award")
    news.tags.add("pay")
    news.save()
    topic = AdviceTopicPageFactory(
        parent=site_tree.advice_index, title="Discrimination", slug="discrimination"
    )
    LegalEyeArticlePageFactory(parent=topic, title="Reasonable adjustments")
    events = EventIndexPageFactory(parent=site_tree.home, slug="events")
    event = EventPageFactory(parent=events, title="Pay meeting", slug="pay-meeting")
    event.tags.add("pay")
    event.save()
    return site_tree


def query_string_value(value):
    """What a browser would send: a lone surrogate cannot be encoded, so it is sent as the
    invalid UTF-8 byte it stands for."""
    return value.encode("utf-8", "surrogateescape")


@pytest.mark.parametrize(("url", "parameter"), PARAMETERS, ids=[f"{url}?{name}" for url, name in PARAMETERS])
def test_hostile_query_parameters_get_a_page_or_a_4xx_never_a_500(client, site, url, parameter):
    answers = {}
    for name, value in HOSTILE_VALUES.items():
        response = client.get(url, {parameter: query_string_value(value)})
        answers[name] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert "<script>alert(1)</script>" not in response.content.decode(), name
    assert {name: status for name, status in answers.items() if status >= 500} == {}


def test_a_nul_byte_anywhere_in_a_site_address_is_a_400(client, site):
    for url in ["/news/?topic=pay%00", "/search/?query=%00", "/news/pay%00award/", "/?%00=1"]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "NUL" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/news/%00/",
        "/news/pay%00award/",
        "/%E2%80%AEnews/",
        "/news/" + "a" * 20_000 + "/",
        "/news/pay-award/" + "x/" * 200,
        "/news/%FF%FE/",
        "/news/feed/%00",
        "/our-people/find-your-officer/%00/",
        "/documents/1/%00.pdf",
        "/documents/99999999999999999999999999/guide.pdf",
        "/search/%00/",
        "/events/%00.ics",
        "/events/" + "a" * 20_000 + ".ics",
        "/events/pay-meeting/calendar.ics/extra.ics",
        "/events/pay-meeting/%FF%FE.ics",
    ],
    ids=lambda path: path[:40],
)
def test_hostile_paths_get_a_404_never_a_500(client, site, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500


@pytest.mark.timeout(60)
def test_a_100000_character_search_finishes(client, site):
    """The search query is cut to 200 characters before it reaches the search backend, so a
    huge or pathological query costs no more than a short one (no regex denial of service)."""
    for query in ["pay " * 25_000, "a" * 100_000, "(" * 100_000, "*" * 100_000, "\\" * 100_000]:
        response = client.get("/search/", {"query": query})
        assert response.status_code == 200


@pytest.mark.timeout(60)
def test_a_huge_employer_search_in_the_officer_finder_finishes(client, site):
    response = client.get("/our-people/find-your-officer/", {"employer": "Barts " * 20_000})
    assert response.status_code < 500


def test_junk_query_strings_on_feeds_and_the_sitemap_are_ignored(client, site):
    for url in [
        "/news/feed/",
        "/advice/feed/",
        "/events/feed/",
        "/events/events.ics",
        "/sitemap.xml",
        "/robots.txt",
    ]:
        response = client.get(url + "?%FF%FE=%E2%80%AE&a[]=1&&&=&page=-1&" + "x" * 5000)
        assert response.status_code == 200, url
        assert client.get(url + "?%00=%00").status_code == 400, url


# Property-based: any text in any of the site's query parameters


PARAMETER_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Z", "C"]), max_size=300
)


@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    target=st.sampled_from(
        [
            ("/search/", ["query", "page"]),
            ("/news/", ["topic", "type", "page"]),
            ("/events/", ["nation", "topic", "page"]),
            ("/our-people/find-your-officer/", ["region", "employer"]),
        ]
    ),
    values=st.lists(PARAMETER_TEXT, min_size=3, max_size=3),
)
def test_any_text_in_the_sites_query_parameters_never_causes_a_500(client, site, target, values):
    url, names = target
    response = client.get(url, dict(zip(names, values, strict=False)))
    assert response.status_code < 500
