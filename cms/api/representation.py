"""How pages, people, images, documents and rich text look in the JSON API.

Blocks and serializers both call these, so an image or a page link has one shape
wherever it appears. URLs are absolute and built from ``WAGTAILAPI_BASE_URL``, never
from the request's Host header. Inside an API response a ``ContentLoader`` is active
and answers visibility, links and renditions from what it fetched in bulk; anywhere
else these functions fall back to querying the database themselves.
"""

import logging

from bs4 import BeautifulSoup
from wagtail.api.rich_text import APIRichText, RichTextFormatError

from cms.api import links, loading
from cms.api.links import api_url, base_url  # noqa: F401 - part of this module's interface
from cms.content import versions
from cms.security.rich_text_policy import sanitise_db_html, sanitise_html
from cms.site import renditions

logger = logging.getLogger(__name__)

DEFAULT_RICH_TEXT_FORMAT = "html"
RICH_TEXT_FORMATS = ("html", "markdown")


def absolute_url(url, context=None):
    return links.absolute_url(url)


def rendition_filters():
    return list(renditions.RESPONSIVE_SPECS)


def loader_for(context=None):
    """The ContentLoader that answers for ``context``: the response's, or the active one."""
    if isinstance(context, dict) and context.get("loader") is not None:
        return context["loader"]
    active = loading.current()
    if active is not None:
        return active
    # Outside an API response (e.g. a block template on the site): the content core's rule
    # for the response being rendered, or for the default site.
    return loading.ContentLoader(versions.current_public(), rendition_specs=rendition_filters())


def image(image, context=None, alt=None):
    """An image as an app needs it: alt text, size, focal point and ready-made renditions.
    An image in a restricted collection is never shown (null)."""
    if image is None or not loader_for(context).public.is_public_media(image):
        return None
    focal_point = None
    if image.focal_point_x is not None:
        focal_point = {
            "x": image.focal_point_x,
            "y": image.focal_point_y,
            "width": image.focal_point_width,
            "height": image.focal_point_height,
        }
    # Only those the background worker has made: a request never makes one, and until
    # then the list is empty (never the original file).
    made = renditions.ready_renditions(image, renditions.RESPONSIVE_SPECS)
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
            for filter_spec, rendition in made.items()
        ],
    }


def document(document, context=None):
    if document is None or not loader_for(context).public.is_public_media(document):
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
    """Live, in the site and not view-restricted (directly or through an ancestor)."""
    return bool(page) and loader_for().public.is_public(page)


def visible_pages(pages):
    """The given pages, in order, less drafts, unpublished and private ones."""
    pages = [page for page in pages if page]
    if not pages:
        return []
    return loader_for().public.filter(pages)


def page_type_name(page):
    page_type = page.specific_class or type(page)
    return f"{page_type._meta.app_label}.{page_type.__name__}"


def page_link(page, context=None):
    """A page chooser value: enough for an app to show a link and fetch the page."""
    if not page:
        return None
    url = loader_for(context).page_url(page)
    if url is None:
        return None
    return {
        "id": page.pk,
        "type": page_type_name(page),
        "title": page.title,
        "url": url,
        "api_url": api_url(f"pages/{page.pk}/"),
    }


def person(page, context=None):
    """A staff profile as a news byline or Legal Eye author: null unless the profile is public."""
    link = page_link(page, context)
    if link is None:
        return None
    return {
        "id": link["id"],
        "name": page.title,
        "job_title": page.job_title,
        "url": link["url"],
        "api_url": link["api_url"],
        "photo": image(page.photo, context, alt=page.photo_alt_text) if page.photo else None,
    }


def officer(page, context=None):
    """A person with what a member needs to get in touch: the officer finder's items."""
    summary = person(page, context)
    if summary is None:
        return None
    return {
        **summary,
        "role": page.role,
        "email": page.email,
        "phone": page.phone,
        "regions": [region_item(region) for region in page.regions.all()],
    }


def region_item(region):
    return {"id": region.pk, "name": region.name, "nation": region.nation}


def employer_item(employer):
    return {
        "id": employer.pk,
        "name": employer.name,
        # "sector", not "kind": in sync, every item's "kind" says what sort of resource it is.
        "sector": employer.kind,
        "region": region_item(employer.region),
    }


def tags(manager):
    """Topics as {name, slug}, by name. Reads prefetched tags when they are there."""
    return [{"name": tag.name, "slug": tag.slug} for tag in sorted(manager.all(), key=lambda tag: tag.name)]


def requested_rich_text_format(context):
    """The validated ``rich_text_format`` of the request, or our default: display HTML."""
    context = context or {}
    if "rich_text_format" in context:
        return context["rich_text_format"]
    request = context.get("request")
    raw = request.GET.get("rich_text_format") if request is not None else None
    return raw or DEFAULT_RICH_TEXT_FORMAT


def rich_text(source, context=None):
    """Rich text for the API: display HTML (links resolved and absolute) or Markdown."""
    rich_text_format = requested_rich_text_format(context)
    loader = loader_for(context)
    if rich_text_format == "markdown":
        return markdown(loader.markdown_ready(source or ""), loader)
    if rich_text_format != "html":
        raise RichTextFormatError(
            f"rich_text_format must be one of {', '.join(RICH_TEXT_FORMATS)}, got '{rich_text_format}'"
        )
    # The same display-time cleaning the site applies, so raw rich text written outside the
    # editor can't carry script to an app either.
    return sanitise_html(loader.rich_text_html(source or ""))


def markdown(source, loader=None):
    """Markdown of rich text, converted from the stored form after the allow-list
    sanitiser (Wagtail's converter writes any ``href`` it is given, ``javascript:`` too).
    The converter stops at markup the editor never writes; then the text alone, rather
    than no answer. Internal links keep their identity (``ContentLoader.markdown_links``)."""
    cleaned = sanitise_db_html(source)
    attempts = (
        lambda: cleaned,
        lambda: BeautifulSoup(cleaned, "html.parser").get_text(" ", strip=True),
    )
    for attempt in attempts:
        try:
            converted = APIRichText.serialize(attempt(), format="markdown")
            break
        except (AssertionError, ValueError, KeyError):
            logger.warning("rich text the Markdown converter cannot read", exc_info=True)
    else:
        converted = ""
    return loading.absolute_markdown_links((loader or loader_for()).markdown_links(converted))
