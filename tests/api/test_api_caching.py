"""HTTP caching on every API GET (ETag, Last-Modified, 304s, Cache-Control) and the
server-side response cache, with invalidation on every kind of content change."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from cms.content import versions
from cms.content.models import Change
from tests.api.conftest import publish
from tests.factories import ImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def every_get_url(content):
    return [
        "/api/v2/pages/",
        "/api/v2/pages/?type=home.NewsPage&fields=*",
        f"/api/v2/pages/{content.news[0].pk}/",
        "/api/v2/images/",
        f"/api/v2/images/{content.image.pk}/",
        "/api/v2/documents/",
        "/api/v2/sync/",
        f"/api/v2/officers/?region={content.region.pk}",
        "/api/v2/regions/",
        "/api/v2/employers/?search=barts",
        "/api/v2/openapi.json",
    ]


def test_every_get_carries_validators_and_cache_control(api, content, settings):
    settings.API_CACHE_MAX_AGE = 60
    settings.API_CACHE_STALE_WHILE_REVALIDATE = 600

    for url in every_get_url(content):
        response = api.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('"'), url
        assert response["Last-Modified"], url
        assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=600", url


def test_if_none_match_answers_304_until_the_content_changes(api, content):
    url = f"/api/v2/pages/{content.news[0].pk}/"
    etag = api.get(url)["ETag"]

    not_modified = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag

    content.news[0].title = "New title"
    publish(content.news[0])
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_if_modified_since_answers_304_until_the_content_changes(api, content):
    url = "/api/v2/pages/?type=home.NewsPage"
    last_modified = api.get(url)["Last-Modified"]

    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    page = content.news[1]
    page.title = "Later title"
    publish(page)
    response = api.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0))
    assert response.status_code == 200


def test_second_request_comes_from_the_server_cache_with_no_query(api, content, settings):
    settings.CONTENT_VERSION_RECHECK_SECONDS = 60  # however slowly the first response renders
    url = "/api/v2/pages/?type=home.NewsPage&fields=*"
    first = api.get(url)

    with CaptureQueriesContext(connection) as queries:
        second = api.get(url)

    assert first["X-API-Cache"] == "miss"
    assert second["X-API-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0, "the content version was read within the recheck interval"


def test_a_change_made_by_another_process_is_seen_once_the_version_is_reread(api, content, settings):
    """Each process rereads the feed's head at most every CONTENT_VERSION_RECHECK_SECONDS; a
    change another process made (so no signal here) is served from then on."""
    url = f"/api/v2/pages/{content.news[0].pk}/"
    assert api.get(url)["X-API-Cache"] == "miss"
    assert api.get(url)["X-API-Cache"] == "hit"

    # Another process publishes: its change log row appears, no signal reaches this process.
    Page.objects.filter(pk=content.news[0].pk).update(title="Changed elsewhere")
    Change.objects.create(
        key=f"page:{content.news[0].pk}",
        kind="page",
        object_id=content.news[0].pk,
        event="published",
        cause="test",
        created_at=timezone.now(),
    )
    assert api.get(url)["X-API-Cache"] == "hit", "within the recheck interval"

    settings.CONTENT_VERSION_RECHECK_SECONDS = 0
    versions.forget()  # the interval has passed
    response = api.get(url)
    assert response["X-API-Cache"] == "miss"
    assert response.json()["title"] == "Changed elsewhere"


def test_an_unrelated_change_costs_a_cached_response_one_check_then_nothing(api, content, settings):
    """After a change elsewhere, a cached response is checked against the feed once (one
    query), found unaffected and served; the next request costs no query at all."""
    settings.CONTENT_VERSION_RECHECK_SECONDS = 60
    url = f"/api/v2/pages/{content.legal_eye.pk}/"
    first = api.get(url)

    change_by_uploading_an_image(content)

    with CaptureQueriesContext(connection) as queries:
        second = api.get(url)
    assert second["X-API-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 2, "the feed's head, then the check of the entry's dependencies"
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url)["X-API-Cache"] == "hit"
    assert len(queries) == 0


def change_by_publishing(content):
    page = content.news[0]
    page.title = "Republished"
    publish(page)


def change_by_unpublishing(content):
    content.news[0].unpublish()


def change_by_deleting(content):
    Page.objects.get(pk=content.news[0].pk).delete()


def change_by_moving(content):
    page = StandardPageFactory(parent=content.tree.about, title="Moving")
    page.move(content.tree.home, pos="last-child")


def change_by_restricting(content):
    PageViewRestriction.objects.create(page=content.news[0], restriction_type=PageViewRestriction.LOGIN)


def change_by_editing_an_image(content):
    content.image.title = "A better title"
    content.image.save()


def change_by_uploading_an_image(content):
    ImageFactory(title="New upload")


def change_by_making_a_collection_private(content):
    CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(), restriction_type=CollectionViewRestriction.LOGIN
    )


def change_by_renaming_a_region(content):
    content.region.name = "Greater London"
    content.region.save()


NEWS = "/api/v2/pages/?type=home.NewsPage&fields=*"
IMAGES = "/api/v2/images/"
REGIONS = "/api/v2/regions/"
SYNC = "/api/v2/sync/"


@pytest.mark.parametrize(
    ("change", "stale", "still_cached"),
    [
        (change_by_publishing, [NEWS, SYNC], [IMAGES, REGIONS]),
        (change_by_unpublishing, [NEWS, SYNC], [IMAGES, REGIONS]),
        (change_by_deleting, [NEWS, SYNC], [IMAGES, REGIONS]),
        (change_by_moving, [SYNC], [NEWS, IMAGES, REGIONS]),
        (change_by_restricting, [NEWS, SYNC], [IMAGES, REGIONS]),
        (change_by_editing_an_image, [IMAGES, SYNC], [REGIONS]),
        (change_by_uploading_an_image, [IMAGES, SYNC], [NEWS, REGIONS]),
        (change_by_making_a_collection_private, [IMAGES, SYNC], [REGIONS]),
        (change_by_renaming_a_region, [REGIONS, SYNC], [IMAGES]),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_each_change_invalidates_exactly_the_cached_responses_that_show_it(
    api, content, change, stale, still_cached
):
    urls = [*stale, *still_cached]
    before = {url: api.get(url) for url in urls}
    assert all(api.get(url)["X-API-Cache"] == "hit" for url in urls)

    change(content)

    for url in stale:
        response = api.get(url)
        assert response["X-API-Cache"] == "miss", url
        assert response["Last-Modified"] >= before[url]["Last-Modified"]
    for url in still_cached:
        response = api.get(url)
        assert response["X-API-Cache"] == "hit", url
        assert response.content == before[url].content


def test_a_response_warmed_by_a_logged_in_editor_shows_anonymous_readers_nothing_private(
    client, api, content, editor
):
    client.force_login(editor)
    url = "/api/v2/pages/?type=home.NewsPage&limit=100"
    client.get(url)

    response = api.get(url)

    assert response["X-API-Cache"] == "hit"
    assert content.hidden["private"].pk not in {item["id"] for item in response.json()["items"]}


def test_errors_are_not_cached(api, content):
    response = api.get("/api/v2/pages/?limit=abc")

    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"


def test_publishing_purges_api_urls_from_a_configured_cdn(
    api, content, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_by_publishing(content)

    page_id = content.news[0].pk
    assert f"http://testserver/api/v2/pages/{page_id}/" in purged
    assert "http://testserver/api/v2/pages/" in purged
    assert "http://testserver/api/v2/sync/" in purged


def test_a_publish_is_purged_again_once_every_app_server_has_seen_it(
    content, purged, settings, django_capture_on_commit_callbacks
):
    """Another app server serves its cached copy until it rereads the feed's head (up to
    CONTENT_VERSION_RECHECK_SECONDS later); a proxy refilled from it meanwhile is purged again."""
    settings.CONTENT_VERSION_RECHECK_SECONDS = 0.05
    url = f"http://testserver/api/v2/pages/{content.news[0].pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        change_by_publishing(content)
    at_commit = purged.count(url)
    deadline = time.monotonic() + 5
    while purged.count(url) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)

    assert at_commit == 1
    assert purged.count(url) == 2


def test_publishing_purges_the_page_and_the_pages_that_show_it_once_committed(
    content, purged, django_capture_on_commit_callbacks
):
    news = content.news[0]
    # A news item shows its author: republishing the author's profile changes the news page too.
    author = news.author.specific

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        author.title = "Renamed officer"
        publish(author)
    # Before the commit a reader could still fetch the old page into the cache: nothing yet.
    assert author.get_full_url() not in purged
    for callback in callbacks:
        callback()

    assert author.get_full_url() in purged
    assert news.get_full_url() in purged
    assert f"http://testserver/api/v2/pages/{news.pk}/" in purged


def test_no_cdn_is_purged_unless_configured(settings):
    assert settings.WAGTAILFRONTENDCACHE == {}
