"""Kept parts of public responses (cms/content/fragments.py, cms/site/stream_html.py): a page's
body HTML is rendered once and reused by the next anonymous responses, on the site and in the
API's ``body_html``, until something it shows changes.

What a reader or editor would notice: the second view is cheaper and identical; a linked
page's new title, an unpublished link, a newly published body and an image made private all
show at once; editors, previews and ``FRAGMENT_CACHE = False`` never keep or meet a part; and
a cached page that used a kept body is dropped with it.

The response caches are off unless a test is about them, so what is seen is the kept part
alone (a cached response would hide whether the part was dropped).
"""

import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.site import page_cache
from cms.site.renditions import generate_and_announce
from tests.api.conftest import publish
from tests.factories import DocumentFactory, ImageFactory, NewsPageFactory, StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_parts_alone")]

OLD_TITLE = "Pay and conditions"
NEW_TITLE = "Terms of service explained"


def block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def image_block(image, caption=""):
    return block(
        "image", {"image": image.pk, "alt_text": "", "decorative": False, "caption": caption, "credit": ""}
    )


@pytest.fixture
def linked(site_tree):
    return StandardPageFactory(parent=site_tree.about, title=OLD_TITLE, slug="pay-and-conditions")


@pytest.fixture
def image(db):
    return ImageFactory(title="Pay talks", description="Managers at the pay talks", renditions=True)


@pytest.fixture
def news(site_tree, linked, image):
    """A news item whose body links to ``linked`` (rich text and related pages) and shows ``image``."""
    return NewsPageFactory(
        parent=site_tree.news_index,
        title="Pay award announced",
        slug="pay-award",
        body=[
            block("heading", {"text": "What the award means", "level": "h2"}),
            block("paragraph", f'<p>Read <a linktype="page" id="{linked.pk}">our guide</a>.</p>'),
            image_block(image, caption="At the talks"),
            block("related_pages", {"heading": "Related content", "pages": [linked.pk]}),
        ],
    )


def body_of(response):
    assert response.status_code == 200
    return str(BeautifulSoup(response.content, "html.parser").select_one("div.streamfield"))


def kept_parts():
    # The test settings use the local-memory cache: its keys carry Django's prefix and version.
    return [key for key in cache._cache if "fragment:" in key]


def view_kept(client, url):
    """An anonymous view that keeps the body, and one that is served from it."""
    first = body_of(client.get(url))
    assert kept_parts(), "the first anonymous view keeps the body"
    second = body_of(client.get(url))
    assert second == first
    return second


def test_a_second_view_renders_the_body_from_the_kept_part_with_fewer_queries(client, news, settings):
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(news.url)
    with CaptureQueriesContext(connection) as second_queries:
        second = client.get(news.url)
    # The same page, as warm (same head, same per-head caches), rendering its body itself:
    # the fair comparison, since the first view also fills caches that are not parts.
    settings.FRAGMENT_CACHE = False
    with CaptureQueriesContext(connection) as unkept_queries:
        unkept = client.get(news.url)

    assert body_of(second) == body_of(first) == body_of(unkept)
    assert OLD_TITLE in body_of(second) and "block-image" in body_of(second)
    assert len(second_queries) < len(first_queries)
    assert len(second_queries) < len(unkept_queries)


def test_a_linked_page_s_new_title_shows_at_once(client, news, linked):
    assert OLD_TITLE in view_kept(client, news.url)

    linked.title = NEW_TITLE
    publish(linked)

    body = body_of(client.get(news.url))
    assert NEW_TITLE in body
    assert OLD_TITLE not in body


def test_an_unpublished_linked_page_leaves_the_body_at_once(client, news, linked):
    assert "pay-and-conditions" in view_kept(client, news.url)

    linked.unpublish()

    body = body_of(client.get(news.url))
    # The related pages block leaves it out and the rich text link loses its target.
    assert OLD_TITLE not in body
    assert "pay-and-conditions" not in body
    assert "our guide" in body


def test_a_newly_published_body_shows_at_once(client, news):
    view_kept(client, news.url)

    news.body = [block("heading", {"text": "The award is confirmed", "level": "h2"})]
    publish(news)

    body = body_of(client.get(news.url))
    assert "The award is confirmed" in body
    assert "What the award means" not in body


# Images and documents: a kept body must depend on the media it shows as well as the pages it
# links to, or a change to them (made private, new renditions) never reaches readers.


