"""Admin listing of news items with the columns editors sort by."""

from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from home.models import ArticleType, NewsPage


class NewsPageFilterSet(PageFilterSet):
    article_type = ChoiceFilter(choices=ArticleType.choices, label="Type", empty_label="Any type")

    class Meta:
        model = NewsPage
        fields = []


class NewsPageListingViewSet(PageListingViewSet):
    model = NewsPage
    name = "news-items"
    icon = "doc-full"
    menu_label = "News items"
    menu_order = 110
    add_to_admin_menu = True
    ordering = "-date"
    filterset_class = NewsPageFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        DateColumn("date", label="Date", sort_key="date", width="12%"),
        Column("article_type", label="Type", accessor="get_article_type_display", sort_key="article_type"),
        Column("byline", label="Author"),
        PageStatusColumn("status", label="Status", sort_key="live", width="12%"),
    ]


@hooks.register("register_admin_viewset")
def register_news_listing():
    return NewsPageListingViewSet()
