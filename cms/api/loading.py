"""Loads everything a batch of pages' API representation reads, in a fixed number of queries.

Stock Wagtail converts each page's StreamField on its own (a query per chooser block type
per page), resolves rich text links per paragraph, and looks up renditions per image, so
a listing's query count grows with its length. A ``ContentLoader`` instead walks the raw
StreamField data and rich text of the whole batch first, fetches every referenced page,
image and document with one query per model, fetches the renditions of every image with
one more, and then builds the StreamField values from what it fetched. While it is
active (``with loader.active():``), ``cms.api.representation`` and the block templates
resolve links, visibility and renditions from it instead of the database.
"""

import re
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, cached_property
from html import escape

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, prefetch_related_objects
from modelcluster.models import get_all_child_relations
from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.formats import get_image_format
from wagtail.models import Page, Site
from wagtail.rich_text.rewriters import (
    FIND_A_TAG,
    FIND_EMBED_TAG,
    EmbedRewriter,
    LinkRewriter,
    MultiRuleRewriter,
    extract_attrs,
)

from cms import wagtail_compat
from cms.api.inline_images import inline_image_html
from cms.api.links import absolute_url
from cms.content import dependencies, visibility

MAX_ID = 2**63 - 1

_current = ContextVar("cms_api_content_loader", default=None)


def current():
    """The loader serialising the current response, if any."""
    return _current.get()


def parse_id(value):
    """A database id from untrusted input (query string, rich text, raw block data), or None."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def model_key(model):
    """Pages are fetched as base ``Page`` rows whatever the chooser's target type."""
    return Page if issubclass(model, Page) else model


class References:
    """Ids of objects referenced from StreamField and rich text, grouped by model."""

    def __init__(self):
        self.ids = defaultdict(set)
        self.image_specs = set()

    def add(self, model, raw_id):
        pk = parse_id(raw_id)
        if pk is not None:
            self.ids[model_key(model)].add(pk)

    def add_rich_text(self, html):
        if not html or ("linktype" not in html and "embedtype" not in html):
            return
        for match in FIND_A_TAG.finditer(html):
            attrs = extract_attrs(match.group(1))
            link_type = attrs.get("linktype")
            if link_type == "page":
                self.add(Page, attrs.get("id"))
            elif link_type == "document":
                self.add(get_document_model(), attrs.get("id"))
        for match in FIND_EMBED_TAG.finditer(html):
            attrs = extract_attrs(match.group(1))
            if attrs.get("embedtype") == "image":
                self.add(get_image_model(), attrs.get("id"))
                image_format = _image_format(attrs.get("format"))
                if image_format is not None:
                    self.image_specs.add(image_format.filter_spec)

    def add_stream(self, stream, every_block=False):
        """Walk the blocks of a lazy StreamValue that are not converted yet (``every_block``:
        all of them, converted or not)."""
        if every_block:
            items = [raw for raw in stream.raw_data if raw is not None]
        else:
            items = [raw for _, raw in wagtail_compat.unconverted_blocks(stream)]
        for raw in items:
            child = stream.stream_block.child_blocks.get(raw.get("type"))
            if child is not None:
                self.add_block(child, raw.get("value"))

    def feed_keys(self):
        """The content feed's keys of everything referenced (``page:3``, ``image:7``): what
        shows them changes when they do, also once they are private and left out."""
        return {
            f"{'page' if model is Page else visibility.media_kind(model)}:{pk}"
            for model, ids in self.ids.items()
            for pk in ids
        }

    def add_block(self, block, raw):
        """Walk raw (database JSON) block data with its block definition."""
        if raw is None:
            return
        if isinstance(block, blocks.ChooserBlock):
            self.add(block.model_class, raw)
        elif isinstance(block, blocks.RichTextBlock):
            self.add_rich_text(raw if isinstance(raw, str) else None)
        elif isinstance(block, blocks.StructBlock):
            if isinstance(raw, dict):
                for name, child in block.child_blocks.items():
                    if name in raw:
                        self.add_block(child, raw[name])
        elif isinstance(block, blocks.ListBlock):
            for item in raw if isinstance(raw, list) else []:
                self.add_block(block.child_block, wagtail_compat.list_item(block, item)[1])
        elif isinstance(block, blocks.StreamBlock):
            for item in raw if isinstance(raw, list) else []:
                child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
                if child is not None:
                    self.add_block(child, item.get("value"))


