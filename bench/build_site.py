"""Builds the benchmark's large site: the demo content, then thousands of published pages of
the same shapes (news, Legal Eye articles, staff profiles) with realistic bodies.

    DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python -m bench.build_site --scale 1

At scale 1: 2,000 news pages, 300 Legal Eye articles and 60 people on top of the demo site.
Pages are inserted in bulk, as Wagtail's own ``add_child`` would leave them (tree paths, URL
paths, locale) but a few statements per hundred pages instead of dozens per page; each gets
one published revision, its reference-index rows and its search-index entry. Running it
again on the same database adds more pages (the sync-scaling mode grows a site that way).
"""

import argparse
import datetime
import io
import os
import random
import time
import uuid
from html import escape

import django

if __name__ == "__main__":  # run as a script: Django is set up before the models are imported
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signals import page_published

from advice.models import AdviceTopicPage, LegalEyeArticlePage
from cms.nations import ALL_NATIONS
from cms.site import renditions
from home.models import NewsIndexPage, NewsPage
from home.models.news import ArticleType
from people.models import PeopleIndexPage, PersonPage, PersonRole, Region

NEWS_PER_SCALE = 2000
LEGAL_EYE_PER_SCALE = 300
PEOPLE_PER_SCALE = 60
PAGES_PER_SCALE = NEWS_PER_SCALE + LEGAL_EYE_PER_SCALE + PEOPLE_PER_SCALE
BATCH = 250
IMAGE_POOL = 12
COLLECTION_NAME = "Benchmark"

TOPICS = [
    "Pay",
    "Pensions",
    "Redundancy",
    "Organisational change",
    "Consultations",
    "Discrimination & equality",
    "Bullying",
    "Whistleblowing",
    "Flexible working",
    "Health and wellbeing",
    "Agenda for Change",
    "Leadership",
]
SUBJECTS = [
    "ICB",
    "trust board",
    "pay review body",
    "national committee",
    "the consultation",
    "senior managers",
    "the restructure",
    "the pay award",
    "members in Wales",
    "the Scottish Government",
    "the tribunal",
    "the employer",
]
VERBS = ["sets out", "responds to", "welcomes", "warns about", "explains", "challenges", "reviews", "backs"]
OBJECTS = [
    "new guidance on redeployment",
    "plans to cut management costs",
    "the 2025 pay offer",
    "changes to on-call arrangements",
    "a review of job evaluation",
    "proposals for shared services",
    "the fit and proper person test",
    "a new code of conduct for managers",
    "pension contribution changes",
    "flexible working requests",
]
WORDS = " ".join(
    [
        "managers members employer consultation trust board proposal policy process fair pay award",
        "review national officer union representation contract hearing appeal evidence grievance",
        "equality redundancy restructure service change staff support advice meeting rights law",
        "tribunal notice period pension scheme health care team leadership decision role band",
    ]
).split()
FIRST_NAMES = "Ada Ben Cara Dev Eve Finn Gail Hari Iona Jack Kira Leon Maya Noor Owen Pia Ravi Sara Theo Uma"
SURNAMES = "Adeyemi Brennan Clarke Dunmore Evans Fraser Gill Hughes Iqbal Jones Kaur Lloyd Morgan Nair"


