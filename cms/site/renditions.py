"""The image renditions the site and the API use, made by the background worker only.

A rendition made on a request costs that request the resize (hundreds of milliseconds for a
large photo, 13 s for a 39,000,000 x 1 PNG) and, in a burst, every worker at once. So:

- When an image is uploaded or its file replaced, a task on the "background" queue makes
  all of them (``SPECS``, the rich text image formats and the admin's thumbnail) after the
  save commits; ``manage.py generate_renditions`` makes any that are missing.
- Each rendition is made in a child process with a time budget
  (``RENDITION_TIME_BUDGET_SECONDS``): one that takes longer is killed, logged and left
  out, so a hostile file cannot hold the worker either.
- Nothing else makes one. A reader's page and the API ask ``is_ready`` / ``ready_renditions``
  and, until the worker has made them, show a placeholder or list no rendition (never the
  original file); the rich text image formats do the same (``cms/security/image_formats.py``).

A test checks that ``SPECS`` are exactly the specs the templates and the API ask for.
"""

import logging
import multiprocessing
import time
from functools import cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_save
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.formats import get_image_formats
from wagtail.images.models import Filter

logger = logging.getLogger(__name__)

# The widths and formats apps choose from; the site's templates use the same ones, so a
# rendition made for one is used by the other.
IMAGE_WIDTHS = (400, 800, 1200)
IMAGE_FORMATS = ("jpeg", "webp")
RESPONSIVE_SPECS = tuple(f"width-{width}|format-{fmt}" for width in IMAGE_WIDTHS for fmt in IMAGE_FORMATS)
# Link previews (Open Graph, Twitter cards) of pages with a hero image.
SHARE_PREVIEW_SPEC = "fill-1200x630"
SPECS = [*RESPONSIVE_SPECS, SHARE_PREVIEW_SPEC]
# The thumbnail the admin's image listing and chooser show, so an editor's listing of new
# uploads doesn't resize them all either.
ADMIN_THUMBNAIL_SPEC = "max-165x165"


@cache
def filters(specs):
    """Wagtail ``Filter`` objects for a tuple of specs, made once per process: a Filter parses
    its spec (with ``inspect``) the first time it is used, which is most of what asking an
    image for its renditions costs when they are already loaded."""
    return tuple(Filter(spec=spec) for spec in specs)


def all_specs():
    """Every spec the worker makes: the templates' and the API's, the rich text image
    formats' and the admin thumbnail."""
    rich_text = [image_format.filter_spec for image_format in get_image_formats()]
    return list(dict.fromkeys([*SPECS, *rich_text, ADMIN_THUMBNAIL_SPEC]))


def ready_renditions(image, specs):
    """{spec: rendition} of those of ``specs`` that exist, never making one. Reads
    prefetched renditions when the image has them, else the cache or the database."""
    found = image.find_existing_renditions(*filters(tuple(specs)))
    return {filter_.spec: found[filter_] for filter_ in filters(tuple(specs)) if filter_ in found}


def is_ready(image, specs=RESPONSIVE_SPECS):
    return image is not None and len(ready_renditions(image, specs)) == len(set(specs))


# Making them -------------------------------------------------------------------------------


def generate(image, isolated=True):
    """Make every missing rendition of ``image`` (``all_specs``); returns how many it made.
    Uploads are made ``isolated``: each in a child process within the time budget. Images we
    draw ourselves (the demo content, test factories, the benchmark's site) are known to be
    small, so they are made here, without a process per rendition."""
    existing = set(image.renditions.values_list("filter_spec", "focal_point_key"))
    missing = [
        filter_
        for filter_ in filters(tuple(all_specs()))
        if (filter_.spec, filter_.get_cache_key(image)) not in existing
    ]
    if not isolated:
        image.get_renditions(*missing)
        return len(missing)
    return sum(1 for filter_ in missing if make_within_budget(image, filter_))


def _render_in_child(image, filter_, connection):
    """The child process: only the resize, no database. Sends (file name, bytes)."""
    rendition_file = image.generate_rendition_file(filter_)
    rendition_file.seek(0)
    connection.send((rendition_file.name, rendition_file.read()))
    connection.close()


def make_within_budget(image, filter_):
    """Make one rendition in a child process; give up on it, kill the child and log, if it
    takes longer than ``RENDITION_TIME_BUDGET_SECONDS``."""
    budget = settings.RENDITION_TIME_BUDGET_SECONDS
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_render_in_child, args=(image, filter_, sender), daemon=True)
    started = time.monotonic()
    child.start()
    sender.close()
    try:
        if not receiver.poll(budget):
            child.kill()
            logger.warning(
                "Rendition %s of image %s (%s, %s x %s) abandoned: not made within %s s",
                filter_.spec,
                image.pk,
                image.file.name,
                image.width,
                image.height,
                budget,
            )
            return False
        try:
            name, data = receiver.recv()
        except EOFError:
            logger.warning("Rendition %s of image %s failed in its child process", filter_.spec, image.pk)
            return False
    finally:
        child.join(timeout=5)
        receiver.close()
    image.renditions.get_or_create(
        filter_spec=filter_.spec,
        focal_point_key=filter_.get_cache_key(image),
        defaults={"file": ContentFile(data, name=name)},
    )
    logger.debug(
        "Rendition %s of image %s made in %.2f s", filter_.spec, image.pk, time.monotonic() - started
    )
    return True


def generate_and_announce(image):
    """``generate``, then, if it made any, tell everything that follows image changes (the
    content version behind the page and API caches, delta sync) that pages showing the image
    now look different. The save changes no field; without "file" in ``update_fields`` it
    queues no new task."""
    made = generate(image)
    if made:
        image.save(update_fields=["title"])
    return made


@task(backend="background")
def generate_renditions_task(image_id):
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        generate_and_announce(image)


def image_saved(sender, instance, update_fields=None, **kwargs):
    # Wagtail fills in file_size and file_hash later with update_fields: not a new file.
    if update_fields is not None and "file" not in update_fields:
        return
    image_id = instance.pk
    transaction.on_commit(lambda: generate_renditions_task.enqueue(image_id))


def connect():
    post_save.connect(image_saved, sender=get_image_model(), dispatch_uid="renditions_image_saved")
