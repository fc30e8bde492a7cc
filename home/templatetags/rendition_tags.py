from django import template

from cms.site import renditions

register = template.Library()


@register.filter
def renditions_ready(image, spec=None):
    """True once the background worker has made the image's responsive renditions (the
    widths and formats ``{% picture %}`` asks for), or the one ``spec`` given, e.g.
    ``page.hero_image|renditions_ready:"fill-1200x630"``. Templates show the image only then,
    so a reader's request never makes one (cms/site/renditions.py); until then a placeholder
    (includes/image_pending.html) or nothing."""
    return renditions.is_ready(image, (spec,) if spec else renditions.RESPONSIVE_SPECS)
