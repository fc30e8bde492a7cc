"""Advice & Information: topics and the Legal Eye employment-law articles under them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageQuerySet
from wagtail.search import index

from advice.forms import LegalEyeArticlePageForm
from advice.publishing import EMPTY_BODY_MESSAGE, body_is_empty
from cms.api.fields import PersonField, SiteSettingField, TagsField, body_api_fields
from cms.blocks import BodyStreamBlock
from cms.content import dependencies
from cms.content.versions import current_public
from cms.nations import ALL_NATIONS, NationsField
from cms.search_index import searchable_text, searchable_topics, summary_text
from cms.site.feeds import SectionFeed
from cms.site.page_routing import ReaderPageMixin
from cms.site.reader_request import reader_request
from home.models import SiteSettings
from home.models.articles import ArticleManager, ArticleMixin


class AdviceIndexPage(RoutablePageMixin, ReaderPageMixin, Page):
    """ "Advice & Information": the front door to MiP's advice, listing its topics, with an
    RSS feed of Legal Eye articles at feed/."""

    intro = models.TextField(max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + summary_text("intro")
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["advice.AdviceTopicPage"]
    max_count = 1

    class Meta:
        verbose_name = "advice index page"

    feed_title = "Legal Eye"

    def topics(self, public_pages=None):
        topics = AdviceTopicPage.objects.child_of(self)
        topics = (public_pages or current_public()).visible(topics)
        return topics.order_by("title")

    def feed_items(self):
        return LegalEyeArticlePage.objects.listing().descendant_of(self)

    def latest_articles(self, count=3, public_pages=None):
        return LegalEyeArticlePage.objects.listing(public_pages, topics=False).descendant_of(self)[:count]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader = reader_request(request)
        context["topics"] = list(self.topics(reader.public))
        context["latest_articles"] = list(self.latest_articles(public_pages=reader.public))
        reader.prepare(self)
        return context

    @path("feed/")
    def feed(self, request):
        return SectionFeed(self)(request)


class AdviceTopicPage(ReaderPageMixin, Page):
    """An advice topic such as "Discrimination & equality" or "Organisational change":
    an overview for members, with the topic's Legal Eye articles listed beneath it."""

    summary = models.TextField(max_length=600, help_text="One or two sentences: what this topic covers.")
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [*summary_text("summary"), *searchable_text("body")]
    api_fields = [APIField("summary"), *body_api_fields()]

    parent_page_types = ["advice.AdviceIndexPage"]
    subpage_types = ["advice.LegalEyeArticlePage"]

    class Meta:
        verbose_name = "advice topic page"

    def articles(self, public_pages=None):
        return LegalEyeArticlePage.objects.listing(public_pages, topics=False).child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader = reader_request(request)
        context["articles"] = list(self.articles(reader.public))
        reader.prepare(self)
        return context


class LegalEyeArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "advice.LegalEyeArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LegalEyeArticleQuerySet(PageQuerySet):
    def review_overdue(self, overdue=True, today=None):
        """Articles past their next review date (``overdue=False``: the others). The one
        definition of overdue: the admin listing, its filter, the API and the templates ask
        this or ``LegalEyeArticlePage.review_overdue_on``."""
        past_due = models.Q(review_due__lt=today or datetime.date.today())
        return self.filter(past_due) if overdue else self.exclude(past_due)


def default_review_due():
    return datetime.date.today() + datetime.timedelta(days=365)


