"""News: the news index and news items (news, features, opinion, MiP at Work, media releases)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.api.fields import PersonField, TagsField, body_api_fields, hero_api_fields
from cms.blocks import BodyStreamBlock
from cms.content import dependencies
from cms.hero import HeroImageMixin
from cms.nations import NationsField
from cms.search_index import searchable_text, searchable_topics, summary_text
from cms.site.feeds import SectionFeed
from cms.site.page_routing import ReaderPageMixin
from cms.site.reader_request import reader_request
from home.models.articles import ArticleManager, ArticleMixin

NEWS_PER_PAGE = 12


class ArticleType(models.TextChoices):
    NEWS = "news", "News"
    FEATURE = "feature", "Feature"
    OPINION = "opinion", "Opinion"
    MIP_AT_WORK = "mip-at-work", "MiP at Work"
    MEDIA_RELEASE = "media-release", "Media release"


class NewsIndexPage(RoutablePageMixin, ReaderPageMixin, Page):
    """The News section: lists news items newest first, filterable by topic and type,
    with an RSS feed at feed/."""

    intro = models.TextField(max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + summary_text("intro")
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "news index page"

    def news_items(self, topic=None, article_type=None, public_pages=None):
        items = NewsPage.objects.listing(public_pages).child_of(self)
        if topic:
            items = items.filter(tags__slug=topic)
        if article_type in ArticleType.values:
            items = items.filter(article_type=article_type)
        return items

    def feed_items(self):
        return self.news_items()

    @path("feed/")
    def feed(self, request):
        return SectionFeed(self)(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader = reader_request(request)
        topic = request.GET.get("topic", "")[:100]
        article_type = request.GET.get("type", "")[:40]
        paginator = Paginator(self.news_items(topic, article_type, reader.public), NEWS_PER_PAGE)
        news_items = paginator.get_page(request.GET.get("page"))
        context["news_items"] = news_items
        context["paginator"] = paginator
        topics = list(self.topics_in_use(reader.public))
        active_type = article_type if article_type in ArticleType.values else ""
        context["active_topic"] = topic
        context["active_type"] = active_type
        context["article_types"] = ArticleType.choices
        context["topics"] = topics
        # What the filters chose, in words, for the page title: "News: Pay, Opinion (page 2 of 3)".
        context["filter_labels"] = [
            *(tag.name for tag in topics if tag.slug == topic),
            *([ArticleType(active_type).label] if active_type else []),
        ]
        reader.prepare(self, listed=news_items)
        return context

    def topics_in_use(self, public_pages=None):
        """The topics of this section's live, public news, for the filter."""
        items = self.news_items(public_pages=public_pages).values("pk")
        return (
            Tag.objects.filter(home_newspagetag_items__content_object__in=items).distinct().order_by("name")
        )


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("home.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsPage(ArticleMixin, HeroImageMixin, ReaderPageMixin, Page):
    """A news item: news story, feature, opinion piece, "MiP at Work" report or media release.
    Written by a member of staff (byline links to their profile) or by "MiP"."""

    date = models.DateField("publication date", default=datetime.date.today)
    article_type = models.CharField(
        max_length=20, choices=ArticleType.choices, default=ArticleType.NEWS, db_index=True
    )
    author = models.ForeignKey(
        "people.PersonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
        help_text='Leave blank for the byline "MiP".',
    )
    standfirst = models.TextField(
        max_length=600,
        blank=True,
        help_text="The summary under the headline and on cards. Required for features and opinion.",
    )
    body = StreamField(BodyStreamBlock(), blank=True)
    tags = ClusterTaggableManager(
        through=NewsPageTag, blank=True, verbose_name="topics", help_text="e.g. Pay, Redundancy"
    )
    nations = NationsField(blank=True, help_text="Leave all unticked for UK-wide news.")

    objects = ArticleManager()

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("article_type")]),
        FieldPanel("author"),
        FieldPanel("standfirst"),
        *HeroImageMixin.hero_panels,
        FieldPanel("body"),
    ]
    topic_panels = [
        MultiFieldPanel([FieldPanel("tags"), FieldPanel("nations")], heading="Topics and nations"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(topic_panels, heading="Topics"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        *summary_text("standfirst"),
        *searchable_text("body"),
        index.FilterField("date"),
        index.FilterField("article_type"),
        searchable_topics(),
    ]

    api_fields = [
        APIField("date"),
        APIField("article_type"),
        APIField("byline", serializer=serializers.CharField(read_only=True)),
        APIField("author", serializer=PersonField()),
        APIField("standfirst"),
        *hero_api_fields(),
        APIField("tags", serializer=TagsField()),
        APIField("nations"),
        *body_api_fields(),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    select_related_for_display = ("author",)
    listing_related = ("author", "hero_image")
    # /api/v2/pages/?type=home.NewsPage lists newest first unless the app asks for an order.
    api_default_order = ("-date",)

    class Meta:
        verbose_name = "news page"
        indexes = [models.Index(fields=["-date"], name="news_date_idx")]

    def clean(self):
        super().clean()
        if self.article_type in (ArticleType.FEATURE, ArticleType.OPINION) and not self.standfirst:
            raise ValidationError(
                {
                    "standfirst": (
                        "Features and opinion pieces need a standfirst: one or two sentences "
                        "saying what the piece is about."
                    )
                }
            )

    @property
    def summary(self):
        return self.standfirst or self.search_description

    def feed_shown_on(self):
        """The content feed's fan-out: the author's profile lists their news (for the previous
        author too, when it changes)."""
        return [self.author_id]

    def feed_topic_keys(self):
        """The content feed's fan-out: listings of news on this item's topics (related news)."""
        return [dependencies.topic_key(NewsPage, tag.pk) for tag in self.tags.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader = reader_request(request)

        def related_news():
            # The topics choose the related news, and are shown: fetched once for both.
            prefetch_related_objects([self], "tags")
            return self.related_news(public_pages=reader.public)

        context["related_news"], listed = reader.listing_for_part("related-news", self, related_news)
        reader.prepare(self, listed=listed)
        return context

    def related_news(self, count=3, public_pages=None):
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not tag_ids:
            return NewsPage.objects.listing(public_pages, topics=False).exclude(pk=self.pk)[:count]
        # Only news on these topics changes the list (not every news item published).
        keys = [dependencies.topic_key(NewsPage, tag_id) for tag_id in tag_ids]
        related = NewsPage.objects.listing(public_pages, topics=False, keys=keys).exclude(pk=self.pk)
        return related.filter(tags__in=tag_ids).distinct()[:count]
