"""Every response carries the browser protections production promises: HTTPS only (HSTS),
no content sniffing, a referrer policy, no framing by other sites, and a
Content-Security-Policy strict on the public site and the API and relaxed only as far as
the Wagtail admin needs. Production's own settings module is loaded for these tests."""

import importlib
import sys

import pytest
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.factories import DocumentFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

# What the HTTPS proxy in front of gunicorn adds (production's SECURE_PROXY_SSL_HEADER).
HTTPS = {"headers": {"x-forwarded-proto": "https"}}

PRODUCTION_SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
    "ADMIN_CONTENT_SECURITY_POLICY",
]


def production_settings(settings, monkeypatch, proxies):
    """The test settings with every security setting taken from cms.settings.production,
    loaded afresh with ``TRUSTED_PROXY_COUNT=proxies``."""
    monkeypatch.setenv("SECRET_KEY", "a-long-production-like-secret-" * 3)
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", str(proxies))
    for name in ("cms.settings.production", "cms.settings.base"):
        sys.modules.pop(name, None)
    module = importlib.import_module("cms.settings.production")
    for name in PRODUCTION_SECURITY_SETTINGS:
        # Django's default where production sets nothing (SECURE_PROXY_SSL_HEADER without a proxy).
        setattr(settings, name, getattr(module, name, None))
    return settings


@pytest.fixture
def production(settings, monkeypatch):
    """Production behind the HTTPS proxy that adds X-Forwarded-Proto (TRUSTED_PROXY_COUNT=1)."""
    try:
        yield production_settings(settings, monkeypatch, proxies=1)
    finally:
        for name in ("cms.settings.production", "cms.settings.base"):
            sys.modules.pop(name, None)


@pytest.fixture
def production_without_a_proxy(settings, monkeypatch):
    try:
        yield production_settings(settings, monkeypatch, proxies=0)
    finally:
        for name in ("cms.settings.production", "cms.settings.base"):
            sys.modules.pop(name, None)


def policy(response, header="Content-Security-Policy"):
    """The policy as {directive: [sources]}."""
    directives = {}
    for part in response[header].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def pages(site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, title="Pay award", slug="pay-award")
    return {"home": "/", "news page": news.url, "news index": "/news/", "search": "/search/?query=pay"}


PUBLIC_URLS = [
    "/",
    "/news/",
    "/search/?query=pay",
    "/sitemap.xml",
    "/robots.txt",
    "/news/feed/",
    "/api/v2/pages/",
]


@pytest.mark.parametrize("url", [*PUBLIC_URLS, "/admin/login/", "/no-such-page/"])
def test_every_response_carries_the_browser_protections(client, production, pages, url):
    response = client.get(url, **HTTPS)

    assert response.status_code in {200, 404}, url
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response
    if not url.startswith("/admin/"):
        assert response["X-Frame-Options"] == "DENY"


def test_plain_http_is_redirected_to_https(client, production, site_tree):
    response = client.get("/news/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/news/"


def test_x_forwarded_proto_is_believed_only_from_a_trusted_proxy(
    client, production_without_a_proxy, site_tree
):
    """With no proxy in front (TRUSTED_PROXY_COUNT=0), a client that sends
    X-Forwarded-Proto: https over plain HTTP is still sent to HTTPS: it cannot pass the
    request off as secure."""
    assert production_without_a_proxy.SECURE_PROXY_SSL_HEADER is None

    response = client.get("/", **HTTPS)

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_behind_a_trusted_proxy_its_x_forwarded_proto_is_believed(client, production, site_tree):
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/", **HTTPS).status_code == 200


def test_session_and_csrf_cookies_are_https_only(production):
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SECURE is True


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_the_public_site_and_api_run_no_inline_or_third_party_script(client, production, pages, url):
    directives = policy(client.get(url, **HTTPS))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ]


def test_the_public_page_html_needs_nothing_the_policy_forbids(client, production, pages):
    """No inline script, inline style or event-handler attribute in what the site serves
    (the policy would block it; the browser tests check the rendered pages as well)."""
    from bs4 import BeautifulSoup

    for url in pages.values():
        soup = BeautifulSoup(client.get(url, **HTTPS).content, "html.parser")
        assert [script for script in soup.find_all("script") if not script.get("src")] == [], url
        assert soup.find_all("style") == [], url
        assert [tag.name for tag in soup.find_all(True) if "style" in tag.attrs] == [], url
        assert [
            tag.name for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)
        ] == [], url


@pytest.mark.parametrize(("url", "signed_in"), [("/admin/login/", False), ("/admin/", True)])
def test_the_admin_gets_the_relaxed_policy_it_needs_and_nothing_more(
    client, admin_user, production, url, signed_in
):
    if signed_in:
        client.force_login(admin_user)
    response = client.get(url, **HTTPS)
    directives = policy(response)

    assert response.status_code == 200
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["connect-src"] == ["'self'", "https://releases.wagtail.org"]


def test_a_page_preview_gets_the_policy_the_live_page_will_have_and_only_the_admin_may_frame_it(
    admin_client, production, site_tree
):
    news = NewsPageFactory(parent=site_tree.news_index, title="Pay award", slug="pay-award")
    preview_url = f"/admin/pages/{news.pk}/edit/preview/"
    form = nested_form_data(
        {
            "title": "Pay award (draft)",
            "slug": "pay-award",
            "date": "2025-04-01",
            "article_type": "news",
            "body": streamfield([]),
            "tags": "",
        }
    )
    assert admin_client.post(preview_url, form, **HTTPS).json()["is_valid"] is True

    response = admin_client.get(preview_url, **HTTPS)

    assert response.status_code == 200
    assert "Pay award (draft)" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]


def test_documents_are_served_with_nothing_allowed_to_run(client, production, site_tree):
    document = DocumentFactory()
    response = client.get(document.url, **HTTPS)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_anything_the_app_serves_from_media_gets_a_nothing_runs_policy(client, production):
    response = client.get("/media/original_images/anything.svg", **HTTPS)
    assert policy(response) == {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}


def test_media_on_another_host_is_allowed_to_load_images_from_it():
    from cms.settings.base import url_origin

    assert url_origin("https://media.miphealth.org.uk/media/") == "https://media.miphealth.org.uk"
    assert url_origin("/media/") is None
