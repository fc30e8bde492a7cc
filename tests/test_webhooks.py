"""Webhooks (cms/webhooks): deliveries written from the content feed in the change's
transaction, sent by the background worker to a real HTTP receiver on 127.0.0.1, signed,
retried, kept in order, never sent twice, and never aimed at the internal network in
production."""

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.api.sync import decode_cursor
from cms.webhooks.forms import EndpointForm
from cms.webhooks.models import EVENT_NAMES, Delivery, Endpoint
from cms.webhooks.sending import BACKOFF, MAX_ATTEMPTS, deliver
from tests.api.conftest import publish
from tests.task_worker import run_background_tasks

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server on a free port of 127.0.0.1 that records each POST and answers with the
    next scripted status (200 once the script runs out)."""

    def __init__(self):
        self.requests = []
        self.statuses = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"receiver says no")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/mip"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def payloads(self, event=None):
        found = [json.loads(request["body"]) for request in self.requests]
        return [payload for payload in found if event is None or payload["event"] == event]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def endpoint(receiver):
    return Endpoint.objects.create(name="Member app", url=receiver.url, events=EVENT_NAMES)


def run_worker():
    # The shared helper keeps the worker from closing the test's own connection (PostgreSQL).
    run_background_tasks()


def time_passes():
    """Every scheduled retry falls due, as it would once its backoff has passed."""
    now = timezone.now()
    Delivery.objects.filter(next_attempt_at__isnull=False).update(next_attempt_at=now)
    DBTaskResult.objects.filter(run_after__gt=now).update(run_after=now)


def committed(action, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return action()


def page_deliveries(page):
    return Delivery.objects.filter(resource_key=f"page:{page.pk}").order_by("id")


def test_a_publish_is_posted_signed_with_a_payload_an_app_can_sync_from(
    content, endpoint, receiver, client, django_capture_on_commit_callbacks
):
    news = content.news[0]
    committed(lambda: publish(news), django_capture_on_commit_callbacks)
    run_worker()

    [request] = [
        request
        for request in receiver.requests
        if json.loads(request["body"])["resource"]["id"] == news.pk
        and json.loads(request["body"])["resource"]["kind"] == "page"
    ]
    headers, body = request["headers"], request["body"]
    expected = hmac.new(
        endpoint.secret.encode(), f"{headers['X-MiP-Timestamp']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(headers["X-MiP-Signature"], f"sha256={expected}")
    assert headers["X-MiP-Event"] == "page.published"
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"].startswith("MiP-Webhooks/")
    assert abs(int(headers["X-MiP-Timestamp"]) - timezone.now().timestamp()) < 60

    payload = json.loads(body)
    delivery = Delivery.objects.get(uuid=headers["X-MiP-Delivery"])
    assert payload["id"] == str(delivery.uuid)
    assert payload["event"] == "page.published"
    assert payload["resource"] == {
        "kind": "page",
        "id": news.pk,
        "type": "home.NewsPage",
        "api_url": f"http://testserver/api/v2/pages/{news.pk}/",
        "html_url": f"http://testserver{news.url}",
    }
    assert decode_cursor(payload["cursor"])["after"] > 0
    assert client.get("/api/v2/sync/", {"cursor": payload["cursor"]}).status_code == 200
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 1, 200)
    assert delivery.delivered_at is not None and delivery.duration_ms is not None


def test_a_signature_made_with_another_secret_does_not_match(
    content, endpoint, receiver, django_capture_on_commit_callbacks
):
    committed(lambda: publish(content.news[0]), django_capture_on_commit_callbacks)
    run_worker()
    request = receiver.requests[0]
    forged = hmac.new(
        b"not-the-secret",
        f"{request['headers']['X-MiP-Timestamp']}.".encode() + request["body"],
        hashlib.sha256,
    ).hexdigest()
    assert request["headers"]["X-MiP-Signature"] != f"sha256={forged}"


def test_unpublishing_and_deleting_a_page_send_their_events(
    content, endpoint, receiver, django_capture_on_commit_callbacks
):
    news = content.news[0]
    committed(lambda: news.unpublish(), django_capture_on_commit_callbacks)
    run_worker()
    [unpublished] = [p for p in receiver.payloads("page.unpublished") if p["resource"]["id"] == news.pk]
    assert unpublished["resource"]["html_url"] is None

    news_id = news.pk
    committed(lambda: news.delete(), django_capture_on_commit_callbacks)
    run_worker()
    assert [p["resource"]["id"] for p in receiver.payloads("page.deleted")] == [news_id]


def test_only_the_events_an_endpoint_wants_are_sent(content, receiver, django_capture_on_commit_callbacks):
    Endpoint.objects.create(name="Images only", url=receiver.url, events=["image.*"])
    Endpoint.objects.create(name="Off", url=receiver.url, events=EVENT_NAMES, active=False)
    committed(lambda: publish(content.news[0]), django_capture_on_commit_callbacks)
    assert not Delivery.objects.exists()
    image = content.image
    image.title = "Renamed"
    committed(lambda: image.save(), django_capture_on_commit_callbacks)
    run_worker()
    assert {p["event"] for p in receiver.payloads()} == {"image.updated"}
    assert receiver.payloads()[0]["resource"]["api_url"] == f"http://testserver/api/v2/images/{image.pk}/"


def test_a_500_is_retried_after_a_backoff_and_then_delivered(
    content, endpoint, receiver, django_capture_on_commit_callbacks
):
    news = content.news[0]
    receiver.statuses = [500] * 20
    committed(lambda: publish(news), django_capture_on_commit_callbacks)
    run_worker()

    delivery = page_deliveries(news).get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("retrying", 1, 500)
    assert "receiver says no" in delivery.last_error
    wait = delivery.next_attempt_at - timezone.now()
    assert BACKOFF[0] - timedelta(seconds=5) < wait <= BACKOFF[0]

    sent = len(receiver.requests)
    run_worker()  # not due yet: nothing is sent
    assert len(receiver.requests) == sent

    receiver.statuses = []
    time_passes()
    run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 2, 200)
    assert [r["headers"]["X-MiP-Delivery"] for r in receiver.requests].count(str(delivery.uuid)) == 2


def test_a_succeeded_delivery_is_never_sent_again(
    content, endpoint, receiver, django_capture_on_commit_callbacks
):
    news = content.news[0]
    committed(lambda: publish(news), django_capture_on_commit_callbacks)
    run_worker()
    delivery = page_deliveries(news).get()
    sent = len(receiver.requests)

    assert deliver.call(delivery.pk) == "done"
    deliver.enqueue(delivery.pk)
    run_worker()

    assert len(receiver.requests) == sent
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_deliveries_for_one_resource_arrive_in_order(
    content, endpoint, receiver, django_capture_on_commit_callbacks
):
    news = content.news[0]
    committed(lambda: publish(news), django_capture_on_commit_callbacks)
    committed(lambda: news.unpublish(), django_capture_on_commit_callbacks)
    first, second = page_deliveries(news)
    assert (first.event, second.event) == ("page.published", "page.unpublished")
    receiver.statuses = [503]

    run_worker()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "retrying"
    assert (second.status, second.attempts) == ("pending", 0), "waits behind the older one"

    time_passes()
    run_worker()
    sent = [
        r["headers"]["X-MiP-Delivery"] for r in receiver.requests if r["headers"]["X-MiP-Event"] != "ping"
    ]
    order = [uuid for uuid in sent if uuid in (str(first.uuid), str(second.uuid))]
    assert order == [str(first.uuid), str(first.uuid), str(second.uuid)]
    assert set(page_deliveries(news).values_list("status", flat=True)) == {"succeeded"}


def test_a_rolled_back_write_sends_nothing(content, endpoint, receiver, django_capture_on_commit_callbacks):
    news = content.news[0]
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        publish(news)
        assert page_deliveries(news).exists(), "written in the change's transaction"
        raise RuntimeError("the admin request failed")
    run_worker()
    assert not Delivery.objects.exists()
    assert receiver.requests == []


@pytest.mark.parametrize(
    ("status", "retried"), [(408, True), (429, True), (502, True), (400, False), (404, False), (410, False)]
)
def test_which_answers_are_retried(
    status, retried, content, endpoint, receiver, django_capture_on_commit_callbacks
):
    news = content.news[0]
    receiver.statuses = [status] * 20
    committed(lambda: publish(news), django_capture_on_commit_callbacks)
    run_worker()
    delivery = page_deliveries(news).get()
    endpoint.refresh_from_db()
    assert delivery.attempts == 1
    assert delivery.response_code == status
    if retried:
        assert delivery.status == "retrying"
        assert not endpoint.failing
    else:
        assert delivery.status == "failed"
        assert endpoint.failing and str(status) in endpoint.failing_reason


def test_after_the_last_retry_the_delivery_fails_and_the_endpoint_is_flagged(
    content, endpoint, receiver, django_capture_on_commit_callbacks
):
    news = content.news[0]
    receiver.statuses = [500] * 20
    committed(lambda: publish(news), django_capture_on_commit_callbacks)
    for _attempt in range(MAX_ATTEMPTS + 1):
        run_worker()
        time_passes()
    delivery = page_deliveries(news).get()
    assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS)
    endpoint.refresh_from_db()
    assert endpoint.failing and endpoint.failing_since is not None

    receiver.statuses = []
    committed(lambda: publish(news), django_capture_on_commit_callbacks)
    run_worker()
    endpoint.refresh_from_db()
    assert not endpoint.failing, "the next success clears the flag"


def test_a_connection_error_is_retried(content, receiver, django_capture_on_commit_callbacks):
    url = receiver.url
    receiver.close()
    Endpoint.objects.create(name="Down", url=url, events=EVENT_NAMES)
    news = content.news[0]
    committed(lambda: publish(news), django_capture_on_commit_callbacks)
    run_worker()
    delivery = page_deliveries(news).get()
    assert delivery.status == "retrying"
    assert delivery.response_code is None
    assert "connection failed" in delivery.last_error


# SSRF guard -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.0.10/",
        "http://[::1]/hook",
        "http://localhost:8000/",
        "http://224.0.0.1/",
    ],
)
def test_production_refuses_internal_addresses_when_saved(url, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    form = EndpointForm(data={"name": "App", "url": url, "secret": "s" * 64, "events": ["page.published"]})
    assert not form.is_valid()
    assert "only sent to public internet addresses" in form.errors["url"][0]


def test_production_accepts_a_public_address_and_refuses_other_schemes(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    data = {
        "name": "App",
        "url": "https://93.184.215.14/hook",
        "secret": "s" * 64,
        "events": ["page.published"],
    }
    assert EndpointForm(data=data).is_valid()
    assert not EndpointForm(data={**data, "url": "ftp://93.184.215.14/hook"}).is_valid()


def test_development_allows_a_receiver_on_this_machine():
    form = EndpointForm(
        data={
            "name": "App",
            "url": "http://127.0.0.1:9000/",
            "secret": "s" * 64,
            "events": ["page.published"],
        }
    )
    assert form.is_valid(), form.errors


def test_production_checks_the_address_again_when_sending(
    content, endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    """An endpoint saved while its name resolved to a public address, now on loopback."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    news = content.news[0]
    committed(lambda: publish(news), django_capture_on_commit_callbacks)
    run_worker()
    assert receiver.requests == []
    delivery = page_deliveries(news).get()
    assert delivery.status == "failed"
    assert "127.0.0.1" in delivery.last_error and "refused" in delivery.last_error


