"""What a change affects: the rows a ``ChangeSet`` gets for each kind of change.

- A page published, unpublished or deleted: the page; its aliases; pages that link to or
  embed it (Wagtail's ``ReferenceIndex``); the lists on other pages that show it
  (``feed_shown_on``: a news item on its author's profile); listings of its type, and of its
  type on its topics before and after (``feed_topic_keys``: related news); its parent's
  list of children.
- A page's title or slug published: also its children (their ``meta.parent``), or every
  descendant when its URL changed. A page unpublished: also its children.
- A page moved, or its view restriction changed: the page and everything below it, each as
  above.
- An alias created: the alias, as a publish.
- An image or document edited, replaced or deleted: it; pages that show it, and pages that
  show those (a news item shows its author's photo); media listings.
- A collection's restriction or position changed: every image and document inside it.
- A region or employer changed: it; pages related to it (the officers covering a region);
  the officer finder (``directory``).
- A tag renamed or deleted: every page carrying it, and listings of their types.
- A site setting changed: ``settings`` (every page shows the footer), and pages whose API
  fields show that setting (``feed_settings``: Legal Eye's disclaimer).
- A Site record changed: everything (``all``): every URL may have changed.
- A search promotion changed: page listings (search results).
"""

from collections import defaultdict

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import ForeignKey, ManyToManyField
from taggit.models import ItemBase
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, get_page_models

from cms.content import dependencies
from cms.content.feed import Resource, page_type_label
from cms.content.visibility import media_kind

PAGE_FIELDS = ("pk", "content_type_id", "path", "depth")


def base_content_type(model):
    parents = model._meta.get_parent_list()
    return ContentType.objects.get_for_model(parents[-1] if parents else model)


def referring_page_ids(model, object_ids):
    """Pages whose content points at these objects (a foreign key, a chooser block or a rich
    text link), from Wagtail's reference index."""
    object_ids = [str(pk) for pk in object_ids]
    if not object_ids:
        return set()
    rows = (
        ReferenceIndex.objects.filter(
            base_content_type=base_content_type(Page),
            to_content_type=base_content_type(model),
            to_object_id__in=object_ids,
        )
        .values_list("object_id", flat=True)
        .distinct()
    )
    return {int(object_id) for object_id in rows if object_id.isdigit()}


def page_rows(queryset):
    return list(queryset.values_list(*PAGE_FIELDS))


def add_page_rows(change_set, rows, event="updated", *, parents=True):
    """The pages themselves, listings of their types and (``parents``) their parents' children."""
    parent_paths = set()
    for pk, content_type_id, path, depth in rows:
        label = page_type_label(content_type_id)
        change_set.add(Resource("page", pk, label), event)
        change_set.add_key(*list_keys(label))
        if parents and depth > 1:
            parent_paths.add(path[: -Page.steplen])
    if parent_paths:
        for parent_id in Page.objects.filter(path__in=parent_paths).values_list("pk", flat=True):
            change_set.add_key(dependencies.children_key(parent_id))


def list_keys(label):
    """A page type's listing and those of the page types it extends (``wagtailcore.Page``)."""
    model = apps.get_model(label)
    keys = {dependencies.list_key(model)}
    keys.update(dependencies.list_key(parent) for parent in model._meta.get_parent_list())
    return keys


def add_shown_on(change_set, pages):
    """The lists on other pages that show these pages (``feed_shown_on()`` on the page type:
    a person's profile lists their news). Only those lists changed, not the pages' own
    content, so they are keys (``listing-on:<id>``), not resources to send again."""
    for page in pages:
        shown_on = getattr(page, "feed_shown_on", None)
        if shown_on is not None:
            add_listing_on(change_set, shown_on())
        # Listings narrowed to its topics (``feed_topic_keys()``: related news by topic).
        topic_keys = getattr(page, "feed_topic_keys", None)
        if topic_keys is not None:
            change_set.add_key(*topic_keys())


