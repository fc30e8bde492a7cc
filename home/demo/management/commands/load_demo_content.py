from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from home.demo import content, documents, embeds, images, people, regions
from home.demo.builder import DemoBuilder, SiteAddress


class Command(BaseCommand):
    help = (
        "Build the MiP demo site (pages, people, regions, employers, images, documents) and point "
        "the default site at WAGTAILADMIN_BASE_URL (the address `make run` serves). Running it "
        "again changes nothing: pages an editor has changed are left alone, and demo content an "
        "editor deleted is not made again."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        address = SiteAddress.from_url(settings.WAGTAILADMIN_BASE_URL)
        builder = DemoBuilder()
        builder.ensure_images(images.LANDSCAPES, people.portraits())
        builder.ensure_renditions()
        builder.ensure_documents(documents.DOCUMENTS)
        _embed, embed_created = embeds.ensure_embed(embeds.LAUNCH_VIDEO)
        builder.created["embeds"] += embed_created
        builder.ensure_regions(regions.REGIONS, regions.EMPLOYERS)

        home = builder.ensure_home(content.HOME, address)
        if home is not None:
            builder.ensure_tree(home, content.SECTIONS)
            builder.publish_all()
        site = builder.ensure_site_address(address)

        self._report(builder, home, site)

    def _report(self, builder, home, site):
        created = builder.created
        filled = f", {created['filled']} empty pages filled in" if created["filled"] else ""
        deleted = (
            f", {builder.deleted['pages']} deleted by an editor (not made again)"
            if builder.deleted["pages"]
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {created['pages']} pages created{filled}, "
                f"{builder.kept_pages} already there (left as they were){deleted}."
            )
        )
        if site is not None:
            self.stdout.write(f"Site address: {site.root_url}/ (Settings → Sites)")
        if home is None:
            self.stdout.write("The demo home page was deleted, so no demo pages were made.")
            return
        pages = Page.objects.descendant_of(home, inclusive=True).select_related("content_type")
        by_type = Counter(page.content_type.model_class()._meta.verbose_name for page in pages)
        self.stdout.write("Pages: " + ", ".join(f"{count} {name}" for name, count in sorted(by_type.items())))
        self.stdout.write(
            f"Library: {get_image_model().objects.count()} images, "
            f"{get_document_model().objects.count()} documents; created this run: "
            f"{created['images']} images, {created['documents']} documents, {created['regions']} regions, "
            f"{created['employers']} employers, {created['embeds']} embeds, "
            f"{created['renditions']} renditions."
        )
