"""Signal receivers that append to the feed every change that alters anything public.

Connected once, in ``ContentCoreConfig.ready``. Each builds a ``ChangeSet`` with the fan-out
from ``cms.content.fanout`` and records it in the transaction of the change.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.content import dependencies, fanout, versions
from cms.content.feed import ChangeSet, Resource

# The officer directory behind the finder; named, not imported (cms imports no app).
DIRECTORY_MODELS = {"people.Region": "region", "people.Employer": "employer"}


# Pages ------------------------------------------------------------------------------------


def remember_stored_page(sender, instance, update_fields=None, **kwargs):
    """Before a page is saved, note its stored title, URL and the pages that list it, so a
    publish can also mark those that showed the old ones (children, a previous author)."""
    if not isinstance(instance, Page) or instance.pk is None:
        return
    if update_fields is not None and not {"title", "slug", "url_path", "live"} & set(update_fields):
        return
    stored = type(instance).objects.filter(pk=instance.pk).first()
    if stored is not None:
        shown_on = getattr(stored, "feed_shown_on", None)
        topic_keys = getattr(stored, "feed_topic_keys", None)
        instance._feed_stored = (
            stored.title,
            stored.url_path,
            set(shown_on() if shown_on else ()),
            set(topic_keys() if topic_keys else ()),
        )


def page_published_(sender, instance, **kwargs):
    change_set = ChangeSet("page published")
    fanout.add_pages(change_set, [instance], "published")
    stored = getattr(instance, "_feed_stored", None)
    if stored is not None:
        title, url_path, shown_on, topic_keys = stored
        fanout.add_listing_on(change_set, shown_on)
        change_set.add_key(*topic_keys)
        if url_path != instance.url_path:
            change_set.cause = "page URL changed"
            fanout.add_pages(change_set, [instance], "published", descendants=True)
        elif title != instance.title:
            fanout.add_pages(change_set, [instance], "published", children=True)
    change_set.record()


def page_created(sender, instance, created=False, raw=False, **kwargs):
    """Pages made live without a publish: aliases (``create_alias`` sends no
    ``page_published``), copies kept live, and pages made by code (the demo content)."""
    if created and not raw and isinstance(instance, Page) and instance.live:
        change_set = ChangeSet("alias created" if instance.alias_of_id else "page created live")
        fanout.add_pages(change_set, [instance], "published")
        change_set.record()


def page_unpublished_(sender, instance, **kwargs):
    change_set = ChangeSet("page unpublished")
    # Children lose their parent in the API (``meta.parent``).
    fanout.add_pages(change_set, [instance], "unpublished", children=True)
    change_set.record()


def page_deleted(sender, instance, **kwargs):
    # Django sends post_delete for the specific page and again for its ``Page`` row: act once.
    if not isinstance(instance, Page) or type(instance) is not (instance.specific_class or Page):
        return
    change_set = ChangeSet("page deleted")
    fanout.add_pages(change_set, [instance], "deleted")
    change_set.record()


def page_moved(sender, instance, parent_page_before=None, **kwargs):
    change_set = ChangeSet("page moved")
    fanout.add_pages(change_set, [instance], "updated", descendants=True)
    if parent_page_before is not None:  # it lost a child
        change_set.add_key(dependencies.children_key(parent_page_before.pk))
    change_set.record()
    drop_redirects_to_private_pages(instance)


def view_restriction_changed(sender, instance, origin=None, **kwargs):
    if isinstance(origin, Page):
        return  # deleted with its page, whose own fan-out says so
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        change_set = ChangeSet("page privacy changed")
        fanout.add_pages(change_set, [page], "updated", descendants=True)
        change_set.record()
        drop_redirects_to_private_pages(page)


def drop_redirects_to_private_pages(page):
    """A redirect to a page the public may not see would answer anyone with its address
    (Wagtail makes one from the old URL when a page moves): once the change is made, the
    redirects to the page and everything below it that is now private are deleted."""
    if not apps.is_installed("wagtail.contrib.redirects"):
        return
    from wagtail.contrib.redirects.models import Redirect

    def drop():
        public = versions.public_content(at=versions.read_head())
        below = Page.objects.descendant_of(page, inclusive=True)
        hidden = below.exclude(pk__in=public.visible(below, keys=[]).values("pk")).values("pk")
        Redirect.objects.filter(redirect_page_id__in=hidden).delete()

    # After Wagtail's own receivers, which create the redirect in the same transaction.
    transaction.on_commit(drop)


# Images, documents, collections -------------------------------------------------------------

# Wagtail fills these in lazily (on first use of the file), which changes nothing an app sees.
FILE_METADATA_FIELDS = frozenset(["file_size", "file_hash"])


def media_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= FILE_METADATA_FIELDS:
        return
    deleted = kwargs.get("signal") is post_delete
    event = "deleted" if deleted else "published" if kwargs.get("created") else "updated"
    change_set = ChangeSet(f"{sender._meta.verbose_name} {event}")
    fanout.add_media(change_set, sender, [instance], event)
    change_set.record()


def collection_changed(sender, instance, created=False, **kwargs):
    """A collection's restriction changed, or the collection was edited (the admin moves it
    right after saving it, in the same transaction): everything inside it may have changed."""
    if created and isinstance(instance, Collection):
        return  # a new collection is empty
    collection = instance.collection if isinstance(instance, CollectionViewRestriction) else instance
    if collection is None or collection.pk is None:
        return
    subtree = Collection.objects.filter(path__startswith=collection.path).values("pk")
    change_set = ChangeSet("collection privacy or position changed")
    for model in (get_image_model(), get_document_model()):
        ids = list(model.objects.filter(collection__in=subtree).values_list("pk", flat=True))
        if ids:
            fanout.add_media(change_set, model, ids)
    change_set.record()


# The officer directory ---------------------------------------------------------------------


def directory_changed(sender, instance, **kwargs):
    deleted = kwargs.get("signal") is post_delete
    change_set = ChangeSet(f"{sender._meta.verbose_name} {'deleted' if deleted else 'changed'}")
    kind = DIRECTORY_MODELS[sender._meta.label]
    change_set.add(Resource(kind, instance.pk, sender._meta.label), "deleted" if deleted else "updated")
    change_set.add_key(dependencies.DIRECTORY, dependencies.list_key(sender))
    if not deleted:
        fanout.add_related_pages(change_set, sender, instance)
        # Directory items that embed this one (an employer shows its region's name).
        for relation in sender._meta.related_objects:
            related = relation.related_model._meta.label
            if related in DIRECTORY_MODELS and relation.one_to_many:
                for pk in relation.related_model.objects.filter(
                    **{relation.field.name: instance}
                ).values_list("pk", flat=True):
                    change_set.add(Resource(DIRECTORY_MODELS[related], pk, related))
    change_set.record()


def directory_pages_before_delete(sender, instance, **kwargs):
    # After the delete the relation rows are gone: find the related pages first.
    change_set = ChangeSet(f"{sender._meta.verbose_name} deleted")
    fanout.add_related_pages(change_set, sender, instance)
    change_set.record()


# Tags, settings, sites, search promotions ----------------------------------------------------


def remember_stored_tag(sender, instance, **kwargs):
    if instance.pk is not None:
        instance._feed_stored = Tag.objects.filter(pk=instance.pk).values_list("name", "slug").first()


def tag_changed(sender, instance, created=False, **kwargs):
    if created:
        return
    if kwargs.get("signal") is post_save and getattr(instance, "_feed_stored", None) == (
        instance.name,
        instance.slug,
    ):
        return
    change_set = ChangeSet("topic renamed")
    fanout.add_updated_pages(change_set, fanout.tagged_page_ids(instance))
    add_tagged_media(change_set, fanout.tagged_media_ids(instance))
    change_set.record()


def tag_before_delete(sender, instance, **kwargs):
    # After the delete the tag's rows are gone: find what carries it first.
    instance._feed_tagged = (fanout.tagged_page_ids(instance), fanout.tagged_media_ids(instance))


def tag_deleted(sender, instance, **kwargs):
    change_set = ChangeSet("topic deleted")
    pages, media = getattr(instance, "_feed_tagged", ((), {}))
    fanout.add_updated_pages(change_set, pages)
    add_tagged_media(change_set, media)
    change_set.record()


def add_tagged_media(change_set, media):
    for model, ids in media.items():
        if ids:
            fanout.add_media(change_set, model, ids)


def setting_changed(sender, instance, created=False, **kwargs):
    # Wagtail creates a site's settings row, with the defaults, the first time it is read:
    # that changes nothing anyone sees.
    if created:
        return
    change_set = ChangeSet(f"{sender._meta.verbose_name} changed")
    change_set.add_key(dependencies.SETTINGS)
    fanout.add_updated_pages(change_set, fanout.pages_showing_setting(sender))
    change_set.record()


def site_changed(sender, instance, **kwargs):
    """A hostname, port or root page changed: every URL may have."""
    change_set = ChangeSet("site changed")
    change_set.add_key(dependencies.EVERYTHING)
    fanout.add_page_rows(
        change_set, fanout.page_rows(Page.objects.filter(live=True, depth__gt=1)), parents=False
    )
    change_set.record()


def search_promotion_changed(sender, instance, **kwargs):
    change_set = ChangeSet("search promotion changed")
    change_set.add_key(dependencies.list_key(Page))
    change_set.record()


def connect():
    uid = "content_core_"
    pre_save.connect(remember_stored_page, dispatch_uid=uid + "remember_page")
    post_save.connect(page_created, dispatch_uid=uid + "page_created")
    page_published.connect(page_published_, dispatch_uid=uid + "page_published")
    page_unpublished.connect(page_unpublished_, dispatch_uid=uid + "page_unpublished")
    post_delete.connect(page_deleted, dispatch_uid=uid + "page_deleted")
    post_page_move.connect(page_moved, dispatch_uid=uid + "page_moved")
    pre_save.connect(remember_stored_tag, sender=Tag, dispatch_uid=uid + "remember_tag")
    post_save.connect(tag_changed, sender=Tag, dispatch_uid=uid + "tag_saved")
    pre_delete.connect(tag_before_delete, sender=Tag, dispatch_uid=uid + "tag_before_delete")
    post_delete.connect(tag_deleted, sender=Tag, dispatch_uid=uid + "tag_deleted")
    post_save.connect(collection_changed, sender=Collection, dispatch_uid=uid + "collection_saved")
    for signal in (post_save, post_delete):
        name = "saved" if signal is post_save else "deleted"
        signal.connect(
            view_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{uid}restriction_{name}"
        )
        signal.connect(
            collection_changed, sender=CollectionViewRestriction, dispatch_uid=f"{uid}collection_{name}"
        )
        signal.connect(media_changed, sender=get_image_model(), dispatch_uid=f"{uid}image_{name}")
        signal.connect(media_changed, sender=get_document_model(), dispatch_uid=f"{uid}document_{name}")
        signal.connect(site_changed, sender=Site, dispatch_uid=f"{uid}site_{name}")
        for model in apps.get_models():
            if issubclass(model, BaseSiteSetting):
                handler = setting_changed if signal is post_save else site_changed
                signal.connect(handler, sender=model, dispatch_uid=f"{uid}setting_{name}_{model._meta.label}")
        for label in DIRECTORY_MODELS:
            if apps.is_installed(label.split(".")[0]):
                signal.connect(
                    directory_changed, sender=apps.get_model(label), dispatch_uid=f"{uid}dir_{name}_{label}"
                )
        if apps.is_installed("wagtail.contrib.search_promotions"):
            from wagtail.contrib.search_promotions.models import SearchPromotion

            signal.connect(
                search_promotion_changed, sender=SearchPromotion, dispatch_uid=f"{uid}promo_{name}"
            )
    for label in DIRECTORY_MODELS:
        if apps.is_installed(label.split(".")[0]):
            pre_delete.connect(
                directory_pages_before_delete,
                sender=apps.get_model(label),
                dispatch_uid=f"{uid}dir_pre_{label}",
            )
