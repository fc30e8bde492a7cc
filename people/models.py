"""Staff profiles and the directory behind "Find your national officer"."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index

from cms.api.fields import ImageAPIField, RichTextAPIField
from cms.content.dependencies import listing_on_key
from cms.content.versions import current_public
from cms.nations import Nation
from cms.page_routing import ReaderPageMixin
from cms.reader_request import reader_request
from cms.search_index import searchable_text, summary_text
from people.api_fields import RegionsField


class Region(models.Model):
    """One of MiP's areas (a National Committee constituency), each in one nation.
    National officers cover one or more regions."""

    name = models.CharField(max_length=80, unique=True)
    nation = models.CharField(max_length=20, choices=Nation.choices)

    panels = [FieldPanel("name"), FieldPanel("nation")]

    class Meta:
        ordering = ["nation", "name"]

    def __str__(self):
        return self.name


class EmployerKind(models.TextChoices):
    NHS_TRUST = "nhs-trust", "NHS trust"
    ICB = "icb", "Integrated care board"
    NATIONAL_BODY = "national-body", "National body"
    SOCIAL_CARE = "social-care", "Social care"
    PRIVATE = "private", "Private healthcare"


class Employer(models.Model):
    """An NHS trust, ICB, national body or care employer, in the region whose officer covers it.
    Lets a member who does not know their region start from where they work."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=EmployerKind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="employers")

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("region")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PersonRole(models.TextChoices):
    CHIEF_EXECUTIVE = "chief-executive", "Chief executive"
    NATIONAL_OFFICER = "national-officer", "National officer"
    HEAD_OFFICE = "head-office", "Head office"
    NATIONAL_COMMITTEE = "national-committee", "National committee"


class PeopleIndexPage(RoutablePageMixin, ReaderPageMixin, Page):
    """ "Our people": lists staff grouped by role, and holds the national officer finder
    at find-your-officer/."""

    intro = models.TextField(max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + summary_text("intro")
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["people.PersonPage"]
    max_count = 1

    class Meta:
        verbose_name = "people index page"

    def people_by_role(self, public_pages=None):
        people = PersonPage.objects.directory(public_pages).child_of(self)
        groups = []
        for role, label in PersonRole.choices:
            members = [person for person in people if person.role == role]
            if members:
                groups.append({"role": role, "label": label, "people": members})
        return groups

    def get_context(self, request, *args, regions=None, **kwargs):
        from people.officer_finder import regions_by_nation

        context = super().get_context(request, *args, **kwargs)
        context["regions_by_nation"] = regions_by_nation(regions)
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        """ "Our people": everyone, grouped by role."""
        reader = reader_request(request)
        groups = self.people_by_role(reader.public)
        reader.prepare(self, listed=[person for group in groups for person in group["people"]])
        return self.render(request, context_overrides={"people_by_role": groups})

    @path("find-your-officer/", name="officer_finder")
    def officer_finder(self, request):
        """Officers for the region chosen or the employer typed (GET ``region`` or ``employer``)."""
        from people.officer_finder import OfficerSearch, all_regions

        reader = reader_request(request)
        regions = all_regions()
        finder = OfficerSearch.from_params(request.GET, known_regions=regions, public_pages=reader.public)
        reader.prepare(self, listed=finder.officers)
        return self.render(
            request,
            template="people/officer_finder.html",
            regions=regions,
            context_overrides={"finder": finder, "breadcrumb_title": "Find your national officer"},
        )


class PersonPageManager(PageManager):
    def directory(self, public_pages=None):
        """Live public profiles, in role order then by name, with photos and regions fetched.
        The request's ``public_pages`` (``cms.reader_request``) saves a query."""
        role_order = models.Case(
            *[models.When(role=role, then=position) for position, role in enumerate(PersonRole.values)],
            output_field=models.IntegerField(),
        )
        people = self.get_queryset()
        people = (public_pages or current_public()).visible(people)
        return people.select_related("photo").prefetch_related("regions").order_by(role_order, "title")

    def officers_for_region(self, region, public_pages=None):
        return self.directory(public_pages).filter(role=PersonRole.NATIONAL_OFFICER, regions=region)

    def officers_for_employer(self, query, public_pages=None):
        """Officers covering the regions of every employer whose name contains ``query``."""
        query = (query or "").strip()
        if not query:
            return self.none()
        regions = Region.objects.filter(employers__name__icontains=query)
        officers = self.directory(public_pages).filter(role=PersonRole.NATIONAL_OFFICER, regions__in=regions)
        return officers.distinct()


class PersonPage(ReaderPageMixin, Page):
    """A staff profile: the chief executive, a national officer, head-office staff or a
    National Committee member. The page title is the person's name."""

    job_title = models.CharField(
        max_length=120, help_text="e.g. National Officer (London and the South East)"
    )
    role = models.CharField(
        max_length=20,
        choices=PersonRole.choices,
        default=PersonRole.NATIONAL_OFFICER,
        help_text="Decides the group on 'Our people'. Only national officers appear in the officer finder.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo_alt = models.CharField(
        "photo alt text",
        max_length=250,
        blank=True,
        help_text="e.g. 'Portrait of Jo Bloggs'. Required unless the image has a description.",
    )
    biography = RichTextField(features=["bold", "italic", "link", "ul", "ol"], blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(
        max_length=40, blank=True, help_text="As readers should dial it, e.g. 020 7654 3210"
    )
    regions = ParentalManyToManyField(
        Region,
        blank=True,
        related_name="officers",
        help_text="The regions this person covers as national officer.",
    )

    objects = PersonPageManager()

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("job_title"), FieldPanel("role")]),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading="Photo"),
        FieldPanel("biography"),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone")], heading="Contact"),
        FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = Page.search_fields + [
        *summary_text("job_title"),
        *searchable_text("biography"),
        index.FilterField("role"),
    ]

    api_fields = [
        APIField("job_title"),
        APIField("role"),
        APIField("email"),
        APIField("phone"),
        APIField("regions", serializer=RegionsField()),
        APIField("photo", serializer=ImageAPIField(alt_attribute="photo_alt_text")),
        APIField("biography", serializer=RichTextAPIField()),
    ]

    parent_page_types = ["people.PeopleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "person page"

    @property
    def name(self):
        return self.title

    def latest_news(self, count=3, public_pages=None):
        """Their newest live, public news items, for the foot of the profile."""
        from home.models import NewsPage

        # The feed marks this list whenever one of its news items changes
        # (``NewsPage.feed_shown_on``), so other people's news leaves the profile cached.
        listing = NewsPage.objects.listing(public_pages, topics=False, keys=[listing_on_key(self.pk)])
        return listing.filter(author=self)[:count]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader = reader_request(request)
        context["latest_news"] = list(self.latest_news(public_pages=reader.public))
        reader.prepare(self, listed=context["latest_news"])
        return context

    @property
    def photo_alt_text(self):
        if not self.photo:
            return ""
        return self.photo_alt or self.photo.description

    def clean(self):
        super().clean()
        if self.photo and not self.photo_alt_text:
            raise ValidationError(
                {"photo_alt": f"Add alt text for the photo, e.g. 'Portrait of {self.title or 'the person'}'."}
            )
