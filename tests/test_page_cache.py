"""The reader site's page cache (cms/site/page_cache.py): anonymous readers get cached pages with
no SQL query; every kind of content change shows at once; signed-in users and personal
responses never go through it. (The same with Redis, and the leak cases: tests/security.)"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from cms.content import versions
from home.models import SiteSettings
from tests.api.conftest import publish
from tests.factories import ImageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _slow_machine(settings):
    # However long a first render takes, the version read with it is still fresh.
    settings.CONTENT_VERSION_RECHECK_SECONDS = 60


@pytest.fixture
def news(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Pay award announced", slug="pay-award")


def test_a_second_anonymous_request_is_served_from_the_cache_with_no_query(client, news):
    first = client.get(news.url)

    with CaptureQueriesContext(connection) as queries:
        second = client.get(news.url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert b"Pay award announced" in second.content
    assert len(queries) == 0
    assert second["Content-Type"] == first["Content-Type"]


def test_cached_pages_keep_the_security_headers(client, news, settings):
    client.get(news.url)
    hit = client.get(news.url)

    assert hit["X-Page-Cache"] == "hit"
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert "default-src" in hit["Content-Security-Policy"]


def test_if_none_match_answers_304(client, news):
    etag = client.get(news.url)["ETag"]

    response = client.get(news.url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def change_title(page, title):
    page.title = title
    publish(page)


def unpublish(page):
    page.unpublish()


def move_under_home(page):
    page.move(Page.objects.get(pk=page.get_parent().get_parent().pk), pos="last-child")


def delete(page):
    page.delete()


@pytest.mark.parametrize(
    "change, shows",
    [
        (change_title, "Pay award confirmed"),
        (unpublish, None),
        (move_under_home, None),
        (delete, None),
    ],
    ids=["publish", "unpublish", "move", "delete"],
)
def test_every_page_change_reaches_readers_at_once(client, news, site_tree, change, shows):
    index_url = site_tree.news_index.url
    page_url = news.url
    assert b"Pay award announced" in client.get(index_url).content
    assert client.get(index_url)["X-Page-Cache"] == "hit"
    assert client.get(page_url).status_code == 200

    if change is change_title:
        change(news, shows)
    else:
        change(Page.objects.get(pk=news.pk).specific)

    index = client.get(index_url)
    assert index["X-Page-Cache"] == "miss"
    assert b"Pay award announced" not in index.content
    if shows:
        assert shows.encode() in index.content
    else:
        # Gone, or (moved) redirected to where it is now.
        assert client.get(page_url).status_code in (301, 404)


def test_an_image_change_reaches_readers_at_once(client, site_tree):
    image = ImageFactory(title="Conference hall", description="Delegates in the conference hall")
    page = NewsPageFactory(
        parent=site_tree.news_index, hero_image=image, hero_image_alt="", slug="conference"
    )
    assert b"Delegates in the conference hall" in client.get(page.url).content
    assert client.get(page.url)["X-Page-Cache"] == "hit"

    image.description = "Members voting at the annual conference"
    image.save()

    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Members voting at the annual conference" in response.content


def test_a_site_setting_change_reaches_readers_at_once(client, site_tree):
    settings_row = SiteSettings.for_site(site_tree.site)
    settings_row.save()  # created with the defaults on first read
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    settings_row.contact_email = "new-contact@example.org"
    settings_row.save()

    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert b"new-contact@example.org" in response.content


def test_signed_in_users_are_never_served_from_the_cache_nor_fill_it(client, news, admin_user):
    client.force_login(admin_user)
    for _ in range(2):
        editor_view = client.get(news.url)
        assert "X-Page-Cache" not in editor_view
    client.logout()
    client.cookies.clear()

    anonymous = client.get(news.url)
    assert anonymous["X-Page-Cache"] == "miss"
    assert b"wagtail-userbar" not in anonymous.content


def test_credentials_bypass_the_cache(client, news):
    client.get(news.url)

    response = client.get(news.url, HTTP_AUTHORIZATION="Basic ZWRpdG9yOnNlY3JldA==")

    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_each_query_string_has_its_own_entry(client, news):
    found = client.get("/search/?query=award")
    missing = client.get("/search/?query=tribunal")

    assert b"Pay award announced" in found.content
    assert b"Pay award announced" not in missing.content
    assert client.get("/search/?query=award")["X-Page-Cache"] == "hit"


def test_each_allowed_host_has_its_own_entry(client, news, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    client.get(news.url)

    other_host = client.get(news.url, HTTP_HOST="localhost")

    assert other_host["X-Page-Cache"] == "miss"


def test_a_host_not_allowed_is_refused_before_the_cache(client, news):
    client.get(news.url)

    response = client.get(news.url, HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "X-Page-Cache" not in response


def test_the_admin_and_error_pages_are_never_cached(client, news):
    assert "X-Page-Cache" not in client.get("/admin/login/")
    client.get("/no-such-page/")
    assert "X-Page-Cache" not in client.get("/no-such-page/")


def test_turned_off_by_setting(client, news, settings):
    settings.PAGE_CACHE = False
    client.get(news.url)
    assert "X-Page-Cache" not in client.get(news.url)


def test_a_news_publish_drops_only_the_pages_that_show_it(client, content):
    """Invalidation follows the feed's fan-out: the item, the home page, the news index, its
    author's profile and the feeds go; a Legal Eye article and an unrelated person stay cached."""
    news = content.news[0]
    stale = [news.url, content.tree.home.url, content.tree.news_index.url, content.author.url, "/news/feed/"]
    still_cached = [content.legal_eye.url, content.officer.url, content.tree.about.url]
    for url in stale + still_cached:
        assert client.get(url).status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "hit", url

    news.title = "Pay award: the final offer"
    publish(news)

    for url in stale:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
    assert b"Pay award: the final offer" in client.get(content.tree.news_index.url).content
    for url in still_cached:
        assert client.get(url)["X-Page-Cache"] == "hit", url


def test_without_redis_a_hidden_author_leaves_the_feed_once_the_version_is_reread(client, content, settings):
    """Several processes with their own memory caches: a change another process made reaches
    this one's cached feed within CONTENT_VERSION_RECHECK_SECONDS (1 s by default)."""
    feed = client.get("/news/feed/")
    assert b"Jo Bloggs" in feed.content
    assert client.get("/news/feed/")["X-Page-Cache"] == "hit"

    # Another process hides the author. This process still holds the head it read before
    # (as it would for up to a second), so it keeps serving its cached feed until then.
    head_before = versions.head()
    PageViewRestriction.objects.create(page=content.author, restriction_type=PageViewRestriction.LOGIN)
    versions._memo = (time.monotonic() + 60, head_before)
    assert client.get("/news/feed/")["X-Page-Cache"] == "hit"

    versions.forget()  # the second has passed: the head is read again
    response = client.get("/news/feed/")
    assert response["X-Page-Cache"] == "miss"
    assert b"Jo Bloggs" not in response.content