class SiteBuilder:
    """Adds ``scale`` times the per-scale page counts to the site already in the database."""

    def __init__(self, scale, seed=6, search_index=True, log=print):
        self.scale = scale
        self.random = random.Random(seed + PersonPage.objects.count())
        self.search_index = search_index
        self.log = log
        self.now = timezone.now()
        self.timings = {}

    def build(self):
        started = time.perf_counter()
        self.images = self.ensure_images()
        self.portraits = list(get_image_model().objects.filter(title__startswith="Portrait"))
        self.tags = [Tag.objects.get_or_create(name=name)[0] for name in TOPICS]
        self.regions = list(Region.objects.all())
        self.link_targets = list(Page.objects.filter(depth__gte=2).values_list("pk", flat=True))
        people_index = PeopleIndexPage.objects.get()
        news_index = NewsIndexPage.objects.get()
        topics = list(AdviceTopicPage.objects.order_by("path"))

        people = self.add_pages(people_index, self.person, round(PEOPLE_PER_SCALE * self.scale))
        self.authors = list(PersonPage.objects.all()) or people
        news = self.add_pages(news_index, self.news_page, round(NEWS_PER_SCALE * self.scale))
        articles = []
        count = round(LEGAL_EYE_PER_SCALE * self.scale)
        for position, topic in enumerate(topics):
            share = count // len(topics) + (position < count % len(topics))
            articles += self.add_pages(topic, self.legal_eye_article, share)
        self.timings["total_s"] = round(time.perf_counter() - started, 1)
        return {"people": len(people), "news": len(news), "legal_eye": len(articles), **self.timings}

    # The library

    def ensure_images(self):
        image_model = get_image_model()
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=COLLECTION_NAME).first()
        collection = collection or root.add_child(name=COLLECTION_NAME)
        existing = list(image_model.objects.filter(collection=collection))
        for number in range(len(existing), IMAGE_POOL):
            image = image_model(
                title=f"Benchmark illustration {number + 1}",
                description=f"Abstract illustration number {number + 1}: coloured bands on a gradient.",
                collection=collection,
                file=ImageFile(io.BytesIO(illustration(number)), name=f"bench-{number + 1}.jpg"),
            )
            image._set_image_file_metadata()
            image.save()
            existing.append(image)
        # What the background worker does after an upload; the benchmark runs no worker.
        for image in existing:
            renditions.generate(image, isolated=False)
        return existing

    # Page shapes

    def person(self, number):
        role = self.random.choices(
            [PersonRole.NATIONAL_OFFICER, PersonRole.HEAD_OFFICE, PersonRole.NATIONAL_COMMITTEE],
            weights=[3, 2, 5],
        )[0]
        first, last = self.random.choice(FIRST_NAMES.split()), self.random.choice(SURNAMES.split())
        name = f"{first} {last} {number}"
        page = PersonPage(
            title=name,
            slug=f"person-{number}",
            job_title=f"{role.label} ({self.random.choice(self.regions).name})"
            if self.regions
            else role.label,
            role=role,
            photo=self.random.choice(self.portraits or self.images),
            photo_alt=f"Portrait of {name}",
            biography=self.paragraphs(2, links=False),
            email=f"{first[0].lower()}.{last.lower()}{number}@example.org",
            phone=f"020 7946 {number % 1000:04d}",
            search_description=f"{name}, {role.label} at MiP.",
            first_published_at=self.now - datetime.timedelta(days=self.random.randint(30, 3 * 365)),
        )
        if role == PersonRole.NATIONAL_OFFICER and self.regions:
            page.regions.set(
                self.random.sample(self.regions, k=min(len(self.regions), self.random.randint(1, 3)))
            )
        return page

    def news_page(self, number):
        date = self.now.date() - datetime.timedelta(days=self.random.randint(0, 5 * 365))
        title = (
            f"{self.random.choice(SUBJECTS).capitalize()} {self.random.choice(VERBS)} "
            f"{self.random.choice(OBJECTS)} ({number})"
        )
        article_type = self.random.choice(ArticleType.values)
        page = NewsPage(
            title=title,
            slug=f"news-{number}",
            date=date,
            article_type=article_type,
            author=self.random.choice(self.authors) if self.random.random() > 0.15 else None,
            standfirst=self.sentence(30),
            hero_image=self.random.choice(self.images),
            hero_caption=self.sentence(8),
            body=self.body(),
            nations=self.nations(allow_none=True),
            search_description=self.sentence(20),
            first_published_at=self.at(date),
        )
        page.tags.set(self.random.sample(self.tags, k=self.random.randint(1, 3)))
        return page

    def legal_eye_article(self, number):
        date = self.now.date() - datetime.timedelta(days=self.random.randint(30, 4 * 365))
        reviewed = date + datetime.timedelta(days=self.random.randint(0, (self.now.date() - date).days))
        page = LegalEyeArticlePage(
            title=f"Legal Eye: {self.random.choice(OBJECTS)} ({number})",
            slug=f"legal-eye-{number}",
            summary=self.sentence(25),
            author=self.random.choice(self.authors) if self.random.random() > 0.2 else None,
            date=date,
            last_reviewed=reviewed,
            # About one in six is past its review date, like a real advice library.
            review_due=reviewed + datetime.timedelta(days=self.random.choice([180, 365, 365, 365, 730, 730])),
            nations=self.nations(allow_none=False),
            body=self.body(legal_eye=True),
            search_description=self.sentence(20),
            first_published_at=self.at(date),
        )
        page.tags.set(self.random.sample(self.tags, k=self.random.randint(1, 2)))
        return page

    # Text

    def sentence(self, words):
        text = " ".join(self.random.choice(WORDS) for _ in range(words))
        return text[0].upper() + text[1:] + "."

    def paragraphs(self, count, links=True, inline_image=False):
        parts = []
        for index in range(count):
            text = escape(self.sentence(self.random.randint(35, 70)))
            if links and self.link_targets:
                words = text.split(" ")
                for _ in range(2):
                    at = self.random.randrange(1, len(words))
                    target = self.random.choice(self.link_targets)
                    words[at] = f'<a linktype="page" id="{target}">{words[at]}</a>'
                text = " ".join(words)
            parts.append(f"<p>{text}</p>")
            if inline_image and index == 0:
                image = self.random.choice(self.images)
                parts.append(
                    f'<embed embedtype="image" id="{image.pk}" format="fullwidth" '
                    f'alt="{escape(image.description)}"/>'
                )
        return "".join(parts)

    def body(self, legal_eye=False):
        def block(block_type, value):
            return {
                "type": block_type,
                "value": value,
                "id": str(uuid.UUID(int=self.random.getrandbits(128))),
            }

        image = self.random.choice(self.images)
        blocks = [
            block("paragraph", self.paragraphs(2, inline_image=True)),
            block("heading", {"text": self.sentence(5)[:-1], "level": "h2"}),
            block("paragraph", self.paragraphs(2)),
            block(
                "image",
                {
                    "image": image.pk,
                    "alt_text": "",
                    "decorative": False,
                    "caption": self.sentence(10),
                    "credit": "Illustration: MiP",
                },
            ),
            block(
                "quote",
                {
                    "quote": self.sentence(25),
                    "attribution": self.random.choice(self.authors).title,
                    "role": "",
                },
            ),
            block("heading", {"text": self.sentence(4)[:-1], "level": "h2"}),
            block("paragraph", self.paragraphs(3)),
        ]
        if legal_eye:
            items = [
                {"question": self.sentence(8)[:-1] + "?", "answer": self.paragraphs(1)} for _ in range(3)
            ]
            blocks.append(block("accordion", {"heading": "Questions members ask", "items": items}))
        return blocks

    def nations(self, allow_none):
        if allow_none and self.random.random() < 0.6:
            return []
        return sorted(self.random.sample(ALL_NATIONS, k=self.random.randint(1, 4)), key=ALL_NATIONS.index)

    def at(self, date):
        return timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 0)))

    # Bulk creation

    def add_pages(self, parent, make_page, count):
        created = []
        start = parent.get_children().count() + 1
        for batch_start in range(0, count, BATCH):
            numbers = range(start + batch_start, start + min(count, batch_start + BATCH))
            pages = [make_page(number) for number in numbers]
            with transaction.atomic():
                parent = type(parent).objects.select_for_update().get(pk=parent.pk)
                insert_children(parent, pages)
                self.index(pages)
                publish_in_bulk(pages)
            self.link_targets += [page.pk for page in pages]
            created += pages
        if created:
            self.log(f"  {len(created)} {type(created[0])._meta.verbose_name_plural} under {parent.title}")
        return created

    def index(self, pages):
        started = time.perf_counter()
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)
        self._add_time("reference_index_s", started)
        if self.search_index:
            started = time.perf_counter()
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(type(pages[0]), pages)
            self._add_time("search_index_s", started)

    def _add_time(self, name, started):
        self.timings[name] = round(self.timings.get(name, 0) + time.perf_counter() - started, 1)


