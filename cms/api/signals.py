"""Signal handlers that keep the change log (and so sync and the API caches) current."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.api import changelog
from cms.api.models import ChangeReason

# Directory models behind the officer finder; named, not imported (cms imports no app).
DIRECTORY_MODELS = ("people.Region", "people.Employer")


def remember_previous_page_state(sender, instance, update_fields=None, **kwargs):
    """Before a page is saved, note its stored title and URL path, so that publishing a
    new title or slug can mark the pages that show them (children, descendants) as changed."""
    if not isinstance(instance, Page) or instance.pk is None:
        return
    if update_fields is not None and not {"title", "slug", "url_path"} & set(update_fields):
        return
    instance._api_previous_state = (
        Page.objects.filter(pk=instance.pk).values_list("title", "url_path").first()
    )


def page_was_published(sender, instance, **kwargs):
    changelog.record_with_referrers([(instance.pk, instance.content_type_id)], ChangeReason.PUBLISHED)
    previous = getattr(instance, "_api_previous_state", None)
    if previous is None:
        return
    previous_title, previous_url_path = previous
    if previous_url_path != instance.url_path:
        affected = changelog.page_and_descendants(instance, inclusive=False)
        changelog.record_with_referrers(affected, ChangeReason.PARENT_CHANGED)
    elif previous_title != instance.title:
        changelog.record_pages(changelog.children(instance), ChangeReason.PARENT_CHANGED)


def page_was_unpublished(sender, instance, **kwargs):
    changelog.record_with_referrers([(instance.pk, instance.content_type_id)], ChangeReason.UNPUBLISHED)


def page_was_deleted(sender, instance, **kwargs):
    changelog.record_with_referrers([(instance.pk, instance.content_type_id)], ChangeReason.DELETED)


def page_was_moved(sender, instance, **kwargs):
    changelog.record_with_referrers(changelog.page_and_descendants(instance), ChangeReason.MOVED)


def view_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        changelog.record_with_referrers(changelog.page_and_descendants(page), ChangeReason.RESTRICTED)


# Wagtail fills these in lazily (on first use of the file), which changes nothing an app sees.
FILE_METADATA_FIELDS = frozenset(["file_size", "file_hash"])


def is_metadata_only(update_fields):
    return update_fields is not None and set(update_fields) <= FILE_METADATA_FIELDS


def image_changed(sender, instance, update_fields=None, **kwargs):
    if is_metadata_only(update_fields):
        return
    changelog.record_event(ChangeReason.IMAGE)
    # Two levels: a news item shows its author's photo.
    changelog.record_with_referrers(
        changelog.referring_pages(sender, [instance.pk]), ChangeReason.REFERENCE_CHANGED, depth=2
    )


def document_changed(sender, instance, update_fields=None, **kwargs):
    if is_metadata_only(update_fields):
        return
    changelog.record_event(ChangeReason.DOCUMENT)
    changelog.record_pages(changelog.referring_pages(sender, [instance.pk]), ChangeReason.REFERENCE_CHANGED)


def collection_privacy_changed(sender, instance, **kwargs):
    changelog.record_event(ChangeReason.COLLECTION)


def site_changed(sender, instance, **kwargs):
    changelog.record_event(ChangeReason.SITE)


def site_setting_changed(sender, instance, created=False, **kwargs):
    # Wagtail creates a site's settings row, with the defaults, the first time it is read:
    # that changes nothing anyone sees.
    if not created:
        changelog.record_event(ChangeReason.SITE)


def directory_changed(sender, instance, **kwargs):
    changelog.record_event(ChangeReason.DIRECTORY)


def connect():
    pre_save.connect(remember_previous_page_state, dispatch_uid="api_remember_previous_page_state")
    page_published.connect(page_was_published, dispatch_uid="api_page_published")
    page_unpublished.connect(page_was_unpublished, dispatch_uid="api_page_unpublished")
    post_delete.connect(page_was_deleted, sender=Page, dispatch_uid="api_page_deleted")
    post_page_move.connect(page_was_moved, dispatch_uid="api_page_moved")
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(
            view_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"api_restriction_{name}"
        )
        signal.connect(image_changed, sender=get_image_model(), dispatch_uid=f"api_image_{name}")
        signal.connect(document_changed, sender=get_document_model(), dispatch_uid=f"api_document_{name}")
        signal.connect(site_changed, sender=Site, dispatch_uid=f"api_site_{name}")
        signal.connect(
            collection_privacy_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"api_collection_restriction_{name}",
        )
        for model in apps.get_models():
            if issubclass(model, BaseSiteSetting):
                handler = site_setting_changed if signal is post_save else site_changed
                signal.connect(handler, sender=model, dispatch_uid=f"api_setting_{name}_{model._meta.label}")
        for label in DIRECTORY_MODELS:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            signal.connect(directory_changed, sender=model, dispatch_uid=f"api_directory_{name}_{label}")
