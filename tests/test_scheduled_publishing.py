"""Editors schedule news to go live later; `publish_scheduled` publishes it, run from cron or by
`run_scheduler` (which `make run` starts)."""

import datetime
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError
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


def test_run_scheduler_publishes_and_expires_on_every_tick(site_tree):
    scheduled = NewsPageFactory(parent=site_tree.news_index, title="Embargoed pay news", live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    scheduled.save_revision().publish()
    expiring = NewsPageFactory(parent=site_tree.news_index, title="Old opening times")
    expiring.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expiring.save()
    later = timezone.now() + datetime.timedelta(hours=2)

    # The loop drops stale connections between ticks; inside this test's transaction on
    # PostgreSQL that would be the test's own (as with the worker, tests/task_worker.py).
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("home.management.commands.run_scheduler.close_old_connections"),
    ):
        call_command("run_scheduler", interval=0, iterations=2, verbosity=0)

    assert NewsPage.objects.get(pk=scheduled.pk).live
    assert not NewsPage.objects.get(pk=expiring.pk).live


def test_run_scheduler_keeps_going_after_a_failed_run(site_tree, caplog):
    runs = []

    def publish_scheduled(name, *args, **kwargs):
        runs.append(name)
        if len(runs) == 1:
            raise OperationalError("the database is restarting")

    with mock.patch("home.management.commands.run_scheduler.call_command", side_effect=publish_scheduled):
        call_command("run_scheduler", interval=0, iterations=3, verbosity=0)

    assert runs == ["publish_scheduled"] * 3
    assert "publish_scheduled failed" in caplog.text


def test_make_run_starts_the_scheduler_beside_the_server():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    run_target = makefile[makefile.index("\nrun:") : makefile.index("\ntest:")]

    assert "manage.py run_scheduler" in run_target
    assert "kill $$worker $$scheduler" in run_target
