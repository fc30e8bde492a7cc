"""Wagtail's rich text link and image handlers, made to read from the active
``ContentLoader`` (see ``cms.api.loading``) when there is one.

The public site's templates render rich text with Wagtail's ``|richtext`` filter, which
looks up the linked pages, documents and images of each paragraph separately. When the
API renders ``body_html`` with those same templates, a loader has already fetched every
one of them for the whole batch, so these handlers take them from it. Their output is
the stock handlers' output, except that inline images are responsive pictures
(``inline_image_html``), which the API's rich text uses too.
"""

from django.utils.html import escape
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.images.rich_text import ImageEmbedHandler
from wagtail.rich_text.pages import PageLinkHandler

from cms.api import loading
from cms.api.inline_images import image_format_named, inline_image_html
from cms.content import versions


def _well_formed(attrs_list):
    """Rich text written outside the editor may hold an id that is not a number
    (``id="1 onmouseover=…"``): it finds nothing, as a deleted object does, rather than
    failing the whole page in Wagtail's lookup."""
    return [attrs if loading.parse_id(attrs.get("id")) else {**attrs, "id": None} for attrs in attrs_list]


def _from_loader(handler, attrs_list):
    loader = loading.current()
    if loader is None:
        return None
    ids = [attrs.get("id") for attrs in attrs_list]
    found = loader.get_objects(handler.get_model(), ids)
    return [found.get(loading.parse_id(pk)) for pk in ids]


class LoaderPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        pages = _from_loader(cls, attrs_list)
        return super().get_many(_well_formed(attrs_list)) if pages is None else pages

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        """As stock, but a link to a page the public may not see (a draft, unpublished,
        scheduled, restricted or under a private section) keeps its text and loses its
        ``href``: its address is not given away (the content core's rule)."""
        public = versions.current_public()
        return [
            f'<a href="{escape(page.localized.url)}">'
            if page is not None and public.is_public(page)
            else "<a>"
            for page in cls.get_many(attrs_list)
        ]


class LoaderDocumentLinkHandler(DocumentLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        documents = _from_loader(cls, attrs_list)
        if documents is None:
            # Not from a loader: a document in a restricted collection is not linked either.
            public = versions.current_public()
            found = super().get_many(_well_formed(attrs_list))
            documents = [doc if public.is_public_media(doc) else None for doc in found]
        return documents


class LoaderImageEmbedHandler(ImageEmbedHandler):
    """Inline images as responsive pictures (``inline_image_html``), on the site as in the API."""

    @classmethod
    def get_many(cls, attrs_list):
        images = _from_loader(cls, attrs_list)
        if images is None:
            # Not from a loader: an image in a restricted collection is not shown either.
            public = versions.current_public()
            images = [
                image if public.is_public_media(image) else None
                for image in super().get_many(_well_formed(attrs_list))
            ]
        return images

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        images = cls.get_many(attrs_list)
        tags = []
        for attrs, image in zip(attrs_list, images, strict=True):
            image_format = image_format_named(attrs.get("format"))
            if image is None or image_format is None:
                tags.append('<img alt="">')
            else:
                tags.append(inline_image_html(image, image_format, attrs.get("alt", "")))
        return tags