def insert_children(parent, pages):
    """Insert ``pages`` (all of one specific type) as the last children of ``parent``, as
    ``parent.add_child`` would, but with one INSERT per table for the whole list.
    ``bulk_create`` refuses multi-table models, so this does its two steps itself."""
    model = type(pages[0])
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    for offset, page in enumerate(pages, start=1):
        page.path = Page._get_path(parent.path, parent.depth + 1, step + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.last_published_at = page.first_published_at
        page.latest_revision_created_at = page.first_published_at
    page_fields = [field for field in Page._meta.local_concrete_fields if not field.primary_key]
    rows = Page.objects._insert(pages, fields=page_fields, returning_fields=Page._meta.db_returning_fields)
    for page, (pk,) in zip(pages, rows, strict=True):
        page.pk = page.id = page.page_ptr_id = pk
    model._base_manager._insert(pages, fields=model._meta.local_concrete_fields)
    save_child_relations(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    parent.numchild += len(pages)


def save_child_relations(pages):
    """Tags and regions, set in memory on the unsaved pages, as rows."""
    model = type(pages[0])
    if hasattr(model, "tagged_items"):
        through = model.tagged_items.rel.related_model
        through.objects.bulk_create(
            [
                through(content_object_id=page.pk, tag_id=item.tag_id)
                for page in pages
                for item in page.tagged_items.all()
            ]
        )
    if model is PersonPage:
        through = PersonPage.regions.through
        through.objects.bulk_create(
            [
                through(personpage_id=page.pk, region_id=region.pk)
                for page in pages
                for region in page.regions.all()
            ]
        )


def publish_in_bulk(pages):
    """One published revision per page, as ``save_revision().publish()`` leaves it, and
    Wagtail's ``page_published`` signal, so the project's own publish hooks run."""
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    base_content_type = ContentType.objects.get_for_model(Page)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=str(page.pk),
                object_str=page.title,
                created_at=page.first_published_at,
                content=page.serializable_data(),
            )
            for page in pages
        ]
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = page.live_revision_id = revision.pk
    Page.objects.bulk_update(
        [
            Page(
                pk=page.pk, latest_revision_id=page.latest_revision_id, live_revision_id=page.live_revision_id
            )
            for page in pages
        ],
        ["latest_revision", "live_revision"],
    )
    for page, revision in zip(pages, revisions, strict=True):
        page_published.send(sender=type(page), instance=page, revision=revision)


