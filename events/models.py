"""Events: the events index (upcoming events, the archive, calendar and RSS feeds) and the
event pages under it: the Members' Summit, AGMs, webinars, regional meetings, reps' training."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from cms.api.fields import PersonField, TagsField, body_api_fields, hero_api_fields
from cms.blocks import BodyStreamBlock
from cms.content import dependencies
from cms.content.versions import current_public
from cms.hero import HeroImageMixin
from cms.nations import ALL_NATIONS, Nation, NationsField, applies_to_nations, nation_labels
from cms.site.page_routing import ReaderPageMixin
from cms.site.reader_request import reader_request
from events import event_times
from events.api_fields import CalendarFeedUrlField, CalendarUrlField, RssFeedUrlField
from events.choices import AttendanceMode, Audience, Booking, EventStatus
from events.feeds import EventFeed
from events.schema_org import event_json_ld

EVENTS_PER_PAGE = 12
# A longer event is almost always a typing slip (the wrong month or year).
MAX_EVENT_DAYS = 31
UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
CALENDAR_FEED_FILE = "events.ics"
EVENT_CALENDAR_FILE = "calendar.ics"


class EventIndexPage(RoutablePageMixin, ReaderPageMixin, Page):
    """ "Events": upcoming events soonest first, the past-events archive at past/, filters
    by nation and topic, a calendar feed to subscribe to at events.ics and RSS at feed/."""

    intro = models.TextField(max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("calendar_feed_url", serializer=CalendarFeedUrlField()),
        APIField("rss_feed_url", serializer=RssFeedUrlField()),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    feed_title = "MiP events"

    class Meta:
        verbose_name = "events index page"

    def events(self, past=False, nation="", topic="", public_pages=None, now=None):
        """This index's live, public events: upcoming ones (not yet ended) soonest first, or
        with ``past`` those that have ended, latest first. An event moves to the archive by
        itself the moment its end time passes."""
        now = now or timezone.now()
        events = EventPage.objects.listing(public_pages).child_of(self)
        if past:
            events = events.filter(end__lt=now).order_by("-start", "-pk")
        else:
            events = events.filter(end__gte=now).order_by("start", "pk")
        if nation in ALL_NATIONS:
            events = events.filter(applies_to_nations("nations", [nation]) | Q(nations=[]))
        if topic:
            events = events.filter(tags__slug=topic)
        return events

    def topics_in_use(self, past=False, public_pages=None):
        """The topics of the events listed (upcoming or past), for the topic filter."""
        events = self.events(past=past, public_pages=public_pages).values("pk")
        return (
            Tag.objects.filter(events_eventpagetag_items__content_object__in=events)
            .distinct()
            .order_by("name")
        )

    def feed_items(self, public_pages=None):
        """The RSS feed: upcoming public events, soonest first."""
        items = list(self.events(public_pages=public_pages))
        changes_when_an_event_ends(items)
        return items

    def calendar_feed_items(self, public_pages=None, now=None):
        """The subscribable calendar: every upcoming public event, and those of the past year,
        so a subscriber's calendar keeps recent history."""
        now = now or timezone.now()
        events = EventPage.objects.listing(public_pages).child_of(self)
        return events.filter(end__gte=now - datetime.timedelta(days=365)).order_by("start", "pk")

    def get_context(self, request, *args, past=False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader = reader_request(request)
        nation = request.GET.get("nation", "")[:40]
        nation = nation if nation in ALL_NATIONS else ""
        topic = request.GET.get("topic", "")[:100]
        paginator = Paginator(self.events(past, nation, topic, reader.public), EVENTS_PER_PAGE)
        events = paginator.get_page(request.GET.get("page"))
        changes_when_an_event_ends(events.object_list)
        topics = list(self.topics_in_use(past, reader.public))
        # A new index in preview has no address yet.
        url = self.get_url(request) or ""
        feed_url = f"{self.get_full_url(request)}{CALENDAR_FEED_FILE}" if url else ""
        context.update(
            events=events,
            past=past,
            listing_title="Past events" if past else self.title,
            listing_url=url + self.reverse_subpage("archive") if past else url,
            active_nation=nation,
            active_nation_name=dict(Nation.choices).get(nation, ""),
            active_topic=topic,
            active_topic_name=next((tag.name for tag in topics if tag.slug == topic), ""),
            nations=Nation.choices,
            topics=topics,
            calendar_feed_url=feed_url,
            webcal_url="webcal://" + feed_url.split("://", 1)[-1],
        )
        reader.prepare(self, listed=events)
        return context

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if urls and urls[0]["location"]:
            urls.append({**urls[0], "location": urls[0]["location"] + self.reverse_subpage("archive")})
        return urls

    def get_cached_paths(self):
        # What a CDN purges when the index is published: its routes as well as itself.
        return ["/", "past/", "feed/", CALENDAR_FEED_FILE]

    @path("past/", name="archive")
    def archive_view(self, request):
        return self.render(request, past=True, context_overrides={"breadcrumb_title": "Past events"})

    @path("feed/")
    def feed(self, request):
        return EventFeed(self)(request)

    @path(f"{CALENDAR_FEED_FILE}/", name="calendar_feed")
    def calendar_feed(self, request):
        # Imported when first asked for: icalendar adds about 3 MB to every worker, and most
        # workers never answer a calendar.
        from events.calendar import calendar_feed_response

        return calendar_feed_response(self, request)


def changes_when_an_event_ends(events):
    """Which list an event is in (upcoming or past) changes when it ends, with nothing in the
    content feed: a cached response listing these events is worked out again at the first end
    still to come among them (``cms.content.dependencies.expires_at``)."""
    now = timezone.now()
    ends = [event.end for event in events if event.end >= now]
    if ends:
        dependencies.expires_at(min(ends))


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="tagged_items")


