"""Preview in app: an editor's signed, expiring link to a page's saved draft, its QR code,
and /api/v2/preview/, which answers like the detail URL with fields=* and is never cached."""

import io
import re
import time
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import segno
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.core.management import call_command
from django.test import Client

from cms.api import preview
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def path_of(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def token_of(url):
    return parse_qs(urlsplit(url).query)["token"][0]


@pytest.fixture
def editor_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def reviewer(db, django_user_model):
    """Can sign in to the admin, but may edit no page."""
    user = django_user_model.objects.create_user(username="reviewer", password="x")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def news(content):
    return content.news[0]


def draft(page, **changes):
    """Save a draft with ``changes``, as the editor's "Save draft" does."""
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision()
    return page


def link_from_admin(editor_client, page):
    response = editor_client.get(f"/admin/app-preview/{page.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    url = unescape(re.search(r'id="app-preview-link" type="text" readonly value="([^"]+)"', html).group(1))
    return url, html


def test_the_editor_offers_preview_in_app(editor_client, news):
    html = editor_client.get(f"/admin/pages/{news.pk}/edit/").content.decode()

    assert "Preview in app" in html
    assert f"/admin/app-preview/{news.pk}/" in html


def test_the_link_view_shows_a_link_and_its_qr_code_drawn_on_the_server(editor_client, news):
    url, html = link_from_admin(editor_client, news)

    assert url.startswith("http://testserver/api/v2/preview/?token=")
    # The QR code encodes exactly the link shown, as inline SVG (no image request, no network).
    assert segno.make(url, error="m").svg_inline(scale=5, border=2, title=f"Preview of {news.title}") in html
    assert "60 minutes" in html


def test_a_published_page_previews_exactly_as_the_detail_url_shows_it(api, editor_client, news):
    url, _html = link_from_admin(editor_client, news)

    previewed = api.get(path_of(url))

    assert previewed.status_code == 200
    assert previewed.json() == api.get(f"/api/v2/pages/{news.pk}/?fields=*").json()


def test_the_preview_shows_the_saved_draft_not_the_live_page(api, editor_client, news):
    live_title = news.title
    draft(news, title="Pay award: the new figures", standfirst="Updated after the announcement.")
    url, _html = link_from_admin(editor_client, news)

    previewed = api.get(path_of(url)).json()
    live = api.get(f"/api/v2/pages/{news.pk}/").json()

    assert previewed["title"] == "Pay award: the new figures"
    assert previewed["standfirst"] == "Updated after the announcement."
    assert live["title"] == live_title


def test_a_page_never_published_can_be_previewed(api, editor_client, content):
    unpublished = NewsPageFactory(parent=content.tree.news_index, title="Embargoed: pay offer", live=False)
    url, html = link_from_admin(editor_client, unpublished)

    previewed = api.get(path_of(url))

    assert "never been published" in html
    assert previewed.status_code == 200
    data = previewed.json()
    assert data["type"] == data["meta"]["type"] == "home.NewsPage"
    assert data["title"] == "Embargoed: pay offer"
    assert data["meta"]["html_url"] is None
    assert api.get(f"/api/v2/pages/{unpublished.pk}/").status_code == 404


def test_a_preview_is_private_and_never_cached(api, editor_client, news):
    draft(news, title="First draft")
    url, _html = link_from_admin(editor_client, news)
    first = api.get(path_of(url))
    news.refresh_from_db()
    news.latest_revision.delete()

    again = api.get(path_of(url))

    assert first["Cache-Control"] == "private, no-store"
    assert "ETag" not in first and "X-API-Cache" not in first
    # Served afresh: the draft it named is gone.
    assert again.status_code == 404
    assert "no longer exists" in again.json()["message"]


def test_a_preview_never_appears_in_sync(api, editor_client, news):
    # A whole first sync (pages, then media and the directory), as an app makes it.
    answer = api.get("/api/v2/sync/?limit=100").json()
    while answer["has_more"]:
        answer = api.get(f"/api/v2/sync/?limit=100&cursor={answer['next_cursor']}").json()
    cursor = answer["next_cursor"]
    draft(news, title="Not yet published")
    url, _html = link_from_admin(editor_client, news)
    assert api.get(path_of(url)).status_code == 200

    delta = api.get(f"/api/v2/sync/?cursor={cursor}").json()

    assert delta["updated"] == [] and delta["deleted"] == []


@pytest.mark.parametrize(
    ("spoil", "status"),
    [
        (lambda token: "", 401),
        (lambda token: "not-a-token", 403),
        (lambda token: token[:-4], 403),
        (lambda token: token.replace(token.split(":")[0], token.split(":")[0][::-1]), 403),
        (lambda token: signing.TimestampSigner(salt="another.purpose").sign_object({"page": 1}), 403),
    ],
    ids=["missing", "malformed", "cut-short", "forged-payload", "signed-for-something-else"],
)
def test_a_bad_token_gets_a_json_401_or_403_with_a_message(api, news, admin_user, spoil, status):
    token = preview.make_link(news, admin_user).token

    response = api.get("/api/v2/preview/", {"token": spoil(token)})

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]
    assert response["Cache-Control"] == "private, no-store"


def test_a_link_expires_after_preview_token_max_age(api, news, admin_user, settings, monkeypatch):
    settings.PREVIEW_TOKEN_MAX_AGE = 600
    token = preview.make_link(news, admin_user).token
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 599)
    assert api.get("/api/v2/preview/", {"token": token}).status_code == 200

    monkeypatch.setattr(signing.time, "time", lambda: now + 601)
    expired = api.get("/api/v2/preview/", {"token": token})

    assert expired.status_code == 401
    assert "expired" in expired.json()["message"]
    assert expired["WWW-Authenticate"]


def test_only_editors_who_can_edit_the_page_make_links(news, reviewer):
    client = Client()
    client.force_login(reviewer)

    refused = client.get(f"/admin/app-preview/{news.pk}/")

    # Wagtail's admin answers a permission error by sending the user back to the dashboard.
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert "Preview in app" not in client.get(f"/admin/pages/{news.pk}/").content.decode()
    with pytest.raises(preview.PermissionDenied):
        preview.make_link(news, reviewer)


def test_a_link_stops_working_when_its_editor_loses_access(api, news, admin_user):
    token = preview.make_link(news, admin_user).token
    admin_user.is_active = False
    admin_user.save()

    response = api.get("/api/v2/preview/", {"token": token})

    assert response.status_code == 403
    assert "can no longer edit" in response.json()["message"]


def test_unknown_parameters_are_a_400(api, news, admin_user):
    token = preview.make_link(news, admin_user).token

    response = api.get("/api/v2/preview/", {"token": token, "fields": "title"})

    assert response.status_code == 400
    assert "fields" in response.json()["message"]


def test_markdown_previews_too(api, news, admin_user):
    token = preview.make_link(news, admin_user).token

    data = api.get("/api/v2/preview/", {"token": token, "rich_text_format": "markdown"}).json()

    paragraph = next(block for block in data["body"] if block["type"] == "paragraph")
    assert "](http://testserver/" in paragraph["value"]


def test_the_command_prints_the_same_kind_of_link(api, news, admin_user):
    out, err = io.StringIO(), io.StringIO()
    draft(news, title="Drafted on the server")

    call_command("preview_link", str(news.pk), "--user", admin_user.username, stdout=out, stderr=err)

    url = out.getvalue().strip()
    assert url.startswith("http://testserver/api/v2/preview/?token=")
    assert "works until" in err.getvalue()
    assert api.get(path_of(url)).json()["title"] == "Drafted on the server"


def test_the_command_refuses_an_editor_who_cannot_edit_the_page(news, reviewer):
    with pytest.raises(Exception, match="can't edit"):
        call_command("preview_link", str(news.pk), "--user", reviewer.username, stdout=io.StringIO())


def test_preview_app_url_sends_the_token_to_the_app(news, admin_user, settings):
    settings.PREVIEW_APP_URL = "https://app.miphealth.org.uk/preview"

    link = preview.make_link(news, admin_user)

    assert link.url.startswith("https://app.miphealth.org.uk/preview?token=")
    assert token_of(link.url) == token_of(link.api_url) == link.token
