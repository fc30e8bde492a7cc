"""Editor warnings from the content core."""

from django.contrib import messages
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from cms.content import versions
from cms.content.fanout import base_content_type


def private_media_on(page):
    """Images and documents in restricted collections that ``page`` uses."""
    hidden = versions.restrictions().hidden_collection_ids
    if not hidden:
        return []
    found = []
    for model in (get_image_model(), get_document_model()):
        ids = (
            ReferenceIndex.get_references_for_object(page)
            .filter(to_content_type=base_content_type(model))
            .values_list("to_object_id", flat=True)
        )
        found += list(
            model.objects.filter(pk__in=[int(pk) for pk in ids if pk.isdigit()], collection_id__in=hidden)
        )
    return found


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_private_media(request, page):
    """A page readers can see never shows media from a restricted collection (the site and the
    API leave it out), so an editor who picks one is told at once rather than finding a gap."""
    hidden = private_media_on(page)
    if hidden and versions.public_content().is_public(page):
        names = ", ".join(f"“{item.title}”" for item in hidden)
        messages.warning(
            request,
            f"{names} {'is' if len(hidden) == 1 else 'are'} in a restricted collection, so readers of "
            "this public page won't see it: choose media from a public collection, or lift the restriction.",
        )