def illustration(number, size=(1200, 675)):
    """A JPEG of coloured bands on a gradient: enough structure for realistic rendition sizes."""
    hue = (number * 47) % 255
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(size[1]):
        shade = int(255 * y / size[1])
        draw.line([(0, y), (size[0], y)], fill=(hue, 80 + shade // 3, 255 - shade))
    for band in range(6):
        x = band * size[0] // 6
        draw.rectangle(
            [x, size[1] // 3, x + size[0] // 10, size[1] * 2 // 3], fill=((hue + band * 40) % 255, 200, 90)
        )
    output = io.BytesIO()
    image.save(output, "JPEG", quality=82)
    return output.getvalue()


def build(scale, search_index=True, demo=True, log=print):
    """The demo content, then ``scale`` × the per-scale pages. Returns counts and timings."""
    started = time.perf_counter()
    if demo:
        call_command("load_demo_content", verbosity=0)
    demo_s = round(time.perf_counter() - started, 1)
    result = SiteBuilder(scale, search_index=search_index, log=log).build()
    result["demo_s"] = demo_s
    result["pages"] = Page.objects.filter(depth__gte=2).count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--no-search-index", action="store_true")
    arguments = parser.parse_args()
    call_command("migrate", verbosity=0, interactive=False)
    print(build(arguments.scale, search_index=not arguments.no_search_index))


if __name__ == "__main__":
    main()
