"""Bad input answers 400 with a message saying what was wrong; unknown things answer a JSON
404; nothing answers a 500 or an HTML error page — including the inputs that stock
Wagtail 8.0.1 answers with a 500."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

TWENTY_DIGITS = "9" * 20

BAD_REQUESTS = [
    # Stock Wagtail's known 500s.
    ("/api/v2/pages/?offset=" + TWENTY_DIGITS, "offset"),
    ("/api/v2/pages/?limit=" + TWENTY_DIGITS, "limit"),
    ("/api/v2/pages/?search=pay&search_operator=xor", "search_operator"),
    ("/api/v2/pages/find/?id=abc", "id"),
    ("/api/v2/pages/?type=home.NewsPage&date=yesterday", "date"),
    ("/api/v2/pages/?rich_text_format=db_html", "rich_text_format"),
    ("/api/v2/pages/?rich_text_format=wiki", "rich_text_format"),
    # Everything else an app might get wrong.
    ("/api/v2/pages/?limit=101", "limit"),
    ("/api/v2/pages/?limit=-1", "limit"),
    ("/api/v2/pages/?offset=ten", "offset"),
    ("/api/v2/pages/?type=home.Nothing", "type"),
    ("/api/v2/pages/?type=auth.User", "type"),
    ("/api/v2/pages/?colour=blue", "colour"),
    ("/api/v2/pages/?tags=pay", "type="),
    ("/api/v2/pages/?fields=nonsense", "nonsense"),
    ("/api/v2/pages/?fields=*,(", "fields"),
    ("/api/v2/pages/?order=colour", "colour"),
    ("/api/v2/pages/?order=random&offset=20", "random"),
    ("/api/v2/pages/?child_of=" + TWENTY_DIGITS, "child_of"),
    ("/api/v2/pages/?descendant_of=abc", "descendant_of"),
    ("/api/v2/pages/?child_of=999999", "child_of"),
    ("/api/v2/pages/?search=" + "x" * 500, "search"),
    ("/api/v2/pages/?search=pay%00", "null"),
    ("/api/v2/pages/?title=" + "x" * 20_000, "limited"),
    ("/api/v2/pages/?type=home.NewsPage&article_type=gossip", "article_type"),
    ("/api/v2/pages/?type=home.NewsPage&nations=atlantis", "nation"),
    ("/api/v2/pages/?type=home.NewsPage&tags=no-such-topic", "topic"),
    ("/api/v2/pages/?type=home.NewsPage&tags=%3Cscript%3E", "tags"),
    ("/api/v2/pages/?type=home.NewsPage&author=abc", "author"),
    ("/api/v2/pages/?type=home.NewsPage&author=" + TWENTY_DIGITS, "author"),
    ("/api/v2/pages/?type=home.NewsPage&date_after=2024-13-45", "date_after"),
    ("/api/v2/pages/?type=home.NewsPage&date_before=last+week", "date_before"),
    ("/api/v2/pages/?type=advice.LegalEyeArticlePage&review_overdue=maybe", "review_overdue"),
    ("/api/v2/images/?offset=" + TWENTY_DIGITS, "offset"),
    ("/api/v2/images/find/?id=abc", "id"),
    ("/api/v2/documents/?limit=" + TWENTY_DIGITS, "limit"),
    ("/api/v2/documents/find/?id=" + TWENTY_DIGITS, "id"),
    # Found with schemathesis, or added for docs/security.md's table.
    ("/api/v2/pages/?offset=-1", "offset"),
    ("/api/v2/pages/?limit=abc", "limit"),
    ("/api/v2/pages/?search_operator=and", "search_operator"),
    ("/api/v2/pages/?search=pay&order=random", "random"),
    ("/api/v2/pages/?ancestor_of=-1", "ancestor_of"),
    ("/api/v2/pages/?child_of=root&descendant_of=root", "descendant_of"),
    ("/api/v2/pages/?type=%E2%80%AEhome.NewsPage", "type"),
    ("/api/v2/pages/find/?html_path=/&id=abc", "html_path"),
    ("/api/v2/pages/find/?html_path=/news/%00/", "null"),
    ("/api/v2/pages/find/?html_path=/" + "x" * 20_000, "limited"),
    ("/api/v2/images/?search=pay&order=random", "random"),
    ("/api/v2/documents/?search=" + "x" * 500, "search"),
    ("/api/v2/sync/?cursor=%00", "null"),
    ("/api/v2/pages/?title=%00", "null"),
    ("/api/v2/officers/?employer=" + "x" * 20_000, "limited"),
    ("/api/v2/employers/?" + "n" * 101 + "=1", "names are limited to 100"),
]


@pytest.mark.parametrize("url, mentions", BAD_REQUESTS)
def test_bad_query_parameters_answer_400_with_a_message(api, content, url, mentions):
    response = api.get(url)

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert mentions in response.json()["message"]


def test_bad_parameter_on_a_detail_url_is_a_400(api, content):
    response = api.get(f"/api/v2/pages/{content.news[0].pk}/?rich_text_format=db_html")

    assert response.status_code == 400
    assert "rich_text_format" in response.json()["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/999999/",
        "/api/v2/pages/" + TWENTY_DIGITS + "/",
        "/api/v2/pages/abc/",
        "/api/v2/pages/find/?html_path=/no/such/page/",
        "/api/v2/pages/find/?id=999999",
        "/api/v2/images/999999/",
        "/api/v2/images/" + TWENTY_DIGITS + "/",
        "/api/v2/documents/999999/",
        "/api/v2/nothing-here/",
        "/api/v2/",
    ],
)
def test_unknown_things_answer_a_json_404(api, content, url):
    response = api.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "not found"}


@pytest.mark.parametrize(
    "url",
    ["/api/v2/documents/a%0Ab/", "/api/v2/pages/%0A/", "/api/v2/nothing%0Ahere/", "/api/v2/%E2%80%AE/"],
)
def test_a_newline_or_rtl_override_in_an_api_path_is_a_json_404(api, content, url):
    # A newline used to fall through the API's catch-all to the site's HTML 404.
    response = api.get(url)

    assert response.status_code == 404
    assert response.json() == {"message": "not found"}


@pytest.mark.parametrize("url", ["/api/v2/pages/", "/api/v2/sync/", "/api/v2/openapi.json", "/api/v2/docs/"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_methods_other_than_get_are_405(api, content, url, method):
    # The reference page used to answer every method, and its POST was a CSRF 403 page.
    response = getattr(api, method)(url)

    assert response.status_code == 405
    assert "GET" in response["Allow"]


def test_a_post_to_an_unknown_api_url_is_a_json_404_not_a_csrf_page(api, content):
    response = api.post("/api/v2/nothing-here/")

    assert response.status_code == 404
    assert response.json() == {"message": "not found"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=%E2%80%AEpay",
        "/api/v2/pages/?search=" + "x" * 200,
        "/api/v2/officers/?employer=%E2%80%AEbarts",
        "/api/v2/employers/?search=%E2%80%AE",
        "/api/v2/pages/find/?html_path=/%E2%80%AEnews/",
    ],
)
def test_rtl_override_and_long_text_where_text_is_allowed_is_answered_normally(api, content, url):
    response = api.get(url)

    assert response.status_code in (200, 404)
    assert response["Content-Type"] == "application/json"


def test_a_missing_trailing_slash_redirects(api, content):
    response = api.get("/api/v2/pages?type=home.NewsPage")

    assert response.status_code == 301
    assert response["Location"] == "/api/v2/pages/?type=home.NewsPage"


def test_find_redirects_to_the_detail_url_keeping_other_parameters(api, content):
    page = content.news[0]

    response = api.get(f"/api/v2/pages/find/?html_path=/news/{page.slug}/&fields=title")

    assert response.status_code == 302
    assert response["Location"] == f"http://testserver/api/v2/pages/{page.pk}/?fields=title"


def test_limit_is_capped_at_the_documented_maximum(api, content):
    content.add_news(2)
    assert settings.WAGTAILAPI_LIMIT_MAX == 100

    assert api.get("/api/v2/pages/?limit=100").status_code == 200
    response = api.get("/api/v2/pages/?limit=101")
    assert response.json()["message"] == "limit must be a whole number from 0 to 100, got '101'"


def test_offset_beyond_the_end_is_an_empty_page_not_an_error(api, content):
    response = api.get("/api/v2/pages/?offset=100000")

    assert response.status_code == 200
    assert response.json()["items"] == []


PARAMETER_NAMES = [
    "limit",
    "offset",
    "fields",
    "order",
    "search",
    "search_operator",
    "rich_text_format",
    "type",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "tags",
    "nations",
    "article_type",
    "author",
    "date_after",
    "date_before",
    "review_overdue",
    "date",
    "cursor",
    "region",
    "employer",
    "id",
    "html_path",
]
HOSTILE_VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["\x00", "\u202e", "x" * 20_000, "-1", "1e9", "null", "[]", "*,(", "home.NewsPage,a.B"]),
)


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(
        [
            "/api/v2/pages/",
            "/api/v2/pages/?type=home.NewsPage",
            "/api/v2/pages/?type=advice.LegalEyeArticlePage",
            "/api/v2/pages/find/",
            "/api/v2/images/",
            "/api/v2/documents/",
            "/api/v2/sync/",
            "/api/v2/officers/",
            "/api/v2/regions/",
            "/api/v2/employers/",
        ]
    ),
    name=st.sampled_from(PARAMETER_NAMES),
    value=HOSTILE_VALUES,
)
def test_no_query_parameter_value_causes_a_server_error(api, content, path, name, value):
    separator = "&" if "?" in path else "?"
    response = api.get(path + separator + urlencode({name: value}))

    assert response.status_code < 500, (path, name, value, response.content[:200])
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/json"
        assert response.json()["message"]


@pytest.mark.parametrize("query", ['"', '"pay', 'pay" "', 'redundancy "voluntary exit'])
def test_search_with_unbalanced_quotes_answers_like_plain_words(api, content, query):
    # SQLite's full-text backend used to pass a stray " into MATCH unescaped: a 500.
    response = api.get("/api/v2/pages/", {"search": query})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "items" in response.json()
