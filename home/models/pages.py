"""The site core: the home page and standard content pages."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from cms.api import representation
from cms.api.fields import PageLinkListField, body_api_fields, hero_api_fields
from cms.blocks import BodyStreamBlock
from cms.content.dependencies import children_key
from cms.content.versions import current_public
from cms.hero import HeroImageMixin
from cms.search_index import searchable_text, summary_text
from cms.site.page_routing import ReaderPageMixin
from cms.site.reader_request import reader_request
from cms.site.specific_pages import select_specific, specific
from home.models.news import NewsPage


class HomePage(HeroImageMixin, ReaderPageMixin, Page):
    """The front page: a hero, up to three featured items, the latest news, the active
    campaign and the join message. One per site."""

    hero_heading = models.CharField(
        max_length=120,
        default="The union for health and care managers",
        help_text="The large heading at the top of the home page.",
    )
    hero_intro = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences under the heading."
    )
    hero_link_label = models.CharField(max_length=60, blank=True, default="Join MiP")
    latest_news_heading = models.CharField(max_length=80, default="Latest news")
    latest_news_count = models.PositiveSmallIntegerField(
        default=4, help_text="How many of the newest news items to list (1 to 12)."
    )
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_intro"), FieldPanel("hero_link_label")],
            heading="Hero",
        ),
        *HeroImageMixin.hero_panels,
        InlinePanel("featured_items", label="Featured item", max_num=3, heading="Featured items"),
        MultiFieldPanel(
            [FieldPanel("latest_news_heading"), FieldPanel("latest_news_count")],
            heading="Latest news",
        ),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [*summary_text("hero_intro"), *searchable_text("body")]

    api_fields = [
        APIField("hero_heading"),
        APIField("hero_intro"),
        APIField("hero_link_label"),
        *hero_api_fields(),
        APIField("featured", serializer=PageLinkListField()),
        APIField("latest_news_heading"),
        APIField("latest_news_count"),
        *body_api_fields(),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.NewsIndexPage",
        "advice.AdviceIndexPage",
        "campaigns.CampaignIndexPage",
        "people.PeopleIndexPage",
        "events.EventIndexPage",
        "enquiries.FormPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def clean(self):
        super().clean()
        if not 1 <= self.latest_news_count <= 12:
            raise ValidationError({"latest_news_count": "Choose a number from 1 to 12."})

    @property
    def featured(self):
        pages = [item.link_page for item in self.featured_items.select_related("link_page")]
        return [representation.page_link(page) for page in representation.visible_pages(pages)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader = reader_request(request)
        items = select_specific(self.featured_items.all(), via="link_page")
        featured = reader.public.filter([specific(item.link_page) for item in items])
        # A featured news item is not listed again under "Latest news"; the next one takes its place.
        news = NewsPage.objects.listing(reader.public, topics=False)
        latest = list(news.exclude(pk__in=[page.pk for page in featured])[: self.latest_news_count])
        campaign = self.active_campaign(reader.public)
        context["featured_pages"] = featured
        context["latest_news"] = latest
        context["active_campaign"] = campaign
        reader.prepare(self, listed=[*featured, *latest, campaign])
        return context

    def active_campaign(self, public_pages=None):
        """The campaign the home page promotes, or None. The campaigns app answers through
        the ``home_page_campaign`` hook (``campaigns.wagtail_hooks``): campaigns is built on
        home, so home does not import it."""
        public_pages = public_pages or current_public()
        return next((hook(public_pages) for hook in hooks.get_hooks("home_page_campaign")), None)


class HomePageFeaturedItem(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_items")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A news item, campaign or advice page to feature on the home page.",
    )

    panels = [PageChooserPanel("link_page")]


class StandardPage(HeroImageMixin, ReaderPageMixin, Page):
    """Any section or content page: "About MiP", "Our governance", "Equality & diversity",
    "Join MiP", "Contact us". Can hold further standard pages beneath it."""

    intro = models.TextField(
        max_length=600, blank=True, help_text="A short standfirst shown under the title and in listings."
    )
    body = StreamField(BodyStreamBlock(), blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="Optional: who readers should write to about this page."
    )
    show_join_footer = models.BooleanField(
        default=True, help_text='Show the "More reasons to join MiP today" box at the foot of the page.'
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        *HeroImageMixin.hero_panels,
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("show_join_footer")], heading="Page footer"),
    ]

    search_fields = Page.search_fields + [*summary_text("intro"), *searchable_text("body")]

    api_fields = [
        APIField("intro"),
        *hero_api_fields(),
        *body_api_fields(),
        APIField("contact_email"),
        APIField("show_join_footer"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "enquiries.FormPage"]

    class Meta:
        verbose_name = "standard page"

    @property
    def summary(self):
        return self.intro or self.search_description

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader = reader_request(request)
        children = select_specific(reader.public.visible(self.get_children(), keys=[children_key(self.pk)]))
        context["children"] = [specific(page) for page in children]
        reader.prepare(self, listed=context["children"])
        return context
