"""The one shared StreamField block library.

Every page type builds its body from these blocks. Each block renders with its own
template under ``templates/blocks/``, gives its API form in ``get_api_representation`` and
that form's JSON Schema in ``api_schema`` (for the OpenAPI document), so the public site and
the JSON API come from one definition. The child names of ``BodyStreamBlock`` are also the
API's block ``type`` names: keep them stable.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.api import representation
from cms.api.json_schema import (
    BOOLEAN,
    HTML,
    OPTIONAL_URI,
    STRING,
    array,
    choices,
    enum,
    nullable,
    obj,
    ref,
    text,
)
from cms.security.rich_text_policy import sanitise_db_html

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "image"]


def struct_block_errors(**messages):
    """A StructBlock validation error with a plain-English message on each named field."""
    return StructBlockValidationError(
        block_errors={field: ErrorList([ValidationError(message)]) for field, message in messages.items()}
    )


class HeadingBlock(blocks.StructBlock):
    """A section heading. Level 2 by default; level 3 for a sub-section."""

    text = blocks.CharBlock(max_length=120, help_text="Keep it short: readers scan headings.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)")],
        default="h2",
        help_text="Use H3 only under an H2, so screen-reader users can follow the outline.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        description = "A heading that starts a new section of the page"
        preview_value = {"text": "What to do first", "level": "h2"}

    def get_api_representation(self, value, context=None):
        return {"text": value["text"], "level": value["level"], "anchor": slugify(value["text"])}

    def api_schema(self):
        return obj({"text": STRING, "level": enum(choices(self.child_blocks["level"])), "anchor": STRING})


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text: paragraphs, lists, links and inline images."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        description = "Text with paragraphs, lists and links"
        preview_value = (
            "<p>If you are facing a disciplinary, get the allegations in writing and "
            "<b>call your national officer</b> before you respond.</p>"
        )

    def get_prep_value(self, value):
        # Stored through the allow-list whoever writes it: the editor, an import, a script.
        return sanitise_db_html(super().get_prep_value(value))

    def get_api_representation(self, value, context=None):
        return representation.rich_text(value.source if value else "", context)

    def api_schema(self):
        return HTML


class ImageValue(blocks.StructValue):
    def alt(self):
        """The text a screen reader announces: empty for a decorative image."""
        if self["decorative"]:
            return ""
        return self["alt_text"] or (self["image"].description if self["image"] else "")


class ImageBlock(blocks.StructBlock):
    """An image with alt text, an optional caption and credit."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text=(
            "Describe what the image shows for people who cannot see it. Leave blank only "
            "if the image has its own description in the image library, or is decorative."
        ),
    )
    decorative = blocks.BooleanBlock(
        required=False,
        help_text="Tick if the image adds nothing to the text; screen readers will skip it.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)
    credit = blocks.CharBlock(required=False, max_length=120, help_text="e.g. Photo: MiP")

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        description = "An image with alt text and an optional caption"
        value_class = ImageValue

    def clean(self, value):
        value = super().clean(value)
        image = value.get("image")
        if image and not value["decorative"] and not value["alt_text"] and not image.description:
            raise struct_block_errors(
                alt_text="Add alt text describing the image, or tick 'decorative' if it adds "
                "nothing to the page."
            )
        return value

    def get_api_representation(self, value, context=None):
        return {
            "image": representation.image(value["image"], context, alt=value.alt()),
            "decorative": value["decorative"],
            "caption": value["caption"],
            "credit": value["credit"],
        }

    def api_schema(self):
        return obj(
            {
                "image": nullable(ref("Image")),
                "decorative": BOOLEAN,
                "caption": text(self.child_blocks["caption"]),
                "credit": text(self.child_blocks["credit"]),
            }
        )


class QuoteBlock(blocks.StructBlock):
    """A pull quote, with who said it."""

    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=120, help_text="e.g. Jon Restell")
    role = blocks.CharBlock(required=False, max_length=120, help_text="e.g. MiP chief executive")

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        description = "A pull quote with its speaker"
        preview_value = {
            "quote": "Managers are part of the solution, not the problem.",
            "attribution": "MiP",
            "role": "",
        }

    def get_api_representation(self, value, context=None):
        return {"quote": value["quote"], "attribution": value["attribution"], "role": value["role"]}

    def api_schema(self):
        return obj(
            {
                "quote": STRING,
                "attribution": text(self.child_blocks["attribution"]),
                "role": text(self.child_blocks["role"]),
            }
        )


class LinkValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        if page:
            return page.specific_deferred.url if representation.is_visible(page) else ""
        return self.get("link_url") or ""


class CallToActionBlock(blocks.StructBlock):
    """A prominent button: join MiP, sign up, contact your officer."""

    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    button_label = blocks.CharBlock(max_length=60, help_text="Say what happens, e.g. 'Join MiP'.")
    page = blocks.PageChooserBlock(required=False, help_text="Link to a page on this site, or…")
    link_url = blocks.URLBlock(required=False, label="…or a web address")

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action.html"
        description = "A call to action with a button"
        value_class = LinkValue
        preview_value = {
            "heading": "Not a member yet?",
            "text": "Join the union for health and care managers.",
            "button_label": "Join MiP",
            "link_url": "https://www.miphealth.org.uk/join",
        }

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("link_url")):
            raise struct_block_errors(
                link_url="Choose a page or enter a web address for the button (one, not both)."
            )
        return value

    def get_api_representation(self, value, context=None):
        return {
            "heading": value["heading"],
            "text": value["text"],
            "button_label": value["button_label"],
            "page": representation.page_link(value["page"], context),
            "url": representation.absolute_url(value.url(), context) if value.url() else None,
        }

    def api_schema(self):
        return obj(
            {
                "heading": STRING,
                "text": text(self.child_blocks["text"]),
                "button_label": STRING,
                "page": nullable(ref("PageLink")),
                "url": OPTIONAL_URI,
            }
        )


class DocumentItemBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=200, help_text="Leave blank to use the document's own title."
    )
    description = blocks.TextBlock(required=False, max_length=400)


class DocumentListBlock(blocks.StructBlock):
    """Downloads: guides, forms, briefings."""

    heading = blocks.CharBlock(required=False, max_length=120, default="Downloads")
    documents = blocks.ListBlock(DocumentItemBlock(), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "blocks/documents.html"
        description = "A list of documents to download"

    def get_api_representation(self, value, context=None):
        return {
            "heading": value["heading"],
            "documents": [
                {
                    **representation.document(item["document"], context),
                    "title": item["title"] or item["document"].title,
                    "description": item["description"],
                }
                for item in value["documents"]
                if item["document"]
            ],
        }

    def api_schema(self):
        return obj(
            {"heading": text(self.child_blocks["heading"]), "documents": array(ref("DocumentListItem"))}
        )


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=250)
    answer = ParagraphBlock()


class AccordionBlock(blocks.StructBlock):
    """Questions and answers that open one at a time (FAQ)."""

    heading = blocks.CharBlock(required=False, max_length=120)
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion.html"
        description = "Frequently asked questions that expand one at a time"
        preview_value = {
            "heading": "Redundancy FAQs",
            "items": [
                {
                    "question": "Can my employer change my job without consultation?",
                    "answer": "<p>No. Your employer must consult you first.</p>",
                }
            ],
        }

    def get_api_representation(self, value, context=None):
        answer_block = self.child_blocks["items"].child_block.child_blocks["answer"]
        return {
            "heading": value["heading"],
            "items": [
                {
                    "question": item["question"],
                    "answer": answer_block.get_api_representation(item["answer"], context),
                }
                for item in value["items"]
            ],
        }

    def api_schema(self):
        return obj(
            {
                "heading": text(self.child_blocks["heading"]),
                "items": array(obj({"question": STRING, "answer": HTML})),
            }
        )


class EmbedValue(blocks.StructValue):
    def embed_html(self):
        """The provider's player, or an empty string where it cannot be reached."""
        return self["video"].html if self.get("video") else ""


