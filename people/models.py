"""Staff profiles and the directory behind "Find your national officer"."""

import re
from dataclasses import dataclass, field

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
from cms.search_index import searchable_text, summary_text
from cms.search_query import MAX_QUERY_LENGTH, clean_query
from cms.site.page_routing import ReaderPageMixin
from cms.site.reader_request import reader_request
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
        The request's ``public_pages`` (``cms.site.reader_request``) saves a query."""
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
        """Their newest live, public news items, for the foot of the profile. Through the
        reverse relation, so people imports nothing from home (home's news names its author)."""
        # The feed marks this list whenever one of its news items changes
        # (``NewsPage.feed_shown_on``), so other people's news leaves the profile cached.
        return self.news_items.listing(public_pages, topics=False, keys=[listing_on_key(self.pk)])[:count]

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


# "Find your national officer" ------------------------------------------------------------
# A member chooses their region or types part of their employer's name, and is shown the
# national officers who cover it: on the site as a plain GET form (works without JavaScript,
# bookmarkable), in the API at /api/v2/officers/ (``people.api``). Anything can arrive in the
# query string: it is cleaned (``cms.search_query``), capped and checked here, and a bad value
# becomes a message on the form (a 400 in the API), never an error page.

# The finder's limits, the site's and the API's: an employer query is 2 to 200 characters
# (the site cuts a longer one, the API refuses it) and lists at most 12 employers.
MIN_EMPLOYER_QUERY_LENGTH = 2
MAX_EMPLOYER_QUERY_LENGTH = MAX_QUERY_LENGTH
MAX_EMPLOYERS_LISTED = 12
REGION_ID = re.compile(r"[0-9]{1,9}")
# The ids of the form's fields (templates/includes/officer_finder_form.html).
FIELD_IDS = {"region": "finder-region", "employer": "finder-employer"}


def all_regions():
    return list(Region.objects.order_by("name"))


def regions_by_nation(regions=None):
    """The regions (all of them unless given) for the finder's select, grouped under their
    nation in the UK's usual order (England, Scotland, Wales, Northern Ireland)."""
    regions = all_regions() if regions is None else regions
    groups = []
    for nation, label in Nation.choices:
        members = [region for region in regions if region.nation == nation]
        if members:
            groups.append({"nation": label, "regions": members})
    return groups


@dataclass
class OfficerSearch:
    """One use of the finder: what the member asked for, and what was found."""

    region_id: str = ""
    employer_query: str = ""
    region: Region | None = None
    employers: list = field(default_factory=list)
    employer_count: int = 0
    officers: list = field(default_factory=list)
    error: str = ""
    error_field: str = ""
    searched: bool = False
    # Fetched already for the form's select; and the request's public pages (cms.site.reader_request).
    known_regions: list | None = field(default=None, repr=False)
    public_pages: object = field(default=None, repr=False)

    @classmethod
    def from_params(cls, params, known_regions=None, public_pages=None):
        search = cls(
            region_id=clean_query(params.get("region", ""))[:20],
            employer_query=clean_query(params.get("employer", "")),
            known_regions=known_regions,
            public_pages=public_pages,
        )
        search.run(submitted_fields={name for name in ("region", "employer") if name in params})
        return search

    def run(self, submitted_fields):
        if self.region_id:
            self._by_region()
        elif self.employer_query:
            self.for_employer(self.employer_query)
        elif "employer" in submitted_fields:
            # The employer form was sent with an empty box: the message goes on that box.
            self.error = "Type the name of your employer, or part of it."
            self.error_field = "employer"
        elif "region" in submitted_fields:
            self.error = "Choose your region."
            self.error_field = "region"

    def _by_region(self):
        region = self._region(int(self.region_id)) if REGION_ID.fullmatch(self.region_id) else None
        if region is None:
            self.error = "Choose your region from the list."
            self.error_field = "region"
            return
        self.for_region(region)

    def for_region(self, region):
        self.region = region
        self.officers = list(PersonPage.objects.officers_for_region(region, self.public_pages))
        self.searched = True

    def _region(self, pk):
        if self.known_regions is None:
            return Region.objects.filter(pk=pk).first()
        return next((region for region in self.known_regions if region.pk == pk), None)

    def for_employer(self, query):
        """``query``: cleaned text (``cms.search_query.clean_query``)."""
        self.employer_query = query
        if len(query) < MIN_EMPLOYER_QUERY_LENGTH:
            self.error = f"Type at least {MIN_EMPLOYER_QUERY_LENGTH} letters of your employer's name."
            self.error_field = "employer"
            return
        employers = Employer.objects.filter(name__icontains=query).select_related("region")
        self.employer_count = employers.count()
        self.employers = list(employers[:MAX_EMPLOYERS_LISTED])
        self.searched = True
        if not self.employers:
            self.error = (
                f"No employer matches '{self.employer_query}'. Try part of the name, or choose your region."
            )
            self.error_field = "employer"
            return
        self.officers = list(PersonPage.objects.officers_for_employer(self.employer_query, self.public_pages))

    @property
    def errors(self):
        """The error summary's entries: each message with the id of the field it is about."""
        if not self.error:
            return []
        return [(FIELD_IDS[self.error_field], self.error)]

    @property
    def more_employers(self):
        return max(self.employer_count - len(self.employers), 0)

    @property
    def matched_regions(self):
        regions = {employer.region.pk: employer.region for employer in self.employers}
        return sorted(regions.values(), key=lambda region: region.name)


def region_for_employer(name):
    """The region of the employer a member named, for routing their message: the employer with
    exactly that name (in any case), or else the one region shared by every employer whose name
    contains it. None when nothing matches or the name fits employers in several regions, so a
    vague answer ("NHS") never reaches every officer in the country."""
    name = clean_query(name)
    if not name:
        return None
    exact = Employer.objects.filter(name__iexact=name).select_related("region").first()
    if exact is not None:
        return exact.region
    region_ids = list(
        Employer.objects.filter(name__icontains=name)
        .order_by()
        .values_list("region_id", flat=True)
        .distinct()[:2]
    )
    if len(region_ids) != 1:
        return None
    return Region.objects.filter(pk=region_ids[0]).first()


def officers_covering(employer="", region=None):
    """The region an enquiry belongs to and the live, public national officers who cover it:
    the named employer's region when the employer is recognised, else the ``region`` the member
    chose. ``(None, [])`` when neither is known."""
    region = region_for_employer(employer) or region
    if region is None:
        return None, []
    return region, list(PersonPage.objects.officers_for_region(region))
