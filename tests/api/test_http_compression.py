"""Responses are compressed (brotli or gzip, as the client prefers) with Vary: Accept-Encoding,
and conditional requests still answer 304 against the compressed response's ETag."""

import gzip
import json
from unittest import mock

import brotli
import pytest
from django.test import Client

from cms.site import compression

pytestmark = pytest.mark.django_db

LISTING = "/api/v2/pages/?type=home.NewsPage&fields=*&limit=20"


@pytest.fixture(autouse=True)
def _no_kept_bodies():
    compression.bodies.clear()
    yield
    compression.bodies.clear()


@pytest.fixture
def twenty_news(content):
    content.add_news(17)
    return content


def decoded(response):
    coding = response.get("Content-Encoding")
    if coding == "br":
        return brotli.decompress(response.content)
    if coding == "gzip":
        return gzip.decompress(response.content)
    return response.content


@pytest.mark.parametrize(
    ("accept_encoding", "coding"),
    [
        ("gzip, deflate, br", "br"),
        ("br", "br"),
        ("gzip", "gzip"),
        ("gzip;q=1.0, br;q=0.5", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("*", "br"),
        ("identity", None),
        ("gzip;q=0, br;q=0", None),
        ("", None),
    ],
)
def test_the_api_listing_is_compressed_as_the_client_prefers(api, twenty_news, accept_encoding, coding):
    plain = api.get(LISTING)

    response = api.get(LISTING, HTTP_ACCEPT_ENCODING=accept_encoding)

    assert response.get("Content-Encoding") == coding
    assert "Accept-Encoding" in response["Vary"]
    assert json.loads(decoded(response)) == json.loads(plain.content)
    if coding:
        assert int(response["Content-Length"]) == len(response.content)


def test_compression_makes_the_listing_several_times_smaller(api, twenty_news):
    plain = api.get(LISTING)
    brotli_response = api.get(LISTING, HTTP_ACCEPT_ENCODING="br")
    gzip_response = api.get(LISTING, HTTP_ACCEPT_ENCODING="gzip")

    assert len(plain.json()["items"]) == 20
    assert len(brotli_response.content) * 5 < len(plain.content)
    assert len(gzip_response.content) * 5 < len(plain.content)


@pytest.mark.parametrize("accept_encoding", ["br", "gzip"])
def test_a_conditional_get_with_the_compressed_etag_answers_304(api, twenty_news, accept_encoding):
    first = api.get(LISTING, HTTP_ACCEPT_ENCODING=accept_encoding)
    # Served by the response cache middleware (before the view) and by the view's cache.
    again = api.get(LISTING, HTTP_ACCEPT_ENCODING=accept_encoding, HTTP_IF_NONE_MATCH=first["ETag"])
    detail = f"/api/v2/pages/{twenty_news.news[0].pk}/"
    detail_first = api.get(detail, HTTP_ACCEPT_ENCODING=accept_encoding)
    detail_again = api.get(
        detail, HTTP_ACCEPT_ENCODING=accept_encoding, HTTP_IF_NONE_MATCH=detail_first["ETag"]
    )

    assert first["ETag"].startswith('W/"')
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert detail_again.status_code == 304 and detail_again["ETag"] == detail_first["ETag"]


def test_a_changed_listing_gets_a_new_etag_and_a_200(api, twenty_news):
    first = api.get(LISTING, HTTP_ACCEPT_ENCODING="br")
    page = twenty_news.news[0]
    page.title = "Pay award: the final figures"
    page.save_revision().publish()

    again = api.get(LISTING, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert "Pay award: the final figures" in decoded(again).decode()


def test_reader_pages_are_compressed_and_still_answer_304(client, twenty_news):
    url = twenty_news.tree.news_index.url
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    cached = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br", HTTP_IF_NONE_MATCH=cached["ETag"])

    assert first["Content-Encoding"] == cached["Content-Encoding"] == "br"
    assert cached["X-Page-Cache"] == "hit"
    assert decoded(cached) == decoded(first)
    assert b"</html>" in decoded(cached)
    assert again.status_code == 304 and again["ETag"] == cached["ETag"]


def test_a_shared_response_is_compressed_once_per_process(api, twenty_news):
    with mock.patch.object(compression.brotli, "compress", wraps=brotli.compress) as compress:
        responses = [api.get(LISTING, HTTP_ACCEPT_ENCODING="br") for _ in range(3)]

    assert compress.call_count == 1
    assert len({response.content for response in responses}) == 1


def test_a_signed_in_editors_page_gets_padded_gzip_never_kept_brotli(twenty_news, admin_user):
    editor = Client()
    editor.force_login(admin_user)
    url = twenty_news.tree.news_index.url

    responses = [editor.get(url, HTTP_ACCEPT_ENCODING="gzip, br") for _ in range(3)]

    assert {response["Content-Encoding"] for response in responses} == {"gzip"}
    # Django's gzip pads each response by a random length (against BREACH).
    assert len({response.content for response in responses}) > 1
    assert compression.bodies.bytes == 0


def test_small_and_binary_responses_are_left_alone(api, client, twenty_news):
    small = api.get("/api/v2/pages/999999/", HTTP_ACCEPT_ENCODING="br")
    document = client.get(twenty_news.document.url, HTTP_ACCEPT_ENCODING="br")

    assert small.status_code == 404 and "Content-Encoding" not in small
    assert "Accept-Encoding" in small["Vary"]
    # Served as stored (Wagtail's serve view streams the file; nothing here recompresses it).
    assert b"".join(document.streaming_content).startswith(b"%PDF-1.4")


def test_the_kept_bodies_are_bounded():
    bodies = compression.CompressedBodies(max_bytes=100)
    for number in range(5):
        bodies.put((f'"{number}"', "br"), b"x" * 40)

    assert bodies.bytes <= 100
    assert bodies.get(('"4"', "br")) == b"x" * 40
    assert bodies.get(('"0"', "br")) is None
