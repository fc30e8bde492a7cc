"""Campaigns such as "Managers Matter": their aims, resources and calls to action."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from campaigns.blocks import CampaignCallToActionStreamBlock, ResourceStreamBlock
from cms.api.fields import TagsField, body_api_fields, hero_api_fields
from cms.blocks import BodyStreamBlock
from cms.content import dependencies
from cms.content.versions import current_public
from cms.hero import HeroImageMixin
from cms.search_index import searchable_text, searchable_topics, summary_text
from cms.site.page_routing import ReaderPageMixin
from cms.site.reader_request import reader_request
from home.models import NewsPage


class CampaignIndexPage(ReaderPageMixin, Page):
    """ "Campaigns": lists MiP's campaigns, active ones first."""

    intro = models.TextField(max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + summary_text("intro")
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count = 1

    class Meta:
        verbose_name = "campaign index page"

    def campaigns(self, public_pages=None):
        campaigns = CampaignPage.objects.child_of(self)
        campaigns = (public_pages or current_public()).visible(campaigns)
        return campaigns.select_related("hero_image").order_by("status", "-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader = reader_request(request)
        context["campaigns"] = list(self.campaigns(reader.public))
        reader.prepare(self, listed=context["campaigns"])
        return context


class CampaignStatus(models.TextChoices):
    # Alphabetical order puts active campaigns first in listings.
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class CampaignPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "campaigns.CampaignPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CampaignPage(HeroImageMixin, ReaderPageMixin, Page):
    """A campaign such as "Managers Matter": a strapline, what the campaign wants to
    change (aims), its guides and toolkits, calls to action, and news on its topics."""

    strapline = models.CharField(max_length=200, help_text="The campaign's message in one line.")
    status = models.CharField(
        max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.ACTIVE, db_index=True
    )
    body = StreamField(BodyStreamBlock(), blank=True)
    resources = StreamField(ResourceStreamBlock(), blank=True, help_text="Guides, toolkits and briefings.")
    calls_to_action = StreamField(
        CampaignCallToActionStreamBlock(),
        blank=True,
        help_text="e.g. Join MiP, sign up for email news, contact your national officer.",
    )
    tags = ClusterTaggableManager(
        through=CampaignPageTag,
        blank=True,
        verbose_name="topics",
        help_text="News on these topics is listed as related.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("strapline"),
        FieldPanel("status"),
        *HeroImageMixin.hero_panels,
        InlinePanel("aims", label="Aim", heading="Aims", min_num=1),
        FieldPanel("body"),
    ]
    resource_panels = [FieldPanel("resources"), FieldPanel("calls_to_action")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(resource_panels, heading="Resources and actions"),
            ObjectList([FieldPanel("tags")], heading="Topics"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        *summary_text("strapline"),
        *searchable_text("body"),
        index.FilterField("status"),
        searchable_topics(),
    ]

    api_fields = [
        APIField("strapline"),
        APIField("status"),
        *hero_api_fields(),
        APIField(
            "aims",
            serializer=serializers.ListField(
                child=serializers.CharField(), source="aim_list", read_only=True
            ),
        ),
        APIField("resources"),
        APIField("calls_to_action"),
        APIField("tags", serializer=TagsField()),
        *body_api_fields(),
    ]

    parent_page_types = ["campaigns.CampaignIndexPage"]
    # A campaign's own forms, such as its email news sign-up.
    subpage_types = ["enquiries.FormPage"]

    class Meta:
        verbose_name = "campaign page"

    @property
    def summary(self):
        return self.strapline

    @property
    def aim_list(self):
        return [aim.text for aim in self.aims.all()]

    def related_news(self, count=3, public_pages=None):
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not tag_ids:
            return NewsPage.objects.none()
        # Only news on these topics changes the list (not every news item published).
        keys = [dependencies.topic_key(NewsPage, tag_id) for tag_id in tag_ids]
        related = NewsPage.objects.listing(public_pages, topics=False, keys=keys)
        return related.filter(tags__in=tag_ids).distinct()[:count]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader = reader_request(request)
        context["related_news"], listed = reader.listing_for_part(
            "related-news", self, lambda: self.related_news(public_pages=reader.public)
        )
        reader.prepare(self, listed=listed)
        return context


class CampaignAim(Orderable):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="aims")
    text = models.CharField(
        max_length=300, help_text="One statement, e.g. 'Good managers make good services.'"
    )

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text