class EventPageManager(PageManager):
    def listing(self, public_pages=None):
        """Live public events with what cards, feeds and the API read fetched up front (the
        content core's rule: the request's ``public_pages`` when there is one)."""
        events = (public_pages or current_public()).visible(self.get_queryset())
        return events.select_related("organiser", "hero_image").prefetch_related("tags")


class EventPage(RoutablePageMixin, HeroImageMixin, ReaderPageMixin, Page):
    """An event: the Members' Summit, an AGM, a webinar, a regional members' meeting or reps'
    training. Says when (UK time), where (a venue, online, or both), who it is for and how to
    book, and offers an "Add to calendar" file."""

    summary = models.TextField(
        max_length=600, help_text="What the event is about, in one or two sentences. Shown on cards."
    )
    start = models.DateTimeField(help_text="UK time.")
    end = models.DateTimeField(help_text="UK time. The event moves to past events once this has passed.")
    all_day = models.BooleanField(
        default=False,
        help_text="For conferences and training days: only the dates are shown, and the times are ignored.",
    )
    status = models.CharField(
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text="Keep a cancelled or postponed event published, so those who booked see the news.",
    )
    attendance_mode = models.CharField(
        "how people attend", max_length=20, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )
    venue = models.CharField(max_length=200, blank=True, help_text="e.g. TUC Congress House")
    street_address = models.TextField(
        max_length=300, blank=True, help_text="The street address, one part per line."
    )
    town = models.CharField("town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    join_url = models.URLField(
        "link to join online",
        max_length=500,
        blank=True,
        help_text="The webinar or meeting link. Everyone who can see this page can see it.",
    )
    booking = models.CharField(
        "how to book", max_length=20, choices=Booking.choices, default=Booking.CONTACT_OFFICER
    )
    booking_url = models.URLField("booking link", max_length=500, blank=True)
    audience = models.CharField(
        "who it is for", max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    nations = NationsField(
        blank=True,
        help_text="For events for members in particular nations. Leave all unticked for UK-wide events.",
    )
    organiser = models.ForeignKey(
        "people.PersonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events_organised",
        help_text="Who to ask about the event. Leave blank for MiP.",
    )
    body = StreamField(BodyStreamBlock(), blank=True)
    tags = ClusterTaggableManager(
        through=EventPageTag, blank=True, verbose_name="topics", help_text="e.g. Pay, Equality"
    )

    objects = EventPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("status"),
            ],
            heading="When",
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("venue"),
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("town"), FieldPanel("postcode")]),
                FieldPanel("join_url"),
            ],
            heading="Where",
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("booking"),
                FieldPanel("booking_url"),
                HelpPanel(
                    content=(
                        '"Members contact their national officer" links to "Find your national officer".'
                    )
                ),
            ],
            heading="Who it is for and how to book",
        ),
        FieldPanel("organiser"),
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
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("venue"),
        index.SearchField("town"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("status"),
        index.FilterField("attendance_mode"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    # The API lists events newest first unless the app asks for another order (order=start).
    api_default_order = ("-start",)

    api_fields = [
        APIField("summary"),
        APIField("start"),
        APIField("end"),
        APIField("all_day"),
        APIField("start_date", serializer=serializers.DateField(read_only=True)),
        APIField("end_date", serializer=serializers.DateField(read_only=True)),
        APIField("status"),
        APIField("attendance_mode"),
        APIField("venue"),
        APIField("street_address"),
        APIField("town"),
        APIField("postcode"),
        APIField("join_url"),
        APIField("booking"),
        APIField("booking_url"),
        APIField("audience"),
        APIField("nations"),
        APIField("tags", serializer=TagsField()),
        APIField("organiser", serializer=PersonField()),
        *hero_api_fields(),
        *body_api_fields(),
        APIField("calendar_url", serializer=CalendarUrlField()),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    select_related_for_display = ("organiser",)

    class Meta:
        verbose_name = "event page"
        indexes = [
            models.Index(fields=["start"], name="event_start_idx"),
            models.Index(fields=["end"], name="event_end_idx"),
        ]

    def clean(self):
        self.fit_all_day_times()
        super().clean()
        errors = {}
        if self.start and self.end:
            if self.all_day and self.end < self.start:
                errors["end"] = "The last day of the event can't be before its first day."
            elif not self.all_day and self.end <= self.start:
                errors["end"] = "The event must end after it starts: check the end date and time."
            elif self.end - self.start > datetime.timedelta(days=MAX_EVENT_DAYS):
                errors["end"] = (
                    f"An event can last at most {MAX_EVENT_DAYS} days: check the end date. "
                    "For a series, add an event for each session."
                )
        in_person = self.attendance_mode in (AttendanceMode.IN_PERSON, AttendanceMode.MIXED)
        online = self.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.MIXED)
        if in_person and not self.venue.strip():
            errors["venue"] = "Say where the event is: the name of the venue."
        if in_person and not self.town.strip():
            errors["town"] = "Say which town or city the venue is in."
        if online and not self.join_url and self.booking != Booking.LINK:
            errors["join_url"] = (
                "Give the link to join online, or a booking link through which people get it."
            )
        if self.postcode:
            postcode = UK_POSTCODE.match(self.postcode.strip().upper())
            if postcode is None:
                errors["postcode"] = "Enter a UK postcode, such as WC1B 3LS, or leave it blank."
            else:
                self.postcode = " ".join(postcode.groups())
        if self.booking == Booking.LINK and not self.booking_url:
            errors["booking_url"] = "Add the booking link, or choose another way to book."
        elif self.booking != Booking.LINK and self.booking_url:
            errors["booking_url"] = 'Remove the booking link, or choose "Book online" under "How to book".'
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.fit_all_day_times()
        super().save(*args, **kwargs)

    def fit_all_day_times(self):
        """An all-day event runs from midnight at the start of its first day to the end of
        its last day, UK time, whatever times the editor left in the form."""
        if not self.all_day:
            return
        if self.start:
            self.start = event_times.first_moment(event_times.in_london(self.start).date())
        if self.end:
            self.end = event_times.last_moment(event_times.in_london(self.end).date())

    # What readers, feeds and the API read

    @property
    def start_date(self):
        """The first day, UK time."""
        return event_times.in_london(self.start).date() if self.start else None

    @property
    def end_date(self):
        """The last day, UK time."""
        return event_times.in_london(self.end).date() if self.end else None

    @property
    def date(self):
        """The first day: what search results and cards show as a page's date."""
        return self.start_date

    @property
    def when(self):
        return event_times.describe(self.start, self.end, self.all_day)

    @property
    def local_start(self):
        return event_times.in_london(self.start)

    @property
    def local_end(self):
        return event_times.in_london(self.end)

    @property
    def badge_day(self):
        return event_times.short_day(self.start_date)

    def is_past(self, now=None):
        return self.end < (now or timezone.now())

    def is_happening(self, now=None):
        now = now or timezone.now()
        return self.start <= now <= self.end

    @property
    def is_in_person(self):
        return self.attendance_mode in (AttendanceMode.IN_PERSON, AttendanceMode.MIXED)

    @property
    def is_online(self):
        return self.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.MIXED)

    @property
    def address_lines(self):
        """The venue's address, line by line: the venue, the street, then the town and postcode."""
        lines = [self.venue.strip()] if self.venue.strip() else []
        lines += [line.strip() for line in self.street_address.splitlines() if line.strip()]
        town = " ".join(part for part in (self.town.strip(), self.postcode.strip()) if part)
        if town:
            lines.append(town)
        return lines

    @property
    def where(self):
        """Where, in one line: "TUC Congress House, London", "Online" or both."""
        place = ", ".join(part for part in (self.venue.strip(), self.town.strip()) if part)
        if self.attendance_mode == AttendanceMode.ONLINE:
            return "Online"
        if self.attendance_mode == AttendanceMode.MIXED:
            return f"{place} and online" if place else "In person and online"
        return place

    @property
    def nation_names(self):
        return nation_labels(self.nations)

    @property
    def summary_text(self):
        return self.summary or self.search_description

    def visible_organiser(self, public_pages):
        """The organiser's profile, if it is published and public; otherwise MiP organises."""
        organiser = self.organiser
        if organiser is None or not public_pages.is_public(organiser):
            return None
        return organiser

    def calendar_path(self, request=None):
        url = self.get_url(request)
        return f"{url}{EVENT_CALENDAR_FILE}" if url else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader = reader_request(request)
        # The topics are shown: fetched once (the routing fetched the organiser with the page).
        prefetch_related_objects([self], "tags")
        reader.prepare(self)
        organiser = self.visible_organiser(reader.public)
        context.update(
            organiser=organiser,
            is_past=self.is_past(),
            is_happening=self.is_happening(),
            calendar_url=self.calendar_path(request),
            structured_data=event_json_ld(self, organiser, request),
        )
        return context

    def get_cached_paths(self):
        return ["/", EVENT_CALENDAR_FILE]

    @path(f"{EVENT_CALENDAR_FILE}/", name="calendar")
    def calendar(self, request):
        from events.calendar import event_calendar_response  # on first use, as above

        return event_calendar_response(self, request)
