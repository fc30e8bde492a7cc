"""The admin's Legal Eye tools: the article listing (advice past its review date flagged), the
dashboard's "Legal Eye reviews due" panel, and the bulk "Publish" check for empty articles."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django_filters import BooleanFilter
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import (
    BulkActionsColumn,
    PageStatusColumn,
    PageTitleColumn,
    ParentPageColumn,
)
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from advice import reviews
from advice.models import LegalEyeArticlePage
from advice.publishing import body_is_empty


class LegalEyeFilterSet(PageFilterSet):
    review_overdue = BooleanFilter(label="Review overdue", method="filter_review_overdue")

    class Meta:
        model = LegalEyeArticlePage
        fields = []

    def filter_review_overdue(self, queryset, name, value):
        return queryset if value is None else queryset.review_overdue(value)


class ReviewDueColumn(Column):
    """The next review date, with an "Overdue" flag once it has passed."""

    def get_value(self, instance):
        due = date_format(instance.review_due, "j M Y")
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


legal_eye_listing = LegalEyeListingViewSet()


@hooks.register("register_admin_viewset")
def register_legal_eye_listing():
    return legal_eye_listing


class LegalEyeReviewsPanel(Component):
    """ "Legal Eye reviews due" on the admin dashboard: the articles this editor can edit that
    are overdue or due within the notice period, with who answers for each (``advice.reviews``)."""

    name = "legal_eye_reviews"
    template_name = "advice/admin/reviews_due_panel.html"
    # After Wagtail's moderation panels, before "Your most recent edits".
    order = 220
    rows_shown = 10

    def __init__(self, request):
        self.request = request

    def editable_articles(self):
        editable = policy_registry.get_by_type(Page).instances_user_has_permission_for(
            self.request.user, "change"
        )
        return LegalEyeArticlePage.objects.filter(pk__in=editable.values("pk"))

    def get_context_data(self, parent_context):
        today = datetime.date.today()
        editable = self.editable_articles()
        due = list(reviews.due_for_review(today).filter(pk__in=editable.values("pk")))
        rows = [
            {"review": reviews.DueReview(article, today), "responsible": reviews.responsible_for(article)}
            for article in due
        ]
        overdue = [row for row in rows if row["review"].overdue]
        due_soon = [row for row in rows if not row["review"].overdue]
        listing_url = reverse(legal_eye_listing.get_url_name("index"))
        return {
            "can_edit_any": bool(due) or editable.exists(),
            "overdue": overdue[: self.rows_shown],
            "overdue_count": len(overdue),
            "due_soon": due_soon[: self.rows_shown],
            "due_soon_count": len(due_soon),
            "notice_days": reviews.notice_days(),
            "overdue_url": f"{listing_url}?review_overdue=true",
            "listing_url": listing_url,
        }


@hooks.register("construct_homepage_panels")
def add_legal_eye_reviews_panel(request, panels):
    panels.append(LegalEyeReviewsPanel(request))


@hooks.register("before_bulk_action")
def refuse_to_publish_empty_legal_eye_articles(request, action_type, objects, action_class_instance):
    """The bulk "Publish" action publishes each page's latest revision without the editor's form:
    stop it, with the reason, if any Legal Eye article among them (or their draft descendants,
    when those are included) has an empty body."""
    if action_type != "publish":
        return None
    pages = list(objects)
    form = getattr(action_class_instance, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages += list(page.get_descendants().not_live().type(LegalEyeArticlePage))
    empty = []
    for page in pages:
        if page.specific_class is not LegalEyeArticlePage:
            continue
        revision = page.get_latest_revision()
        article = revision.as_object() if revision else page.specific
        if body_is_empty(article.body):
            empty.append(article.title)
    if not empty:
        return None
    messages.error(
        request,
        "Nothing was published: these Legal Eye articles have an empty body, and a Legal Eye "
        f"article can't be published without one: {', '.join(sorted(empty))}.",
    )
    return redirect(action_class_instance.next_url)
