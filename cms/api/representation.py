"""How pages, images, documents and rich text look in the JSON API.

Blocks and serializers both call these, so an image or a page link has one shape
wherever it appears. URLs are absolute and built from ``WAGTAILAPI_BASE_URL``, never
from the request's Host header.
"""

import re
from html import escape

from django.conf import settings
from wagtail.api.rich_text import APIRichText, RichTextFormatError
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.rich_text import features as rich_text_features
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

# Widths apps choose from; the site's templates use the same ones so renditions are shared.
IMAGE_WIDTHS = (400, 800, 1200)
IMAGE_FORMATS = ("jpeg", "webp")
DEFAULT_RICH_TEXT_FORMAT = "html"
RICH_TEXT_FORMATS = ("html", "markdown")


def base_url():
    return settings.WAGTAILAPI_BASE_URL.rstrip("/")


def absolute_url(url, context=None):
    if not url:
        return url
    if url.startswith("/") and not url.startswith("//"):
        return base_url() + url
    return url


def rendition_filters():
    return [f"width-{width}|format-{fmt}" for width in IMAGE_WIDTHS for fmt in IMAGE_FORMATS]


def image(image, context=None, alt=None):
    """An image as an app needs it: alt text, size, focal point and ready-made renditions."""
    if image is None:
        return None
    focal_point = None
    if image.focal_point_x is not None:
        focal_point = {
            "x": image.focal_point_x,
            "y": image.focal_point_y,
            "width": image.focal_point_width,
            "height": image.focal_point_height,
        }
    renditions = image.get_renditions(*rendition_filters())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.description if alt is None else alt,
        "width": image.width,
        "height": image.height,
        "focal_point": focal_point,
        "renditions": [
            {
                "width": rendition.width,
                "height": rendition.height,
                "format": filter_spec.rsplit("-", 1)[-1],
                "url": absolute_url(rendition.url),
            }
            for filter_spec, rendition in renditions.items()
        ],
    }


def document(document, context=None):
    if document is None:
        return None
    try:
        size = document.get_file_size()
    except OSError:
        size = None
    return {
        "id": document.pk,
        "title": document.title,
        "url": absolute_url(document.url),
        "size": size,
        "file_type": document.file_extension,
    }


def is_visible(page):
    """Live and not view-restricted (directly or through an ancestor)."""
    return bool(page) and page.live and not page.get_view_restrictions().exists()


def visible_pages(pages):
    """The given pages, in order, less drafts, unpublished and private ones."""
    pages = [page for page in pages if page]
    if not pages:
        return []
    public_ids = set(
        Page.objects.live().public().filter(pk__in=[page.pk for page in pages]).values_list("pk", flat=True)
    )
    return [page for page in pages if page.pk in public_ids]


def page_link(page, context=None):
    """A page chooser value: enough for an app to show a link and fetch the page."""
    if not page or not visible_pages([page]):
        return None
    page_type = page.specific_class or type(page)
    return {
        "id": page.pk,
        "type": f"{page_type._meta.app_label}.{page_type.__name__}",
        "title": page.title,
        "url": absolute_url(page.get_url()),
        "api_url": f"{base_url()}/api/v2/pages/{page.pk}/",
    }


def requested_rich_text_format(context):
    """The ``rich_text_format`` query parameter, or our default: display HTML."""
    context = context or {}
    if "rich_text_format" in context:
        return context["rich_text_format"]
    request = context.get("request")
    raw = request.GET.get("rich_text_format") if request is not None else None
    return raw or DEFAULT_RICH_TEXT_FORMAT


def rich_text(source, context=None):
    """Rich text for the API: display HTML (links resolved and absolute) or Markdown."""
    rich_text_format = requested_rich_text_format(context)
    if rich_text_format == "markdown":
        return APIRichText.serialize(source, format="markdown")
    if rich_text_format != "html":
        raise RichTextFormatError(
            f"rich_text_format must be one of {', '.join(RICH_TEXT_FORMATS)}, got '{rich_text_format}'"
        )
    return api_html_rewriter()(source or "")


def _page_links(attrs_list):
    pages = Page.objects.live().public().filter(pk__in=[attrs.get("id") for attrs in attrs_list]).specific()
    by_id = {str(page.pk): page for page in pages}
    tags = []
    for attrs in attrs_list:
        page = by_id.get(str(attrs.get("id")))
        if page is None:
            tags.append("<a>")
            continue
        page_type = f"{page._meta.app_label}.{type(page).__name__}"
        tags.append(
            f'<a href="{escape(absolute_url(page.get_url()))}" '
            f'data-page-id="{page.pk}" data-page-type="{page_type}">'
        )
    return tags


def _document_links(attrs_list):
    documents = get_document_model().objects.in_bulk([attrs.get("id") for attrs in attrs_list])
    by_id = {str(pk): doc for pk, doc in documents.items()}
    tags = []
    for attrs in attrs_list:
        doc = by_id.get(str(attrs.get("id")))
        if doc is None:
            tags.append("<a>")
        else:
            tags.append(f'<a href="{escape(absolute_url(doc.url))}" data-document-id="{doc.pk}">')
    return tags


_RELATIVE_SRC = re.compile(r'(\ssrc=")(/[^/"][^"]*)"')


def _images(attrs_list):
    handler = rich_text_features.get_embed_types()["image"]
    return [
        _RELATIVE_SRC.sub(lambda m: f'{m.group(1)}{absolute_url(m.group(2))}"', tag)
        for tag in handler.expand_db_attributes_many(attrs_list)
    ]


def _embeds(attrs_list):
    handler = rich_text_features.get_embed_types().get("media")
    if handler is None:
        return ["" for _ in attrs_list]
    return handler.expand_db_attributes_many(attrs_list)


_api_rewriter = None


def api_html_rewriter():
    global _api_rewriter
    if _api_rewriter is None:
        _api_rewriter = MultiRuleRewriter(
            [
                LinkRewriter(
                    bulk_rules={"page": _page_links, "document": _document_links},
                ),
                EmbedRewriter(bulk_rules={"image": _images, "media": _embeds}),
            ]
        )
    return _api_rewriter