def _image_format(name):
    try:
        return get_image_format(name)
    except KeyError:
        return None


_chooser_cache = {}


def has_chooser(block):
    """Whether converting this block's value needs objects from the database."""
    key = id(block)
    if key not in _chooser_cache:
        if isinstance(block, blocks.ChooserBlock):
            found = True
        elif isinstance(block, (blocks.StructBlock, blocks.StreamBlock)):
            found = any(has_chooser(child) for child in block.child_blocks.values())
        elif isinstance(block, blocks.ListBlock):
            found = has_chooser(block.child_block)
        else:
            found = False
        _chooser_cache[key] = found
    return _chooser_cache[key]


@cache
def model_plan(model):
    """What a page model's API fields read from related tables.

    ``select``: foreign keys to follow in the page query (e.g. authors).
    ``prefetch``: tags, many-to-many fields and child relations. ``images``: attribute paths
    to image foreign keys (``("image",)``, ``("author", "photo")``): images are fetched by id
    with the others, with their renditions, not joined.
    """
    image_model = get_image_model()
    api_field_names = {getattr(field, "name", field) for field in getattr(model, "api_fields", ())}
    select, images, prefetch = ["locale"], [], []
    for field in model._meta.get_fields():
        if field.name not in api_field_names:
            continue
        if isinstance(field, models.ForeignKey) and field.concrete:
            related = field.related_model
            if issubclass(related, image_model):
                images.append((field.name,))
                continue
            select.append(field.name)
            if issubclass(related, Page):
                for sub in related._meta.get_fields():
                    if (
                        isinstance(sub, models.ForeignKey)
                        and sub.concrete
                        and issubclass(sub.related_model, image_model)
                    ):
                        images.append((field.name, sub.name))
        elif isinstance(field, (models.ManyToManyField, TaggableManager)):
            prefetch.append(field.name)
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        if name in api_field_names:
            prefetch.append(name)
    stream_fields = [field.name for field in model._meta.fields if isinstance(field, StreamField)]
    rich_text_fields = [field.name for field in model._meta.fields if isinstance(field, RichTextField)]
    return {
        "select": tuple(select),
        "prefetch": tuple(prefetch),
        "images": tuple(images),
        "stream_fields": tuple(stream_fields),
        "rich_text_fields": tuple(rich_text_fields),
    }


def shown_keys(page):
    """The feed keys of what a page's API fields refer to: the pages, images and documents of
    its StreamFields and rich text, and its images (an author's photo too), whether or not
    each is public now."""
    plan = model_plan(type(page))
    references = References()
    for name in plan["stream_fields"]:
        stream = getattr(page, name)
        if isinstance(stream, StreamValue):
            references.add_stream(stream, every_block=True)
    for name in plan["rich_text_fields"]:
        references.add_rich_text(getattr(page, name))
    for path in plan["images"]:
        holder = _follow(page, path[:-1])
        if holder is not None:
            references.add(get_image_model(), getattr(holder, holder._meta.get_field(path[-1]).attname))
    return references.feed_keys()


def field_sources(model, field_names):
    """The model attributes that serialising ``field_names`` reads (an API field's
    serializer may read another attribute, e.g. ``body_html`` reads ``body``)."""
    sources = set(field_names)
    for api_field in getattr(model, "api_fields", ()):
        name = getattr(api_field, "name", api_field)
        serializer = getattr(api_field, "serializer", None)
        source = getattr(serializer, "source", None) if serializer is not None else None
        if name in field_names and source and source != "*":
            sources.add(source.split(".")[0])
    return sources


