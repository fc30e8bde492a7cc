"""Turns the demo data into database rows, creating only what is missing and was never made.

Natural keys make every step safe to repeat: images and documents by title in the "Demo"
collection, regions and employers by name, the embed by its hash, pages by slug under their
parent. A page that already has a revision is left exactly as it is (an editor may have changed
it); a page that has none (made by an earlier, bare version of the command) is filled in.

Everything made is recorded (``LoadedDemoItem``), and what is recorded is never made again:
a page, image, document, region or employer an editor deleted stays deleted, while demo content
added to the code later is still created. A link from a new page to one that was deleted is
left out. (A database filled before the record existed records what it has on the next run,
and gets anything missing once more.)

Pages are built in two passes so that any page may link to any other: the first creates every
missing page in tree order (which is also menu order) with the fields that need no other page;
the second adds the fields that do (bodies, authors, featured items) and publishes each page
through one revision.
"""

import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from cms import wagtail_compat
from cms.site import renditions
from home.demo import documents, images
from home.demo.blocks import DaysAgo, DocumentRef, ImageRef, PageRef, WeekdayAt
from home.demo.models import LoadedDemoItem
from home.models import HomePage, SiteSettings
from people.models import Employer, Region

COLLECTION_NAME = "Demo"
SITE_NAME = "Managers in Partnership"
PAGE_LINK = re.compile(r"\[\[page:([\w-]+)\|([^\]]+)\]\]")
INLINE_IMAGE = re.compile(r"\[\[image:([\w-]+)\]\]")

# Addresses of the machine itself: a site with one of these was set up for local use (by this
# loader, for `make run`); any other hostname was set by someone, and is left alone.
LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "::1"}

# Spec keys that are not plain model fields.
STRUCTURE_KEYS = {"model", "slug", "children"}
RELATION_KEYS = {"tags", "aims", "regions", "featured"}


def _needs_pages(value):
    if isinstance(value, PageRef):
        return True
    if isinstance(value, str):
        return bool(PAGE_LINK.search(value))
    if isinstance(value, dict):
        return any(_needs_pages(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_needs_pages(item) for item in value)
    return False


@dataclass(frozen=True)
class SiteAddress:
    """Where the site is served: ``SiteAddress.from_url("http://127.0.0.1:8101")``."""

    hostname: str
    port: int

    @classmethod
    def from_url(cls, url):
        parts = urlsplit(url)
        return cls(parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80))


