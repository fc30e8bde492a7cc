"""``cms.wagtail_compat`` on real Wagtail objects, pinned to the Wagtail version it was checked
against: an upgrade fails here first, in one place."""

import io

import pytest
import wagtail
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.struct_block import StructValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms import wagtail_compat
from cms.api.router import api_router
from cms.api.views import PagesAPIViewSet
from home.models import StandardPage

CHECKED_AGAINST = "8.0."


def test_the_installed_wagtail_is_the_one_the_compat_module_was_checked_against():
    assert wagtail.__version__.startswith(CHECKED_AGAINST), (
        f"Wagtail is {wagtail.__version__}; cms/wagtail_compat.py was checked against "
        f"{CHECKED_AGAINST}x. Re-check every function in cms/wagtail_compat.py against the new "
        "Wagtail's source (each names the private attribute it uses), then update CHECKED_AGAINST."
    )


class Card(blocks.StructBlock):
    heading = blocks.CharBlock()
    size = blocks.IntegerBlock(default=2)


class Body(blocks.StreamBlock):
    paragraph = blocks.CharBlock()
    card = Card()


def lazy_stream():
    """A StreamValue as read from the database: raw JSON, converted on first access."""
    raw = [
        {"type": "paragraph", "value": "First", "id": "a"},
        {"type": "card", "value": {"heading": "Pay", "size": 3}, "id": "b"},
    ]
    return Body().to_python(raw)


def test_unconverted_blocks_lists_raw_blocks_until_read():
    stream = lazy_stream()
    assert wagtail_compat.unconverted_blocks(stream) == [
        (0, {"type": "paragraph", "value": "First", "id": "a"}),
        (1, {"type": "card", "value": {"heading": "Pay", "size": 3}, "id": "b"}),
    ]
    assert stream[0].value == "First"
    assert [index for index, _ in wagtail_compat.unconverted_blocks(stream)] == [1]


def test_set_converted_block_is_what_reading_the_stream_returns():
    stream = lazy_stream()
    card = Body().child_blocks["card"]
    value = wagtail_compat.struct_value(card, [("heading", "Replaced"), ("size", 5)])
    wagtail_compat.set_converted_block(stream, 1, card, value, "b")
    assert wagtail_compat.unconverted_blocks(stream) == [(0, stream.raw_data[0])]
    assert stream[1].block_type == "card"
    assert stream[1].id == "b"
    assert stream[1].value["heading"] == "Replaced"
    # Saving writes the converted value back.
    assert stream.get_prep_value()[1]["value"] == {"heading": "Replaced", "size": 5}


def test_struct_value_is_the_blocks_value_class_with_the_given_children():
    value = wagtail_compat.struct_value(Card(), [("heading", "Pay"), ("size", 3)])
    assert isinstance(value, StructValue)
    assert dict(value) == {"heading": "Pay", "size": 3}


def test_list_item_reads_both_list_block_formats():
    block = blocks.ListBlock(blocks.CharBlock())
    assert wagtail_compat.list_item(block, {"type": "item", "id": "x1", "value": "One"}) == ("x1", "One")
    assert wagtail_compat.list_item(block, "Two") == (None, "Two")
    # What Wagtail itself reads from the same data.
    value = block.to_python([{"type": "item", "id": "x1", "value": "One"}, "Two"])
    assert isinstance(value, ListValue)
    assert [child.value for child in value.bound_blocks] == ["One", "Two"]


@pytest.mark.django_db
def test_share_site_root_paths_is_what_page_urls_read(site_tree):
    about = Page.objects.get(pk=site_tree.about.pk)
    paths = Site.get_site_root_paths()
    wagtail_compat.share_site_root_paths(about, paths)
    with CaptureQueriesContext(connection) as queries:
        url = about.get_url()
    assert url == "/about/"
    assert len(queries) == 0
    # A site root path list without this site: Wagtail finds no URL, so it read ours.
    wagtail_compat.share_site_root_paths(about, [])
    assert about.get_url() is None


@pytest.mark.django_db
def test_set_cached_parent_answers_get_parent_without_a_query(site_tree):
    about = Page.objects.get(pk=site_tree.about.pk)
    wagtail_compat.set_cached_parent(about, site_tree.home)
    with CaptureQueriesContext(connection) as queries:
        assert about.get_parent() is site_tree.home
    assert len(queries) == 0


@pytest.mark.django_db
def test_set_cached_specific_answers_page_specific_without_a_query(site_tree):
    about = Page.objects.get(pk=site_tree.about.pk)
    specific = StandardPage.objects.get(pk=about.pk)
    wagtail_compat.set_cached_specific(about, specific)
    with CaptureQueriesContext(connection) as queries:
        assert about.specific is specific
    assert len(queries) == 0


@pytest.mark.django_db
def test_set_request_site_is_what_site_find_for_request_answers(rf, site_tree):
    other = Site(hostname="elsewhere.example", root_page=site_tree.home)
    request = rf.get("/")
    wagtail_compat.set_request_site(request, other)
    with CaptureQueriesContext(connection) as queries:
        assert Site.find_for_request(request) is other
    assert len(queries) == 0


def test_set_request_route_is_what_wagtail_serves(rf, site_tree):
    from wagtail.url_routing import RouteResult

    request = rf.get("/no-such-page/")
    wagtail_compat.set_request_route(request, RouteResult(site_tree.about))
    with CaptureQueriesContext(connection) as queries:
        assert Page.find_for_request(request, "/no-such-page/") is site_tree.about
    assert len(queries) == 0


def test_api_serializer_class_builds_the_v2_serializer_for_a_page_model():
    serializer = wagtail_compat.api_serializer_class(
        PagesAPIViewSet, api_router, StandardPage, [], show_details=True
    )
    assert {"id", "title", "parent"} <= set(serializer.Meta.fields)
    listing = wagtail_compat.api_serializer_class(PagesAPIViewSet, api_router, StandardPage, [])
    assert "parent" not in listing.Meta.fields


def test_api_endpoints_are_the_registered_view_sets():
    endpoints = wagtail_compat.api_endpoints(api_router)
    assert endpoints["pages"] is PagesAPIViewSet
    assert {"pages", "images", "documents"} <= endpoints.keys()


@pytest.mark.django_db
def test_set_file_metadata_fills_size_and_hash_of_images_and_documents():
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), "white").save(buffer, "PNG")
    image = get_image_model()(title="Dot", file=ImageFile(io.BytesIO(buffer.getvalue()), name="dot.png"))
    wagtail_compat.set_file_metadata(image)
    assert image.file_size == len(buffer.getvalue())
    assert len(image.file_hash) == 40

    document = get_document_model()(title="Note", file=ContentFile(b"hello", name="note.txt"))
    wagtail_compat.set_file_metadata(document)
    assert document.file_size == 5
    assert len(document.file_hash) == 40


def test_sqlite_search_scores_scores_every_match_the_backend_finds(site_tree):
    for title in ["Pension changes", "Pensions and pay", "Holiday pay"]:
        site_tree.home.add_child(instance=StandardPage(title=title, slug=title.lower().replace(" ", "-")))
    results = StandardPage.objects.live().search("pay", operator="or", order_by_relevance=True)

    scores = wagtail_compat.sqlite_search_scores(results)

    if connection.vendor != "sqlite":
        assert scores is None  # other backends order by relevance in one query themselves
        return
    assert set(scores) == {page.pk for page in results}
    assert sorted(scores, key=lambda pk: (scores[pk], -pk)) == [page.pk for page in results]
