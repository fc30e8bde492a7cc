"""Who may fetch an image's files: originals and renditions of images in a restricted collection
are not served to the public at their predictable ``/media/`` names.

The web server serves ``/media/`` straight from the folder, but asks ``media_access`` first
for image files (nginx ``auth_request``, deploy/nginx/mip.conf). A file of an image whose
collection is view-restricted, itself or through a parent, is refused (403) unless the reader
passes the collection's restrictions, as Wagtail's document view asks, or may use the admin
(editors see their thumbnails); those readers get it marked private, so no shared cache keeps
it. Every other file is answered at once, public. Under ``DEBUG`` Django serves media itself,
through ``serve_media``, with the same rule.

The names of the private files are read once per content version (the change feed's head), in
two queries, and only when some collection is restricted; each question reads the head. A
rendition made of a private image outside the worker (the admin's thumbnails) records a feed
row, so the next question sees it.
"""

import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_save
from django.http import HttpResponse, HttpResponseForbidden
from django.views.static import serve
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.content import feed, versions

PUBLIC = "public, max-age=86400"
PRIVATE = "private, no-store"
# The folders Wagtail stores image files in, under MEDIA_ROOT.
IMAGE_FOLDERS = ("original_images/", "images/")
# A feed key no cached response depends on: recording it moves the head and nothing else.
PRIVATE_FILES_KEY = "media-files"


def private_files(at=None):
    """{file name under MEDIA_ROOT: collection id} for every original and rendition of an image
    in a restricted collection, at the given head, shared through the cache under its token.
    The head is read afresh (one indexed query), not this process's memo of up to a second: a
    file must be refused from the moment its image is private, or a proxy whose copy was
    just purged would fetch and keep it again."""
    at = at or versions.read_head()
    hidden = versions.restrictions(at).hidden_collection_ids
    if not hidden:
        return {}
    key = f"content:private-files:{at.token}"
    found = cache.get(key)
    if found is None:
        image_model = get_image_model()
        originals = image_model.objects.filter(collection_id__in=hidden)
        found = dict(originals.values_list("file", "collection_id"))
        found.update(
            image_model.get_rendition_model()
            .objects.filter(image__collection_id__in=hidden)
            .values_list("file", "image__collection_id")
        )
        cache.set(key, found, timeout=getattr(settings, "API_RESPONSE_CACHE_TIMEOUT", 600))
    return found


def file_name(path):
    """The file name under MEDIA_ROOT that a request path names, or None when it names none
    (``..`` and encoded tricks are resolved first, as the web server resolves them)."""
    path = posixpath.normpath(unquote(urlsplit(path).path))
    prefix = urlsplit(settings.MEDIA_URL).path
    if not path.startswith(prefix):
        return None
    return path[len(prefix) :]


def may_fetch(request, name):
    """(allowed, Cache-Control) for the file ``name`` under MEDIA_ROOT."""
    collection_id = private_files().get(name)
    if collection_id is None:
        return True, PUBLIC
    user = request.user
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return True, PRIVATE
    collection = Collection.objects.filter(pk=collection_id).first()
    restrictions = collection.get_view_restrictions() if collection else ()
    if collection and all(restriction.accept_request(request) for restriction in restrictions):
        return True, PRIVATE
    return False, PRIVATE


def media_access(request):
    """nginx's ``auth_request``: 204 when the file in ``X-Original-URI`` may be sent, with the
    Cache-Control nginx should give it in ``X-Media-Cache-Control``; 403 when not."""
    name = file_name(request.headers.get("X-Original-URI", ""))
    if name is None or not name.startswith(IMAGE_FOLDERS):
        return HttpResponseForbidden()
    allowed, cache_control = may_fetch(request, name)
    response = HttpResponse(status=204) if allowed else HttpResponseForbidden()
    response["X-Media-Cache-Control"] = cache_control
    response["Cache-Control"] = "private, no-store"  # the answer itself is per reader
    return response


def serve_media(request, path):
    """Media under ``DEBUG``, where no web server is in front: the same rule, then Django's view."""
    name = file_name(settings.MEDIA_URL + path)
    if name is not None and name.startswith(IMAGE_FOLDERS):
        allowed, cache_control = may_fetch(request, name)
        if not allowed:
            return HttpResponseForbidden()
        response = serve(request, name, document_root=settings.MEDIA_ROOT)
        response["Cache-Control"] = cache_control
        return response
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def rendition_saved(sender, instance, created=False, raw=False, **kwargs):
    """A new rendition of a private image: move the feed's head so ``private_files`` includes it."""
    if created and not raw:
        hidden = versions.restrictions().hidden_collection_ids
        private = get_image_model().objects.filter(pk=instance.image_id, collection_id__in=hidden)
        if hidden and private.exists():
            change_set = feed.ChangeSet("rendition of a private image made")
            change_set.add_key(PRIVATE_FILES_KEY)
            change_set.record()


def connect():
    post_save.connect(
        rendition_saved,
        sender=get_image_model().get_rendition_model(),
        dispatch_uid="media_access_rendition_saved",
    )
