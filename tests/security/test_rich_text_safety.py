"""Script never reaches a reader through rich text: not by an editor pasting or typing it,
not by a hand-made post to the page editor, and not by rich text written straight to the
database. Checked in the stored revision, in the page as served and in the blocks on their
own, and, for every mutation-XSS payload in ``tests/security/mutation_xss.py``, on every
channel: the site, ``|richtext``, the API's rich text, ``body_html`` and Markdown. What is
checked is the tree a browser builds from the output (html5lib), not what Python's
``html.parser`` makes of it."""

import json
from unittest.mock import patch

import pytest
from bs4 import BeautifulSoup
from django.db.models import JSONField, Value
from django.template import Context, Template
from wagtail import blocks as wagtail_blocks
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.blocks import RawHTMLBlock
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.rich_text import RichText, expand_db_html
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.blocks import RICH_TEXT_FEATURES, BodyStreamBlock, ParagraphBlock
from cms.security.rich_text_editor import SanitisingDraftailRichTextArea
from cms.security.rich_text_policy import safe_url, sanitise_db_html, sanitise_html
from home.models import NewsPage
from tests.factories import DocumentFactory, ImageFactory, NewsPageFactory
from tests.security.mutation_xss import (
    PAYLOADS,
    assert_markdown_is_inert,
    assert_nothing_can_run,
    browser_parse,
    problems,
)

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


def test_script_typed_into_a_paragraph_is_stored_and_served_as_text(admin_client, news_page):
    text = '<script>alert("pay")</script><img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>'

    revision = publish_body_through_the_editor(admin_client, news_page, contentstate((text, None)))
    stored = stored_paragraphs(revision)
    served = admin_client.get(news_page.url).content.decode()

    assert "<script" not in stored and "<img" not in stored and "<a " not in stored
    assert "&lt;script&gt;" in stored
    assert_nothing_can_run(stored, stored_form=True)
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
    image = ImageFactory(renditions=True)
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


def store_body_bypassing_the_sanitiser(page, *paragraphs):
    """Write paragraphs into a page's body as an import or a script with SQL would: no
    block's ``get_prep_value`` sees them, so only the sanitiser on output stands between
    them and a reader."""
    raw = [
        {"type": "paragraph", "value": markup, "id": f"raw-{index}"}
        for index, markup in enumerate(paragraphs)
    ]
    type(page).objects.filter(pk=page.pk).update(body=Value(raw, output_field=JSONField()))
    stored = type(page).objects.get(pk=page.pk).body.raw_data
    assert [block["value"] for block in stored] == list(paragraphs)


def test_rich_text_written_straight_to_the_database_is_cleaned_when_served(client, site_tree):
    page = NewsPageFactory(parent=site_tree.news_index, title="Imported news")
    store_body_bypassing_the_sanitiser(page, RAW_HOSTILE_HTML)

    served = client.get(page.url).content.decode()
    main = BeautifulSoup(served, "html.parser").find("main")

    assert_nothing_can_run(main.decode())
    assert main.find("a", href="https://www.nhsemployers.org/").get_text() == "NHS Employers"
    assert "Pay news" in main.get_text() and "Click" in main.get_text()


def test_the_paragraph_block_renders_cleaned_html_on_its_own():
    rendered = ParagraphBlock().render(RichText(RAW_HOSTILE_HTML))
    assert_nothing_can_run(str(rendered))


CLEAN_DISPLAY_HTML = (
    '<p data-block-key="a1">Call&nbsp;your <b>national officer</b> &amp; read '
    '<a href="https://www.nhsemployers.org/?a=1&amp;b=2">NHS Employers</a>.<br/></p>'
    '<h3 data-block-key="c3">Your rights</h3><ul><li data-block-key="b2"><i>One</i></li></ul>'
    '<ol><li>Two</li></ol><h4>Next</h4><p><a href="mailto:MemberAdvice@miphealth.org.uk">Email</a> '
    '<a href="tel:08000857857">Call</a> '
    '<a href="/advice/" data-page-id="7" data-page-type="advice.AdviceIndexPage">Advice</a> '
    '<a href="/documents/3/guide.pdf" data-document-id="3">Guide</a></p>'
    '<img alt="Delegates" class="richtext-image left" height="281" '
    'src="/media/images/a.width-500.jpg" width="500">'
)


def test_clean_display_html_keeps_everything_it_had():
    """The sanitiser re-writes its output, so it is compared as a browser reads it."""
    assert str(browser_parse(sanitise_html(CLEAN_DISPLAY_HTML))) == str(browser_parse(CLEAN_DISPLAY_HTML))


def test_the_sanitiser_always_re_writes_its_output_even_when_it_removes_nothing():
    """The first round's cleaner handed back the original markup when it found nothing to
    remove: a browser then read the duplicate attribute or raw-text element its parser had
    misread. This one writes what it parsed, so the browser reads what was checked."""
    markup = (
        '<P DATA-BLOCK-KEY=a1>Pay <A HREF=https://www.nhsemployers.org/ href="javascript:alert(1)">award</A>'
    )

    cleaned = sanitise_html(markup)

    assert cleaned == '<p data-block-key="a1">Pay <a href="https://www.nhsemployers.org/">award</a></p>'
    assert sanitise_html(cleaned) == cleaned


