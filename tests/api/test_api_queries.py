"""The number of SQL queries a response costs does not grow with its length.

Counts are for a response rendered afresh (the server-side response cache and the parts kept
between responses, ``cms.content.fragments``, are off) once
renditions exist, with the local-memory cache: one of the queries reads the content
version, which a shared cache (Redis) would answer instead. Every page in these listings
has an author with a photo, two tags, a hero image and a body with an image, rich text
links to a page and a document, an inline image, a page chooser, a document list, an
accordion, a Legal Eye callout and related pages.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# version, count, pages (authors, photos and hero images joined), tags, linked pages and
# parents, documents, images, renditions. The site {% pageurl %} links for in body_html is
# the one the content version names: no query of its own.
NEWS_LISTING_QUERIES = 8
# version, snapshot ids, pages, tags, linked pages and parents, documents, images,
# renditions
SYNC_PAGE_QUERIES = 8
NEWS_DETAIL_QUERIES = 8
DETAIL_QUERIES_AT_MOST = 15
# version, private collections, count, images, tags, renditions
IMAGE_LISTING_QUERIES = 6


@pytest.fixture
def fresh(settings):
    settings.API_RESPONSE_CACHE = False
    settings.FRAGMENT_CACHE = False
    # Read the content version on every request, as a process does once a second.
    settings.CONTENT_VERSION_RECHECK_SECONDS = 0


def warm(api, url):
    """Renditions are made on first use; count from the second response on."""
    response = api.get(url)
    assert response.status_code == 200, response.content
    return response


def test_news_listing_with_all_fields_costs_the_same_for_5_and_20_pages(
    api, content, fresh, django_assert_num_queries
):
    content.add_news(20)
    url = "/api/v2/pages/?type=home.NewsPage&fields=*&limit={}"
    warm(api, url.format(20))

    with django_assert_num_queries(NEWS_LISTING_QUERIES):
        five = api.get(url.format(5))
    with django_assert_num_queries(NEWS_LISTING_QUERIES):
        twenty = api.get(url.format(20))

    assert len(five.json()["items"]) == 5
    assert len(twenty.json()["items"]) == 20
    assert all(item["author"] and item["body"] and item["hero_image"] for item in twenty.json()["items"])


def test_links_to_pages_in_bodies_cost_no_site_query(api, content, fresh):
    # {% pageurl %} asks which site the request is for; the API knows it already, from the
    # content version. Otherwise whichever listing first has an item with a link pays one
    # more query (a listing of five plain items and one of twenty would cost differently).
    content.add_news(3)
    url = "/api/v2/pages/?type=home.NewsPage&fields=body_html&limit=3"
    warm(api, url)

    with CaptureQueriesContext(connection) as queries:
        items = api.get(url).json()["items"]

    assert all('href="http://testserver/' in item["body_html"] for item in items)
    assert not [query["sql"] for query in queries if 'FROM "wagtailcore_site"' in query["sql"]]


def test_a_sync_page_costs_the_same_for_5_and_20_pages(api, content, fresh, django_assert_num_queries):
    content.add_news(22)
    url = "/api/v2/sync/?type=home.NewsPage&limit={}"
    warm(api, url.format(20))

    with django_assert_num_queries(SYNC_PAGE_QUERIES):
        five = api.get(url.format(5)).json()
    with django_assert_num_queries(SYNC_PAGE_QUERIES):
        twenty = api.get(url.format(20)).json()

    assert (len(five["updated"]), len(twenty["updated"])) == (5, 20)
    assert five["has_more"] and twenty["has_more"]


def test_a_delta_costs_the_same_for_5_and_20_changed_pages(api, content, fresh):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.api.conftest import publish

    content.add_news(22)
    cursor = api.get("/api/v2/sync/?type=home.NewsPage&limit=100").json()["next_cursor"]
    for page in content.news:
        publish(page)
    url = f"/api/v2/sync/?type=home.NewsPage&cursor={cursor}&limit={{}}"
    warm(api, url.format(20))

    counts = []
    for limit in (5, 20):
        with CaptureQueriesContext(connection) as queries:
            data = api.get(url.format(limit)).json()
        assert len(data["updated"]) == limit
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 12


def test_news_detail(api, content, fresh, django_assert_num_queries):
    url = f"/api/v2/pages/{content.news[0].pk}/"
    warm(api, url)

    with django_assert_num_queries(NEWS_DETAIL_QUERIES):
        api.get(url)


def test_every_page_types_detail_stays_within_the_limit(api, content, fresh, django_assert_max_num_queries):
    pages = [
        content.tree.home,
        content.tree.about,
        content.tree.news_index,
        content.tree.advice_index,
        content.tree.people_index,
        content.tree.campaign_index,
        content.topic,
        content.legal_eye,
        content.campaign,
        content.author,
        content.news[0],
    ]
    for page in pages:
        url = f"/api/v2/pages/{page.pk}/"
        warm(api, url)
        with django_assert_max_num_queries(DETAIL_QUERIES_AT_MOST):
            api.get(url)


def test_image_listing_costs_the_same_for_5_and_20_images(api, content, fresh, django_assert_num_queries):
    from tests.factories import ImageFactory

    ImageFactory.create_batch(20)
    warm(api, "/api/v2/images/?limit=20")

    with django_assert_num_queries(IMAGE_LISTING_QUERIES):
        api.get("/api/v2/images/?limit=5")
    with django_assert_num_queries(IMAGE_LISTING_QUERIES):
        api.get("/api/v2/images/?limit=20")