class VideoBlock(blocks.StructBlock):
    """A video (YouTube, Vimeo) with a title and an optional transcript link."""

    video = EmbedBlock(help_text="The video's web address, e.g. a YouTube link.")
    title = blocks.CharBlock(max_length=200, help_text="Shown to screen readers and if the video can't load.")
    transcript_url = blocks.URLBlock(required=False, help_text="Where a transcript can be read.")

    class Meta:
        icon = "media"
        template = "blocks/embed.html"
        description = "A video from YouTube or Vimeo"
        value_class = EmbedValue

    def get_api_representation(self, value, context=None):
        return {
            "url": value["video"].url if value["video"] else "",
            "title": value["title"],
            "html": value.embed_html(),
            "transcript_url": value["transcript_url"] or None,
        }

    def api_schema(self):
        player = {"type": "string", "description": "The provider's player, or empty if it can't be reached"}
        return obj({"url": STRING, "title": STRING, "html": player, "transcript_url": OPTIONAL_URI})


class TableBlock(WagtailTableBlock):
    """A data table with a header row and a caption."""

    class Meta:
        icon = "table"
        template = "blocks/table.html"
        description = "A table of figures or dates, with a caption"
        preview_value = {
            "data": [["Seat", "Number"], ["London", "2"], ["Wales", "2"]],
            "first_row_is_table_header": True,
            "table_caption": "National Committee seats",
        }

    def get_api_representation(self, value, context=None):
        rows = [[cell or "" for cell in row] for row in (value or {}).get("data") or []]
        has_header = bool((value or {}).get("first_row_is_table_header"))
        return {
            "caption": (value or {}).get("table_caption") or "",
            "header": rows[0] if has_header and rows else [],
            "rows": rows[1:] if has_header else rows,
        }

    def api_schema(self):
        return obj({"caption": STRING, "header": array(STRING), "rows": array(array(STRING))})


class LegalEyeCalloutBlock(blocks.StructBlock):
    """The Legal Eye box: points readers with an HR problem to the advice that covers it."""

    heading = blocks.CharBlock(max_length=120, default="Do you have an equalities-related HR problem?")
    text = blocks.TextBlock(max_length=400)
    page = blocks.PageChooserBlock(
        page_type=["advice.AdviceTopicPage", "advice.LegalEyeArticlePage"],
        help_text="The advice topic or Legal Eye article to read next.",
    )
    link_label = blocks.CharBlock(max_length=80, default="Read our Legal Eye advice")

    class Meta:
        icon = "warning"
        template = "blocks/legal_eye.html"
        description = "The Legal Eye callout, linking to advice"
        value_class = LinkValue

    def get_api_representation(self, value, context=None):
        return {
            "heading": value["heading"],
            "text": value["text"],
            "link_label": value["link_label"],
            "page": representation.page_link(value["page"], context),
        }

    def api_schema(self):
        return obj(
            {"heading": STRING, "text": STRING, "link_label": STRING, "page": nullable(ref("PageLink"))}
        )


class RelatedPagesBlock(blocks.StructBlock):
    """Hand-picked links to other pages. Unpublished or private pages are left out."""

    heading = blocks.CharBlock(max_length=120, default="Related content")
    pages = blocks.ListBlock(blocks.PageChooserBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "link"
        template = "blocks/related_pages.html"
        description = "Links to related pages"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["visible_pages"] = representation.visible_pages(value["pages"])
        return context

    def get_api_representation(self, value, context=None):
        return {
            "heading": value["heading"],
            "pages": [
                representation.page_link(page, context)
                for page in representation.visible_pages(value["pages"])
            ],
        }

    def api_schema(self):
        return obj(
            {"heading": STRING, "pages": array(ref("PageLink"))},
            description="Unpublished and private pages are left out.",
        )


class BodyStreamBlock(blocks.StreamBlock):
    """The body of every page type. Apps extend it only with blocks of their own."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    documents = DocumentListBlock()
    accordion = AccordionBlock()
    embed = VideoBlock()
    table = TableBlock()
    legal_eye = LegalEyeCalloutBlock()
    related_pages = RelatedPagesBlock()
