"""What an image upload may be, besides Wagtail's own checks (file size, format, total
pixels): no side longer than ``IMAGE_MAX_SIDE``, no more than ``IMAGE_MAX_ASPECT_RATIO``
times as long one way as the other, and every frame of an animated GIF, WebP or PNG counted
toward ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` (Wagtail counts one frame: Willow reports 1).

A 39,000,000 x 1 PNG is under the pixel limit, yet resizing it took 13 s: one upload held a
worker, and every later request that touched it another. Such images are refused on the
form, with a message that says why, before anything is stored. Every image form of the
admin (upload, drag-and-drop, the chooser's upload tab, replacing a file) is built on
``ImageUploadForm`` (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.forms import BaseImageForm


def frame_count(file):
    """Frames in an uploaded image file: 1 for a still image. Read from the file's headers
    (Pillow does not decode the frames to count them)."""
    file.seek(0)
    try:
        with PILImage.open(file) as image:
            return max(1, getattr(image, "n_frames", 1))
    finally:
        file.seek(0)


def size_problem(width, height, frames):
    """Why an image of this size may not be uploaded, or None."""
    longest, shortest = max(width, height), max(1, min(width, height))
    if longest > settings.IMAGE_MAX_SIDE:
        return (
            f"This image is {width:,} × {height:,} pixels. Each side may be at most "
            f"{settings.IMAGE_MAX_SIDE:,} pixels."
        )
    if longest / shortest > settings.IMAGE_MAX_ASPECT_RATIO:
        return (
            f"This image is {width:,} × {height:,} pixels: {longest / shortest:,.0f} times as long one way "
            f"as the other. The limit is {settings.IMAGE_MAX_ASPECT_RATIO:,} times."
        )
    total = width * height * frames
    if frames > 1 and total > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        return (
            f"This animated image has {frames:,} frames of {width:,} × {height:,} pixels: {total:,} pixels "
            f"in all. The limit is {settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:,} pixels, counting every frame."
        )
    return None


class ImageUploadForm(BaseImageForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        # Only a new upload carries the image Wagtail's field opened (``file.image``).
        willow_image = getattr(file, "image", None)
        if willow_image is None:
            return file
        width, height = willow_image.get_size()
        problem = size_problem(width, height, frame_count(file))
        if problem:
            raise ValidationError(problem, code="image_size")
        return file
