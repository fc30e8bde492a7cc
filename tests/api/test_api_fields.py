"""What an app gets for each page type: complete fields, resolved StreamField JSON, display
HTML rich text, image and document objects, and body_html as the site renders it."""

import json
import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from wagtail.models import Collection, CollectionViewRestriction

from cms.api import links
from tests.api.conftest import publish
from tests.factories import DocumentFactory, ImageFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def get(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def blocks_by_type(body):
    return {block["type"]: block for block in body}


def test_news_detail_has_every_contract_field(api, content):
    news = get(api, f"/api/v2/pages/{content.news[0].pk}/")

    for name in ("date", "article_type", "byline", "author", "standfirst", "hero_image", "tags", "nations"):
        assert name in news
    assert news["article_type"] == "news"
    assert news["nations"] == ["wales"]
    assert news["byline"] == "Jo Bloggs"
    assert news["meta"]["type"] == "home.NewsPage"
    assert news["meta"]["html_url"] == f"{BASE}/news/{content.news[0].slug}/"
    assert news["meta"]["parent"]["id"] == content.tree.news_index.pk


def test_author_is_a_person_object_with_photo(api, content):
    author = get(api, f"/api/v2/pages/{content.news[0].pk}/")["author"]

    assert author["id"] == content.author.pk
    assert author["name"] == "Jo Bloggs"
    assert author["job_title"] == "Head of Communications"
    assert author["url"] == f"{BASE}/our-people/{content.author.slug}/"
    assert author["api_url"] == f"{BASE}/api/v2/pages/{content.author.pk}/"
    assert author["photo"]["alt"] == "Portrait of Jo Bloggs"
    assert len(author["photo"]["renditions"]) == 6


def test_author_is_null_when_the_profile_is_not_published(api, content):
    content.author.unpublish()

    news = get(api, f"/api/v2/pages/{content.news[0].pk}/")

    assert news["author"] is None
    assert news["byline"] == "MiP"


def test_tags_are_name_and_slug_objects(api, content):
    news = get(api, f"/api/v2/pages/{content.news[0].pk}/")

    assert news["tags"] == [{"name": "pay", "slug": "pay"}, {"name": "redundancy", "slug": "redundancy"}]


def test_hero_image_has_three_widths_in_jpeg_and_webp_as_absolute_urls(api, content):
    hero = get(api, f"/api/v2/pages/{content.news[0].pk}/")["hero_image"]

    assert hero["id"] == content.image.pk
    assert hero["alt"] == "Three NHS managers talking around a table"
    assert (hero["width"], hero["height"]) == (1600, 900)
    assert {(r["width"], r["format"]) for r in hero["renditions"]} == {
        (width, fmt) for width in (400, 800, 1200) for fmt in ("jpeg", "webp")
    }
    assert all(r["url"].startswith(f"{BASE}/media/images/") for r in hero["renditions"])


def test_body_blocks_are_type_value_id_with_resolved_values(api, content):
    body = get(api, f"/api/v2/pages/{content.news[0].pk}/")["body"]

    assert [block["type"] for block in body] == [
        "heading",
        "paragraph",
        "image",
        "quote",
        "call_to_action",
        "documents",
        "accordion",
        "table",
        "legal_eye",
        "related_pages",
    ]
    assert all(set(block) == {"type", "value", "id"} and block["id"] for block in body)
    blocks = blocks_by_type(body)
    assert blocks["heading"]["value"] == {
        "text": "What the pay award means",
        "level": "h2",
        "anchor": "what-the-pay-award-means",
    }
    image = blocks["image"]["value"]["image"]
    assert image["id"] == content.image.pk and len(image["renditions"]) == 6
    assert blocks["call_to_action"]["value"]["page"] == {
        "id": content.topic.pk,
        "type": "advice.AdviceTopicPage",
        "title": "Discrimination & equality",
        "url": f"{BASE}/advice/discrimination-equality/",
        "api_url": f"{BASE}/api/v2/pages/{content.topic.pk}/",
    }
    document = blocks["documents"]["value"]["documents"][0]
    assert document["id"] == content.document.pk
    assert document["url"] == f"{BASE}{content.document.url}"
    assert document["file_type"] == "pdf" and document["size"] > 0
    assert blocks["legal_eye"]["value"]["page"]["id"] == content.legal_eye.pk
    assert blocks["table"]["value"] == {
        "caption": "Pay rises",
        "header": ["Band", "Rise"],
        "rows": [["8a", "5%"]],
    }


def test_rich_text_is_display_html_with_app_friendly_links(api, content):
    news = get(api, f"/api/v2/pages/{content.news[0].pk}/")
    paragraph = blocks_by_type(news["body"])["paragraph"]["value"]

    assert (
        f'<a href="{BASE}/advice/discrimination-equality/" data-page-id="{content.topic.pk}" '
        'data-page-type="advice.AdviceTopicPage">our advice</a>'
    ) in paragraph
    assert f'<a href="{BASE}{content.document.url}" data-document-id="{content.document.pk}">' in paragraph
    assert re.search(rf'<img [^>]*src="{BASE}/media/images/[^"]+"', paragraph)
    answer = blocks_by_type(news["body"])["accordion"]["value"]["items"][0]["answer"]
    assert f'data-page-id="{content.topic.pk}"' in answer


def test_no_database_rich_text_markup_ever_leaves(api, content):
    for url in (
        "/api/v2/pages/?type=home.NewsPage&fields=*",
        f"/api/v2/pages/{content.news[0].pk}/",
        f"/api/v2/pages/{content.author.pk}/",
    ):
        raw = json.dumps(get(api, url))
        assert "linktype=" not in raw and "embedtype=" not in raw, url


def test_markdown_on_request(api, content):
    news = get(api, f"/api/v2/pages/{content.news[0].pk}/?rich_text_format=markdown")
    paragraph = blocks_by_type(news["body"])["paragraph"]["value"]

    assert "[NHS Employers](https://www.nhsemployers.org/)" in paragraph
    # Internal links keep their identity in the link title (README, "Rich text for apps").
    page_title = f"mip:page:{content.topic.pk}:advice.AdviceTopicPage"
    assert f'[our advice]({BASE}/advice/discrimination-equality/ "{page_title}")' in paragraph
    assert f'[the guide]({BASE}{content.document.url} "mip:document:{content.document.pk}")' in paragraph
    assert "<p>" not in paragraph


def test_body_html_is_the_sites_own_rendering(api, content):
    page = content.news[0]
    news = get(api, f"/api/v2/pages/{page.pk}/")

    page.refresh_from_db()
    site_html = render_to_string(
        "includes/streamfield.html", {"stream": page.body}, request=RequestFactory().get(page.url)
    ).strip()
    # The same HTML, with its links and images made absolute for apps.
    assert news["body_html"] == links.absolute_html(site_html)
    assert news["body_html"] != site_html
    assert "Managers matter." in news["body_html"]


def test_related_pages_leave_out_private_pages(api, content):
    body = get(api, f"/api/v2/pages/{content.news[0].pk}/")["body"]

    related = blocks_by_type(body)["related_pages"]["value"]["pages"]
    assert [link["id"] for link in related] == [content.legal_eye.pk, content.campaign.pk]


def test_legal_eye_fields(api, content):
    article = get(api, f"/api/v2/pages/{content.legal_eye.pk}/")

    assert article["author"]["name"] == "Jo Bloggs"
    assert article["nations"] == ["england"]
    assert article["review_overdue"] is False
    assert article["disclaimer"].startswith("Legal Eye gives general information")
    assert article["tags"] == [{"name": "equality", "slug": "equality"}]
    for name in ("date", "last_reviewed", "review_due", "summary", "body", "body_html"):
        assert name in article


def test_campaign_fields_include_aims_and_resources_with_documents_and_dates(api, content):
    campaign = get(api, f"/api/v2/pages/{content.campaign.pk}/")

    assert campaign["aims"] == ["Stop the scapegoating of managers."]
    forthcoming, published = (block["value"] for block in campaign["resources"])
    assert forthcoming["status"] == "forthcoming" and forthcoming["expected_date"] == "2031-03-01"
    assert published["document"]["url"] == f"{BASE}{content.document.url}"
    for name in ("strapline", "status", "body", "body_html"):
        assert name in campaign


def test_person_fields(api, content):
    officer = get(api, f"/api/v2/pages/{content.officer.pk}/")
    author = get(api, f"/api/v2/pages/{content.author.pk}/")

    assert officer["regions"] == [{"id": content.region.pk, "name": "London", "nation": "england"}]
    for name in ("job_title", "role", "email", "phone", "photo", "biography"):
        assert name in officer
    assert f'data-page-id="{content.tree.news_index.pk}"' in author["biography"]


def test_changes_reach_the_api_after_publishing(api, content):
    page = content.news[0]
    page.standfirst = "A new standfirst."
    publish(page)

    assert get(api, f"/api/v2/pages/{page.pk}/")["standfirst"] == "A new standfirst."


def test_images_endpoint_gives_alt_text_and_renditions_but_hides_private_collections(api, content):
    private_collection = Collection.get_first_root_node().add_child(name="Members only")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    private_image = ImageFactory(collection=private_collection, title="Private photo")

    listing = get(api, "/api/v2/images/")
    ids = [item["id"] for item in listing["items"]]

    assert private_image.pk not in ids
    assert content.image.pk in ids
    item = next(item for item in listing["items"] if item["id"] == content.image.pk)
    assert item["alt"] == "Three NHS managers talking around a table"
    assert len(item["renditions"]) == 6
    assert api.get(f"/api/v2/images/{private_image.pk}/").status_code == 404


def test_documents_endpoint_gives_url_size_and_type(api, content):
    DocumentFactory(title="Another guide")

    item = next(item for item in get(api, "/api/v2/documents/")["items"] if item["id"] == content.document.pk)

    assert item["url"] == f"{BASE}{content.document.url}"
    assert item["file_type"] == "pdf"
    assert item["size"] == content.document.get_file_size()
