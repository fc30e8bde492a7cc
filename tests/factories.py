"""Factories for every page type, the people directory's regions and employers, images,
documents and body blocks.

Page factories take ``parent=`` from the caller (``NewsPageFactory(parent=news_index)``) and
fill every required field with believable MiP content, so a test states only what it is about.
Bodies are built with ``StreamFieldFactory``:
``NewsPageFactory(parent=index, body__0__heading__text="Pay", body__1__paragraph__value="<p>…</p>")``.
"""

import datetime
from dataclasses import dataclass

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Page, Site
from wagtail.rich_text import RichText

from advice.models import AdviceIndexPage, AdviceTopicPage, LegalEyeArticlePage
from campaigns.models import CampaignAim, CampaignIndexPage, CampaignPage
from cms import blocks as body_blocks
from cms.nations import ALL_NATIONS, Nation
from cms.site.renditions import generate as make_renditions
from enquiries.models import FormPage
from enquiries.routing import Routing
from events.event_times import LONDON
from events.models import EventIndexPage, EventPage
from home.models import ArticleType, HomePage, NewsIndexPage, NewsPage, StandardPage
from people.models import Employer, EmployerKind, PeopleIndexPage, PersonPage, PersonRole, Region

# Images and documents


class ImageFactory(wagtail_factories.ImageFactory):
    """A real JPEG, wide enough for every API rendition width, with a description in the
    image library (so blocks and hero images may leave their own alt text blank).

    Renditions are made by the background worker, never on a request, so a new image has
    none and pages show a placeholder for it. ``ImageFactory(renditions=True)`` makes them
    at once, as the worker would after the upload."""

    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Managers at a union meeting {n}")
    description = "Three NHS managers talking around a table"
    file = factory.django.ImageField(width=1600, height=900, color="teal", filename="meeting.jpg")

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def renditions(image, create, extracted, **kwargs):
        if create and extracted:
            make_renditions(image, isolated=False)


class DocumentFactory(wagtail_factories.DocumentFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Managers Matter guide {n}")
    file = factory.django.FileField(
        data=b"%PDF-1.4\n% MiP guide for managers\n", filename="managers-matter-guide.pdf"
    )


# Body blocks


# The body's block names, in editor order. They are also the API's block ``type`` names,
# a contract with the mobile apps: tests compare against this one list.
BODY_BLOCK_TYPES = [
    "heading",
    "paragraph",
    "image",
    "quote",
    "call_to_action",
    "documents",
    "accordion",
    "embed",
    "table",
    "legal_eye",
    "related_pages",
]


class HeadingBlockFactory(wagtail_factories.StructBlockFactory):
    text = "What to do first"
    level = "h2"

    class Meta:
        model = body_blocks.HeadingBlock


class ParagraphBlockFactory(wagtail_factories.blocks.BlockFactory):
    value = "<p>Call your national officer before you respond to any allegation.</p>"

    class Meta:
        model = body_blocks.ParagraphBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return RichText(kwargs["value"])


class QuoteBlockFactory(wagtail_factories.StructBlockFactory):
    quote = "Managers are part of the solution, not the problem."
    attribution = "Jon Restell"
    role = "MiP chief executive"

    class Meta:
        model = body_blocks.QuoteBlock


class ImageBlockFactory(wagtail_factories.StructBlockFactory):
    image = factory.SubFactory(ImageFactory)
    alt_text = "Three NHS managers talking around a table"
    decorative = False
    caption = ""
    credit = ""

    class Meta:
        model = body_blocks.ImageBlock


class CallToActionBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "Not a member yet?"
    text = "Join the union for health and care managers."
    button_label = "Join MiP"
    page = None
    link_url = "https://www.miphealth.org.uk/join"

    class Meta:
        model = body_blocks.CallToActionBlock


class BodyStreamBlockFactory(wagtail_factories.StreamBlockFactory):
    heading = factory.SubFactory(HeadingBlockFactory)
    paragraph = factory.SubFactory(ParagraphBlockFactory)
    quote = factory.SubFactory(QuoteBlockFactory)
    image = factory.SubFactory(ImageBlockFactory)
    call_to_action = factory.SubFactory(CallToActionBlockFactory)

    class Meta:
        model = body_blocks.BodyStreamBlock


# The people directory


class RegionFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Region {n}")
    nation = Nation.ENGLAND

    class Meta:
        model = Region
        django_get_or_create = ("name",)


class EmployerFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Employer {n} NHS Foundation Trust")
    kind = EmployerKind.NHS_TRUST
    region = factory.SubFactory(RegionFactory)

    class Meta:
        model = Employer
        django_get_or_create = ("name",)


# Pages


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Managers in Partnership"
    slug = "home"
    hero_heading = "The union for health and care managers"
    hero_intro = "Expert advice, representation at work and a voice for managers nationally."
    body = wagtail_factories.StreamFieldFactory(BodyStreamBlockFactory)

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"About MiP {n}")
    intro = "MiP is the union for senior managers in health and care."
    body = wagtail_factories.StreamFieldFactory(BodyStreamBlockFactory)

    class Meta:
        model = StandardPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    intro = "The latest from MiP."

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Managers' pay award announced {n}")
    date = factory.LazyFunction(datetime.date.today)
    article_type = ArticleType.NEWS
    standfirst = "What this year's pay award means for managers."
    body = wagtail_factories.StreamFieldFactory(BodyStreamBlockFactory)

    class Meta:
        model = NewsPage


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    title = "Campaigns"
    intro = "What MiP is campaigning for."

    class Meta:
        model = CampaignIndexPage


class CampaignPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Managers Matter {n}")
    strapline = "Good managers make good services."
    body = wagtail_factories.StreamFieldFactory(BodyStreamBlockFactory)

    class Meta:
        model = CampaignPage
        skip_postgeneration_save = True

    @factory.post_generation
    def aims(obj, create, extracted, **kwargs):
        """``aims=["…", "…"]``; one aim by default, as the editor requires."""
        texts = extracted if extracted is not None else ["Stop the scapegoating of managers."]
        for position, text in enumerate(texts):
            obj.aims.add(CampaignAim(text=text, sort_order=position))
        if create and texts:
            obj.save()


class AdviceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Advice & Information"
    intro = "Employment advice for health and care managers."

    class Meta:
        model = AdviceIndexPage


class AdviceTopicPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Discrimination & equality {n}")
    summary = "Your rights if you are treated unfairly at work."
    body = wagtail_factories.StreamFieldFactory(BodyStreamBlockFactory)

    class Meta:
        model = AdviceTopicPage


class LegalEyeArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Reasonable adjustments at work {n}")
    summary = "What your employer must do if you are disabled."
    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    last_reviewed = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    review_due = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=358))
    nations = factory.LazyFunction(lambda: [Nation.ENGLAND, Nation.SCOTLAND, Nation.WALES])
    body = wagtail_factories.StreamFieldFactory(BodyStreamBlockFactory)

    class Meta:
        model = LegalEyeArticlePage

    class Params:
        uk_wide = factory.Trait(nations=factory.LazyFunction(lambda: list(ALL_NATIONS)))


class PeopleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Our people"
    intro = "MiP's staff and national officers."

    class Meta:
        model = PeopleIndexPage


class PersonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Alex Officer {n}")
    job_title = "National Officer"
    role = PersonRole.NATIONAL_OFFICER
    email = factory.Sequence(lambda n: f"officer{n}@miphealth.org.uk")
    phone = "020 7654 3210"

    class Meta:
        model = PersonPage
        skip_postgeneration_save = True

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        """``regions=[region, …]``: the regions a national officer covers."""
        if extracted:
            obj.regions.set(extracted)
            if create:
                obj.save()


def next_week_at(hour, minute=0, days=7):
    """A moment ``days`` days from today at the given UK time: a believable event start."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    intro = "Meetings, webinars and training for MiP members."

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    """An evening members' meeting in London next week, booked through the national officer.
    ``start=`` moves it; ``end`` follows 90 minutes later unless given."""

    title = factory.Sequence(lambda n: f"London members' meeting {n}")
    summary = "An evening for members in London to meet their national officer."
    start = factory.LazyFunction(lambda: next_week_at(18))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(minutes=90))
    attendance_mode = "in-person"
    venue = "UNISON Centre"
    street_address = "130 Euston Road"
    town = "London"
    postcode = "NW1 2AY"
    booking = "contact-officer"
    body = wagtail_factories.StreamFieldFactory(BodyStreamBlockFactory)

    class Meta:
        model = EventPage


class FormPageFactory(wagtail_factories.PageFactory):
    """A form page. Pass its questions and topics as rows: ``FormPageFactory(parent=about,
    form_fields=[FormField(label="Your message", field_type="multiline")])``."""

    title = factory.Sequence(lambda n: f"Contact us {n}")
    intro = "Write to MiP and we will reply within two working days."
    routing = Routing.ADDRESSES
    thank_you_text = "<p>We will reply within two working days.</p>"

    class Meta:
        model = FormPage


# The site


@dataclass
class SiteTree:
    site: Site
    home: HomePage
    about: StandardPage
    advice_index: AdviceIndexPage
    campaign_index: CampaignIndexPage
    news_index: NewsIndexPage
    people_index: PeopleIndexPage


def build_site_tree():
    """Root → HomePage (the default site's root at http://testserver, replacing Wagtail's
    welcome page) → "About MiP" and the four section indexes, all live and in the main menu."""
    root = Page.get_first_root_node()
    site = Site.objects.get(is_default_site=True)
    welcome_pages = list(root.get_children().exclude(pk=site.root_page_id)) + [site.root_page]
    home = HomePageFactory(parent=root, slug="new-home")
    site.root_page = home
    site.site_name = "Managers in Partnership"
    # The test client's host, so full URLs match the API's base URL (http://testserver).
    site.hostname, site.port = "testserver", 80
    site.save()
    for page in welcome_pages:
        page.delete()
    home.refresh_from_db()
    home.slug = "home"
    home.save()

    sections = {"show_in_menus": True, "parent": home}
    return SiteTree(
        site=site,
        home=home,
        about=StandardPageFactory(title="About MiP", slug="about", **sections),
        advice_index=AdviceIndexPageFactory(slug="advice", **sections),
        campaign_index=CampaignIndexPageFactory(slug="campaigns", **sections),
        news_index=NewsIndexPageFactory(slug="news", **sections),
        people_index=PeopleIndexPageFactory(slug="our-people", **sections),
    )