class LegalEyeArticlePage(ArticleMixin, ReaderPageMixin, Page):
    """A Legal Eye article: employment-law advice for members on one question, with the
    nations it applies to, when it was last reviewed and when it is next due for review.
    The site-wide disclaimer is shown on every article."""

    summary = models.TextField(
        max_length=600, help_text="What the member will learn, in one or two sentences."
    )
    author = models.ForeignKey(
        "people.PersonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legal_eye_articles",
        help_text='Leave blank for the byline "MiP".',
    )
    date = models.DateField("published date", default=datetime.date.today)
    last_reviewed = models.DateField(
        default=datetime.date.today, help_text="When the law in this article was last checked."
    )
    review_due = models.DateField(
        "next review due",
        default=default_review_due,
        db_index=True,
        help_text="After this date the article is flagged as due for review in the admin and the API.",
    )
    nations = NationsField(
        default=list,
        help_text=(
            "Where the law described applies. The Equality Act covers Great Britain; "
            "Northern Ireland has its own laws."
        ),
    )
    body = StreamField(BodyStreamBlock(), blank=True)
    tags = ClusterTaggableManager(through=LegalEyeArticlePageTag, blank=True, verbose_name="topics")

    objects = ArticleManager.from_queryset(LegalEyeArticleQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("author"),
        FieldPanel("body"),
    ]
    review_panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("last_reviewed"), FieldPanel("review_due")]),
        FieldPanel("nations"),
        MultiFieldPanel([FieldPanel("tags")], heading="Topics"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(review_panels, heading="Review and scope"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    base_form_class = LegalEyeArticlePageForm

    search_fields = Page.search_fields + [
        *summary_text("summary"),
        *searchable_text("body"),
        index.FilterField("date"),
        index.FilterField("review_due"),
        searchable_topics(),
    ]

    api_fields = [
        APIField("author", serializer=PersonField()),
        APIField("byline", serializer=serializers.CharField(read_only=True)),
        APIField("date"),
        APIField("last_reviewed"),
        APIField("review_due"),
        APIField("review_overdue", serializer=serializers.BooleanField(read_only=True)),
        APIField("nations"),
        APIField("summary"),
        APIField("tags", serializer=TagsField()),
        APIField("disclaimer", serializer=SiteSettingField("home.SiteSettings", "legal_eye_disclaimer")),
        *body_api_fields(),
    ]

    parent_page_types = ["advice.AdviceTopicPage"]
    subpage_types = []
    select_related_for_display = ("author",)
    # /api/v2/pages/?type=advice.LegalEyeArticlePage lists newest first unless asked otherwise.
    api_default_order = ("-date",)

    class Meta:
        verbose_name = "Legal Eye article"
        # Listings, the feed and the API order by published date; the admin sorts by both.
        indexes = [
            models.Index(fields=["-date"], name="legal_eye_date_idx"),
            models.Index(fields=["last_reviewed"], name="legal_eye_reviewed_idx"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        # Checked here as well as by the field: Wagtail 8 lets drafts skip required fields.
        if not self.nations:
            errors["nations"] = "Tick at least one nation this advice applies to."
        if self.date and self.last_reviewed and self.last_reviewed < self.date:
            errors["last_reviewed"] = "The last reviewed date can't be before the published date."
        if self.last_reviewed and self.review_due and self.review_due <= self.last_reviewed:
            errors["review_due"] = "The next review must be due after the last review."
        if errors:
            raise ValidationError(errors)

    def publish(self, revision, *args, **kwargs):
        """Refuses a revision with an empty body, however the publish was asked for."""
        if body_is_empty(revision.as_object().body):
            raise ValidationError({"body": EMPTY_BODY_MESSAGE})
        return super().publish(revision, *args, **kwargs)

    def review_overdue_on(self, today):
        # The same rule as ``LegalEyeArticleQuerySet.review_overdue``, for an article in hand.
        return bool(self.review_due) and self.review_due < today

    @property
    def review_overdue(self):
        overdue = self.review_overdue_on(datetime.date.today())
        if not overdue and self.review_due:
            # Nothing reaches the content feed when the due date passes: a response showing
            # this is stale from the next midnight on by itself.
            day_after = self.review_due + datetime.timedelta(days=1)
            dependencies.expires_at(datetime.datetime.combine(day_after, datetime.time.min).astimezone())
        return overdue

    @property
    def applies_uk_wide(self):
        return sorted(self.nations or []) == sorted(ALL_NATIONS)

    # The content feed's fan-out: a change to the disclaimer changes every article's API fields.
    feed_settings = ("home.SiteSettings",)

    @property
    def disclaimer(self):
        site = self.get_site()
        return SiteSettings.for_site(site).legal_eye_disclaimer if site else ""
