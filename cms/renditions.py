"""The image renditions the site and the API use, made ahead of time.

A rendition made on a reader's request costs that reader the resize (hundreds of
milliseconds for a large photo) and, in a burst, every worker at once. So every image gets
all of them when it is uploaded or its file is replaced (after the save commits, as a
background task when a task backend is configured), and ``manage.py generate_renditions``
makes any that are missing, for images uploaded before this or after a filter change.
A test checks that these are exactly the specs the templates and the API ask for.
"""

from functools import cache

from django.db import transaction
from django.db.models.signals import post_save
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter

# The widths and formats apps choose from; the site's templates use the same ones, so a
# rendition made for one is used by the other.
IMAGE_WIDTHS = (400, 800, 1200)
IMAGE_FORMATS = ("jpeg", "webp")
RESPONSIVE_SPECS = tuple(f"width-{width}|format-{fmt}" for width in IMAGE_WIDTHS for fmt in IMAGE_FORMATS)
# Link previews (Open Graph, Twitter cards) of pages with a hero image.
SHARE_PREVIEW_SPEC = "fill-1200x630"
SPECS = [*RESPONSIVE_SPECS, SHARE_PREVIEW_SPEC]


@cache
def filters(specs):
    """Wagtail ``Filter`` objects for a tuple of specs, made once per process: a Filter parses
    its spec (with ``inspect``) the first time it is used, which is most of what asking an
    image for its renditions costs when they are already loaded."""
    return tuple(Filter(spec=spec) for spec in specs)


def generate(image):
    """Make every missing rendition of ``image``; returns how many it made."""
    existing = set(image.renditions.filter(filter_spec__in=SPECS).values_list("filter_spec", flat=True))
    missing = [spec for spec in SPECS if spec not in existing]
    if missing:
        image.get_renditions(*missing)
    return len(missing)


@task()
def generate_renditions_task(image_id):
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        generate(image)


def image_saved(sender, instance, update_fields=None, **kwargs):
    # Wagtail fills in file_size and file_hash later with update_fields: not a new file.
    if update_fields is not None and "file" not in update_fields:
        return
    image_id = instance.pk
    transaction.on_commit(lambda: generate_renditions_task.enqueue(image_id))


def connect():
    post_save.connect(image_saved, sender=get_image_model(), dispatch_uid="renditions_image_saved")
