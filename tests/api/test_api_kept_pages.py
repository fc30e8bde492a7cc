"""Each page's API representation kept between responses (cms/api/kept_pages.py).

The pages listing, a page's detail and sync keep each page's JSON on its own, under the page's
stored row and what was asked of it, with the feed keys of what it showed. What an app would
notice if that went wrong: a listing that still shows the old text of the one item that was
edited, an author photo or a body image that stays visible after it was made private, one
request's ``fields`` or ``rich_text_format`` answered with another's shape, an unpublished
page coming back, an old Legal Eye disclaimer, or a preview showing the live page.

The response cache is off unless a test says otherwise, so each answer is the kept
representations alone (a cached response would hide whether a kept one was dropped). Every
answer with parts kept is compared with the same request made with ``FRAGMENT_CACHE = False``:
keeping must never change what an app gets.
"""

import datetime
import json
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.db import connection
from wagtail.models import Collection, CollectionViewRestriction, Site

from advice import models as advice_models
from advice.models import LegalEyeArticlePage
from cms.api import loading, preview
from cms.content import versions
from home.models.site_settings import SiteSettings
from tests.api.conftest import publish
from tests.factories import ImageFactory, NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_parts_alone")]

NEWS_LISTING = "/api/v2/pages/?type=home.NewsPage&fields=*&limit=20"


