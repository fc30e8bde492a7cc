from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from cms.site import renditions


class Command(BaseCommand):
    help = (
        "Make every image rendition the site and the API use (cms/site/renditions.py) that does not "
        "exist yet, each within its time budget. New uploads get theirs from the background "
        "worker; run this after restoring images from elsewhere or changing the list of sizes."
    )

    def handle(self, *args, **options):
        made = 0
        images = get_image_model().objects.order_by("pk")
        for image in images.iterator(chunk_size=200):
            made += renditions.generate_and_announce(image)
        self.stdout.write(
            f"{made} renditions made for {images.count()} images ({len(renditions.all_specs())} each)."
        )