@pytest.mark.parametrize("payload", PAYLOADS, ids=str)
def test_every_payload_is_removed_and_the_output_is_stable(payload):
    for sanitise, stored_form in ((sanitise_html, False), (sanitise_db_html, True)):
        cleaned = sanitise(payload.markup)
        assert_nothing_can_run(cleaned, stored_form=stored_form)
        # What the browser reads back is exactly what was checked: cleaning it again
        # changes nothing.
        assert sanitise(cleaned) == cleaned


# The stored form survives saving


def draftail_made_rich_text(image, document, page):
    """Rich text as Wagtail's Draftail converter stores it, with every entity type and the
    characters that need escaping inside attributes."""
    alt = 'Delegates & "guests" <at> conference\xa0\u2019s hall'
    contentstate = {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "depth": 0,
                "text": "Read the pay guide, the advice and NHS Employers.",
                "inlineStyleRanges": [{"offset": 0, "length": 4, "style": "BOLD"}],
                "entityRanges": [
                    {"offset": 9, "length": 9, "key": 0},
                    {"offset": 24, "length": 6, "key": 1},
                    {"offset": 35, "length": 13, "key": 2},
                ],
            },
            {
                "key": "b2",
                "type": "atomic",
                "depth": 0,
                "text": " ",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 1, "key": 3}],
            },
            {
                "key": "c3",
                "type": "header-three",
                "depth": 0,
                "text": "Next",
                "inlineStyleRanges": [],
                "entityRanges": [],
            },
            {
                "key": "d4",
                "type": "unordered-list-item",
                "depth": 0,
                "text": "Call us",
                "inlineStyleRanges": [{"offset": 0, "length": 4, "style": "ITALIC"}],
                "entityRanges": [],
            },
        ],
        "entityMap": {
            "0": {"type": "DOCUMENT", "mutability": "MUTABLE", "data": {"id": document.pk}},
            "1": {"type": "LINK", "mutability": "MUTABLE", "data": {"id": page.pk}},
            "2": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": "https://www.nhsemployers.org/pay?band=8a&year=2025"},
            },
            "3": {
                "type": "IMAGE",
                "mutability": "IMMUTABLE",
                "data": {"id": image.pk, "alt": alt, "format": "left"},
            },
        },
    }
    converter = ContentstateConverter(features=RICH_TEXT_FEATURES)
    return converter, converter.to_database_format(json.dumps(contentstate))


def test_the_stored_form_survives_sanitising(site_tree):
    image = ImageFactory()
    document = DocumentFactory()
    converter, stored = draftail_made_rich_text(image, document, site_tree.news_index)
    assert 'linktype="page"' in stored and 'embedtype="image"' in stored and 'linktype="document"' in stored

    cleaned = sanitise_db_html(stored)

    # What Draftail stores is exactly what the sanitiser writes back, so Wagtail reads the
    # same page on the site and the same editor state.
    assert cleaned == stored
    assert expand_db_html(cleaned) == expand_db_html(stored)
    assert editor_state(converter, cleaned) == editor_state(converter, stored)
    image_entity = editor_state(converter, cleaned)["entityMap"]["3"]["data"]
    assert image_entity["alt"] == 'Delegates & "guests" <at> conference\xa0\u2019s hall'


def editor_state(converter, stored):
    """The editor's ContentState for stored rich text, less the random keys it gives atomic blocks."""
    state = json.loads(converter.from_database_format(stored))
    for block in state["blocks"]:
        if block["type"] == "atomic":
            block["key"] = "atomic"
    return state


def test_the_stored_form_is_written_as_wagtail_reads_it():
    """nh3 writes a void <embed> without its slash and U+00A0 in an attribute as ``&nbsp;``;
    Wagtail's rewriters find only ``<embed …/>`` and decode only four references."""
    written_by_hand = (
        "<p>Pay<embed embedtype='image' id=4 format=left alt='Pay\xa0award > 3%'>"
        '<EMBED EMBEDTYPE="image" ID="5" FORMAT="right" ALT="x"></EMBED></p>'
    )

    cleaned = sanitise_db_html(written_by_hand)

    assert cleaned == (
        '<p>Pay<embed embedtype="image" id="4" format="left" alt="Pay\xa0award &gt; 3%"/>'
        '<embed embedtype="image" id="5" format="right" alt="x"/></p>'
    )
    assert sanitise_db_html(cleaned) == cleaned


def test_a_page_body_saved_with_hostile_rich_text_is_stored_clean(site_tree):
    page = NewsPageFactory(parent=site_tree.news_index)
    page.body = [("paragraph", RichText(RAW_HOSTILE_HTML))]
    page.save()

    stored = NewsPage.objects.get(pk=page.pk).body.raw_data[0]["value"]

    assert_nothing_can_run(stored, stored_form=True)
    assert '<a href="https://www.nhsemployers.org/">NHS Employers</a>' in stored
    assert "Pay news" in stored


