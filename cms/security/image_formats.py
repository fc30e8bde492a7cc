"""The rich text image formats (full width, left, right), made never to resize an image on
a reader's request: until the background worker has made the format's rendition
(``cms/site/renditions.py``), an image in rich text is left out of the page and the API's HTML,
rather than resized there or shown from its original file. Wagtail imports every app's
``image_formats`` module; this one replaces the formats registered before it (Wagtail's
own) with the same names, labels, classes and sizes."""

from wagtail.images import formats

from cms.site import renditions


class ReadyRenditionFormat(formats.Format):
    def image_to_html(self, image, alt_text, extra_attributes=None):
        if not renditions.is_ready(image, (self.filter_spec,)):
            return ""
        return super().image_to_html(image, alt_text, extra_attributes)


for registered in list(formats.FORMATS):
    if not isinstance(registered, ReadyRenditionFormat):
        formats.unregister_image_format(registered.name)
        formats.register_image_format(
            ReadyRenditionFormat(
                registered.name, registered.label, registered.classname, registered.filter_spec
            )
        )
