"""The shared block library: every block's HTML (its own template), its JSON (its own API form)
and its validation, as editors, readers and apps meet them."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.template.loader import get_template
from django.utils import timezone
from wagtail.blocks import Block, StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import PageViewRestriction

from campaigns.blocks import ResourceBlock, ResourceStreamBlock
from cms.blocks import BodyStreamBlock
from cms.site.renditions import IMAGE_FORMATS, IMAGE_WIDTHS
from tests.factories import (
    BODY_BLOCK_TYPES,
    AdviceTopicPageFactory,
    LegalEyeArticlePageFactory,
    NewsPageFactory,
)

pytestmark = pytest.mark.django_db

BODY = BodyStreamBlock()
VIDEO_URL = "https://www.youtube.com/watch?v=mip-managers-matter"


@pytest.fixture(autouse=True)
def _offline_embeds(monkeypatch):
    """No test reaches a video provider: an embed not already cached counts as unreachable."""
    monkeypatch.setattr("wagtail.embeds.embeds.get_finders", list)


def block_value(block, raw):
    return block.to_python(raw)


def render(block, raw, context=None):
    html = block.render(block_value(block, raw), context or {})
    return BeautifulSoup(html, "html.parser")


def api(block, raw, context=None):
    return block.get_api_representation(block_value(block, raw), context or {})


def clean_errors(block, raw):
    """{field: [message, …]}: what the editor sees beside each field of the block."""
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block_value(block, raw))
    return {field: error["messages"] for field, error in caught.value.as_json_data()["blockErrors"].items()}


def draft_page(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Embargoed pay story", live=False)


def private_page(site_tree):
    page = NewsPageFactory(parent=site_tree.news_index, title="Members-only briefing")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    return page


def page_link_shape(page, page_type):
    return {
        "id": page.pk,
        "type": page_type,
        "title": page.title,
        "url": f"http://testserver{page.url}",
        "api_url": f"http://testserver/api/v2/pages/{page.pk}/",
    }


# The library as a whole


@pytest.mark.parametrize(
    "block", [*BODY.child_blocks.values(), ResourceBlock()], ids=[*BODY.child_blocks, "resource"]
)
def test_every_block_renders_with_its_own_template_and_defines_its_api_form(block):
    assert block.meta.template.startswith("blocks/")
    assert get_template(block.meta.template)
    assert block.meta.icon
    assert block.meta.description
    assert type(block).get_api_representation is not Block.get_api_representation
    assert block.api_schema(), "and the JSON Schema of that form, for the OpenAPI document"


def test_the_body_offers_the_documented_blocks_under_their_api_names():
    assert list(BODY.child_blocks) == BODY_BLOCK_TYPES


# heading


def test_heading_renders_as_an_anchored_h2_by_default():
    soup = render(BODY.child_blocks["heading"], {"text": "What to do first"})
    heading = soup.find("h2")
    assert heading.get_text(strip=True) == "What to do first"
    assert heading["id"] == "what-to-do-first"


def test_heading_renders_as_h3_for_a_sub_section():
    soup = render(BODY.child_blocks["heading"], {"text": "If you are suspended", "level": "h3"})
    assert soup.find("h2") is None
    assert soup.find("h3", id="if-you-are-suspended").get_text(strip=True) == "If you are suspended"


def test_heading_api_gives_text_level_and_anchor():
    assert api(BODY.child_blocks["heading"], {"text": "Pay & conditions", "level": "h3"}) == {
        "text": "Pay & conditions",
        "level": "h3",
        "anchor": "pay-conditions",
    }


# paragraph


def rich_text_source(site_tree, document, image):
    return (
        f'<p>Read <a linktype="page" id="{site_tree.about.pk}">about MiP</a> and '
        f'<a linktype="document" id="{document.pk}">the guide</a>, then <b>act</b>.</p>'
        "<ul><li>Keep notes</li></ul>"
        f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="A union meeting"/>'
    )


def test_paragraph_renders_links_to_pages_and_documents(site_tree, document, image):
    soup = render(BODY.child_blocks["paragraph"], rich_text_source(site_tree, document, image))
    assert soup.find("a", string="about MiP")["href"] == "/about/"
    assert soup.find("a", string="the guide")["href"] == document.url
    assert soup.find("b").get_text() == "act"
    assert soup.find("img")["alt"] == "A union meeting"


def test_paragraph_api_gives_display_html_with_absolute_resolved_links(site_tree, document, image):
    html = api(BODY.child_blocks["paragraph"], rich_text_source(site_tree, document, image))
    assert "linktype=" not in html
    assert "embedtype=" not in html
    soup = BeautifulSoup(html, "html.parser")
    page_link = soup.find("a", string="about MiP")
    assert page_link["href"] == "http://testserver/about/"
    assert page_link["data-page-id"] == str(site_tree.about.pk)
    assert page_link["data-page-type"] == "home.StandardPage"
    document_link = soup.find("a", string="the guide")
    assert document_link["href"] == f"http://testserver{document.url}"
    assert document_link["data-document-id"] == str(document.pk)
    assert soup.find("img")["src"].startswith("http://testserver/media/")
    assert soup.find("img")["alt"] == "A union meeting"


def test_paragraph_api_does_not_reveal_links_to_draft_or_private_pages(site_tree):
    draft, private = draft_page(site_tree), private_page(site_tree)
    source = (
        f'<p><a linktype="page" id="{draft.pk}">coming soon</a> and '
        f'<a linktype="page" id="{private.pk}">members only</a></p>'
    )
    soup = BeautifulSoup(api(BODY.child_blocks["paragraph"], source), "html.parser")
    assert soup.get_text() == "coming soon and members only"
    assert all(not link.get("href") for link in soup.find_all("a"))
    assert "data-page-id" not in str(soup)


def test_paragraph_api_gives_markdown_when_asked(site_tree, document, image):
    markdown = api(
        BODY.child_blocks["paragraph"],
        rich_text_source(site_tree, document, image),
        {"rich_text_format": "markdown"},
    )
    # Internal links keep their identity in the link title (README, "Rich text for apps").
    about = site_tree.about
    assert f'Read [about MiP](http://testserver/about/ "mip:page:{about.pk}:home.StandardPage")' in markdown
    assert f'[the guide](http://testserver{document.url} "mip:document:{document.pk}")' in markdown
    assert "**act**" in markdown
    assert "- Keep notes" in markdown
    assert "<p>" not in markdown
    assert "linktype=" not in markdown


def test_paragraph_markdown_does_not_reveal_links_to_draft_or_private_pages(site_tree):
    draft, private = draft_page(site_tree), private_page(site_tree)
    source = (
        f'<p><a linktype="page" id="{draft.pk}">coming soon</a> and '
        f'<a linktype="page" id="{private.pk}">members only</a></p>'
    )
    markdown = api(BODY.child_blocks["paragraph"], source, {"rich_text_format": "markdown"})
    assert "coming soon" in markdown
    assert "members only" in markdown
    assert draft.url not in markdown
    assert private.url not in markdown


# image


IMAGE_ALT_MESSAGE = "Add alt text describing the image, or tick 'decorative' if it adds nothing to the page."


def image_raw(image, **overrides):
    return {"image": image.pk, "alt_text": "", "decorative": False, "caption": "", "credit": "", **overrides}


def test_image_renders_a_lazy_responsive_picture_with_its_alt_text_and_caption(image):
    soup = render(
        BODY.child_blocks["image"],
        image_raw(image, alt_text="MiP members at conference", caption="Annual conference", credit="MiP"),
    )
    img = soup.find("picture").find("img")
    assert img["alt"] == "MiP members at conference"
    assert img["loading"] == "lazy"
    assert soup.find("source", type="image/webp")
    caption = soup.find("figcaption").get_text(" ", strip=True)
    assert "Annual conference" in caption
    assert "MiP" in caption


def test_image_without_its_own_alt_text_uses_the_image_library_description(image):
    soup = render(BODY.child_blocks["image"], image_raw(image))
    assert soup.find("img")["alt"] == "Three NHS managers talking around a table"


def test_decorative_image_renders_with_empty_alt_text(image):
    soup = render(BODY.child_blocks["image"], image_raw(image, decorative=True))
    assert soup.find("img")["alt"] == ""


def test_image_api_gives_alt_size_and_jpeg_and_webp_renditions_at_three_widths(image):
    data = api(BODY.child_blocks["image"], image_raw(image, alt_text="A rally", caption="Outside Parliament"))
    assert data["decorative"] is False
    assert data["caption"] == "Outside Parliament"
    assert data["credit"] == ""
    picture = data["image"]
    assert picture["id"] == image.pk
    assert picture["alt"] == "A rally"
    assert (picture["width"], picture["height"]) == (1600, 900)
    assert {(r["width"], r["format"]) for r in picture["renditions"]} == {
        (width, fmt) for width in IMAGE_WIDTHS for fmt in IMAGE_FORMATS
    }
    assert {(r["width"], r["format"]) for r in picture["renditions"]} == {
        (width, fmt) for width in (400, 800, 1200) for fmt in ("jpeg", "webp")
    }
    for rendition in picture["renditions"]:
        assert rendition["url"].startswith("http://testserver/")
        assert rendition["url"].endswith(".jpg" if rendition["format"] == "jpeg" else ".webp")
        assert rendition["height"] == rendition["width"] * 900 // 1600


def test_decorative_image_api_gives_empty_alt(image):
    data = api(BODY.child_blocks["image"], image_raw(image, alt_text="Ignored", decorative=True))
    assert data["decorative"] is True
    assert data["image"]["alt"] == ""


def test_image_without_alt_text_or_a_description_is_rejected(image_without_description):
    errors = clean_errors(BODY.child_blocks["image"], image_raw(image_without_description))
    assert errors == {"alt_text": [IMAGE_ALT_MESSAGE]}


def test_decorative_image_needs_no_alt_text(image_without_description):
    block = BODY.child_blocks["image"]
    value = block.clean(block_value(block, image_raw(image_without_description, decorative=True)))
    assert value.alt() == ""


def test_image_with_its_own_description_needs_no_alt_text(image):
    block = BODY.child_blocks["image"]
    value = block.clean(block_value(block, image_raw(image)))
    assert value.alt() == "Three NHS managers talking around a table"


def test_image_with_alt_text_needs_no_description(image_without_description):
    block = BODY.child_blocks["image"]
    value = block.clean(block_value(block, image_raw(image_without_description, alt_text="A picket line")))
    assert value.alt() == "A picket line"


def test_missing_alt_text_is_reported_on_the_block_in_the_page_body(image_without_description):
    stream = BODY.to_python([{"type": "image", "value": image_raw(image_without_description)}])
    with pytest.raises(StreamBlockValidationError) as caught:
        BODY.clean(stream)
    messages = caught.value.as_json_data()["blockErrors"][0]["blockErrors"]["alt_text"]["messages"]
    assert messages == [IMAGE_ALT_MESSAGE]


# quote


def test_quote_renders_in_a_blockquote_with_its_speaker():
    soup = render(
        BODY.child_blocks["quote"],
        {"quote": "Managers deserve respect.", "attribution": "Jon Restell", "role": "Chief executive"},
    )
    assert soup.find("blockquote").get_text(strip=True) == "Managers deserve respect."
    attribution = soup.find("figcaption").get_text(" ", strip=True)
    assert "Jon Restell" in attribution
    assert "Chief executive" in attribution


def test_quote_api_gives_quote_attribution_and_role():
    assert api(BODY.child_blocks["quote"], {"quote": "Enough.", "attribution": "MiP", "role": ""}) == {
        "quote": "Enough.",
        "attribution": "MiP",
        "role": "",
    }


# call_to_action


def cta_raw(**overrides):
    return {
        "heading": "Not a member yet?",
        "text": "Join the union for health and care managers.",
        "button_label": "Join MiP",
        "page": None,
        "link_url": "",
        **overrides,
    }


def test_call_to_action_renders_a_button_to_the_chosen_page(site_tree):
    soup = render(BODY.child_blocks["call_to_action"], cta_raw(page=site_tree.about.pk))
    assert soup.find("h2").get_text(strip=True) == "Not a member yet?"
    button = soup.find("a", string="Join MiP")
    assert button["href"] == "/about/"


def test_call_to_action_renders_a_button_to_a_web_address():
    soup = render(BODY.child_blocks["call_to_action"], cta_raw(link_url="https://www.miphealth.org.uk/join"))
    assert soup.find("a", string="Join MiP")["href"] == "https://www.miphealth.org.uk/join"


def test_call_to_action_api_links_the_chosen_page(site_tree):
    data = api(BODY.child_blocks["call_to_action"], cta_raw(page=site_tree.about.pk))
    assert data == {
        "heading": "Not a member yet?",
        "text": "Join the union for health and care managers.",
        "button_label": "Join MiP",
        "page": page_link_shape(site_tree.about, "home.StandardPage"),
        "url": "http://testserver/about/",
    }


def test_call_to_action_api_gives_the_web_address():
    data = api(BODY.child_blocks["call_to_action"], cta_raw(link_url="https://www.miphealth.org.uk/join"))
    assert data["page"] is None
    assert data["url"] == "https://www.miphealth.org.uk/join"


@pytest.mark.parametrize("make_hidden_page", [draft_page, private_page], ids=["draft", "private"])
def test_call_to_action_to_a_draft_or_private_page_shows_no_link(site_tree, make_hidden_page):
    hidden = make_hidden_page(site_tree)
    block = BODY.child_blocks["call_to_action"]
    soup = render(block, cta_raw(page=hidden.pk))
    assert soup.find("a") is None
    assert hidden.url not in str(soup)
    data = api(block, cta_raw(page=hidden.pk))
    assert data["page"] is None
    assert data["url"] is None


def test_call_to_action_needs_a_page_or_a_web_address(site_tree):
    message = "Choose a page or enter a web address for the button (one, not both)."
    block = BODY.child_blocks["call_to_action"]
    assert clean_errors(block, cta_raw()) == {"link_url": [message]}
    assert clean_errors(block, cta_raw(page=site_tree.about.pk, link_url="https://example.org/")) == {
        "link_url": [message]
    }


def test_call_to_action_with_one_destination_is_valid(site_tree):
    block = BODY.child_blocks["call_to_action"]
    assert block.clean(block_value(block, cta_raw(page=site_tree.about.pk))).url() == "/about/"
    assert block.clean(block_value(block, cta_raw(link_url="https://example.org/"))).url() == (
        "https://example.org/"
    )


# documents


def documents_raw(document):
    return {
        "heading": "Guides",
        "documents": [{"document": document.pk, "title": "", "description": "For line managers."}],
    }


def test_documents_render_a_download_link_with_type_and_size(document):
    soup = render(BODY.child_blocks["documents"], documents_raw(document))
    assert soup.find("h2").get_text(strip=True) == "Guides"
    link = soup.find("a", href=document.url)
    assert link.get_text(strip=True) == "Managers Matter: the guide"
    text = soup.get_text(" ", strip=True)
    assert "PDF" in text
    assert "For line managers." in text


def test_documents_api_gives_absolute_download_links(document):
    data = api(BODY.child_blocks["documents"], documents_raw(document))
    assert data == {
        "heading": "Guides",
        "documents": [
            {
                "id": document.pk,
                "title": "Managers Matter: the guide",
                "url": f"http://testserver{document.url}",
                "size": document.get_file_size(),
                "file_type": "pdf",
                "description": "For line managers.",
            }
        ],
    }
    assert data["documents"][0]["size"] > 0


# accordion


ACCORDION = {
    "heading": "Redundancy FAQs",
    "items": [
        {
            "question": "Can my employer change my job without consultation?",
            "answer": "<p>No. Your employer must <b>consult</b> you first.</p>",
        },
        {"question": "Do I get paid notice?", "answer": "<p>Yes, in most cases.</p>"},
    ],
}


def test_accordion_renders_each_question_as_a_details_element():
    soup = render(BODY.child_blocks["accordion"], ACCORDION)
    details = soup.find_all("details")
    assert len(details) == 2
    assert details[0].find("summary").get_text(strip=True) == (
        "Can my employer change my job without consultation?"
    )
    assert "Your employer must consult you first." in details[0].get_text(" ", strip=True)
    assert details[0].find("b").get_text() == "consult"


def test_accordion_api_gives_questions_and_html_answers():
    data = api(BODY.child_blocks["accordion"], ACCORDION)
    assert data["heading"] == "Redundancy FAQs"
    assert data["items"] == [
        {
            "question": "Can my employer change my job without consultation?",
            "answer": "<p>No. Your employer must <b>consult</b> you first.</p>",
        },
        {"question": "Do I get paid notice?", "answer": "<p>Yes, in most cases.</p>"},
    ]


# embed


VIDEO = {
    "video": VIDEO_URL,
    "title": "Managers Matter: the film",
    "transcript_url": "https://www.miphealth.org.uk/transcripts/managers-matter",
}


@pytest.fixture
def cached_video():
    return Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe title="Managers Matter" src="https://www.youtube-nocookie.com/embed/mip"></iframe>',
        title="Managers Matter",
        provider_name="YouTube",
        width=480,
        height=270,
        last_updated=timezone.now(),
    )


def test_video_renders_the_player_title_and_transcript_link(cached_video):
    soup = render(BODY.child_blocks["embed"], VIDEO)
    assert soup.find("iframe")["src"] == "https://www.youtube-nocookie.com/embed/mip"
    caption = soup.find("figcaption")
    assert "Managers Matter: the film" in caption.get_text(" ", strip=True)
    assert caption.find("a")["href"] == VIDEO["transcript_url"]


def test_video_that_cannot_be_loaded_falls_back_to_a_link():
    soup = render(BODY.child_blocks["embed"], VIDEO)
    assert soup.find("iframe") is None
    link = soup.find("a", href=VIDEO_URL)
    assert link.get_text(strip=True) == "Watch the video: Managers Matter: the film"


def test_video_api_gives_url_title_player_and_transcript(cached_video):
    data = api(BODY.child_blocks["embed"], VIDEO)
    assert data["url"] == VIDEO_URL
    assert data["title"] == "Managers Matter: the film"
    assert 'src="https://www.youtube-nocookie.com/embed/mip"' in data["html"]
    assert data["transcript_url"] == VIDEO["transcript_url"]


def test_video_api_gives_empty_player_when_it_cannot_be_loaded():
    data = api(BODY.child_blocks["embed"], {**VIDEO, "transcript_url": ""})
    assert data == {
        "url": VIDEO_URL,
        "title": "Managers Matter: the film",
        "html": "",
        "transcript_url": None,
    }


# table


TABLE = {
    "data": [["Seat", "Number"], ["London", "2"], ["Wales", "2"]],
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "table_caption": "National Committee seats",
}


def test_table_renders_its_caption_header_and_rows():
    soup = render(BODY.child_blocks["table"], TABLE)
    assert soup.find("caption").get_text(strip=True) == "National Committee seats"
    assert [th.get_text(strip=True) for th in soup.select("thead th[scope=col]")] == ["Seat", "Number"]
    assert [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in soup.select("tbody tr")] == [
        ["London", "2"],
        ["Wales", "2"],
    ]


def test_table_api_gives_caption_header_and_rows():
    assert api(BODY.child_blocks["table"], TABLE) == {
        "caption": "National Committee seats",
        "header": ["Seat", "Number"],
        "rows": [["London", "2"], ["Wales", "2"]],
    }


# legal_eye


@pytest.fixture
def legal_eye_article(site_tree):
    topic = AdviceTopicPageFactory(parent=site_tree.advice_index, title="Discrimination & equality")
    return LegalEyeArticlePageFactory(parent=topic, title="Reasonable adjustments")


def legal_eye_raw(page):
    return {
        "heading": "Do you have an equalities-related HR problem?",
        "text": "Our Legal Eye articles explain your rights.",
        "page": page.pk,
        "link_label": "Read our Legal Eye advice",
    }


def test_legal_eye_callout_renders_its_text_and_link_to_the_advice(legal_eye_article):
    soup = render(BODY.child_blocks["legal_eye"], legal_eye_raw(legal_eye_article))
    assert soup.find("h2").get_text(strip=True) == "Do you have an equalities-related HR problem?"
    assert "Our Legal Eye articles explain your rights." in soup.get_text()
    assert soup.find("a", string="Read our Legal Eye advice")["href"] == legal_eye_article.url


def test_legal_eye_callout_api_links_the_article(legal_eye_article):
    assert api(BODY.child_blocks["legal_eye"], legal_eye_raw(legal_eye_article)) == {
        "heading": "Do you have an equalities-related HR problem?",
        "text": "Our Legal Eye articles explain your rights.",
        "link_label": "Read our Legal Eye advice",
        "page": page_link_shape(legal_eye_article, "advice.LegalEyeArticlePage"),
    }


@pytest.mark.parametrize("hide", ["unpublish", "restrict"])
def test_legal_eye_callout_to_a_draft_or_private_article_shows_no_link(legal_eye_article, hide):
    if hide == "unpublish":
        legal_eye_article.unpublish()
    else:
        PageViewRestriction.objects.create(
            page=legal_eye_article.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
    block = BODY.child_blocks["legal_eye"]
    soup = render(block, legal_eye_raw(legal_eye_article))
    assert soup.find("a") is None
    assert "Our Legal Eye articles explain your rights." in soup.get_text()
    assert api(block, legal_eye_raw(legal_eye_article))["page"] is None


# related_pages


def test_related_pages_lists_only_live_public_pages(site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, title="Pay award announced")
    draft, private = draft_page(site_tree), private_page(site_tree)
    raw = {"heading": "Read next", "pages": [news.pk, draft.pk, site_tree.about.pk, private.pk]}
    block = BODY.child_blocks["related_pages"]

    soup = render(block, raw)
    assert soup.find("h2").get_text(strip=True) == "Read next"
    assert [(a.get_text(strip=True), a["href"]) for a in soup.find_all("a")] == [
        ("Pay award announced", news.url),
        ("About MiP", "/about/"),
    ]
    assert "Embargoed pay story" not in str(soup)
    assert "Members-only briefing" not in str(soup)

    data = api(block, raw)
    assert data["heading"] == "Read next"
    assert data["pages"] == [
        page_link_shape(news, "home.NewsPage"),
        page_link_shape(site_tree.about, "home.StandardPage"),
    ]


def test_related_pages_with_nothing_public_renders_nothing(site_tree):
    raw = {"heading": "Read next", "pages": [draft_page(site_tree).pk, private_page(site_tree).pk]}
    block = BODY.child_blocks["related_pages"]
    assert render(block, raw).get_text(strip=True) == ""
    assert api(block, raw) == {"heading": "Read next", "pages": []}


# campaigns: resource


RESOURCE = ResourceStreamBlock().child_blocks["resource"]


def resource_raw(**overrides):
    return {
        "title": "Managing inclusive workplaces",
        "resource_type": "guide",
        "description": "The equality and diversity guide for managers.",
        "status": "published",
        "expected_date": None,
        "document": None,
        "link_url": "",
        **overrides,
    }


def test_published_resource_renders_a_link_to_its_document(document):
    soup = render(RESOURCE, resource_raw(document=document.pk))
    assert soup.find("a", href=document.url).get_text(strip=True) == "Managing inclusive workplaces"
    assert "The equality and diversity guide for managers." in soup.get_text()
    assert "PDF" in soup.get_text()


def test_published_resource_renders_a_link_to_its_web_address():
    soup = render(RESOURCE, resource_raw(link_url="https://www.miphealth.org.uk/guides/inclusive"))
    link = soup.find("a", href="https://www.miphealth.org.uk/guides/inclusive")
    assert link.get_text(strip=True) == "Managing inclusive workplaces"


def test_forthcoming_resource_renders_when_to_expect_it_and_no_link():
    soup = render(RESOURCE, resource_raw(status="forthcoming", expected_date="2031-09-01"))
    text = soup.get_text(" ", strip=True)
    assert "Managing inclusive workplaces" in text
    assert "Forthcoming" in text
    assert soup.find("time", datetime="2031-09-01")
    assert "2031" in soup.find("time").get_text()
    assert soup.find("a") is None


def test_resource_api_gives_its_document_or_its_expected_date(document):
    published = api(RESOURCE, resource_raw(document=document.pk))
    assert published["title"] == "Managing inclusive workplaces"
    assert published["resource_type"] == "guide"
    assert published["status"] == "published"
    assert published["expected_date"] is None
    assert published["document"]["url"] == f"http://testserver{document.url}"
    assert published["document"]["file_type"] == "pdf"
    assert published["url"] is None

    forthcoming = api(RESOURCE, resource_raw(status="forthcoming", expected_date="2031-09-01"))
    assert forthcoming["status"] == "forthcoming"
    assert forthcoming["expected_date"] == "2031-09-01"
    assert forthcoming["document"] is None
    assert forthcoming["url"] is None


def test_forthcoming_resource_needs_an_expected_date():
    assert clean_errors(RESOURCE, resource_raw(status="forthcoming")) == {
        "expected_date": ["A forthcoming resource needs an expected date, so members know when to look."]
    }


def test_published_resource_needs_a_document_or_web_address():
    assert clean_errors(RESOURCE, resource_raw()) == {
        "document": ["A published resource needs a document or a web address to link to."]
    }


def test_complete_resources_are_valid(document):
    forthcoming = RESOURCE.clean(
        block_value(RESOURCE, resource_raw(status="forthcoming", expected_date="2031-09-01"))
    )
    assert forthcoming["expected_date"] == datetime.date(2031, 9, 1)
    assert RESOURCE.clean(block_value(RESOURCE, resource_raw(document=document.pk)))["document"] == document
    assert RESOURCE.clean(block_value(RESOURCE, resource_raw(link_url="https://example.org/guide")))[
        "link_url"
    ] == ("https://example.org/guide")
