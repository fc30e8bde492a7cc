"""Images together with their renditions, in one query.

A template that shows an image asks for its renditions (``{% picture %}``, ``{% image %}``),
which costs a query per image unless they were fetched before. ``load_images`` fetches the
renditions of every image a page shows with the images joined in, so a page whose images
all have their renditions already (every page after its first view) pays one query for all
of them; images with none yet cost one more query, and their renditions are made as usual.
"""

from collections import defaultdict

from wagtail.images import get_image_model
from wagtail.images.formats import get_image_formats

from cms import renditions


def site_rendition_specs():
    """The filter specs the site's templates ask for: those every image has made ahead of
    time (``cms.renditions``) and rich text's image formats."""
    return frozenset({*renditions.SPECS, *(image_format.filter_spec for image_format in get_image_formats())})


def load_images(ids, specs):
    """{id: image} for ``ids``, each with its renditions for ``specs`` attached, so Wagtail's
    ``get_rendition(s)`` reads them instead of the database."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return {}
    image_model = get_image_model()
    images = {}
    renditions = defaultdict(list)
    for rendition in (
        image_model.get_rendition_model()
        .objects.filter(image_id__in=ids, filter_spec__in=specs)
        .select_related("image")
    ):
        image = images.setdefault(rendition.image_id, rendition.image)
        # Rendition.alt reads the image: point every rendition at the one instance.
        rendition.image = image
        renditions[image.pk].append(rendition)
    missing = ids - images.keys()
    if missing:
        images.update(image_model.objects.in_bulk(missing))
    for image in images.values():
        # One list per image: a rendition Wagtail makes later is added to it.
        image.prefetched_renditions = renditions[image.pk]
    return images
