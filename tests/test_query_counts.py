"""SQL queries per reader page, for the pages the benchmark measures (bench/run.py): the home
page, the news index, a news item, a Legal Eye article, search and the officer finder.

Counted "cold", as the benchmark does: the background worker has made the image renditions
(the factories make them as it would), a first request has run, then the cache is cleared.
Every page stays within 15 queries (the budget for an uncached page), counting the content
feed's head read on every request and, the cache being cold, the content core's rule for the
version (two queries: restricted, alias and expiring pages; collections); and a listing costs
the same however many items, blocks or page types it shows (those comparisons run with the page cache off, so
only the page's own queries are counted). Every page here has what makes queries: authors,
topics, hero images, and bodies with images, rich text links, an inline image, page
choosers, documents and related pages.
"""

import datetime
import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.nations import Nation
from events.event_times import LONDON
from home.models import HomePageFeaturedItem
from people.models import PersonRole
from tests.factories import (
    AdviceTopicPageFactory,
    CampaignPageFactory,
    DocumentFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ImageFactory,
    LegalEyeArticlePageFactory,
    NewsPageFactory,
    PersonPageFactory,
    RegionFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15
# The events index and event pages (not in the benchmark yet) are held to the same budget.
EVENT_MAX_QUERIES = 15


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def rich_body(image, document, linked_pages, legal_eye):
    """One of each block that refers to other content, as editors write them."""
    links = " and ".join(f'<a linktype="page" id="{page.pk}">{page.title}</a>' for page in linked_pages)
    return [
        block("heading", {"text": "What it means for you", "level": "h2"}),
        block(
            "paragraph",
            f'<p>Read {links}, or <a linktype="document" id="{document.pk}">the guide</a>.</p>'
            f'<embed alt="Managers meeting" embedtype="image" format="fullwidth" id="{image.pk}"/>',
        ),
        block(
            "image",
            {"image": image.pk, "alt_text": "", "decorative": False, "caption": "At work", "credit": ""},
        ),
        block(
            "call_to_action",
            {
                "heading": "Need advice?",
                "text": "",
                "button_label": "Read the advice",
                "page": linked_pages[0].pk,
                "link_url": "",
            },
        ),
        block(
            "documents",
            {
                "heading": "Downloads",
                "documents": [{"document": document.pk, "title": "", "description": ""}],
            },
        ),
        block(
            "legal_eye",
            {
                "heading": "An HR problem?",
                "text": "Read our advice.",
                "page": legal_eye.pk,
                "link_label": "Advice",
            },
        ),
        block("related_pages", {"heading": "Related content", "pages": [page.pk for page in linked_pages]}),
    ]


class ReaderSite:
    """The site, with helpers that add as many news items, officers or pages as a test needs."""

    def __init__(self, tree):
        self.tree = tree
        self.image = ImageFactory(renditions=True)
        self.document = DocumentFactory()
        self.region = RegionFactory(name="London", nation=Nation.ENGLAND)
        self.author = PersonPageFactory(
            parent=tree.people_index,
            title="Jo Bloggs",
            role=PersonRole.HEAD_OFFICE,
            photo=ImageFactory(renditions=True),
        )
        self.topic = AdviceTopicPageFactory(parent=tree.advice_index, title="Organisational change", body=[])
        self.campaign = CampaignPageFactory(
            parent=tree.campaign_index, title="Managers Matter", hero_image=self.image
        )
        self.legal_eye = LegalEyeArticlePageFactory(
            parent=self.topic, title="Redundancy rights", author=self.author
        )
        self.legal_eye.body = self.body()
        self.legal_eye.tags.add("redundancy")
        self.legal_eye.save()
        self.news = []
        self.officers = []

    def body(self, linked_pages=None):
        linked = linked_pages or [self.topic, self.tree.about, self.campaign]
        return rich_body(self.image, self.document, linked, self.legal_eye)

    def add_news(self, count, title="Pay award"):
        for _ in range(count):
            news = NewsPageFactory(
                parent=self.tree.news_index,
                title=f"{title} {len(self.news) + 1}",
                author=self.author,
                hero_image=ImageFactory(renditions=True),
                body=self.body(),
            )
            news.tags.add("pay", "pensions")
            news.save()
            self.news.append(news)
        return self.news[-count:]

    def add_officers(self, count):
        for _ in range(count):
            number = len(self.officers)
            officer = PersonPageFactory(
                parent=self.tree.people_index,
                title=f"Officer {number}",
                photo=ImageFactory(renditions=True),
                regions=[self.region, RegionFactory(name=f"Area {number}")],
            )
            self.officers.append(officer)
        return self.officers[-count:]

    def add_events(self, count):
        if not hasattr(self, "events_index"):
            self.events_index = EventIndexPageFactory(
                parent=self.tree.home, slug="events", show_in_menus=True
            )
            self.events = []
        for _ in range(count):
            number = len(self.events) + 1
            day = datetime.date.today() + datetime.timedelta(days=number)
            event = EventPageFactory(
                parent=self.events_index,
                title=f"Members' meeting {number}",
                start=datetime.datetime.combine(day, datetime.time(18), tzinfo=LONDON),
                organiser=self.author,
                hero_image=ImageFactory(),
                body=self.body(),
            )
            event.tags.add("pay", "reps")
            event.save()
            self.events.append(event)
        return self.events[-count:]

    def feature(self, *pages):
        for position, page in enumerate(pages):
            HomePageFeaturedItem.objects.create(page=self.tree.home, link_page=page, sort_order=position)


@pytest.fixture
def reader_site(site_tree):
    return ReaderSite(site_tree)


@pytest.fixture
def worst_case(settings):
    """The page cache reads the content version on every request, not once a second."""
    settings.CONTENT_VERSION_RECHECK_SECONDS = 0


@pytest.fixture
def page_cache_off(settings):
    settings.PAGE_CACHE = False
    # Every request reads the content version, so two counts never differ by whether a second
    # had passed between them (a slow machine made them flaky).
    settings.CONTENT_VERSION_RECHECK_SECONDS = 0


def warm_up(client, url):
    """A first view (templates compiled, per-process caches filled); then the cache is
    cleared, as after a deploy or a publish."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    cache.clear()


def get_cold(client, url):
    """The page's HTML and how many queries it cost, cold."""
    warm_up(client, url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser"), len(queries)


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def card_titles(soup):
    return [link.get_text(strip=True) for link in soup.select("main .card .card__link")]


def pictures(soup):
    return soup.select("main picture")


# Each page the benchmark measures, within 12 queries cold


def test_home_page(client, reader_site, worst_case, django_assert_max_num_queries):
    reader_site.add_news(5)
    reader_site.feature(reader_site.campaign, reader_site.legal_eye, reader_site.news[0])
    reader_site.tree.home.body = reader_site.body()
    reader_site.tree.home.hero_image = reader_site.image
    reader_site.tree.home.save()
    warm_up(client, "/")

    with django_assert_max_num_queries(MAX_QUERIES):
        soup = soup_of(client.get("/"))

    titles = card_titles(soup)
    assert titles[:3] == ["Managers Matter", "Redundancy rights", "Pay award 1"]
    assert len(titles) == 3 + 4  # featured, then the latest four news items
    assert soup.select_one(".campaign-promo__heading").get_text() == "Managers Matter"
    assert soup.select_one(".cta__button")["href"] == reader_site.topic.url
    assert [link.get_text() for link in soup.select(".site-nav__link")] == [
        "About MiP",
        "Advice & Information",
        "Campaigns",
        "News",
        "Our people",
    ]


def test_news_index(client, reader_site, worst_case, django_assert_max_num_queries):
    reader_site.add_news(12)
    warm_up(client, "/news/")

    with django_assert_max_num_queries(MAX_QUERIES):
        soup = soup_of(client.get("/news/"))

    assert len(card_titles(soup)) == 12
    assert len(pictures(soup)) == 12
    assert "By Jo Bloggs" in soup.select_one("main .card").get_text(" ", strip=True)
    assert [option.get_text() for option in soup.select("#news-topic option")][1:] == ["pay", "pensions"]


def test_news_page(client, reader_site, worst_case, django_assert_max_num_queries):
    news = reader_site.add_news(4)[0]
    warm_up(client, news.url)

    with django_assert_max_num_queries(MAX_QUERIES):
        soup = soup_of(client.get(news.url))

    assert soup.select_one(".meta .byline a")["href"] == reader_site.author.url
    assert soup.select_one(".block-image picture")
    assert [link.get_text() for link in soup.select(".related-pages__item a")] == [
        "Organisational change",
        "About MiP",
        "Managers Matter",
    ]
    assert soup.select_one(".legal-eye__link")["href"] == reader_site.legal_eye.url
    assert soup.select_one(".documents__link").get_text() == reader_site.document.title
    assert [link.get_text() for link in soup.select("main .tag-list .tag")] == ["pay", "pensions"]
    assert len(soup.select("#related-news-heading ~ .card-list .card")) == 3
    assert [item.get_text(strip=True) for item in soup.select(".breadcrumbs__item")] == [
        "Managers in Partnership",
        "News",
        news.title,
    ]


def test_legal_eye_article(client, reader_site, worst_case, django_assert_max_num_queries):
    url = reader_site.legal_eye.url
    warm_up(client, url)

    with django_assert_max_num_queries(MAX_QUERIES):
        soup = soup_of(client.get(url))

    main = soup.find("main").get_text(" ", strip=True)
    assert "Written by Jo Bloggs" in main
    assert "Legal Eye gives general information about employment law" in main
    assert [link.get_text() for link in soup.select("main .tag-list .tag")] == ["redundancy"]
    assert soup.select_one(".officer-callout a")["href"] == "/our-people/find-your-officer/"


def test_search(client, reader_site, worst_case, django_assert_max_num_queries):
    reader_site.add_news(3, title="Pay award")
    url = "/search/?query=pay"
    warm_up(client, url)

    with django_assert_max_num_queries(MAX_QUERIES):
        soup = soup_of(client.get(url))

    assert {link.get_text() for link in soup.select(".result-list__title a")} >= {
        "Pay award 1",
        "Pay award 2",
        "Pay award 3",
    }


def test_officer_finder(client, reader_site, worst_case, django_assert_max_num_queries):
    reader_site.add_officers(3)
    url = f"/our-people/find-your-officer/?region={reader_site.region.pk}"
    warm_up(client, url)

    with django_assert_max_num_queries(MAX_QUERIES):
        soup = soup_of(client.get(url))

    assert [name.get_text() for name in soup.select(".person-card__name")] == [
        "Officer 0",
        "Officer 1",
        "Officer 2",
    ]
    assert len(soup.select(".person-card picture")) == 3
    assert soup.select_one(".person-card__regions").get_text() == "Covers Area 0 and London"


def test_events_index(client, reader_site, worst_case, django_assert_max_num_queries):
    reader_site.add_events(12)
    warm_up(client, "/events/")

    with django_assert_max_num_queries(EVENT_MAX_QUERIES):
        soup = soup_of(client.get("/events/"))

    assert [link.get_text() for link in soup.select("main .event-card .card__link")] == [
        f"Members' meeting {number}" for number in range(1, 13)
    ]
    assert len(pictures(soup)) == 12
    assert [option.get_text() for option in soup.select("#events-topic option")][1:] == ["pay", "reps"]


def test_event_page(client, reader_site, worst_case, django_assert_max_num_queries):
    event = reader_site.add_events(3)[0]
    warm_up(client, event.url)

    with django_assert_max_num_queries(EVENT_MAX_QUERIES):
        soup = soup_of(client.get(event.url))

    assert soup.select_one(".event-details .byline a")["href"] == reader_site.author.url
    assert soup.select_one(".block-image picture")
    assert soup.select_one(".legal-eye__link")["href"] == reader_site.legal_eye.url
    assert [link.get_text() for link in soup.select("main .tag-list .tag")] == ["pay", "reps"]
    assert soup.select_one('head script[type="application/ld+json"]').string.startswith('{"@context"')
    assert [item.get_text(strip=True) for item in soup.select(".breadcrumbs__item")] == [
        "Managers in Partnership",
        "Events",
        event.title,
    ]


# The count does not grow with the length of a listing, or with what a body holds


def test_news_index_costs_the_same_for_3_and_12_items(client, reader_site, page_cache_off):
    reader_site.add_news(3)
    few_soup, few = get_cold(client, "/news/")
    reader_site.add_news(9)
    many_soup, many = get_cold(client, "/news/")

    assert (len(card_titles(few_soup)), len(card_titles(many_soup))) == (3, 12)
    assert len(pictures(many_soup)) == 12
    assert many == few


def test_home_page_costs_the_same_with_one_or_four_news_items_and_featured_pages_of_three_types(
    client, reader_site, page_cache_off
):
    reader_site.add_news(2)
    reader_site.feature(reader_site.news[0])
    few_soup, few = get_cold(client, "/")
    reader_site.add_news(3)
    HomePageFeaturedItem.objects.all().delete()
    reader_site.feature(reader_site.campaign, reader_site.legal_eye, reader_site.news[0])
    many_soup, many = get_cold(client, "/")

    # The featured news item is not listed again under "Latest news" (4 at most).
    assert (len(card_titles(few_soup)), len(card_titles(many_soup))) == (2, 7)
    assert many == few


def test_a_news_item_costs_the_same_with_a_short_and_a_long_body(client, reader_site, page_cache_off):
    short, long = reader_site.add_news(2)
    linked = [reader_site.topic, reader_site.tree.about, reader_site.campaign, reader_site.legal_eye]
    short.body = reader_site.body(linked[:1])
    short.save()
    long_body = reader_site.body(linked) + reader_site.body(linked[::-1])
    for item in long_body:
        if item["type"] == "image":
            item["value"]["image"] = ImageFactory(renditions=True).pk
    long.body = long_body
    long.save()

    short_soup, short_queries = get_cold(client, short.url)
    long_soup, long_queries = get_cold(client, long.url)

    assert (len(short_soup.select(".block-image")), len(long_soup.select(".block-image"))) == (1, 2)
    assert len(long_soup.select(".related-pages__item")) == 8
    assert long_queries == short_queries


def test_search_costs_the_same_for_2_and_10_results_of_several_page_types(
    client, reader_site, page_cache_off
):
    def results(soup):
        return [link.get_text() for link in soup.select(".result-list__title a")]

    reader_site.add_news(2, title="Pensions update")
    few_soup, few = get_cold(client, "/search/?query=pensions")
    reader_site.add_news(2, title="Pensions update")
    for number in range(2):
        StandardPageFactory(parent=reader_site.tree.about, title=f"Pensions explained {number}")
        LegalEyeArticlePageFactory(parent=reader_site.topic, title=f"Pensions and redundancy {number}")
    CampaignPageFactory(parent=reader_site.tree.campaign_index, title="Pensions campaign")
    AdviceTopicPageFactory(parent=reader_site.tree.advice_index, title="Pensions")
    many_soup, many = get_cold(client, "/search/?query=pensions")

    assert (len(results(few_soup)), len(results(many_soup))) == (2, 10)
    assert many == few


def test_officer_finder_costs_the_same_for_1_and_5_officers(client, reader_site, page_cache_off):
    url = f"/our-people/find-your-officer/?region={reader_site.region.pk}"
    reader_site.add_officers(1)
    few_soup, few = get_cold(client, url)
    reader_site.add_officers(4)
    many_soup, many = get_cold(client, url)

    assert (len(few_soup.select(".person-card")), len(many_soup.select(".person-card"))) == (1, 5)
    assert len(many_soup.select(".person-card picture")) == 5
    assert many == few


def test_events_index_costs_the_same_for_3_and_12_events(client, reader_site, page_cache_off):
    def titles(soup):
        return soup.select("main .event-card .card__link")

    reader_site.add_events(3)
    few_soup, few = get_cold(client, "/events/")
    reader_site.add_events(9)
    many_soup, many = get_cold(client, "/events/")

    assert (len(titles(few_soup)), len(titles(many_soup))) == (3, 12)
    assert len(pictures(many_soup)) == 12
    assert many == few
