"""Delta sync: an offline app downloads everything once, then only what changed, and never
loses or duplicates a page while editors publish during its sync."""

import base64
import json

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.api import sync
from cms.content import versions
from cms.content.models import Change, FeedOrigin
from home.models import StandardPage
from tests.api.conftest import publish
from tests.factories import NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


class App:
    """What an app does: loop while has_more, upsert ``updated``, drop ``deleted``, keep the
    cursor. Its copy is keyed by (kind, id); ``served`` and ``deleted`` record the page ids
    received, in order."""

    def __init__(self, api, query=""):
        self.api = api
        self.query = query
        self.cursor = None
        self.store = {}
        self.served = []
        self.deleted = []

    @property
    def pages(self):
        return {item_id: item for (kind, item_id), item in self.store.items() if kind == "page"}

    def fetch(self, limit=100):
        url = f"/api/v2/sync/?limit={limit}{self.query}"
        if self.cursor:
            url += f"&cursor={self.cursor}"
        response = self.api.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        for item in data["updated"]:
            self.store[(item["kind"], item["id"])] = item
            if item["kind"] == "page":
                self.served.append(item["id"])
        for tombstone in data["deleted"]:
            assert set(tombstone) == {"id", "kind", "type", "deleted_at"}
            self.store.pop((tombstone["kind"], tombstone["id"]), None)
            if tombstone["kind"] == "page":
                self.deleted.append(tombstone["id"])
        self.cursor = data["next_cursor"]
        return data

    def sync(self, limit=100, between_pages=None):
        """Fetch until has_more is false, calling ``between_pages(n)`` after the n-th response."""
        responses = 0
        while True:
            data = self.fetch(limit)
            responses += 1
            if between_pages:
                between_pages(responses)
            if not data["has_more"]:
                return responses


def listed(api, endpoint):
    """Every item of a listing endpoint, by id."""
    items = {}
    offset = 0
    while True:
        batch = api.get(f"/api/v2/{endpoint}/?limit=100&offset={offset}").json()["items"]
        items.update((item["id"], item) for item in batch)
        if len(batch) < 100:
            return items
        offset += 100


def public_ids(api):
    return set(listed(api, "pages"))


DETAIL = {"page": "pages", "image": "images", "document": "documents", "region": "regions"}
TYPES = {"image": "wagtailimages.Image", "document": "wagtaildocs.Document", "region": "people.Region"}


def fresh_state(api):
    """What a fresh full sync must equal: every public resource as its detail URL gives it
    (employers, which have no detail URL, as their listing gives them), with its kind (and,
    for those that are not pages, its type)."""
    state = {}
    for kind, endpoint in DETAIL.items():
        for item_id in listed(api, endpoint):
            item = api.get(f"/api/v2/{endpoint}/{item_id}/").json()
            extra = {"kind": kind} if kind == "page" else {"kind": kind, "type": TYPES[kind]}
            state[(kind, item_id)] = {**extra, **item}
    for item_id, item in listed(api, "employers").items():
        state[("employer", item_id)] = {"kind": "employer", "type": "people.Employer", **item}
    return state


def assert_in_step(app, api):
    """The app's copy is exactly what the API serves now, item for item."""
    expected = fresh_state(api)
    assert set(app.store) == set(expected)
    for key, item in app.store.items():
        assert item == expected[key], key


def test_first_sync_downloads_every_public_page_once_as_the_detail_view_gives_it(api, content):
    app = App(api)

    responses = app.sync(limit=4)

    assert responses > 2
    assert len(app.served) == len(set(app.served))
    assert not set(app.served) & {page.pk for page in content.hidden.values()}
    assert_in_step(app, api)


def test_nothing_changed_means_an_empty_delta(api, content):
    app = App(api)
    app.sync()

    data = app.fetch()

    assert data == {"updated": [], "deleted": [], "next_cursor": app.cursor, "has_more": False}


def test_delta_has_the_published_page_only(api, content):
    app = App(api)
    app.sync()
    page = content.news[1]
    page.title = "Pay award: the details"
    publish(page)

    data = app.fetch()

    assert [item["id"] for item in data["updated"]] == [page.pk]
    assert data["updated"][0]["title"] == "Pay award: the details"
    assert data["deleted"] == []
    assert_in_step(app, api)