# Admin ------------------------------------------------------------------------------------


@pytest.fixture
def webhook_editor(django_user_model):
    user = django_user_model.objects.create_user("webhooks", "webhooks@example.com", "pw")
    group = Group.objects.create(name="Webhook managers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="webhooks"),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def plain_editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    group = Group.objects.create(name="Editors only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_the_test_event_button_sends_a_signed_ping_and_says_how_it_went(
    client, webhook_editor, endpoint, receiver
):
    client.force_login(webhook_editor)
    listing = client.get(reverse("webhooks:index"))
    assert listing.status_code == 200
    assert receiver.url in listing.content.decode()
    assert "Send test event" in listing.content.decode()

    response = client.post(reverse("webhooks:send_test", args=[endpoint.pk]), follow=True)

    assert [p["event"] for p in receiver.payloads()] == ["ping"]
    assert "Test event delivered" in response.content.decode()
    delivery = Delivery.objects.get(event="ping")
    assert (delivery.status, delivery.response_code) == ("succeeded", 200)


def test_a_failing_test_event_is_reported(client, webhook_editor, endpoint, receiver):
    receiver.statuses = [500]
    client.force_login(webhook_editor)
    response = client.post(reverse("webhooks:send_test", args=[endpoint.pk]), follow=True)
    assert "failed: HTTP 500" in response.content.decode()
    assert Delivery.objects.get(event="ping").status == "failed", "a test event is not retried"


def test_the_test_event_needs_the_permission_and_a_post(
    client, plain_editor, webhook_editor, endpoint, receiver
):
    client.force_login(plain_editor)
    assert client.post(reverse("webhooks:send_test", args=[endpoint.pk])).status_code in (302, 403)
    assert client.get(reverse("webhooks:index")).status_code in (302, 403)
    client.force_login(webhook_editor)
    assert client.get(reverse("webhooks:send_test", args=[endpoint.pk])).status_code == 405
    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_an_editor_adds_an_endpoint_with_a_generated_secret(client, webhook_editor, settings):
    client.force_login(webhook_editor)
    form = client.get(reverse("webhooks:add")).content.decode()
    response = client.post(
        reverse("webhooks:add"),
        {
            "name": "Member app",
            "url": "http://127.0.0.1:9000/hook",
            "secret": Endpoint._meta.get_field("secret").default(),
            "events": ["page.published", "image.*"],
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["page.published", "image.*"]
    assert len(endpoint.secret) == 64
    assert 'name="secret"' in form

    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    refused = client.post(
        reverse("webhooks:add"),
        {
            "name": "Metadata",
            "url": "http://169.254.169.254/",
            "secret": "x" * 64,
            "events": ["page.published"],
        },
    )
    assert refused.status_code == 200
    assert "only sent to public internet addresses" in refused.content.decode()
    assert Endpoint.objects.count() == 1


def test_the_delivery_log_lists_deliveries_read_only(
    content, client, webhook_editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [404] * 100
    committed(lambda: publish(content.news[0]), django_capture_on_commit_callbacks)
    run_worker()
    client.force_login(webhook_editor)
    failed = page_deliveries(content.news[0]).get()
    assert failed.status == "failed"
    listing = client.get(reverse("webhook_deliveries:index"), {"status": "failed"}).content.decode()
    assert (
        failed.resource_key in listing
        and failed.event in listing
        and "404" in listing
        and "Failed" in listing
    )
    assert client.get(reverse("webhook_deliveries:add")).status_code in (302, 403)
    endpoints = client.get(reverse("webhooks:index")).content.decode()
    assert "Failing" in endpoints


def test_pruning_deletes_finished_deliveries_after_30_days(endpoint):
    old = Delivery.objects.create(endpoint=endpoint, event="ping", payload={}, status="succeeded")
    open_ = Delivery.objects.create(endpoint=endpoint, event="ping", payload={}, status="retrying")
    recent = Delivery.objects.create(endpoint=endpoint, event="ping", payload={}, status="failed")
    Delivery.objects.filter(pk__in=[old.pk, open_.pk]).update(created_at=timezone.now() - timedelta(days=31))
    call_command("prune_webhook_deliveries")
    assert set(Delivery.objects.values_list("pk", flat=True)) == {open_.pk, recent.pk}
