"""The Host header is the client's to choose. A host the site does not serve is refused
(400), and where a host is accepted but is not the site's own (ALLOWED_HOSTS = "*" on a
developer's machine, or a second allowed name in production), no link the site generates
uses it: sitemap, feeds, robots.txt, canonical and sharing links, password-reset emails."""

import pytest
from django.core import mail

from tests.factories import (
    AdviceTopicPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    LegalEyeArticlePageFactory,
    NewsPageFactory,
)

pytestmark = pytest.mark.django_db

FOREIGN_HOST = "evil.example"

SITE_URLS = [
    "/",
    "/news/",
    "/news/feed/",
    "/advice/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/search/?query=pay",
    "/admin/login/",
]


@pytest.fixture
def content(site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, title="Pay award", slug="pay-award")
    topic = AdviceTopicPageFactory(
        parent=site_tree.advice_index, title="Discrimination", slug="discrimination"
    )
    article = LegalEyeArticlePageFactory(parent=topic, title="Reasonable adjustments", slug="adjustments")
    events = EventIndexPageFactory(parent=site_tree.home, slug="events")
    event = EventPageFactory(parent=events, title="Pay meeting", slug="pay-meeting")
    return {"news": news, "article": article, "event": event}


@pytest.mark.parametrize("url", SITE_URLS)
def test_a_host_the_site_does_not_serve_is_refused(client, content, url):
    response = client.get(url, HTTP_HOST=FOREIGN_HOST)
    assert response.status_code == 400


@pytest.mark.parametrize("url", SITE_URLS)
def test_a_forged_forwarded_host_is_ignored(client, content, url):
    response = client.get(url, HTTP_X_FORWARDED_HOST=FOREIGN_HOST)
    assert response.status_code == 200
    assert FOREIGN_HOST not in response.content.decode()


@pytest.fixture
def any_host_allowed(settings):
    settings.ALLOWED_HOSTS = ["*"]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/news/",
        "/news/pay-award/",
        "/news/feed/",
        "/advice/feed/",
        "/events/",
        "/events/pay-meeting/",
        "/events/feed/",
        "/events/events.ics",
        "/events/pay-meeting/calendar.ics",
        "/sitemap.xml",
        "/robots.txt",
        "/search/",
    ],
)
def test_generated_links_always_use_the_sites_own_address(client, content, any_host_allowed, url):
    response = client.get(url, HTTP_HOST=FOREIGN_HOST)

    assert response.status_code == 200
    body = response.content.decode()
    assert FOREIGN_HOST not in body
    assert FOREIGN_HOST not in " ".join(str(value) for value in response.headers.values())


def test_the_sitemap_and_feeds_point_at_the_sites_hostname(client, content, any_host_allowed):
    sitemap = client.get("/sitemap.xml", HTTP_HOST=FOREIGN_HOST).content.decode()
    news_feed = client.get("/news/feed/", HTTP_HOST=FOREIGN_HOST).content.decode()
    legal_eye_feed = client.get("/advice/feed/", HTTP_HOST=FOREIGN_HOST).content.decode()
    robots = client.get("/robots.txt", HTTP_HOST=FOREIGN_HOST).content.decode()

    assert "<loc>http://testserver/news/pay-award/</loc>" in sitemap
    assert "<link>http://testserver/news/pay-award/</link>" in news_feed
    assert 'href="http://testserver/news/feed/" rel="self"' in news_feed
    assert 'href="http://testserver/advice/feed/" rel="self"' in legal_eye_feed
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_a_password_reset_email_links_to_the_admins_configured_address(client, admin_user, any_host_allowed):
    response = client.post("/admin/password_reset/", {"email": admin_user.email}, HTTP_HOST=FOREIGN_HOST)

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert FOREIGN_HOST not in mail.outbox[0].body
    assert "http://testserver/admin/password_reset/confirm/" in mail.outbox[0].body