def test_unpublished_deleted_and_restricted_pages_are_reported_deleted(api, content):
    app = App(api)
    app.sync()
    unpublished, deleted = content.news[0], content.news[1]
    section = StandardPageFactory(parent=content.tree.about, title="Branch news")
    child = StandardPageFactory(parent=section, title="Branch meeting")
    publish(section)
    publish(child)
    app.sync()

    unpublished.unpublish()
    deleted_id = deleted.pk
    Page.objects.get(pk=deleted_id).delete()
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    app.sync()

    assert {unpublished.pk, deleted_id, section.pk, child.pk} <= set(app.deleted)
    assert_in_step(app, api)


def test_a_page_moved_out_of_the_site_is_deleted(api, content):
    other_root = Page.get_first_root_node().add_child(
        instance=StandardPage(title="Another site", slug="other")
    )
    page = StandardPageFactory(parent=content.tree.about, title="Moving away")
    app = App(api)
    app.sync()

    page.move(other_root, pos="last-child")
    app.sync()

    assert page.pk in app.deleted
    assert_in_step(app, api)


def test_publishing_an_author_updates_their_articles(api, content):
    app = App(api)
    app.sync()
    content.author.job_title = "Director of Communications"
    publish(content.author)

    updated = {item["id"] for item in app.fetch()["updated"]}

    assert {content.author.pk, content.legal_eye.pk} | {page.pk for page in content.news} <= updated
    assert app.pages[content.news[0].pk]["author"]["job_title"] == "Director of Communications"


def test_type_narrows_snapshot_and_delta(api, content):
    app = App(api, query="&type=home.NewsPage")
    app.sync()
    assert set(app.pages) == {page.pk for page in content.news}
    assert {kind for kind, _ in app.store} == {"page"}

    publish(content.officer)
    publish(content.news[2])

    assert [item["id"] for item in app.fetch()["updated"]] == [content.news[2].pk]


def test_publishing_during_a_paginated_first_sync_loses_and_duplicates_nothing(api, content):
    content.add_news(6)
    news_ids = sorted(page.pk for page in content.news)
    app = App(api)
    events = {}

    def editors_at_work(response_number):
        served = set(app.served)
        unserved = [pk for pk in news_ids if pk not in served]
        if events or not served & set(news_ids) or len(unserved) < 2:
            return
        already = Page.objects.get(pk=max(served & set(news_ids))).specific
        already.title += " (updated)"
        publish(already)
        waiting = Page.objects.get(pk=unserved[-1]).specific
        waiting.title += " (updated)"
        publish(waiting)
        gone = Page.objects.get(pk=unserved[0])
        gone.unpublish()
        new = NewsPageFactory(parent=content.tree.news_index, title="Breaking news", live=False)
        publish(new)
        events.update(
            changed_after_serving=already.pk, changed_before_serving=waiting.pk, gone=gone.pk, new=new.pk
        )

    app.sync(limit=3, between_pages=editors_at_work)

    assert events, "editors published while the app was part-way through"
    assert_in_step(app, api)
    counts = {page_id: app.served.count(page_id) for page_id in set(app.served)}
    assert counts[events["changed_after_serving"]] == 2, "served, changed, served again"
    assert counts[events["changed_before_serving"]] == 1
    assert counts[events["new"]] == 1
    assert events["gone"] not in counts
    others = set(counts) - {events["changed_after_serving"]}
    assert all(counts[page_id] == 1 for page_id in others)


def test_publishing_during_a_paginated_delta_loses_and_duplicates_nothing(api, content):
    content.add_news(6)
    app = App(api)
    app.sync()
    for page in content.news:
        publish(page)
    app.served.clear()
    events = {}

    def editors_at_work(response_number):
        if response_number != 1:
            return
        served = set(app.served)
        waiting = next(page for page in content.news if page.pk not in served)
        waiting.title = "Changed while waiting"
        publish(waiting)
        events["waiting"] = waiting.pk
        seen = next(page for page in content.news if page.pk in served)
        seen.title = "Changed after being sent"
        publish(seen)
        events["seen"] = seen.pk

    app.sync(limit=3, between_pages=editors_at_work)

    assert_in_step(app, api)
    assert app.served.count(events["waiting"]) == 1
    assert app.served.count(events["seen"]) == 2
    assert {page.pk for page in content.news} <= set(app.served)
    assert app.pages[events["waiting"]]["title"] == "Changed while waiting"