@pytest.fixture
def members_only(db):
    return Collection.get_first_root_node().add_child(name="Members only")


def restrict(collection):
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )


def test_an_image_moved_into_a_private_collection_leaves_the_body_at_once(client, news, image, members_only):
    assert "block-image" in view_kept(client, news.url)

    restrict(members_only)
    image.collection = members_only
    image.save()

    body = body_of(client.get(news.url))
    assert "block-image" not in body
    assert "At the talks" not in body


def test_an_image_whose_collection_is_made_private_leaves_the_body_at_once(client, news, image, members_only):
    image.collection = members_only
    image.save()
    assert "block-image" in view_kept(client, news.url)

    restrict(members_only)

    body = body_of(client.get(news.url))
    assert "block-image" not in body
    assert "At the talks" not in body


def test_a_document_moved_into_a_private_collection_leaves_the_body_at_once(client, site_tree, members_only):
    minutes = DocumentFactory(title="Board minutes")
    page = NewsPageFactory(
        parent=site_tree.news_index,
        slug="minutes",
        body=[block("documents", {"heading": "Downloads", "documents": [{"document": minutes.pk}]})],
    )
    assert "Board minutes" in view_kept(client, page.url)

    restrict(members_only)
    minutes.collection = members_only
    minutes.save()

    assert "Board minutes" not in body_of(client.get(page.url))


def test_an_uploaded_image_shows_once_its_renditions_are_made(client, site_tree):
    # Until the worker has made its renditions, a body shows a placeholder; the worker then
    # announces the image as changed, and readers should get the picture.
    upload = ImageFactory(description="Delegates voting")
    page = NewsPageFactory(
        parent=site_tree.news_index,
        slug="conference",
        body=[image_block(upload)],
    )
    assert "<picture" not in view_kept(client, page.url)

    generate_and_announce(upload)

    assert "<picture" in body_of(client.get(page.url))


def test_a_signed_in_editor_s_views_keep_nothing(client, news, admin_user):
    client.force_login(admin_user)
    for _ in range(2):
        assert "What the award means" in body_of(client.get(news.url))

    assert kept_parts() == []


def test_a_preview_shows_the_draft_body_even_right_after_the_published_one_was_kept(
    client, admin_client, news
):
    view_kept(client, news.url)
    preview_url = f"/admin/pages/{news.pk}/edit/preview/"
    form = nested_form_data(
        {
            "title": news.title,
            "slug": news.slug,
            "date": news.date.isoformat(),
            "article_type": news.article_type,
            "standfirst": news.standfirst,
            "body": streamfield([("heading", {"text": "Draft: the award is confirmed", "level": "h2"})]),
            "tags": "",
        }
    )
    assert admin_client.post(preview_url, form).json()["is_valid"] is True

    preview = body_of(admin_client.get(preview_url))

    assert "Draft: the award is confirmed" in preview
    assert "What the award means" not in preview
    # Readers still get the published body.
    assert "What the award means" in body_of(client.get(news.url))


def test_turned_off_nothing_is_kept(client, news, settings):
    settings.FRAGMENT_CACHE = False

    first = body_of(client.get(news.url))
    second = body_of(client.get(news.url))

    assert second == first
    assert kept_parts() == []


def test_the_api_body_html_follows_a_linked_page_s_new_title(client, news, linked):
    url = f"/api/v2/pages/{news.pk}/?fields=body_html"
    before = client.get(url).json()["body_html"]
    assert kept_parts()
    assert client.get(url).json()["body_html"] == before
    assert OLD_TITLE in before

    linked.title = NEW_TITLE
    publish(linked)

    # Only the title differs: the rest of the body is what it was.
    assert client.get(url).json()["body_html"] == before.replace(OLD_TITLE, NEW_TITLE)


def test_a_cached_page_that_used_a_kept_body_is_dropped_with_it(client, rf, news, linked, settings):
    view_kept(client, news.url)  # kept with the page cache off
    settings.PAGE_CACHE = True
    used = client.get(news.url)
    assert used["X-Page-Cache"] == "miss"
    assert client.get(news.url)["X-Page-Cache"] == "hit"
    # The page rendered from the kept body depends on what the body showed.
    stored = cache.get(page_cache.page_key(rf.get(news.url)))
    assert f"page:{linked.pk}" in stored["keys"]

    linked.title = NEW_TITLE
    publish(linked)

    response = client.get(news.url)
    assert response["X-Page-Cache"] == "miss"
    assert NEW_TITLE in body_of(response)
