"""What serving a page to a reader needs more than once, fetched once per request.

The header, the footer, the breadcrumbs, listings, bylines and blocks all ask which pages
are public, which pages are the site's sections and menu, and for images, renditions and
linked pages. ``reader_request(request)`` keeps the answers on the request:

- ``public``: the content core's rule for this site (``cms.content.visibility``), so a
  listing is narrowed to public pages and a byline or link is checked without a query each;
- ``tree``: the pages on the path being served and the site root's children, left by the
  routing (``cms.page_routing``) in one query; where nothing was routed, the menu costs one;
- ``loader``: a ``ContentLoader`` (``cms.api.loading``) that ``prepare()`` fills with what a
  page's templates will read, in bulk: its blocks' pages, images and documents and every
  image on the page with its renditions. ``{% content_loader %}`` in base.html makes it the
  active loader while the page renders, so blocks, rich text and bylines read from it.
"""

from functools import cached_property

from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Site

from cms.api.loading import ContentLoader, References
from cms.content import dependencies, versions
from cms.image_loading import load_images, site_rendition_specs
from cms.specific_pages import select_specific, specific


def reader_request(request):
    reader = getattr(request, "_mip_reader_request", None)
    if reader is None:
        reader = request._mip_reader_request = ReaderRequest(request)
    return reader


class ReaderRequest:
    def __init__(self, request):
        self.request = request
        self.tree = None

    def use_tree(self, tree):
        """Keep what the routing fetched: the pages on the path and the root's children
        (``cms.page_routing.ServedTree``)."""
        self.tree = tree

    @cached_property
    def site(self):
        return Site.find_for_request(self.request)

    @cached_property
    def public(self):
        """What readers of this site may see (``cms.content.visibility.PublicContent``)."""
        return versions.public_content(self.site) if self.site is not None else versions.no_site()

    @cached_property
    def loader(self):
        return ContentLoader(self.public, rendition_specs=site_rendition_specs(), request=self.request)

    # The site root's children: the main menu and the section index pages

    @cached_property
    def root_children(self):
        """The site root's children in tree order, in their specific types."""
        if self.site is None:
            return []
        dependencies.add(dependencies.children_key(self.site.root_page_id))
        if self.tree is not None and self.tree.root.pk == self.site.root_page_id:
            return self.tree.children(self.tree.root)
        rows = select_specific(self.site.root_page.get_children())
        return [specific(page) for page in rows]

    def menu_pages(self):
        return [page for page in self.root_children if page.show_in_menus and self.public.is_public(page)]

    def section(self, model):
        """The site's live, public index page of ``model``, or None."""
        return next(
            (page for page in self.root_children if isinstance(page, model) and self.public.is_public(page)),
            None,
        )

    # Everything a page's templates read, in bulk

    def prepare(self, page=None, listed=()):
        """Fetch what the templates will read from ``page`` (the pages, images and documents
        its StreamFields and rich text refer to, its own images) and from the ``listed``
        pages shown on it as cards or people (their images): one query per kind, images
        with their renditions. Blocks then convert without a query
        (``ContentLoader.convert_stream``)."""
        loader = self.loader
        references = References()
        streams = []
        if page is not None and not getattr(page, "_mip_prepared", False):
            page._mip_prepared = True
            for field in page._meta.fields:
                if isinstance(field, StreamField):
                    stream = getattr(page, field.name)
                    references.add_stream(stream)
                    streams.append(stream)
                elif isinstance(field, RichTextField):
                    references.add_rich_text(getattr(page, field.name))
        holders = [item for item in (page, *listed) if item is not None]
        image_fields = [(item, field) for item in holders for field in _image_fields(type(item))]
        image_model = get_image_model()
        wanted = set(references.ids.pop(image_model, set()))
        wanted |= {getattr(item, field.attname) for item, field in image_fields}
        known = loader.objects[image_model]
        loaded = load_images(wanted - known.keys(), loader.rendition_specs | references.image_specs)
        # An image in a restricted collection is never shown on a public page: as if unset.
        known.update(
            (pk, image if self.public.is_public_media(image) else None) for pk, image in loaded.items()
        )
        for item, field in image_fields:
            image_id = getattr(item, field.attname)
            if image_id is not None:
                field.set_cached_value(item, known.get(image_id))
        loader.fetch(references)
        for stream in streams:
            loader.convert_stream(stream)


def _image_fields(model):
    image_model = get_image_model()
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and issubclass(field.related_model, image_model)
    ]
