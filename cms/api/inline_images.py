"""Images in rich text, as the site and the API show them: a responsive ``<picture>`` built
from the renditions every image has made ahead of time (``cms.site.renditions``)."""

from html import escape

from wagtail.images.formats import get_image_format

from cms.site import renditions

# How wide an inline image shows, by the editor's format (the site's CSS floats left and right
# images at half the column from 40em).
IMAGE_SIZES = {
    "left": "(min-width: 40em) 400px, 100vw",
    "right": "(min-width: 40em) 400px, 100vw",
}
DEFAULT_IMAGE_SIZES = "(min-width: 60em) 800px, 100vw"
FALLBACK_SPEC = "width-800|format-jpeg"


def inline_image_html(image, image_format, alt, url=lambda url: url):
    """An image in rich text as a responsive ``<picture>``: WebP and JPEG at 400, 800 and 1200 px
    from the renditions made ahead of time (``cms.site.renditions``), the editor's alt text and
    format class, and ``data-image-id`` so an app can fetch /api/v2/images/<id>/. ``url``
    rewrites each rendition's URL (the API makes them absolute)."""
    # Never resized here: until the background worker has made them, the image is left out,
    # as the rich text image formats do (cms/security/image_formats.py).
    if not renditions.is_ready(image, renditions.RESPONSIVE_SPECS):
        return ""
    made = renditions.ready_renditions(image, renditions.RESPONSIVE_SPECS)
    by_format = {"jpeg": {}, "webp": {}}
    for spec, rendition in made.items():
        # A small original gives several specs the same width: list each width once.
        by_format[spec.rsplit("-", 1)[-1]].setdefault(rendition.width, rendition)

    def srcset(found):
        return ", ".join(f"{escape(url(found[width].url))} {width}w" for width in sorted(found))

    fallback = made[FALLBACK_SPEC]
    sizes = IMAGE_SIZES.get(image_format.name, DEFAULT_IMAGE_SIZES)
    classname = f' class="{escape(image_format.classname)}"' if image_format.classname else ""
    return (
        f'<picture><source type="image/webp" srcset="{srcset(by_format["webp"])}" sizes="{sizes}">'
        f'<img src="{escape(url(fallback.url))}" srcset="{srcset(by_format["jpeg"])}" sizes="{sizes}" '
        f'width="{fallback.width}" height="{fallback.height}" alt="{escape(alt)}"{classname} '
        f'data-image-id="{image.pk}" loading="lazy" decoding="async"></picture>'
    )


def image_format_named(name):
    try:
        return get_image_format(name)
    except KeyError:
        return None