class DemoBuilder:
    def __init__(self, today=None):
        self.today = today or timezone.localdate()
        self.images = {}
        self.documents = {}
        self.pages = {}
        self.created = Counter()
        # Made by an earlier run and deleted since, so not made again.
        self.deleted = Counter()
        self.kept_pages = 0
        self._to_publish = []
        self._loaded = set(LoadedDemoItem.objects.values_list("kind", "key"))

    # The record of what was made

    def _was_loaded(self, kind, key):
        return (kind, str(key)) in self._loaded

    def _record(self, kind, key):
        if not self._was_loaded(kind, key):
            LoadedDemoItem.objects.create(kind=kind, key=str(key))
            self._loaded.add((kind, str(key)))

    # Library: images, documents, the embed, regions and employers

    def collection(self):
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=COLLECTION_NAME).first()
        return existing or root.add_child(name=COLLECTION_NAME)

    def ensure_images(self, landscapes, portraits):
        image_model = get_image_model()
        collection = self.collection()
        wanted = [
            (spec.key, spec.title, spec.alt, lambda spec=spec: images.landscape_jpeg(spec))
            for spec in landscapes
        ]
        wanted += [
            (
                key,
                f"Portrait: {name}",
                images.portrait_alt(name, index),
                lambda n=name, i=index: images.portrait_jpeg(n, i),
            )
            for key, name, index in portraits
        ]
        existing = {image.title: image for image in image_model.objects.filter(collection=collection)}
        for key, title, alt, render in wanted:
            image = existing.get(title)
            if image is None and self._was_loaded("image", key):
                self.deleted["images"] += 1
                continue
            if image is None:
                image = image_model(
                    title=title,
                    description=alt,
                    collection=collection,
                    file=ImageFile(io.BytesIO(render()), name=f"demo-{key}.jpg"),
                )
                wagtail_compat.set_file_metadata(image)
                image.save()
                self.created["images"] += 1
            self._record("image", key)
            self.images[key] = image

    def ensure_renditions(self):
        """Every demo image's renditions, made now: the background worker would make them
        after the upload, but the demo site should show its images on its first page view."""
        for image in self.images.values():
            self.created["renditions"] += renditions.generate(image, isolated=False)

    def ensure_documents(self, specs):
        document_model = get_document_model()
        collection = self.collection()
        for spec in specs:
            document = document_model.objects.filter(collection=collection, title=spec.title).first()
            if document is None and self._was_loaded("document", spec.key):
                self.deleted["documents"] += 1
                continue
            if document is None:
                document = document_model(
                    title=spec.title,
                    collection=collection,
                    file=ContentFile(documents.build_pdf(spec.title, spec.paragraphs), name=spec.filename),
                )
                wagtail_compat.set_file_metadata(document)
                document.save()
                self.created["documents"] += 1
            self._record("document", spec.key)
            self.documents[spec.key] = document

    def ensure_regions(self, regions, employers):
        by_name = {}
        for name, nation, _seats in regions:
            region = Region.objects.filter(name=name).first()
            if region is None and self._was_loaded("region", name):
                self.deleted["regions"] += 1
                continue
            if region is None:
                region = Region.objects.create(name=name, nation=nation)
                self.created["regions"] += 1
            self._record("region", name)
            by_name[name] = region
        for name, kind, region_name in employers:
            employer = Employer.objects.filter(name=name).first()
            if employer is None and (self._was_loaded("employer", name) or region_name not in by_name):
                self.deleted["employers"] += 1
                continue
            if employer is None:
                Employer.objects.create(name=name, kind=kind, region=by_name[region_name])
                self.created["employers"] += 1
            self._record("employer", name)

    # The home page and the site

    def ensure_home(self, spec, address):
        """The HomePage as the default site's root, replacing Wagtail's "Welcome" page; None if
        an editor deleted the demo's home page (then there is nowhere to build the rest)."""
        home = HomePage.objects.first()
        if home is None and self._was_loaded("page", spec["slug"]):
            self.deleted["pages"] += 1
            return None
        if home is None:
            home = self._create_home(spec, address)
            self.created["pages"] += 1
        elif not home.revisions.exists():
            self.created["filled"] += 1
        if not home.revisions.exists():
            self._apply(home, spec, needs_pages=False)
            home.save()
        site = (
            Site.objects.filter(root_page=home).first() or Site.objects.filter(is_default_site=True).first()
        )
        if site:
            SiteSettings.for_site(site)
        return self._register(home, spec)

    def ensure_site_address(self, address):
        """The default site answers on ``address`` (the one `make run` serves), so canonical
        links, og:url, the sitemap and the feeds point there, unless it has a hostname that
        is not this machine's: one set in Settings → Sites is kept. Returns the site."""
        site = Site.objects.filter(is_default_site=True).first()
        if site is None or site.hostname not in LOCAL_HOSTNAMES:
            return site
        if (site.hostname, site.port) != (address.hostname, address.port):
            site.hostname, site.port = address.hostname, address.port
            site.save()
        return site

    def _create_home(self, spec, address):
        root = Page.get_first_root_node()
        welcome = root.get_children().filter(slug=spec["slug"]).first()
        if welcome:
            # Free the slug; the welcome page goes once the site no longer points at it
            # (deleting a site's root page would delete the site).
            welcome.slug = "wagtail-welcome"
            welcome.save()
        home = root.add_child(instance=HomePage(title=spec["title"], slug=spec["slug"]))
        # The address `make run` serves, so canonical links, the sitemap and feeds work locally.
        # A production site sets its real hostname in Settings → Sites.
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "root_page": home,
                "hostname": address.hostname,
                "port": address.port,
                "site_name": SITE_NAME,
            },
        )
        if welcome:
            welcome.delete()
        return home

    # Pages

    def ensure_tree(self, parent, specs):
        """First pass: every page in ``specs`` (and their children) exists, in order, unless
        it was made once and deleted since."""
        for spec in specs:
            page = self._ensure_page(parent, spec)
            if page is not None:
                self.ensure_tree(page, spec.get("children", []))

    def publish_all(self):
        """Second pass: fields that link to other pages, then one published revision per page."""
        for page, spec in self._to_publish:
            self._apply(page, spec, needs_pages=True)
            page.save_revision().publish()
        self._to_publish = []

    def _ensure_page(self, parent, spec):
        model = apps.get_model(spec["model"])
        page = parent.get_children().filter(slug=spec["slug"]).first()
        if page is None and self._was_loaded("page", spec["slug"]):
            # Moved elsewhere by an editor (still there to link to), or deleted.
            page = model.objects.filter(slug=spec["slug"]).first()
            if page is None:
                self.deleted["pages"] += 1
                return None
            self.pages[spec["slug"]] = page
            self.kept_pages += 1
            return page
        if page is None:
            page = model(slug=spec["slug"])
            self._apply(page, spec, needs_pages=False)
            parent.add_child(instance=page)
            self.created["pages"] += 1
            return self._register(page, spec)
        page = page.specific
        if isinstance(page, model) and not page.revisions.exists():
            self._apply(page, spec, needs_pages=False)
            page.save()
            self.created["filled"] += 1
        return self._register(page, spec)

    def _register(self, page, spec):
        self._record("page", spec["slug"])
        self.pages[spec["slug"]] = page
        if page.revisions.exists():
            self.kept_pages += 1
        else:
            self._to_publish.append((page, spec))
        return page

    def _apply(self, page, spec, needs_pages):
        """Set the spec's fields that do (or do not) refer to other pages."""
        for key, value in spec.items():
            if key in STRUCTURE_KEYS or self._refers_to_pages(key, value) != needs_pages:
                continue
            if key == "tags":
                page.tags.set(value)
            elif key == "aims":
                page.aims = [apps.get_model("campaigns.CampaignAim")(text=text) for text in value]
            elif key == "regions":
                page.regions.set(list(Region.objects.filter(name__in=value)))
            elif key == "featured":
                item_model = apps.get_model("home.HomePageFeaturedItem")
                page.featured_items = [
                    item_model(link_page=self.pages[slug]) for slug in value if slug in self.pages
                ]
            else:
                field = page._meta.get_field(key)
                if field.one_to_many:
                    # Rows an InlinePanel edits (a form's questions and topics), given as dicts.
                    setattr(page, key, [field.related_model(**row) for row in value])
                elif isinstance(field, StreamField):
                    setattr(page, key, self._stream_value(value))
                elif isinstance(field, RichTextField):
                    setattr(page, key, self._rich_text(value))
                else:
                    setattr(page, key, self._field_value(key, value))
        if not needs_pages:
            page.search_description = spec.get("search_description") or self._summary(spec)
            if "first_published_at" not in spec and "date" in spec:
                page.first_published_at = self._datetime(self._date(spec["date"]))

    def _refers_to_pages(self, key, value):
        return key == "featured" or _needs_pages(value)

    def _summary(self, spec):
        for key in ("intro", "summary", "standfirst", "strapline", "hero_intro"):
            if spec.get(key):
                return spec[key]
        return ""

    # Resolving markers

    def _date(self, value):
        if isinstance(value, DaysAgo):
            return self.today - datetime.timedelta(days=value.days)
        return value

    def _datetime(self, date):
        return timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 0)))

    def _field_value(self, key, value):
        if isinstance(value, PageRef):
            return self.pages.get(value.slug)
        if isinstance(value, ImageRef):
            return self.images.get(value.key)
        if isinstance(value, DocumentRef):
            return self.documents.get(value.key)
        if isinstance(value, WeekdayAt):
            monday = self.today - datetime.timedelta(days=self.today.weekday())
            date = monday + datetime.timedelta(weeks=value.weeks, days=value.weekday)
            return timezone.make_aware(datetime.datetime.combine(date, value.at))
        if isinstance(value, DaysAgo | datetime.date):
            date = self._date(value)
            return self._datetime(date) if key == "first_published_at" else date
        return value

    def _stream_value(self, value):
        """A block's raw (JSON) value with pages, images and documents as ids."""
        if isinstance(value, dict):
            return {key: self._stream_value(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            # A page, image or document in a list that was deleted is left out of the list.
            return [
                self._stream_value(item)
                for item in value
                if not isinstance(item, PageRef | ImageRef | DocumentRef) or self._field_value("", item)
            ]
        if isinstance(value, PageRef | ImageRef | DocumentRef):
            found = self._field_value("", value)
            return found.pk if found else None
        if isinstance(value, DaysAgo):
            date = self._date(value)
            if not value.text_format:
                return date.isoformat()
            while date.weekday() >= 5:  # dates written out in text (timetables) fall on weekdays
                date -= datetime.timedelta(days=1)
            return date.strftime(value.text_format)
        if isinstance(value, str):
            return self._rich_text(value)
        return value

    def _rich_text(self, html):
        html = PAGE_LINK.sub(self._page_link, html)
        return INLINE_IMAGE.sub(self._inline_image, html)

    def _page_link(self, match):
        page = self.pages.get(match[1])
        return f'<a linktype="page" id="{page.pk}">{match[2]}</a>' if page else match[2]

    def _inline_image(self, match):
        image = self.images.get(match[1])
        if image is None:
            return ""
        # Wagtail unescapes only &lt; &gt; &quot; and &amp; in rich-text attributes.
        alt = escape(image.description, quote=False).replace('"', "&quot;")
        return f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="{alt}"/>'
