"""Rich text for apps: inline images as responsive pictures with their id, internal links that
keep their identity in Markdown, and body_html with absolute URLs (README, "Rich text for
apps")."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from cms.api import links
from cms.site import renditions
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
WIDTHS = {400, 800, 1200}


@pytest.fixture
def wide_image(content, django_capture_on_commit_callbacks):
    """The content's image replaced by one wide enough for every width, renditions made as on upload."""
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(
            width=1600, height=900, description="Managers at the conference", renditions=True
        )
    news = content.news[0]
    news.body = raw = news.body.get_prep_value()
    for block in raw:
        if block["type"] == "paragraph":
            block["value"] = re.sub(
                r'embedtype="image" (.*?) id="\d+"', rf'embedtype="image" \1 id="{image.pk}"', block["value"]
            )
    news.save_revision().publish()
    return image


def paragraph_of(data):
    return next(block["value"] for block in data["body"] if block["type"] == "paragraph")


def srcset_widths(srcset):
    return {int(candidate.split()[1].rstrip("w")) for candidate in srcset.split(",")}


def test_an_inline_image_is_a_picture_with_its_id_and_every_rendition(api, content, wide_image):
    html = paragraph_of(api.get(f"/api/v2/pages/{content.news[0].pk}/").json())
    picture = BeautifulSoup(html, "html.parser").find("picture")

    source, img = picture.find("source"), picture.find("img")
    assert source["type"] == "image/webp"
    assert img["data-image-id"] == str(wide_image.pk)
    assert img["alt"] == "Managers meeting"
    assert "richtext-image" in img["class"] and "full-width" in img["class"]
    assert srcset_widths(source["srcset"]) == srcset_widths(img["srcset"]) == WIDTHS
    for url in [*re.findall(r"(\S+) \d+w", source["srcset"] + ", " + img["srcset"]), img["src"]]:
        assert url.startswith(f"{BASE}/media/images/"), url
    assert all(url.endswith(".webp") for url in re.findall(r"(\S+) \d+w", source["srcset"]))
    assert img["width"] == "800" and img["height"] == "450"


def test_inline_images_use_only_the_renditions_made_ahead_of_time(api, content, wide_image):
    made = set(wide_image.renditions.values_list("filter_spec", flat=True))

    api.get(f"/api/v2/pages/{content.news[0].pk}/")
    Client().get(content.news[0].url)

    assert (
        set(wide_image.renditions.values_list("filter_spec", flat=True))
        == made
        == set(renditions.all_specs())
    )


def test_the_site_shows_the_same_responsive_inline_image(client, content, wide_image):
    html = client.get(content.news[0].url).content.decode()
    img = BeautifulSoup(html, "html.parser").find("img", attrs={"data-image-id": str(wide_image.pk)})

    assert img is not None and img.parent.name == "picture"
    assert srcset_widths(img["srcset"]) == WIDTHS
    assert img["src"].startswith("/media/images/")


def test_markdown_links_name_the_page_or_document_they_point_to(api, content):
    data = api.get(f"/api/v2/pages/{content.news[0].pk}/?rich_text_format=markdown").json()
    markdown = paragraph_of(data)
    titles = re.findall(r'\]\((\S+) "(mip:[^"]+)"\)', markdown)

    assert (f"{BASE}{content.topic.url}", f"mip:page:{content.topic.pk}:advice.AdviceTopicPage") in titles
    assert (f"{BASE}{content.document.url}", f"mip:document:{content.document.pk}") in titles
    assert "internal-link.invalid" not in markdown


def test_markdown_links_to_hidden_pages_lose_their_target(api, content):
    hidden = content.hidden["draft"]
    news = content.news[0]
    news.body = raw = news.body.get_prep_value()
    for block in raw:
        if block["type"] == "paragraph":
            block["value"] += f'<p>See <a linktype="page" id="{hidden.pk}">the draft</a>.</p>'
    news.body = raw
    news.save_revision().publish()

    markdown = paragraph_of(api.get(f"/api/v2/pages/{news.pk}/?rich_text_format=markdown").json())

    assert f"mip:page:{hidden.pk}" not in markdown and "internal-link.invalid" not in markdown
    assert "the draft" in markdown


def test_body_html_links_and_images_are_absolute(api, content, wide_image):
    body_html = api.get(f"/api/v2/pages/{content.news[0].pk}/").json()["body_html"]
    soup = BeautifulSoup(body_html, "html.parser")

    urls = [tag["href"] for tag in soup.find_all(href=True)] + [tag["src"] for tag in soup.find_all(src=True)]
    urls += [
        candidate.split()[0] for tag in soup.find_all(srcset=True) for candidate in tag["srcset"].split(",")
    ]
    assert urls
    assert all(url.startswith(("http://", "https://", "mailto:", "tel:", "#")) for url in urls), urls
    assert f"{BASE}{content.topic.url}" in urls
    assert soup.find("img", attrs={"data-image-id": str(wide_image.pk)})


def test_absolute_html_rewrites_only_site_relative_urls():
    html = (
        '<a href="/news/">n</a><a href="https://nhs.uk/x">x</a><a href="//cdn.example/y">y</a>'
        '<a href="#top">t</a><img src="/media/a.jpg" srcset="/media/a-400.jpg 400w, /media/a-800.jpg 800w">'
    )

    assert links.absolute_html(html) == (
        f'<a href="{BASE}/news/">n</a><a href="https://nhs.uk/x">x</a><a href="//cdn.example/y">y</a>'
        f'<a href="#top">t</a><img src="{BASE}/media/a.jpg" '
        f'srcset="{BASE}/media/a-400.jpg 400w, {BASE}/media/a-800.jpg 800w">'
    )