@pytest.mark.parametrize(
    "query, mentions",
    [
        ("?limit=0", "limit"),
        ("?limit=101", "limit"),
        ("?type=home.Nothing", "type"),
        ("?type=", "type"),
        ("?since=yesterday", "since"),
        ("?rich_text_format=db_html", "rich_text_format"),
    ],
)
def test_bad_sync_requests_are_400(api, content, query, mentions):
    response = api.get("/api/v2/sync/" + query)

    assert response.status_code == 400
    assert mentions in response.json()["message"]


def assert_reset(response):
    assert response.status_code == 410
    body = response.json()
    assert body["reset"] is True
    assert "start a full sync again" in body["message"]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "eyJ2IjoxfQ",
        "A" * 900,
        base64.urlsafe_b64encode(
            json.dumps({"v": 1, "phase": "delta", "base": 0, "after": 0}).encode()
        ).decode(),
    ],
    ids=["words", "old-format", "long", "unsigned-json"],
)
def test_a_malformed_or_forged_cursor_asks_for_a_full_sync(api, content, cursor):
    assert_reset(api.get(f"/api/v2/sync/?cursor={cursor}"))


def test_an_edited_cursor_is_refused(api, content):
    cursor = api.get("/api/v2/sync/?limit=1").json()["next_cursor"]
    payload, _, signature = cursor.rpartition(":")
    state = signing.loads(cursor, salt=sync.CURSOR_SALT)
    forged = signing.dumps({**state, "after": 0}, salt="somebody else's salt", compress=True)

    assert_reset(api.get(f"/api/v2/sync/?cursor={forged}"))
    assert_reset(api.get(f"/api/v2/sync/?cursor={payload}:{signature[::-1]}"))


def test_a_cursor_with_characters_outside_its_alphabet_is_refused(api, content):
    cursor = api.get("/api/v2/sync/?limit=1").json()["next_cursor"]

    for mangled in (f"{cursor[:4]}!{cursor[4:]}", f"{cursor}.", f"{cursor[:4]}%0A{cursor[4:]}"):
        assert_reset(api.get(f"/api/v2/sync/?cursor={mangled}"))
    assert api.get(f"/api/v2/sync/?cursor={cursor}").status_code == 200


def test_a_cursor_ahead_of_the_feed_asks_for_a_full_sync(api, content):
    """After restoring a backup, an app's cursor can be ahead of the restored feed."""
    app = App(api)
    app.sync()
    publish(content.news[0])
    app.sync()

    # The database goes back to before that publish (a restore): its feed rows are gone.
    Change.objects.filter(id__gt=Change.objects.order_by("id").values_list("id", flat=True)[0]).delete()
    versions.forget()

    assert_reset(api.get(f"/api/v2/sync/?cursor={app.cursor}"))


def test_a_cursor_from_before_a_restore_asks_for_a_full_sync_even_once_the_feed_has_grown(api, content):
    app = App(api)
    app.sync()
    publish(content.news[0])
    app.sync()
    cursor = app.cursor

    # Restored to before the publish, then editors carry on: new rows reuse the same ids.
    rows = list(Change.objects.order_by("id"))
    Change.objects.filter(id__gt=rows[0].id).delete()
    for row in rows[1:]:
        Change.objects.create(
            **{
                **{f.attname: getattr(row, f.attname) for f in Change._meta.fields},
                "created_at": timezone.now(),
            }
        )
    versions.forget()

    assert_reset(api.get(f"/api/v2/sync/?cursor={cursor}"))


def test_a_cursor_from_another_database_asks_for_a_full_sync(api, content):
    cursor = App(api)
    cursor.sync()
    # Another environment: its own database (with its own feed identity) and its own caches.
    FeedOrigin.objects.all().delete()
    FeedOrigin.objects.create()
    cache.clear()

    assert_reset(api.get(f"/api/v2/sync/?cursor={cursor.cursor}"))


def test_a_cursor_is_tied_to_its_type(api, content):
    cursor = api.get("/api/v2/sync/?type=home.NewsPage").json()["next_cursor"]

    response = api.get(f"/api/v2/sync/?cursor={cursor}")

    assert response.status_code == 400
    assert "type" in response.json()["message"]


def test_compacting_the_change_log_keeps_every_cursor_working(api, content):
    import io

    from django.core.management import call_command

    app = App(api)
    app.sync()
    for _ in range(3):
        for page in content.news:
            publish(page)
    rows_before = Change.objects.count()

    call_command("compact_change_log", days=0, stdout=io.StringIO())

    assert Change.objects.count() < rows_before
    app.sync()
    assert_in_step(app, api)
    assert app.served.count(content.news[0].pk) == 2, "once in the snapshot, once for its latest change"
