"""Script never reaches a reader through rich text: not by an editor pasting or typing it,
not by a hand-made post to the page editor, and not by rich text written straight to the
database. Checked in the stored revision, in the page as served and in the blocks on their own."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail import blocks as wagtail_blocks
from wagtail.blocks import RawHTMLBlock
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.blocks import BodyStreamBlock, ParagraphBlock
from cms.rich_text_policy import safe_url, sanitise_html
from home.models import NewsPage
from tests.factories import ImageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "  javascript:alert(1)",
    "\n\tjavascript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "java&#x09;script:alert(1)",
    "javascript&colon;alert(1)",
    "&amp;#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]
SAFE_URLS = [
    "https://www.nhsemployers.org/pay?band=8a&year=2025",
    "http://example.org/",
    "mailto:MemberAdvice@miphealth.org.uk",
    "tel:08000857857",
    "/advice/",
    "#what-to-do",
    "advice/redundancy",
]


# No raw HTML block anywhere


def all_child_blocks(block):
    yield block
    children = getattr(block, "child_blocks", None) or {}
    for child in children.values():
        yield from all_child_blocks(child)
    child_block = getattr(block, "child_block", None)
    if child_block is not None:
        yield from all_child_blocks(child_block)


def test_no_page_type_offers_a_raw_html_block():
    stream_fields = [
        (model.__name__, field.name, field.stream_block)
        for model in get_page_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
    ]
    assert len(stream_fields) >= 6
    for model_name, field_name, stream_block in stream_fields:
        found = [block for block in all_child_blocks(stream_block) if isinstance(block, RawHTMLBlock)]
        assert found == [], f"{model_name}.{field_name} offers raw HTML"

    assert not any(
        isinstance(block, wagtail_blocks.RawHTMLBlock) for block in all_child_blocks(BodyStreamBlock())
    )


# The URL policy on its own


@pytest.mark.parametrize("url", HOSTILE_URLS, ids=repr)
def test_script_urls_are_refused_however_they_are_disguised(url):
    assert safe_url(url) is None


@pytest.mark.parametrize("url", SAFE_URLS)
def test_ordinary_links_are_kept_exactly(url):
    assert safe_url(url) == url


# Through the page editor


def contentstate(*paragraphs):
    """Draftail's ContentState for paragraphs of (text, entity or None) - what the editor posts."""
    blocks, entity_map = [], {}
    for index, (text, entity) in enumerate(paragraphs):
        ranges = []
        if entity is not None:
            entity_map[str(len(entity_map))] = entity
            ranges = [{"offset": 0, "length": len(text), "key": len(entity_map) - 1}]
        block_type = "atomic" if entity and entity["type"] == "IMAGE" else "unstyled"
        blocks.append(
            {
                "key": f"k{index}",
                "type": block_type,
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [],
                "entityRanges": ranges,
            }
        )
    return json.dumps({"blocks": blocks, "entityMap": entity_map})


def link(url=None, **data):
    if url is not None:
        data["url"] = url
    return {"type": "LINK", "mutability": "MUTABLE", "data": data}


@pytest.fixture
def news_page(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Pay award news", slug="pay-award")


def publish_body_through_the_editor(client, page, body_contentstate):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "date": "2025-04-01",
            "article_type": "news",
            "standfirst": "What the pay award means.",
            "body": streamfield([("paragraph", body_contentstate)]),
            "tags": "",
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page.refresh_from_db()
    return page.get_latest_revision()


def stored_paragraphs(revision):
    """The paragraph blocks' HTML as the revision holds it in the database."""
    body = revision.content["body"]
    if isinstance(body, str):
        body = json.loads(body)
    return "".join(block["value"] for block in body if block["type"] == "paragraph")


def assert_nothing_can_run(markup):
    soup = BeautifulSoup(markup, "html.parser")
    assert soup.find_all(["script", "iframe", "object", "embed", "svg", "style"]) == []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), f"{name} on <{tag.name}>"
            if name in {"href", "src", "action", "formaction"}:
                assert safe_url(value) is not None, f"{name}={value!r} on <{tag.name}>"


def test_script_typed_into_a_paragraph_is_stored_and_served_as_text(admin_client, news_page):
    text = '<script>alert("pay")</script><img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>'

    revision = publish_body_through_the_editor(admin_client, news_page, contentstate((text, None)))
    stored = stored_paragraphs(revision)
    served = admin_client.get(news_page.url).content.decode()

    assert "<script" not in stored and "<img" not in stored and "<a " not in stored
    assert "&lt;script&gt;" in stored
    assert_nothing_can_run(stored)
    assert "&lt;script&gt;alert(&quot;pay&quot;)&lt;/script&gt;" in served or "&lt;script&gt;" in served
    assert_nothing_can_run(BeautifulSoup(served, "html.parser").find("main").decode())


@pytest.mark.parametrize("url", HOSTILE_URLS, ids=repr)
def test_a_script_link_posted_to_the_editor_loses_its_target_but_keeps_its_text(admin_client, news_page, url):
    revision = publish_body_through_the_editor(
        admin_client, news_page, contentstate(("Read our advice", link(url)))
    )
    stored = stored_paragraphs(revision)
    news_page.refresh_from_db()
    served = admin_client.get(news_page.url).content.decode()

    assert "<a>Read our advice</a>" in stored
    assert "avascript" not in stored.lower() and "vbscript" not in stored and "data:" not in stored
    assert "Read our advice" in served
    assert_nothing_can_run(BeautifulSoup(served, "html.parser").find("main").decode())


