"""Admin listing of events (menu "Events"), soonest first, with upcoming and past filters."""

from django.utils import timezone
from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from events.choices import AttendanceMode, EventStatus
from events.models import EventPage


class EventFilterSet(PageFilterSet):
    timing = ChoiceFilter(
        label="When",
        choices=[("upcoming", "Upcoming (not ended yet)"), ("past", "Past")],
        empty_label="Any time",
        method="filter_timing",
    )
    event_status = ChoiceFilter(
        field_name="status", label="Event status", choices=EventStatus.choices, empty_label="Any"
    )
    attendance_mode = ChoiceFilter(
        label="How people attend", choices=AttendanceMode.choices, empty_label="Any"
    )

    class Meta:
        model = EventPage
        fields = []

    def filter_timing(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(end__gte=now)
        if value == "past":
            return queryset.filter(end__lt=now)
        return queryset


class EventListingViewSet(PageListingViewSet):
    model = EventPage
    name = "events"
    icon = "date"
    menu_label = "Events"
    menu_order = 115
    add_to_admin_menu = True
    ordering = "start"
    filterset_class = EventFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        Column("when", label="When", sort_key="start", width="28%"),
        Column("where", label="Where", sort_key="town"),
        Column("status", label="Event status", accessor="get_status_display", sort_key="status"),
        PageStatusColumn("live_status", label="Page status", sort_key="live", width="10%"),
    ]


@hooks.register("register_admin_viewset")
def register_event_listing():
    return EventListingViewSet()