class ContentLoader:
    def __init__(self, public, rendition_specs=(), request=None):
        self.public = public
        self.request = request
        self.rendition_specs = set(rendition_specs)
        self.objects = defaultdict(dict)
        self.parents = {}
        self._rewriter = None

    @cached_property
    def site_root_paths(self):
        return Site.get_site_root_paths()

    @contextmanager
    def active(self):
        token = _current.set(self)
        try:
            with visibility.use(self.public):
                yield self
        finally:
            _current.reset(token)

    # Pages ----------------------------------------------------------------------------

    def load_pages(self, ids):
        """The public pages among ``ids`` in their specific types, related rows selected,
        as {id: page}. One query for the types, then one per page type."""
        ids = [pk for pk in (parse_id(pk) for pk in ids) if pk is not None]
        if not ids:
            return {}
        keys = [dependencies.page_key(pk) for pk in ids]
        rows = self.public.queryset(keys=keys).filter(pk__in=ids).values_list("pk", "content_type_id")
        return self.load_specific(rows)

    def load_specific(self, rows):
        """Specific pages for (id, content_type_id) rows, one query per page type."""
        ids_by_type = defaultdict(list)
        for pk, content_type_id in rows:
            ids_by_type[content_type_id].append(pk)
        pages = {}
        for content_type_id, type_ids in ids_by_type.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            queryset = model.objects.filter(pk__in=type_ids).select_related(*model_plan(model)["select"])
            pages.update((page.pk, page) for page in queryset)
        return pages

    def prepare(self, pages, field_names):
        """Fetch, in bulk, everything that serialising ``field_names`` of ``pages`` reads.
        ``field_names`` is one list for all the pages, or a {model: names} dict."""
        pages = [page for page in pages if page is not None]
        if not pages:
            return
        if isinstance(field_names, dict):
            fields_by_model = {model: set(names) for model, names in field_names.items()}

            def names_for(model):
                return fields_by_model.get(model, set())
        else:
            same_for_all = set(field_names)

            def names_for(model):
                return same_for_all

        references = References()
        image_model = get_image_model()
        image_slots = []
        streams = []
        pages_by_model = defaultdict(list)
        for page in pages:
            pages_by_model[type(page)].append(page)

        for model, model_pages in pages_by_model.items():
            plan = model_plan(model)
            sources = field_sources(model, names_for(model))
            prefetch = [name for name in plan["prefetch"] if name in sources]
            if prefetch:
                prefetch_related_objects(model_pages, *prefetch)
            image_paths = [path for path in plan["images"] if path[0] in sources]
            stream_names = [name for name in plan["stream_fields"] if name in sources]
            rich_text_names = [name for name in plan["rich_text_fields"] if name in sources]
            for page in model_pages:
                for path in image_paths:
                    holder = _follow(page, path[:-1])
                    if holder is not None:
                        field = holder._meta.get_field(path[-1])
                        image_slots.append((holder, field))
                        references.add(image_model, getattr(holder, field.attname))
                for name in rich_text_names:
                    references.add_rich_text(getattr(page, name))
                for name in stream_names:
                    stream = getattr(page, name)
                    if isinstance(stream, StreamValue):
                        streams.append(stream)
                        references.add_stream(stream)

        with_parents = [page for page in pages if "parent" in names_for(type(page))]
        self.fetch(references, parent_paths=self.parent_paths(with_parents))
        self.load_parents(with_parents)
        for holder, field in image_slots:
            image_id = getattr(holder, field.attname)
            if image_id is not None:
                field.set_cached_value(holder, self.objects[image_model].get(image_id))
        for stream in streams:
            self.convert_stream(stream)

    def parent_paths(self, pages):
        steplen = Page.steplen
        return {page.path[:-steplen] for page in pages if page.depth > 1}

    def load_parents(self, pages):
        """Record each page's parent (a base Page), fetching any not already loaded."""
        if not pages:
            return
        wanted = {page.pk: page.path[: -Page.steplen] for page in pages if page.depth > 1}
        by_path = {page.path: page for page in self.objects[Page].values() if page is not None}
        missing = set(wanted.values()) - by_path.keys()
        if missing:
            for parent in Page.objects.filter(path__in=missing):
                self.objects[Page][parent.pk] = parent
                by_path[parent.path] = parent
        for page_id, parent_path in wanted.items():
            self.parents[page_id] = by_path.get(parent_path)

    def fetch(self, references, parent_paths=()):
        """Fetch every referenced object not yet loaded: one query per model. Parents (by
        tree path) come with the referenced pages."""
        page_ids = references.ids.get(Page, set())
        known_paths = {page.path for page in self.objects[Page].values() if page is not None}
        parent_paths = set(parent_paths) - known_paths
        if parent_paths:
            missing = page_ids - self.objects[Page].keys()
            for page in Page.objects.filter(Q(pk__in=missing) | Q(path__in=parent_paths)):
                wagtail_compat.share_site_root_paths(page, self.site_root_paths)
                self.objects[Page][page.pk] = page
            for pk in missing:
                self.objects[Page].setdefault(pk, None)
        for model, ids in references.ids.items():
            self.get_objects(model, ids, references.image_specs)

    def get_objects(self, model, ids, extra_specs=()):
        """{id: object} for the given ids, fetching only those not already loaded. Images come
        with their renditions for the loader's specs and ``extra_specs``, in one more query."""
        model = model_key(model)
        known = self.objects[model]
        ids = {pk for pk in (parse_id(pk) for pk in ids) if pk is not None}
        missing = ids - known.keys()
        if missing:
            objects = model._default_manager
            if model is get_image_model():
                objects = objects.prefetch_renditions(*self.rendition_specs, *extra_specs)
            fetched = objects.in_bulk(missing)
            if model is Page:
                for page in fetched.values():
                    wagtail_compat.share_site_root_paths(page, self.site_root_paths)
            elif model in (get_image_model(), get_document_model()):
                # Media in a restricted collection is never shown: as if it did not exist.
                fetched = {pk: obj for pk, obj in fetched.items() if self.public.is_public_media(obj)}
            known.update(fetched)
            for pk in missing:
                known.setdefault(pk, None)
        return {pk: known[pk] for pk in ids}

    # Images -----------------------------------------------------------------------------

    def attach_renditions(self, images, extra_specs=()):
        """For images fetched with something else (a page's hero image, a person's photo):
        their renditions for the loader's specs in one query, as ``prefetch_renditions()``
        gives a query of images; ``Image.get_renditions`` then reads them."""
        images = [image for image in images if image is not None]
        if images:
            queryset = (
                get_image_model()
                .get_rendition_model()
                .objects.filter(filter_spec__in=self.rendition_specs | set(extra_specs))
            )
            # The same lookup as ``ImageQuerySet.prefetch_renditions``; images that have it skip.
            prefetch_related_objects(
                images, models.Prefetch("renditions", queryset=queryset, to_attr="prefetched_renditions")
            )

    # StreamField ------------------------------------------------------------------------

    def prepare_stream(self, stream):
        """Fetch what one StreamValue's blocks refer to (what ``prepare`` does for a page's
        streams), and convert it."""
        references = References()
        references.add_stream(stream)
        self.fetch(references)
        self.convert_stream(stream)

    def convert_stream(self, stream):
        """Build the native values of a lazy StreamValue from the fetched objects, as
        Wagtail's ``StreamValue`` would, but without a query per block type."""
        for i, raw in wagtail_compat.unconverted_blocks(stream):
            child = stream.stream_block.child_blocks.get(raw.get("type"))
            if child is not None:
                value = self.to_native(child, raw.get("value"))
                wagtail_compat.set_converted_block(stream, i, child, value, raw.get("id"))

    def to_native(self, block, raw):
        if not has_chooser(block):
            return block.to_python(raw)
        if isinstance(block, blocks.ChooserBlock):
            if raw is None or raw == "":
                return None
            pk = parse_id(raw)
            found = self.get_objects(block.model_class, [pk]) if pk else {}
            return found.get(pk)
        if isinstance(block, blocks.StructBlock):
            raw = raw if isinstance(raw, dict) else {}
            return wagtail_compat.struct_value(
                block,
                [
                    (name, self.to_native(child, raw[name]) if name in raw else child.get_default())
                    for name, child in block.child_blocks.items()
                ],
            )
        if isinstance(block, blocks.ListBlock):
            children = []
            for item in raw if isinstance(raw, list) else []:
                item_id, raw_value = wagtail_compat.list_item(block, item)
                value = self.to_native(block.child_block, raw_value)
                children.append(ListValue.ListChild(block.child_block, value, id=item_id))
            return ListValue(block, bound_blocks=children)
        if isinstance(block, blocks.StreamBlock):
            stream = block.to_python(raw)
            self.convert_stream(stream)
            return stream
        return block.to_python(raw)

    # Rich text --------------------------------------------------------------------------

    def page_url(self, page):
        """The page's absolute public URL, or None if it is not public."""
        if page is None or not self.public.is_public(page):
            return None
        return absolute_url(self.public.url_path(page))

    def rich_text_html(self, source):
        """Database rich text as display HTML: internal links absolute, with their page id
        and type; links to pages that are not public lose their target."""
        if not source:
            return ""
        if "linktype" not in source and "embedtype" not in source:
            return source
        references = References()
        references.add_rich_text(source)
        self.fetch(references)
        return self._html_rewriter()(source)

    def _html_rewriter(self):
        if self._rewriter is not None:
            return self._rewriter

        def page_links(attrs_list):
            tags = []
            for attrs in attrs_list:
                page = self.objects[Page].get(parse_id(attrs.get("id")))
                url = self.page_url(page)
                if not url:
                    tags.append("<a>")
                    continue
                page_type = page.specific_class or type(page)
                tags.append(
                    f'<a href="{escape(url)}" data-page-id="{page.pk}" '
                    f'data-page-type="{page_type._meta.app_label}.{page_type.__name__}">'
                )
            return tags

        def document_links(attrs_list):
            tags = []
            for attrs in attrs_list:
                document = self.objects[get_document_model()].get(parse_id(attrs.get("id")))
                if document is None:
                    tags.append("<a>")
                else:
                    tags.append(
                        f'<a href="{escape(absolute_url(document.url))}" data-document-id="{document.pk}">'
                    )
            return tags

        def image_embeds(attrs_list):
            tags = []
            for attrs in attrs_list:
                image = self.objects[get_image_model()].get(parse_id(attrs.get("id")))
                image_format = _image_format(attrs.get("format"))
                if image is None or image_format is None:
                    tags.append('<img alt="">')
                    continue
                tags.append(inline_image_html(image, image_format, attrs.get("alt", ""), url=absolute_url))
            return tags

        self._rewriter = MultiRuleRewriter(
            [
                LinkRewriter(bulk_rules={"page": page_links, "document": document_links}),
                EmbedRewriter(bulk_rules={"image": image_embeds}),
            ]
        )
        return self._rewriter

    def markdown_ready(self, source):
        """Database rich text for Wagtail's Markdown converter, which keeps absolute links:
        internal links point at a placeholder that names what they link to (links to pages
        that aren't public are emptied); ``markdown_links`` then turns each into the real
        absolute URL with the identity in the link's title."""
        if not source or "linktype=" not in source:
            return source or ""
        references = References()
        references.add_rich_text(source)
        self.fetch(references)

        def page_links(attrs_list):
            pages = [self.objects[Page].get(parse_id(attrs.get("id"))) for attrs in attrs_list]
            return [
                f'<a href="{MARKDOWN_PLACEHOLDER}page/{page.pk}">' if self.page_url(page) else "<a>"
                for page in pages
            ]

        def document_links(attrs_list):
            documents = [self.objects[get_document_model()].get(parse_id(a.get("id"))) for a in attrs_list]
            return [
                f'<a href="{MARKDOWN_PLACEHOLDER}document/{doc.pk}">' if doc else "<a>" for doc in documents
            ]

        return LinkRewriter(bulk_rules={"page": page_links, "document": document_links})(source)

    def markdown_links(self, markdown):
        """Markdown from ``markdown_ready``'s HTML, with each internal link as
        ``[text](<absolute URL> "mip:page:<id>:<app_label.Model>")`` or
        ``[text](<absolute URL> "mip:document:<id>")``: a working link for any Markdown
        renderer, and its identity in the title, for apps that open it in-app."""

        def replace(match):
            kind, pk = match.group(1), parse_id(match.group(2))
            if kind == "page":
                page = self.objects[Page].get(pk)
                url = self.page_url(page)
                if url is None:
                    return "]()"
                page_type = page.specific_class or type(page)
                title = f"mip:page:{page.pk}:{page_type._meta.app_label}.{page_type.__name__}"
            else:
                document = self.objects[get_document_model()].get(pk)
                if document is None:
                    return "]()"
                url, title = absolute_url(document.url), f"mip:document:{document.pk}"
            return f']({markdown_destination(url)} "{title}")'

        return _MARKDOWN_PLACEHOLDER_LINK.sub(replace, markdown)


# Internal links on their way through the Markdown converter (see ``markdown_ready``).
MARKDOWN_PLACEHOLDER = "https://internal-link.invalid/"
_MARKDOWN_PLACEHOLDER_LINK = re.compile(
    r"\]\(" + re.escape(MARKDOWN_PLACEHOLDER) + r"(page|document)/(\d+)\)"
)


def markdown_destination(url):
    """A URL as a Markdown link destination: in angle brackets if it has spaces or brackets."""
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


_RELATIVE_MARKDOWN_TARGET = re.compile(r"\]\((/[^/)][^)]*)\)")


def absolute_markdown_links(markdown):
    """``[text](/path)`` and ``![alt](/media/...)`` with the API's base URL."""
    return _RELATIVE_MARKDOWN_TARGET.sub(lambda m: f"]({absolute_url(m.group(1))})", markdown)


def _follow(obj, path):
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj
