"""Admin listing of Legal Eye articles, with advice past its review date flagged."""

import datetime

from django_filters import BooleanFilter
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import (
    BulkActionsColumn,
    PageStatusColumn,
    PageTitleColumn,
    ParentPageColumn,
)
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from advice.models import LegalEyeArticlePage


class LegalEyeFilterSet(PageFilterSet):
    review_overdue = BooleanFilter(label="Review overdue", method="filter_review_overdue")

    class Meta:
        model = LegalEyeArticlePage
        fields = []

    def filter_review_overdue(self, queryset, name, value):
        today = datetime.date.today()
        if value is None:
            return queryset
        return queryset.filter(review_due__lt=today) if value else queryset.filter(review_due__gte=today)


class ReviewDueColumn(Column):
    """The next review date, with an "Overdue" flag once it has passed."""

    def get_value(self, instance):
        due = instance.review_due.strftime("%-d %b %Y")
        return f"Overdue since {due}" if instance.review_overdue else due


class LegalEyeListingViewSet(PageListingViewSet):
    model = LegalEyeArticlePage
    name = "legal-eye"
    icon = "warning"
    menu_label = "Legal Eye"
    menu_order = 120
    add_to_admin_menu = True
    ordering = "review_due"
    filterset_class = LegalEyeFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        ParentPageColumn("parent", label="Topic"),
        DateColumn("date", label="Published", sort_key="date", width="11%"),
        DateColumn("last_reviewed", label="Last reviewed", sort_key="last_reviewed", width="11%"),
        ReviewDueColumn("review_due", label="Review due", sort_key="review_due", width="14%"),
        PageStatusColumn("status", label="Status", sort_key="live", width="10%"),
    ]


@hooks.register("register_admin_viewset")
def register_legal_eye_listing():
    return LegalEyeListingViewSet()
