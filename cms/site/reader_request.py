"""What serving a page to a reader needs more than once, fetched once per request.

The header, the footer, the breadcrumbs, listings, bylines and blocks all ask which pages
are public, which pages are the site's sections and menu, and for images, renditions and
linked pages. ``reader_request(request)`` keeps the answers on the request:

- ``head`` and ``public``: the content feed's head (the page cache stamps the stored page
  with it) and the content core's rule for this site at that head (``cms.content.visibility``),
  so a listing is narrowed to public pages and a byline or link is checked without a query each;
- ``tree``: the pages on the path being served and the site root's children, left by the
  routing (``cms.site.page_routing``) in one query; where nothing was routed, the menu costs one;
- ``loader``: a ``ContentLoader`` (``cms.api.loading``) that ``prepare()`` fills with what a
  page's templates will read, in bulk: its blocks' pages, images and documents and every
  image on the page with its renditions. ``{% content_loader %}`` in base.html makes it the
  active loader while the page renders, so blocks, rich text and bylines read from it;
- ``menu_items``: the main menu with each page's URL, for the header and the footer.

It is the one thing the project keeps on a request, and ``reader_request()`` is the one way
to it: anything else a reader's request needs more than once belongs here.
"""

from functools import cached_property

from django.db import models
from django.utils.functional import SimpleLazyObject
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.formats import get_image_formats
from wagtail.models import Page, Site

from cms.api.loading import ContentLoader, References
from cms.content import dependencies, fragments, versions
from cms.site import renditions, stream_html
from cms.site.specific_pages import select_specific, specific


def reader_request(request):
    """The request's ``ReaderRequest``, made on first use."""
    reader = getattr(request, "mip_reader_request", None)
    if reader is None:
        reader = request.mip_reader_request = ReaderRequest(request)
    return reader


def site_rendition_specs():
    """The filter specs the site's templates ask for: those every image has made ahead of
    time (``cms.site.renditions``) and rich text's image formats."""
    return frozenset({*renditions.SPECS, *(image_format.filter_spec for image_format in get_image_formats())})


class ReaderRequest:
    def __init__(self, request):
        self.request = request
        self.tree = None
        # Pages whose own StreamFields and rich text ``prepare()`` has read already.
        self.prepared = []
        # {(part name, page id): feed keys} of what a kept part shows that was read before it
        # rendered (``listing_for_part``).
        self.part_dependencies = {}

    def use_tree(self, tree):
        """Keep what the routing fetched: the pages on the path and the root's children
        (``cms.site.page_routing.ServedTree``)."""
        self.tree = tree

    @cached_property
    def site(self):
        return Site.find_for_request(self.request)

    @cached_property
    def head(self):
        return versions.head()

    @cached_property
    def public(self):
        """What readers of this site may see (``cms.content.visibility.PublicContent``)."""
        if self.site is None:
            return versions.no_site()
        return versions.public_content(self.site, at=self.head)

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

    @cached_property
    def menu_items(self):
        """The live, public "show in menus" children of the site root, each as {page, url}."""
        return [
            {"page": page, "url": page.get_url(self.request)}
            for page in self.root_children
            if page.show_in_menus and self.public.is_public(page)
        ]

    def section(self, model):
        """The site's live, public index page of ``model``, or None."""
        return next(
            (page for page in self.root_children if isinstance(page, model) and self.public.is_public(page)),
            None,
        )

    # Parts of a page's template kept between responses ({% kept %})

    def part_key(self, name, *values):
        """The key part ``name`` of a page's template is kept under for ``values`` (a page
        by its id and when it was last published), or None where parts are not kept
        (``cms.content.fragments``)."""
        if not fragments.is_enabled():
            return None
        parts = [(v.pk, v.last_published_at) if isinstance(v, Page) else v for v in values]
        return fragments.key_for("kept", name, self.request.get_host(), *parts)

    def frame_keys(self):
        """What the header and the footer show: the site's settings and its main menu (the
        root's children, each checked as public)."""
        keys = {dependencies.SETTINGS}
        if self.site is not None:
            keys.add(dependencies.children_key(self.site.root_page_id))
            keys.update(dependencies.page_key(page.pk) for page in self.root_children)
        return keys

    def listing_for_part(self, name, page, make):
        """(items, listed): the pages that part ``name`` of ``page``'s template shows as cards.
        Fetched now, to be prepared with the page (``listed``); or, when the part is kept,
        fetched only if the part is rendered after all (it never is within one response)."""
        key = self.part_key(name, page)
        if key is not None and key in fragments.get_many([key]):

            def fetch():
                items = list(make())
                self.prepare(listed=items)
                return items

            return SimpleLazyObject(fetch), ()
        with dependencies.collect(apart=True) as listed:
            items = list(make())
        # The part depends on the listing, on the pages it shows and on their images, though
        # they are read before the part renders ({% kept %} adds these).
        listed.add(*(dependencies.page_key(item.pk) for item in items))
        for item in items:
            listed.add(*image_keys(item))
        self.part_dependencies[(name, page.pk)] = listed.keys
        return items, items

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
        if page is not None and not any(page is done for done in self.prepared):
            self.prepared.append(page)
            for field in page._meta.fields:
                if isinstance(field, StreamField):
                    stream = getattr(page, field.name)
                    # A body whose HTML is kept (``{% streamfield %}``) needs nothing fetched.
                    if field.name == "body" and stream_html.is_kept(stream, self.request):
                        continue
                    references.add_stream(stream)
                    streams.append(stream)
                elif isinstance(field, RichTextField):
                    references.add_rich_text(getattr(page, field.name))
        holders = [item for item in (page, *listed) if item is not None]
        image_fields = [(item, field) for item in holders for field in _image_fields(type(item))]
        image_model = get_image_model()
        for item, field in image_fields:
            references.add(image_model, getattr(item, field.attname))
        # Images come with their renditions; one in a restricted collection is never shown on
        # a public page: the loader has it as None, as if unset.
        loader.fetch(references)
        known = loader.objects[image_model]
        for item, field in image_fields:
            image_id = getattr(item, field.attname)
            if image_id is not None:
                field.set_cached_value(item, known.get(image_id))
        for stream in streams:
            loader.convert_stream(stream)


def _image_fields(model):
    image_model = get_image_model()
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and issubclass(field.related_model, image_model)
    ]


def image_keys(page):
    """The feed keys of the images ``page`` holds (its hero image, a person's photo): what
    shows them changes when they do, also once they are private and left out."""
    keys = set()
    for field in _image_fields(type(page)):
        image_id = getattr(page, field.attname)
        if image_id is not None:
            keys.add(f"image:{image_id}")
    return keys
