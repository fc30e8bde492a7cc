"""Editors schedule news to go live later; `publish_scheduled` (run from cron) publishes it."""

import datetime
from unittest import mock

from django.core.management import call_command
from django.utils import timezone

from home.models import NewsPage
from tests.factories import NewsPageFactory


def test_scheduled_news_stays_hidden_until_publish_scheduled_runs_after_go_live(site_tree, client):
    page = NewsPageFactory(parent=site_tree.news_index, title="Pay award: what it means", live=False)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    page.go_live_at = go_live
    page.save_revision().publish()
    page.refresh_from_db()

    assert not page.live
    assert page.scheduled_revision is not None
    assert "Pay award: what it means" not in client.get(site_tree.news_index.url).content.decode()

    call_command("publish_scheduled")
    assert not NewsPage.objects.get(pk=page.pk).live

    # An hour later, the cron run publishes it.
    later = go_live + datetime.timedelta(minutes=1)

    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.live
    assert "Pay award: what it means" in client.get(site_tree.news_index.url).content.decode()


def test_expired_news_is_unpublished_by_publish_scheduled(site_tree, client):
    page = NewsPageFactory(parent=site_tree.news_index, title="Christmas opening times")
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()

    call_command("publish_scheduled")

    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert client.get(page.url).status_code == 404