def test_the_rich_text_editor_stores_through_the_sanitiser():
    """Every rich text field and block the editor shows uses the sanitising widget, and
    what it hands the form is cleaned, whatever the converter made of the post."""
    widget = get_rich_text_editor_widget(features=RICH_TEXT_FEATURES)
    assert isinstance(widget, SanitisingDraftailRichTextArea)

    with patch.object(
        ContentstateConverter, "to_database_format", return_value='<p>Pay<img src=x onerror="alert(1)"></p>'
    ):
        stored = widget.value_from_datadict({"bio": "{}"}, {}, "bio")

    assert stored == "<p>Pay</p>"


def test_sanitise_html_is_what_the_api_calls_and_it_strips_the_same_things():
    cleaned = sanitise_html(RAW_HOSTILE_HTML)
    assert_nothing_can_run(cleaned)
    assert '<a href="https://www.nhsemployers.org/">NHS Employers</a>' in cleaned


def test_a_person_biography_rich_text_field_is_cleaned_too(site_tree):
    rendered = Template("{% load wagtailcore_tags %}{{ bio|richtext }}").render(
        Context({"bio": RAW_HOSTILE_HTML})
    )
    assert_nothing_can_run(rendered)


def test_every_stored_news_revision_stays_free_of_script_after_editing(admin_client, news_page):
    publish_body_through_the_editor(
        admin_client, news_page, contentstate(("x", link("javascript:alert(1)")), ("<script>", None))
    )
    for revision in NewsPage.objects.get(pk=news_page.pk).revisions.all():
        assert_nothing_can_run(stored_paragraphs(revision), stored_form=True)
    assert Page.objects.filter(pk=news_page.pk).exists()


@pytest.mark.parametrize("rich_text_format", ["html", "markdown"])
def test_the_api_serves_hostile_stored_rich_text_cleaned(client, site_tree, rich_text_format):
    """Rich text stored without the editor (an import, a script) comes out of the API
    harmless: in the paragraph blocks, in body_html, as HTML and as Markdown."""
    page = NewsPageFactory(parent=site_tree.news_index, slug="raw-import")
    store_body_bypassing_the_sanitiser(page, RAW_HOSTILE_HTML)

    response = client.get(f"/api/v2/pages/{page.pk}/?fields=*&rich_text_format={rich_text_format}")

    assert response.status_code == 200
    data = response.json()
    paragraph = next(block for block in data["body"] if block["type"] == "paragraph")
    assert "NHS Employers" in str(paragraph["value"])
    if rich_text_format == "markdown":
        assert_markdown_is_inert(paragraph["value"])
    else:
        assert_nothing_can_run(paragraph["value"])
    assert_nothing_can_run(data["body_html"])
    assert "javascript" not in data["body_html"].lower()


# Every mutation-XSS payload, on every channel


def api_page(client, page, rich_text_format="html"):
    response = client.get(f"/api/v2/pages/{page.pk}/?fields=*&rich_text_format={rich_text_format}")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("payload", PAYLOADS, ids=str)
def test_a_payload_stored_without_the_editor_is_inert_on_every_channel(client, site_tree, payload):
    """Written straight to the database, past the sanitiser on save, a payload is still
    harmless wherever it is served."""
    markup = f"<p>Pay news</p>{payload.markup}"
    page = NewsPageFactory(parent=site_tree.news_index, title="Imported news", slug="imported")
    store_body_bypassing_the_sanitiser(page, markup)

    site = client.get(page.url)
    assert site.status_code == 200
    html_api = api_page(client, page)
    markdown_api = api_page(client, page, "markdown")
    channels = {
        "site page": BeautifulSoup(site.content, "html5lib").find("main").decode(),
        "|richtext": Template("{% load wagtailcore_tags %}{{ text|richtext }}").render(
            Context({"text": markup})
        ),
        "paragraph block": str(ParagraphBlock().render(RichText(markup))),
        "API rich text": html_api["body"][0]["value"],
        "API body_html": html_api["body_html"],
        "API body_html (markdown request)": markdown_api["body_html"],
    }
    for channel, served in channels.items():
        assert served.strip(), channel
        assert problems(served) == [], f"{channel}: {problems(served)}"
    assert "Pay news" in channels["API rich text"]
    assert_markdown_is_inert(markdown_api["body"][0]["value"])


@pytest.mark.parametrize("payload", PAYLOADS, ids=str)
def test_a_payload_saved_with_a_page_is_stored_clean(site_tree, payload):
    page = NewsPageFactory(parent=site_tree.news_index)
    page.body = [("paragraph", RichText(f"<p>Pay news</p>{payload.markup}"))]
    page.save()

    stored = NewsPage.objects.get(pk=page.pk).body.raw_data[0]["value"]

    assert_nothing_can_run(stored, stored_form=True)
    assert stored.startswith("<p>Pay news</p>")
