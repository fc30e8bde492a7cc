"""A change made in the admin lands whole or not at all. Wagtail's publish commits in steps;
when the database goes away part-way (a restart), the editor sees an error, and nothing of
the failed publish may be left behind: no revision, no audit entry, no live change and no
change-log row (`make soak` checks the same against a real PostgreSQL restart)."""

import pytest
from django.db import OperationalError
from django.test import Client
from wagtail.models import PageLogEntry, Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.content.models import Change
from home.models import NewsPage
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_user):
    """A signed-in editor whose browser is shown the error page, as a real one would be."""
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


@pytest.fixture
def news_page(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Pay award news", slug="pay-award")


def publish(client, page, title):
    data = nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "date": "2025-04-01",
            "article_type": "news",
            "standfirst": "What the pay award means.",
            "body": streamfield([("paragraph", rich_text("<p>The award is 3.6%.</p>"))]),
            "tags": "",
            "action-publish": "action-publish",
        }
    )
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def database_goes_away(*args, **kwargs):
    raise OperationalError("terminating connection due to administrator command")


def test_a_publish_that_fails_part_way_leaves_nothing_behind(editor, news_page, monkeypatch):
    revisions = Revision.page_revisions.filter(object_id=str(news_page.pk)).count()
    entries = PageLogEntry.objects.filter(page=news_page).count()
    changes = Change.objects.count()
    # After the revision and the live page are saved, before the audit and change-log entries.
    monkeypatch.setattr("cms.content.feed.record", database_goes_away)

    response = publish(editor, news_page, "Pay award news (updated)")

    assert response.status_code == 500
    assert Revision.page_revisions.filter(object_id=str(news_page.pk)).count() == revisions
    assert PageLogEntry.objects.filter(page=news_page).count() == entries
    assert Change.objects.count() == changes
    stored = NewsPage.objects.get(pk=news_page.pk)
    assert (stored.title, stored.live_revision_id) == ("Pay award news", news_page.live_revision_id)


def test_a_publish_that_succeeds_is_kept_whole(editor, news_page):
    response = publish(editor, news_page, "Pay award news (updated)")

    assert response.status_code == 302
    stored = NewsPage.objects.get(pk=news_page.pk)
    assert stored.title == "Pay award news (updated)"
    assert stored.live_revision.content["title"] == "Pay award news (updated)"
    actions = set(PageLogEntry.objects.filter(page=news_page).values_list("action", flat=True))
    assert {"wagtail.edit", "wagtail.publish"} <= actions
    assert Change.objects.filter(key=f"page:{news_page.pk}", event="published").exists()
