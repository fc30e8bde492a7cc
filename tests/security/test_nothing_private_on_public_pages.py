"""Nothing private on public pages or in the API (issue 13, point 4): media in restricted
collections, forthcoming resources' documents, links to pages the public may not see,
redirects to private pages, and topics used only on private pages."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.factories import DocumentFactory, ImageFactory, NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Members only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def image_block(image):
    return {
        "type": "image",
        "value": {"image": image.pk, "alt_text": "Secret slide", "caption": "", "decorative": False},
    }


def test_a_restricted_collection_image_is_never_shown_on_a_public_page_or_in_its_json(
    client, site_tree, private_collection
):
    secret = ImageFactory(title="Secret slide", description="The secret slide", collection=private_collection)
    page = NewsPageFactory(parent=site_tree.news_index, hero_image=secret, body=[image_block(secret)])

    html = client.get(page.url).content.decode()
    data = client.get(f"/api/v2/pages/{page.pk}/?fields=*").json()

    assert "The secret slide" not in html
    assert secret.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] not in html, "no rendition or original URL"
    assert 'property="og:image"' not in html
    assert data["hero_image"] is None
    assert all(block["value"].get("image") is None for block in data["body"] if block["type"] == "image")
    assert "secret" not in data["body_html"].lower()
    assert client.get(f"/api/v2/images/{secret.pk}/").status_code == 404


def test_a_restricted_collection_document_is_never_listed(client, content, private_collection):
    content.document.collection = private_collection
    content.document.save()

    campaign = client.get(content.campaign.url).content.decode()
    data = client.get(f"/api/v2/pages/{content.campaign.pk}/?fields=*").json()
    news = client.get(f"/api/v2/pages/{content.news[0].pk}/?fields=*").json()

    assert content.document.url not in campaign
    assert all(item["value"]["document"] is None for item in data["resources"])
    assert content.document.url not in str(news)
    assert client.get(f"/api/v2/documents/{content.document.pk}/").status_code == 404


def test_a_forthcoming_resource_exposes_no_document_before_release(client, content):
    resources = list(content.campaign.resources.raw_data)
    resources[0]["value"]["document"] = content.document.pk
    content.campaign.resources = resources
    content.campaign.save()

    data = client.get(f"/api/v2/pages/{content.campaign.pk}/?fields=resources").json()
    forthcoming = next(
        item["value"] for item in data["resources"] if item["value"]["status"] == "forthcoming"
    )

    assert forthcoming["document"] is None
    assert forthcoming["url"] is None


@pytest.mark.parametrize("kind", ["draft", "unpublished", "scheduled", "private", "private_child"])
def test_rich_text_links_to_non_public_pages_have_no_href_on_the_site_or_in_body_html(client, content, kind):
    target = content.hidden[kind]
    page = StandardPageFactory(
        parent=content.tree.about,
        title="Links",
        body=[
            {
                "type": "paragraph",
                "value": f'<p>See <a linktype="page" id="{target.pk}">the hidden page</a>.</p>',
            }
        ],
    )

    html = client.get(page.url).content.decode()
    body_html = client.get(f"/api/v2/pages/{page.pk}/?fields=body_html").json()["body_html"]

    for output in (html, body_html):
        assert "the hidden page</a>" in output
        assert target.url_path.rstrip("/").rsplit("/", 1)[-1] not in output.split("the hidden page")[0][-200:]
        assert "<a>the hidden page</a>" in output


def test_a_page_moved_under_a_private_section_leaves_no_redirect_to_it(
    client, content, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=content.tree.about, title="Branch minutes", slug="branch-minutes")
    old_url = page.url
    section = StandardPageFactory(parent=content.tree.about, title="Members only", slug="members")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)

    with django_capture_on_commit_callbacks(execute=True):
        page.move(section, pos="last-child")

    assert not Redirect.objects.filter(redirect_page=page).exists()
    response = client.get(old_url)
    assert response.status_code == 404
    assert "members" not in response.get("Location", "")


def test_a_page_moved_to_a_public_place_keeps_its_redirect(
    client, content, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=content.tree.about, title="Branch minutes", slug="branch-minutes")
    old_url = page.url

    with django_capture_on_commit_callbacks(execute=True):
        page.move(content.tree.home, pos="last-child")

    assert client.get(old_url).status_code == 301


def test_a_topic_used_only_on_private_pages_answers_like_an_unknown_one(client, content):
    private = content.hidden["private"]
    private.tags.add("secret-merger")
    private.save()

    private_topic = client.get("/api/v2/pages/?type=home.NewsPage&tags=secret-merger")
    made_up = client.get("/api/v2/pages/?type=home.NewsPage&tags=made-up-topic")

    assert private_topic.status_code == made_up.status_code == 400
    assert private_topic.json()["message"].replace("secret-merger", "X") == made_up.json()["message"].replace(
        "made-up-topic", "X"
    )
    assert client.get("/api/v2/pages/?type=home.NewsPage&tags=pay").status_code == 200


def test_an_editor_who_picks_a_restricted_image_for_a_public_page_is_warned(
    admin_client, site_tree, private_collection
):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    secret = ImageFactory(title="Secret slide", collection=private_collection)
    page = StandardPageFactory(parent=site_tree.about, title="Open page")
    data = nested_form_data(
        {
            "title": "Open page",
            "slug": page.slug,
            "intro": "",
            "hero_image": secret.pk,
            "hero_image_alt": "A slide",
            "body": streamfield([]),
            "related_pages": inline_formset([]),
            "action-publish": "publish",
        }
    )

    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert any("restricted collection" in message and "Secret slide" in message for message in messages), (
        messages
    )


def test_media_images_and_documents_of_restricted_collections_are_not_in_media_listings(
    client, private_collection
):
    ImageFactory(title="Secret slide", collection=private_collection)
    DocumentFactory(title="Secret minutes", collection=private_collection)

    assert "Secret slide" not in client.get("/api/v2/images/").content.decode()
    assert "Secret minutes" not in client.get("/api/v2/documents/").content.decode()
