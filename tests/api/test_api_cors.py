"""CORS: web apps read the API from any origin (or the listed ones), never the admin; the
preview endpoint only from listed origins."""

import pytest

from cms.api import preview

pytestmark = pytest.mark.django_db

ORIGIN = "https://pwa.example.org"
APP = "https://app.miphealth.org.uk"


@pytest.fixture
def listed_origins(settings):
    """API_CORS_ORIGINS="https://app.miphealth.org.uk", as the settings module reads it."""
    settings.API_CORS_ORIGINS = [APP]
    settings.CORS_ALLOWED_ORIGINS = [APP]
    settings.CORS_ALLOW_ALL_ORIGINS = False


def preflight(api, url, origin=ORIGIN):
    return api.options(
        url,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )


def test_the_read_api_is_open_to_every_origin(api, content):
    for url in (
        "/api/v2/pages/",
        f"/api/v2/pages/{content.news[0].pk}/",
        "/api/v2/sync/",
        "/api/v2/openapi.json",
    ):
        response = api.get(url, HTTP_ORIGIN=ORIGIN)

        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]
        assert "Access-Control-Allow-Credentials" not in response


def test_a_response_from_the_cache_carries_cors_headers_too(api, content):
    api.get("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)

    cached = api.get("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)
    head = api.head("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)

    assert cached["X-API-Cache"] == "hit"
    assert cached["Access-Control-Allow-Origin"] == head["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_gets_204_with_the_allowed_methods_and_headers(api, content):
    response = preflight(api, "/api/v2/pages/")

    assert response.status_code == 204
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert int(response["Access-Control-Max-Age"]) > 0


def test_the_admin_and_the_site_are_never_open(api, content, admin_client):
    for response in (
        api.get("/admin/login/", HTTP_ORIGIN=ORIGIN),
        preflight(api, "/admin/pages/"),
        admin_client.get("/admin/", HTTP_ORIGIN=ORIGIN),
        api.get(content.tree.news_index.url, HTTP_ORIGIN=ORIGIN),
    ):
        assert "Access-Control-Allow-Origin" not in response


def test_api_cors_origins_narrows_who_may_read(api, content, listed_origins):
    listed = api.get("/api/v2/pages/", HTTP_ORIGIN=APP)
    other = api.get("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)

    assert listed["Access-Control-Allow-Origin"] == APP
    assert "Origin" in listed["Vary"] or "origin" in listed["Vary"]
    assert "Access-Control-Allow-Origin" not in other
    assert other.status_code == 200  # CORS only tells the browser; the API still answers


def test_the_preview_is_open_only_to_listed_origins(api, content, admin_user, settings):
    token = preview.make_link(content.news[0], admin_user).token
    url = f"/api/v2/preview/?token={token}"

    unlisted = api.get(url, HTTP_ORIGIN=ORIGIN)
    unlisted_preflight = preflight(api, "/api/v2/preview/")
    settings.API_CORS_ORIGINS = [APP]
    settings.CORS_ALLOWED_ORIGINS = [APP]
    settings.CORS_ALLOW_ALL_ORIGINS = False
    listed = api.get(url, HTTP_ORIGIN=APP)
    other = api.get(url, HTTP_ORIGIN=ORIGIN)

    assert unlisted.status_code == 200
    assert "Access-Control-Allow-Origin" not in unlisted
    assert "Access-Control-Allow-Origin" not in unlisted_preflight
    assert listed["Access-Control-Allow-Origin"] == APP
    assert "Access-Control-Allow-Origin" not in other