def test_ordinary_links_posted_to_the_editor_are_kept(admin_client, news_page):
    paragraphs = [(f"link {index}", link(url)) for index, url in enumerate(SAFE_URLS)]

    revision = publish_body_through_the_editor(admin_client, news_page, contentstate(*paragraphs))
    stored = BeautifulSoup(stored_paragraphs(revision), "html.parser")

    assert [anchor["href"] for anchor in stored.find_all("a")] == SAFE_URLS


def test_hand_made_entities_cannot_smuggle_attributes_or_break_the_page(admin_client, news_page):
    image = ImageFactory()
    body = contentstate(
        ("page link", link(id="1 onmouseover=alert(1)")),
        ("document link", {"type": "DOCUMENT", "mutability": "MUTABLE", "data": {"id": '1" onclick="x'}}),
        ("no target", link()),
        (
            " ",
            {"type": "IMAGE", "mutability": "IMMUTABLE", "data": {"id": "x", "alt": "a", "format": "left"}},
        ),
        (
            " ",
            {
                "type": "IMAGE",
                "mutability": "IMMUTABLE",
                "data": {"id": image.pk, "alt": '"><script>alert(1)</script>', "format": "left"},
            },
        ),
    )

    revision = publish_body_through_the_editor(admin_client, news_page, body)
    stored = stored_paragraphs(revision)
    response = admin_client.get(news_page.url)

    assert "<a>page link</a>" in stored
    assert "<a>document link</a>" in stored
    assert "<a>no target</a>" in stored
    assert 'id="x"' not in stored
    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").find("main")
    assert_nothing_can_run(main.decode())
    assert main.find("img", alt='"><script>alert(1)</script>')


# Rich text that never went through the editor


RAW_HOSTILE_HTML = (
    "<p>Pay news</p>"
    "<script>alert(1)</script>"
    '<p onclick="alert(1)" style="position:fixed">Click</p>'
    '<p><a href="javascript:alert(1)">a</a> <a href="java&#x09;script:alert(1)">b</a>'
    ' <a href=" &#106;avascript:alert(1)">c</a> <a href="https://www.nhsemployers.org/">NHS Employers</a></p>'
    '<img src="x" onerror="alert(1)">'
    '<iframe src="https://evil.example/"></iframe>'
    "<svg><script>alert(1)</script></svg>"
    '<form action="https://evil.example/"><input name="password"></form>'
    "<!-- <script>alert(1)</script> -->"
)


def test_rich_text_written_straight_to_the_database_is_cleaned_when_served(client, site_tree):
    page = NewsPageFactory(
        parent=site_tree.news_index,
        title="Imported news",
        body=[{"type": "paragraph", "value": RAW_HOSTILE_HTML}],
    )

    served = client.get(page.url).content.decode()
    main = BeautifulSoup(served, "html.parser").find("main")

    assert_nothing_can_run(main.decode())
    assert main.find("a", href="https://www.nhsemployers.org/").get_text() == "NHS Employers"
    assert "Pay news" in main.get_text() and "Click" in main.get_text()


def test_the_paragraph_block_renders_cleaned_html_on_its_own():
    rendered = ParagraphBlock().render(RichText(RAW_HOSTILE_HTML))
    assert_nothing_can_run(str(rendered))


def test_clean_rich_text_is_served_exactly_as_wagtail_renders_it():
    markup = (
        '<p data-block-key="a1">Call&nbsp;your <b>national officer</b> &amp; read '
        '<a href="https://www.nhsemployers.org/?a=1&amp;b=2">NHS Employers</a>.<br/></p>'
        '<ul><li data-block-key="b2">One</li></ul>'
    )
    assert sanitise_html(markup) == markup


def test_sanitise_html_is_what_the_api_calls_and_it_strips_the_same_things():
    cleaned = sanitise_html(RAW_HOSTILE_HTML)
    assert_nothing_can_run(cleaned)
    assert '<a href="https://www.nhsemployers.org/">NHS Employers</a>' in cleaned


def test_a_person_biography_rich_text_field_is_cleaned_too(site_tree):
    from django.template import Context, Template

    rendered = Template("{% load wagtailcore_tags %}{{ bio|richtext }}").render(
        Context({"bio": RAW_HOSTILE_HTML})
    )
    assert_nothing_can_run(rendered)


def test_every_stored_news_revision_stays_free_of_script_after_editing(admin_client, news_page):
    publish_body_through_the_editor(
        admin_client, news_page, contentstate(("x", link("javascript:alert(1)")), ("<script>", None))
    )
    for revision in NewsPage.objects.get(pk=news_page.pk).revisions.all():
        assert_nothing_can_run(stored_paragraphs(revision))
    assert Page.objects.filter(pk=news_page.pk).exists()


@pytest.mark.parametrize("rich_text_format", ["html", "markdown"])
def test_the_api_serves_hostile_stored_rich_text_cleaned(client, site_tree, rich_text_format):
    """Rich text stored without the editor (an import, a script) comes out of the API
    harmless: in the paragraph blocks, in body_html, as HTML and as Markdown."""
    page = NewsPageFactory(
        parent=site_tree.news_index,
        slug="raw-import",
        body=[{"type": "paragraph", "value": RAW_HOSTILE_HTML, "id": "0d4c9a70-raw"}],
    )

    response = client.get(f"/api/v2/pages/{page.pk}/?fields=*&rich_text_format={rich_text_format}")

    assert response.status_code == 200
    data = response.json()
    paragraph = next(block for block in data["body"] if block["type"] == "paragraph")
    assert "NHS Employers" in str(paragraph["value"])
    for served in (str(paragraph["value"]), data["body_html"]):
        assert_nothing_can_run(served)
        assert "javascript" not in served.lower()
