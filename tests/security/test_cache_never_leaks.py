"""With the shared Redis cache on (as in production): a response rendered for a signed-in
editor, or for a reader who unlocked a password, is never served from the cache to an
anonymous reader, on the site or the API.

Needs Redis: REDIS_URL, else redis://127.0.0.1:6379/15. Without one these tests skip, unless
REQUIRE_REDIS is set (CI sets it), when they fail."""

import os
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.api.conftest import publish
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
SECRET = "Confidential negotiating position"


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def redis_cache(settings):
    if not redis_answers():
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"Redis does not answer at {REDIS_URL}")
        pytest.skip(f"needs Redis at {REDIS_URL} (set REDIS_URL); CI runs these")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Its own keys, so parallel test processes never see each other's pages.
            "KEY_PREFIX": f"mip-test-{uuid.uuid4().hex}",
            "OPTIONS": {"IGNORE_EXCEPTIONS": False},
        }
    }
    from django.core.cache import cache

    assert not cache.__class__.__name__.startswith("LocMem")
    yield cache
    cache.delete_pattern("*")


@pytest.fixture
def pages(site_tree):
    public = NewsPageFactory(parent=site_tree.news_index, title="Pay award announced", slug="pay-award")
    login_only = NewsPageFactory(parent=site_tree.news_index, title=SECRET, slug="negotiations")
    PageViewRestriction.objects.create(page=login_only, restriction_type=PageViewRestriction.LOGIN)
    password = NewsPageFactory(parent=site_tree.news_index, title=f"{SECRET} (password)", slug="ballot")
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    return {"public": public, "login": login_only, "password": password}


@pytest.fixture
def editor_client(admin_user):
    editor = Client()
    editor.force_login(admin_user)
    return editor


def test_the_shared_cache_serves_anonymous_readers_with_no_query(redis_cache, pages, client):
    url = pages["public"].url
    assert client.get(url)["X-Page-Cache"] == "miss"

    with CaptureQueriesContext(connection) as queries:
        hit = client.get(url)

    assert hit["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert any(key.startswith("page:") for key in redis_cache.keys("*"))


def test_an_editors_view_of_a_restricted_page_never_reaches_an_anonymous_reader(
    redis_cache, pages, client, editor_client
):
    url = pages["login"].url
    for _ in range(2):
        seen_by_editor = editor_client.get(url)
        assert seen_by_editor.status_code == 200
        assert SECRET.encode() in seen_by_editor.content

    for _ in range(2):
        anonymous = client.get(url)
        assert anonymous.status_code == 302
        assert "/login" in anonymous["Location"]
        assert SECRET.encode() not in anonymous.content


def test_an_anonymous_readers_cached_page_is_never_served_to_an_editor(
    redis_cache, pages, client, editor_client
):
    url = pages["public"].url
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    seen_by_editor = editor_client.get(url)

    assert "X-Page-Cache" not in seen_by_editor
    assert b"wagtail-userbar" in seen_by_editor.content, "the editor's own page, with the userbar"
    assert b"wagtail-userbar" not in client.get(url).content


def test_a_password_unlocked_page_stays_locked_for_everyone_else(redis_cache, pages, client):
    url = pages["password"].url
    reader = Client()
    form = reader.get(url)
    assert form.status_code == 401 or b"password" in form.content.lower()
    action = form.context["action_url"]
    unlocked = reader.post(action, {"password": "s3cret", "return_url": url}, follow=True)
    assert SECRET.encode() in unlocked.content
    assert SECRET.encode() in reader.get(url).content

    for _ in range(2):
        anonymous = client.get(url)
        assert SECRET.encode() not in anonymous.content
        assert "X-Page-Cache" not in anonymous or anonymous["X-Page-Cache"] == "miss"


def test_the_api_answers_an_editor_and_a_reader_alike_from_the_shared_cache(
    redis_cache, pages, client, editor_client
):
    restricted = f"/api/v2/pages/{pages['login'].pk}/"
    listing = "/api/v2/pages/?type=home.NewsPage&fields=title"

    assert editor_client.get(restricted).status_code == 404
    editors_listing = editor_client.get(listing)
    anonymous_listing = client.get(listing)

    assert anonymous_listing["X-API-Cache"] == "hit"
    assert anonymous_listing.content == editors_listing.content
    assert SECRET.encode() not in anonymous_listing.content
    assert client.get(restricted).status_code == 404


def test_a_publish_reaches_readers_through_the_shared_cache(
    redis_cache, pages, client, django_capture_on_commit_callbacks
):
    url = pages["public"].url
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        page = pages["public"]
        page.title = "Pay award confirmed"
        publish(page)

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Pay award confirmed" in response.content