def get_json(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def unkept(api, url, settings):
    """What the same request answers with nothing kept or used."""
    settings.FRAGMENT_CACHE = False
    try:
        return get_json(api, url)
    finally:
        settings.FRAGMENT_CACHE = True


def by_id(listing):
    # Items with the same date have no defined order between them: compare them by id.
    return {item["id"]: item for item in listing["items"]}


@contextmanager
def queries():
    """The SQL run inside the block. (Not ``CaptureQueriesContext``: it slices Django's query
    log, which is capped at 9,000 entries, and a test with twenty full news items passes that,
    so later queries shift into the slice.)"""
    run = []

    def note(execute, sql, params, many, context):
        run.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        yield run


def serialised_pages(monkeypatch):
    """The ids of the pages serialised afresh from now on (not answered from kept parts)."""
    serialised = []
    shown_keys = loading.shown_keys

    def note(page):
        serialised.append(page.pk)
        return shown_keys(page)

    monkeypatch.setattr(loading, "shown_keys", note)
    return serialised


def answer(data):
    """What an app reads of a response: a sync cursor is signed with the time it was made."""
    return {name: value for name, value in data.items() if name != "next_cursor"}


def detail_url(page, query=""):
    return f"/api/v2/pages/{page.pk}/{query}"


@pytest.fixture
def members_only(db):
    return Collection.get_first_root_node().add_child(name="Members only")


def make_private(media, collection):
    """Move an image into a collection only signed-in members may see, as an editor does."""
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    media.collection = collection
    media.save()


# 1. A listing after one item changed ------------------------------------------------------


def test_a_listing_after_one_news_item_changed_shows_it_and_costs_less_than_rendering_all(
    api, content, settings, monkeypatch
):
    content.add_news(17)
    before = by_id(get_json(api, NEWS_LISTING))  # keeps all twenty
    assert len(before) == 20
    changed, other = content.news[4], content.news[9]

    changed.title = "Pay award: the final figures"
    changed.body = [{"type": "heading", "value": {"text": "The award is final", "level": "h2"}}]
    publish(changed)
    serialised = serialised_pages(monkeypatch)
    with queries() as kept_queries:
        after = by_id(get_json(api, NEWS_LISTING))
    kept_serialised = list(serialised)

    assert after[changed.pk]["title"] == "Pay award: the final figures"
    assert [block["type"] for block in after[changed.pk]["body"]] == ["heading"]
    assert "The award is final" in after[changed.pk]["body_html"]
    assert {pk: item for pk, item in after.items() if pk != changed.pk} == {
        pk: item for pk, item in before.items() if pk != changed.pk
    }
    assert after == by_id(unkept(api, NEWS_LISTING, settings))

    # The fair comparison: the same listing right after another single change (the head has
    # moved just as far), rendering all twenty pages itself.
    other.title = "Pay award: what it means for bands 8 and 9"
    publish(other)
    settings.FRAGMENT_CACHE = False
    serialised.clear()
    with queries() as unkept_queries:
        get_json(api, NEWS_LISTING)

    # Only the changed page was loaded in full: its row (with its body) and its tags alone.
    row_queries = [params for sql, params in kept_queries if '"home_newspage"."body"' in sql]
    assert len(row_queries) == 1
    assert changed.pk in row_queries[0]
    assert not {item for item in before if item != changed.pk} & set(row_queries[0])
    tag_queries = [params for sql, params in kept_queries if "home_newspagetag" in sql]
    assert tag_queries == [(changed.pk,)]
    # Rendering all twenty loads every row whole and serialises every page; with the
    # nineteen kept, only the changed one is serialised, and one query tells they are fresh.
    assert kept_serialised == [changed.pk]
    assert sorted(serialised) == sorted(before)
    assert [params for sql, params in unkept_queries if '"home_newspage"."body"' in sql] == [
        params for sql, params in unkept_queries if "LIMIT 20" in sql
    ]
    assert len([sql for sql, _ in kept_queries if 'FROM "content_change" WHERE' in sql]) == 1


# 2-3. Images made private ------------------------------------------------------------------


def test_an_author_photo_then_a_hero_image_made_private_leave_the_detail_at_once(api, content, members_only):
    news = content.news[0]
    url = detail_url(news)
    kept = get_json(api, url)
    assert get_json(api, url) == kept
    assert kept["author"]["photo"]["id"] == content.photo.pk
    assert kept["hero_image"]["id"] == content.image.pk

    make_private(content.photo, members_only)

    # The photo is the author's (another page's) image: the news item's row is unchanged.
    after_photo = get_json(api, url)
    assert after_photo["author"]["photo"] is None
    assert after_photo["hero_image"] == kept["hero_image"]

    make_private(content.image, members_only)

    assert get_json(api, url)["hero_image"] is None


def test_a_body_image_made_private_leaves_the_listing_and_the_detail_at_once(api, content, members_only):
    body_image = ImageFactory(title="Delegates voting", renditions=True)
    page = NewsPageFactory(
        parent=content.tree.news_index,
        hero_image=content.image,
        body=[
            {
                "type": "paragraph",
                "value": f'<p>The vote.</p><embed alt="Delegates" embedtype="image" format="fullwidth" '
                f'id="{body_image.pk}"/>',
            },
            {
                "type": "image",
                "value": {
                    "image": body_image.pk,
                    "alt_text": "",
                    "decorative": False,
                    "caption": "The vote",
                    "credit": "",
                },
            },
        ],
    )
    # Renditions are named after the original file: its stem names the image wherever it shows.
    stem = Path(body_image.file.name).stem
    urls = [NEWS_LISTING, detail_url(page)]
    for url in urls:
        get_json(api, url)  # keeps it
    shown = [get_json(api, url) for url in urls]
    listed = by_id(shown[0])[page.pk]
    assert (listed["body"], listed["body_html"]) == (shown[1]["body"], shown[1]["body_html"])
    assert listed["body"][1]["value"]["image"]["id"] == body_image.pk
    assert stem in listed["body"][0]["value"] and stem in listed["body_html"]
    assert "block-image" in listed["body_html"]

    make_private(body_image, members_only)

    for item in (by_id(get_json(api, NEWS_LISTING))[page.pk], get_json(api, detail_url(page))):
        assert item["body"][1]["value"]["image"] is None
        assert "block-image" not in item["body_html"]
        assert stem not in json.dumps(item)
        # The hero is another image, still public.
        assert item["hero_image"]["id"] == content.image.pk


# 4. Variants --------------------------------------------------------------------------------


def test_each_variant_answers_its_own_shape_after_the_others_were_kept(api, content, settings):
    news = content.news[0]
    listing = "/api/v2/pages/?type=home.NewsPage"
    urls = {
        "titles": f"{listing}&fields=title",
        "everything": f"{listing}&fields=*",
        "defaults": listing,
        "markdown": f"{listing}&fields=*&rich_text_format=markdown",
        "untyped": "/api/v2/pages/?fields=title",  # base pages: the same ids, another type
        "detail": detail_url(news),
        "detail title": detail_url(news, "?fields=_,title"),
        "detail markdown": detail_url(news, "?rich_text_format=markdown"),
        "sync": "/api/v2/sync/?type=home.NewsPage",
        "sync markdown": "/api/v2/sync/?type=home.NewsPage&rich_text_format=markdown",
    }
    expected = {name: answer(unkept(api, url, settings)) for name, url in urls.items()}

    # Kept in one order, then asked for in the other: each answer must be its own.
    for url in urls.values():
        get_json(api, url)
    for name, url in reversed(urls.items()):
        assert answer(get_json(api, url)) == expected[name], name

    # The shapes really differ, so the comparison above means something.
    item = {name: by_id(expected[name])[news.pk] for name in ("titles", "everything", "defaults", "markdown")}
    assert set(item["titles"]) == {"id", "type", "meta", "title"}
    assert "body" not in item["defaults"]
    assert item["everything"]["body"][1]["value"].startswith("<p>")
    assert not item["markdown"]["body"][1]["value"].startswith("<p>")
    assert by_id(expected["untyped"])[news.pk]["type"] == "home.NewsPage"
    assert set(expected["detail title"]) == {"id", "type", "title"}
    assert expected["detail markdown"]["body"] != expected["detail"]["body"]


# 5. Sync ------------------------------------------------------------------------------------


def test_sync_items_are_what_they_were_and_follow_a_linked_page_s_new_title(api, content, settings):
    url = "/api/v2/sync/?type=home.NewsPage"
    first = get_json(api, url)["updated"]  # keeps them
    assert get_json(api, url)["updated"] == first == unkept(api, url, settings)["updated"]
    # Each item is what the detail URL gives (and neither was answered with the other's).
    news = content.news[0]
    synced = {item["id"]: item for item in first}[news.pk]
    assert {name: value for name, value in synced.items() if name != "kind"} == get_json(
        api, detail_url(news)
    )

    # The campaign is one of the news items' related pages.
    old_title = content.campaign.title
    content.campaign.title = "Managers Matter: the 2031 campaign"
    publish(content.campaign)

    updated = {item["id"]: item for item in get_json(api, url)["updated"]}
    for page in content.news:
        item = updated[page.pk]
        related = [block for block in item["body"] if block["type"] == "related_pages"][0]
        titles = [link["title"] for link in related["value"]["pages"]]
        assert "Managers Matter: the 2031 campaign" in titles and old_title not in titles
        assert "Managers Matter: the 2031 campaign" in item["body_html"]
        assert old_title not in item["body_html"]


# 6. Unpublished -----------------------------------------------------------------------------


@pytest.mark.parametrize("response_cache", [False, True], ids=["kept-alone", "with-response-cache"])
def test_an_unpublished_page_leaves_the_listing_and_its_detail_is_404_at_once(
    api, content, settings, response_cache
):
    settings.API_RESPONSE_CACHE = response_cache
    news = content.news[0]
    for _ in range(2):
        assert news.pk in by_id(get_json(api, NEWS_LISTING))
        assert get_json(api, detail_url(news))["id"] == news.pk

    news.unpublish()

    assert news.pk not in by_id(get_json(api, NEWS_LISTING))
    assert api.get(detail_url(news)).status_code == 404
    synced = get_json(api, "/api/v2/sync/?type=home.NewsPage")["updated"]
    assert news.pk not in {item["id"] for item in synced}


# 7. A site setting shown in Legal Eye articles ----------------------------------------------


@pytest.mark.parametrize("response_cache", [False, True], ids=["kept-alone", "with-response-cache"])
def test_a_new_legal_eye_disclaimer_shows_in_the_article_at_once(api, content, settings, response_cache):
    settings.API_RESPONSE_CACHE = response_cache
    url = detail_url(content.legal_eye)
    listing = "/api/v2/pages/?type=advice.LegalEyeArticlePage&fields=disclaimer"
    old = get_json(api, url)["disclaimer"]
    assert get_json(api, url)["disclaimer"] == old
    assert get_json(api, listing)["items"][0]["disclaimer"] == old

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.legal_eye_disclaimer = "General information only: talk to your national officer."
    site_settings.save()

    assert get_json(api, url)["disclaimer"] == "General information only: talk to your national officer."
    assert get_json(api, listing)["items"][0]["disclaimer"] == site_settings.legal_eye_disclaimer


# 8. Preview -----------------------------------------------------------------------------------


def test_a_preview_shows_the_draft_right_after_the_live_detail_was_kept(api, content, admin_user):
    news = content.news[0]
    url = detail_url(news, "?fields=*")
    live = get_json(api, url)
    assert get_json(api, url) == live  # kept

    draft = news.get_latest_revision_as_object()
    draft.title = "Draft: pay award confirmed"
    draft.standfirst = "Not yet published."
    draft.save_revision()
    link = preview.make_link(news, admin_user)

    previewed = get_json(api, f"/api/v2/preview/?{urlencode({'token': link.token})}")

    assert previewed["title"] == "Draft: pay award confirmed"
    assert previewed["standfirst"] == "Not yet published."
    # Readers still get the live page.
    assert get_json(api, url) == live


# 9. A field that changes with the date alone -----------------------------------------------


def test_review_overdue_turns_true_the_day_after_the_review_was_due(api, content, settings, monkeypatch):
    # ``review_overdue`` reads today's date. Nothing reaches the feed at midnight, so a kept
    # representation must not outlive the day it was made on (events note their end time,
    # ``dependencies.expires_at``, for the same reason).
    today = datetime.date.today()
    LegalEyeArticlePage.objects.filter(pk=content.legal_eye.pk).update(review_due=today)
    url = detail_url(content.legal_eye)
    assert get_json(api, url)["review_overdue"] is False  # kept

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls):
            return today + datetime.timedelta(days=1)

    monkeypatch.setattr(
        advice_models, "datetime", SimpleNamespace(date=Tomorrow, timedelta=datetime.timedelta)
    )
    # ... and the clock the kept entries' expiry is read against is at tomorrow too.
    tomorrow = datetime.datetime.combine(Tomorrow.today(), datetime.time(0, 1)).astimezone()
    monkeypatch.setattr(versions, "time", SimpleNamespace(time=tomorrow.timestamp, monotonic=time.monotonic))
    assert unkept(api, url, settings)["review_overdue"] is True

    assert get_json(api, url)["review_overdue"] is True