def add_listing_on(change_set, page_ids):
    change_set.add_key(*(dependencies.listing_on_key(pk) for pk in page_ids if pk))


def add_updated_pages(change_set, ids, *, exclude=()):
    ids = (
        set(ids)
        - set(exclude)
        - {resource.id for resource in change_set.resources if resource.kind == "page"}
    )
    if ids:
        add_page_rows(change_set, page_rows(Page.objects.filter(pk__in=ids)), parents=False)
    return ids


def add_referrers(change_set, model, ids, depth=1):
    """Pages that show these objects, ``depth`` levels out."""
    frontier = set(ids)
    for _level in range(depth):
        found = add_updated_pages(change_set, referring_page_ids(model, frontier))
        if not found:
            return
        model, frontier = Page, found


def add_pages(change_set, pages, event, *, children=False, descendants=False):
    """The full fan-out of a change to ``pages`` (Page instances): see the module's table."""
    pages = list(pages)
    ids = {page.pk for page in pages}
    if descendants:
        rows = set()
        for page in pages:
            rows.update(page_rows(Page.objects.descendant_of(page, inclusive=True)))
        rows = sorted(rows)
        ids = {row[0] for row in rows}
        add_page_rows(change_set, rows, event)
        pages = list(Page.objects.filter(pk__in=ids).specific())
    else:
        add_page_rows(
            change_set, [tuple(getattr(page, name) for name in PAGE_FIELDS) for page in pages], event
        )
    if children:
        for page in pages:
            add_page_rows(change_set, page_rows(Page.objects.child_of(page)), parents=False)
    aliases = page_rows(Page.objects.filter(alias_of_id__in=ids).exclude(pk__in=ids))
    add_page_rows(change_set, aliases, "updated")
    add_shown_on(change_set, pages)
    add_referrers(change_set, Page, ids | {row[0] for row in aliases})


def add_media(change_set, model, objects_or_ids, event="updated"):
    kind = media_kind(model)
    ids = {getattr(obj, "pk", obj) for obj in objects_or_ids}
    for pk in ids:
        change_set.add(Resource(kind, pk, model._meta.label), event)
    change_set.add_key(dependencies.list_key(model))
    # Two levels: a person page shows its photo, and a news item shows its author's photo.
    add_referrers(change_set, model, ids, depth=2)


def add_related_pages(change_set, model, instance):
    """Pages with a foreign key or many-to-many field to ``instance`` (a region's officers)."""
    ids = set()
    for page_model in get_page_models():
        for field in page_model._meta.get_fields():
            if isinstance(field, (ForeignKey, ManyToManyField)) and field.related_model is model:
                ids.update(page_model.objects.filter(**{field.name: instance}).values_list("pk", flat=True))
    add_updated_pages(change_set, ids)


def tagged_page_ids(tag):
    """Pages carrying ``tag``, through every page type's tag table."""
    ids = set()
    for model in apps.get_models():
        if issubclass(model, ItemBase) and "tag" in {field.name for field in model._meta.fields}:
            target = model._meta.get_field("content_object").related_model
            if isinstance(target, type) and issubclass(target, Page):
                ids.update(model.objects.filter(tag=tag).values_list("content_object_id", flat=True))
    return ids


def tagged_media_ids(tag):
    """{model: ids} of the images and documents carrying ``tag`` (their ``meta.tags``)."""
    return {
        model: set(model.objects.filter(tags=tag).values_list("pk", flat=True))
        for model in (get_image_model(), get_document_model())
    }


def pages_showing_setting(setting_model):
    """Pages of the types whose API fields show this setting (``feed_settings``)."""
    label = setting_model._meta.label
    ids_by_model = defaultdict(set)
    for page_model in get_page_models():
        if label in getattr(page_model, "feed_settings", ()):
            ids_by_model[page_model] = set(page_model.objects.values_list("pk", flat=True))
    return set().union(*ids_by_model.values()) if ids_by_model else set()
