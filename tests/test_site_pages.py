"""The reader's site, page type by page type: what a member sees on each page (dates the way
MiP writes them, bylines, topics, nations, review notices, resources, people and the officer
finder), search, feeds, the sitemap and the 404 page."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from campaigns.blocks import CampaignCallToActionStreamBlock, ResourceStreamBlock
from campaigns.models import CampaignStatus
from cms.content.versions import current_public
from cms.nations import Nation
from home.models import ArticleType, HomePageFeaturedItem, SiteSettings
from home.templatetags.display_tags import join_and
from people.models import PersonRole
from search.site_search import by_relevance, title_first
from tests.factories import (
    AdviceTopicPageFactory,
    CampaignPageFactory,
    EmployerFactory,
    ImageFactory,
    LegalEyeArticlePageFactory,
    NewsPageFactory,
    PersonPageFactory,
    RegionFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

JUNE_22 = datetime.date(2022, 6, 22)  # a Wednesday
DISCLAIMER = "Legal Eye gives general information about employment law, not legal advice"


def get_soup(client, url, data=None, status=200):
    response = client.get(url, data)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def main_text(soup):
    return soup.find("main").get_text(" ", strip=True)


def with_topics(page, *names):
    page.tags.add(*names)
    page.save()
    return page


def card_titles(soup):
    return [link.get_text(strip=True) for link in soup.select("main .card .card__link")]


# Dates and lists the way MiP writes them


def mip_date(date, style="listing"):
    """What ``includes/date.html`` renders for ``date`` (Django's ``date`` filter)."""
    return render_to_string("includes/date.html", {"date": date, "style": style}).strip()


@pytest.mark.parametrize(
    ("day", "listing"),
    [
        (1, "1st Jun 2022"),
        (2, "2nd Jun 2022"),
        (3, "3rd Jun 2022"),
        (4, "4th Jun 2022"),
        (11, "11th Jun 2022"),
        (12, "12th Jun 2022"),
        (13, "13th Jun 2022"),
        (21, "21st Jun 2022"),
        (22, "22nd Jun 2022"),
        (23, "23rd Jun 2022"),
        (24, "24th Jun 2022"),
        (30, "30th Jun 2022"),
    ],
)
def test_listing_dates_have_the_right_ordinal(day, listing):
    assert mip_date(datetime.date(2022, 6, day)) == f'<time datetime="2022-06-{day:02d}">{listing}</time>'


def test_the_31st_and_the_long_form_used_on_the_page():
    assert mip_date(datetime.date(2022, 12, 31)) == '<time datetime="2022-12-31">31st Dec 2022</time>'
    assert mip_date(JUNE_22, "long") == '<time datetime="2022-06-22">Wednesday 22 June 2022</time>'
    assert (
        mip_date(datetime.date(2023, 1, 1), "long")
        == '<time datetime="2023-01-01">Sunday 1 January 2023</time>'
    )


def test_a_datetime_shows_as_its_local_date_and_a_missing_date_as_nothing(settings):
    assert (
        mip_date(datetime.datetime(2022, 6, 22, 23, 30)) == '<time datetime="2022-06-22">22nd Jun 2022</time>'
    )
    # 23:30 UTC on 22 June is 00:30 on the 23rd in London (summer time).
    late = datetime.datetime(2022, 6, 22, 23, 30, tzinfo=datetime.UTC)
    assert mip_date(late) == '<time datetime="2022-06-23">23rd Jun 2022</time>'
    assert mip_date(None) == ""


@pytest.mark.parametrize(
    ("items", "text"),
    [
        ([], ""),
        (["Wales"], "Wales"),
        (["England", "Wales"], "England and Wales"),
        (["England", "Scotland", "Wales"], "England, Scotland and Wales"),
    ],
)
def test_lists_of_names_read_as_english(items, text):
    assert join_and(items) == text


# Shared content


@pytest.fixture
def author(site_tree, image):
    yorkshire = RegionFactory(name="Yorkshire and the Humber")
    return PersonPageFactory(
        parent=site_tree.people_index,
        title="Sam Northern",
        slug="sam-northern",
        job_title="National Officer (Yorkshire and the Humber)",
        photo=image,
        photo_alt="Portrait of Sam Northern",
        email="s.northern@miphealth.org.uk",
        phone="020 7946 0102",
        regions=[yorkshire],
    )


@pytest.fixture
def maternity_news(site_tree, author, image):
    news = NewsPageFactory(
        parent=site_tree.news_index,
        title="Maternity leave and returning to work: new MiP guide",
        slug="maternity-guide",
        date=JUNE_22,
        article_type=ArticleType.FEATURE,
        author=author,
        standfirst="Your rights during pregnancy, maternity leave and your return to work.",
        hero_image=image,
        hero_caption="Members at the guide's launch",
        nations=[Nation.ENGLAND, Nation.WALES],
        body__0__paragraph__value="<p>Members tell us restructures during leave are the hardest part.</p>",
    )
    return with_topics(news, "Maternity", "Equality")


# Home page


def test_home_page_shows_hero_featured_items_latest_news_and_the_active_campaign(
    client, site_tree, maternity_news, image
):
    home = site_tree.home
    home.hero_intro = "Expert advice and representation for managers."
    home.hero_image = image
    home.save()
    campaign = CampaignPageFactory(
        parent=site_tree.campaign_index,
        title="Managers Matter",
        strapline="Good managers make good services.",
    )
    CampaignPageFactory(parent=site_tree.campaign_index, title="Old campaign", status=CampaignStatus.ARCHIVED)
    HomePageFeaturedItem.objects.create(page=home, link_page=site_tree.about)
    settings = SiteSettings.for_site(site_tree.site)
    settings.join_url = "https://join.example/mip"
    settings.save()

    soup = get_soup(client, "/")
    hero = soup.select_one(".hero")

    assert hero.h1.get_text(strip=True) == home.hero_heading
    assert "Expert advice and representation for managers." in hero.get_text()
    assert hero.find("a", string="Join MiP")["href"] == "https://join.example/mip"
    assert hero.find("img")["alt"] == "Three NHS managers talking around a table"
    featured = soup.find("h2", string="In focus").find_parent("section")
    assert [link.get_text(strip=True) for link in featured.select(".card__link")] == ["About MiP"]
    latest = soup.find("h2", string="Latest news").find_parent("section")
    assert latest.find("a", href=maternity_news.url)
    assert latest.find("time", datetime="2022-06-22").get_text() == "22nd Jun 2022"
    campaign_box = soup.find(id="campaign-heading").find_parent("section")
    assert campaign_box.h2.get_text(strip=True) == "Managers Matter"
    assert campaign_box.find("a", href=campaign.url)
    assert "Old campaign" not in main_text(soup)


def test_home_page_title_is_its_heading_not_the_site_name_twice(client, site_tree):
    soup = get_soup(client, "/")
    assert soup.title.get_text() == "The union for health and care managers | Managers in Partnership"

    site_tree.home.seo_title = "MiP: the union for health and care managers"
    site_tree.home.save_revision().publish()
    soup = get_soup(client, "/")
    assert soup.title.get_text() == "MiP: the union for health and care managers | Managers in Partnership"


def test_home_page_does_not_repeat_a_featured_news_item_under_latest_news(client, site_tree):
    home = site_tree.home
    home.latest_news_count = 2
    home.save()
    news = [
        NewsPageFactory(parent=site_tree.news_index, title=f"Story {day}", date=datetime.date(2022, 6, day))
        for day in (1, 2, 3)
    ]
    HomePageFeaturedItem.objects.create(page=home, link_page=news[2])

    soup = get_soup(client, "/")

    featured = soup.find("h2", string="In focus").find_parent("section")
    assert [link.get_text(strip=True) for link in featured.select(".card__link")] == ["Story 3"]
    latest = soup.find("h2", string="Latest news").find_parent("section")
    assert [link.get_text(strip=True) for link in latest.select(".card__link")] == ["Story 2", "Story 1"]


# Standard pages


def test_standard_page_shows_its_intro_hero_contact_email_and_child_pages(client, site_tree, image):
    about = site_tree.about
    about.intro = "MiP is the union for senior managers in health and care."
    about.hero_image = image
    about.hero_image_alt = "MiP's National Committee in session"
    about.contact_email = "governance@miphealth.org.uk"
    about.save()
    StandardPageFactory(parent=about, title="Our governance", intro="How MiP is run.")
    StandardPageFactory(parent=about, title="Draft page", live=False)

    soup = get_soup(client, "/about/")

    assert soup.select_one(".page-header .lede").get_text(strip=True) == about.intro
    assert soup.select_one(".page-hero img")["alt"] == "MiP's National Committee in session"
    assert soup.find("main").find("a", href="mailto:governance@miphealth.org.uk")
    section = soup.find("h2", string="In this section").find_parent("section")
    assert [link.get_text(strip=True) for link in section.select(".card__link")] == ["Our governance"]
    assert "How MiP is run." in section.get_text()


# News


def test_news_page_shows_its_date_byline_standfirst_hero_topics_and_nations(
    client, site_tree, maternity_news, author
):
    soup = get_soup(client, maternity_news.url)
    header = soup.select_one(".page-header")

    assert header.h1.get_text(strip=True) == maternity_news.title
    assert header.find("time", datetime="2022-06-22").get_text() == "Wednesday 22 June 2022"
    assert "Feature" in header.get_text()
    byline = header.select_one(".byline")
    assert byline.get_text(" ", strip=True) == "By Sam Northern"
    assert byline.a["href"] == author.url
    assert header.select_one(".lede").get_text(strip=True) == maternity_news.standfirst
    hero = soup.select_one(".page-hero")
    assert hero.img["alt"] == "Three NHS managers talking around a table"
    assert hero.figcaption.get_text(strip=True) == "Members at the guide's launch"
    assert "restructures during leave are the hardest part" in main_text(soup)
    topics = {link.get_text(strip=True): link["href"] for link in soup.select("main a.tag")}
    assert topics == {"Equality": "/news/?topic=equality", "Maternity": "/news/?topic=maternity"}
    assert "Applies to England and Wales" in main_text(soup)
    assert soup.find("meta", property="og:type")["content"] == "article"


@pytest.mark.parametrize("unpublished_author", [False, True], ids=["no-author", "author-unpublished"])
def test_news_without_a_published_author_is_by_mip(client, site_tree, author, unpublished_author):
    news = NewsPageFactory(
        parent=site_tree.news_index, title="Pay award", author=author if unpublished_author else None
    )
    if unpublished_author:
        author.unpublish()
    soup = get_soup(client, news.url)
    byline = soup.select_one(".page-header .byline")
    assert byline.get_text(strip=True) == "By MiP"
    assert byline.find("a") is None


def test_news_page_lists_related_news_on_its_topics(client, site_tree, maternity_news):
    news_index = site_tree.news_index
    with_topics(NewsPageFactory(parent=news_index, title="Shared parental leave explained"), "Maternity")
    with_topics(NewsPageFactory(parent=news_index, title="Pay award announced"), "Pay")

    soup = get_soup(client, maternity_news.url)
    related = soup.find("h2", string="Related news").find_parent("section")

    assert [link.get_text(strip=True) for link in related.select(".card__link")] == [
        "Shared parental leave explained"
    ]


@pytest.fixture
def news_listing(site_tree, maternity_news):
    """The maternity feature plus thirteen older news stories: two pages of twelve."""
    for day in range(1, 14):
        news = NewsPageFactory(
            parent=site_tree.news_index,
            title=f"Pay story {day}",
            date=datetime.date(2022, 5, day),
            article_type=ArticleType.MEDIA_RELEASE if day == 1 else ArticleType.NEWS,
        )
        with_topics(news, "Pay")
    with_topics(NewsPageFactory(parent=site_tree.news_index, title="Embargoed", live=False), "Secret topic")
    return site_tree.news_index


def test_news_index_lists_news_newest_first_as_cards(client, news_listing, maternity_news):
    soup = get_soup(client, "/news/")
    cards = soup.select("main .card")

    assert len(cards) == 12
    first = cards[0]
    assert first.select_one(".card__link").get_text(strip=True) == maternity_news.title
    assert first.select_one(".card__link")["href"] == maternity_news.url
    meta = first.select_one(".card__meta").get_text(" ", strip=True)
    assert "22nd Jun 2022" in meta
    assert "Feature" in meta
    assert "By Sam Northern" in meta
    assert maternity_news.standfirst in first.get_text()
    assert [tag.get_text(strip=True) for tag in first.select("a.tag")] == ["Equality", "Maternity"]
    assert card_titles(soup)[1] == "Pay story 13"
    assert "15 news items" not in soup.get_text()
    assert "14 news items, page 1 of 2" in main_text(soup)


def test_news_index_second_page_is_in_the_url(client, news_listing):
    soup = get_soup(client, "/news/", {"page": 2})

    assert card_titles(soup) == ["Pay story 2", "Pay story 1"]
    assert soup.title.get_text() == "News (page 2 of 2) | Managers in Partnership"
    pagination = soup.find("nav", attrs={"aria-label": "News pages"})
    assert pagination.find("a", attrs={"aria-current": "page"}).get_text(" ", strip=True) == "Page 2"
    assert pagination.find("a", rel="prev")["href"] == "/news/"


def test_news_index_filters_by_topic_and_keeps_the_filter_across_pages(client, news_listing):
    soup = get_soup(client, "/news/", {"topic": "pay"})

    assert len(card_titles(soup)) == 12
    assert "Maternity leave and returning to work: new MiP guide" not in card_titles(soup)
    pagination = soup.find("nav", attrs={"aria-label": "News pages"})
    assert pagination.find("a", rel="next")["href"] == "/news/?topic=pay&page=2"
    page_two = get_soup(client, "/news/", {"topic": "pay", "page": 2})
    assert page_two.select("main .card")
    selected = soup.find("select", id="news-topic").find("option", selected=True)
    assert selected["value"] == "pay"
    # Each filtered listing, and each of its pages, has its own title.
    assert soup.title.get_text() == "News: Pay | Managers in Partnership"
    assert page_two.title.get_text() == "News: Pay (page 2 of 2) | Managers in Partnership"


def test_news_index_filters_by_type(client, news_listing):
    soup = get_soup(client, "/news/", {"type": ArticleType.MEDIA_RELEASE})
    assert card_titles(soup) == ["Pay story 1"]
    assert soup.find("select", id="news-type").find("option", selected=True)["value"] == "media-release"
    assert soup.title.get_text() == "News: Media release | Managers in Partnership"

    soup = get_soup(client, "/news/", {"topic": "pay", "type": ArticleType.MEDIA_RELEASE})
    assert soup.title.get_text() == "News: Pay, Media release | Managers in Partnership"


def test_news_topic_filter_offers_only_topics_of_live_news(client, news_listing):
    soup = get_soup(client, "/news/")
    topic_select = soup.find("select", id="news-topic")
    options = [option.get_text(strip=True) for option in topic_select.find_all("option")]
    assert options == ["All topics", "Equality", "Maternity", "Pay"]
    form = soup.find("form", attrs={"aria-label": "Filter news"})
    assert form["method"] == "get"
    assert form.find("button", type="submit")


def test_news_index_says_when_nothing_matches(client, news_listing):
    soup = get_soup(client, "/news/", {"topic": "pay", "type": ArticleType.OPINION})
    assert card_titles(soup) == []
    assert "No news matches these filters." in main_text(soup)
    assert soup.find("main").find("a", string="See all news")["href"] == "/news/"


def test_news_index_offers_its_rss_feed(client, news_listing):
    soup = get_soup(client, "/news/")
    assert soup.find("link", rel="alternate", type="application/rss+xml")["href"] == "/news/feed/"
    assert soup.find("main").find("a", href="/news/feed/")


def test_news_index_query_count_does_not_grow_with_the_list(client, site_tree, author, settings):
    # The page cache reads the content version at most once a second: not part of this count.
    settings.PAGE_CACHE = False

    def add_news(count):
        for number in range(count):
            news = NewsPageFactory(parent=site_tree.news_index, author=author, hero_image=ImageFactory())
            with_topics(news, "Pay", f"Topic {number}")

    def queries_for_listing():
        client.get("/news/")  # the first view makes the image renditions
        cache.clear()  # then they come from the database, not the renditions cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/news/").status_code == 200
        return len(queries)

    add_news(2)
    few = queries_for_listing()
    add_news(6)
    assert queries_for_listing() == few


# Campaigns


@pytest.fixture
def campaign(site_tree, document, maternity_news):
    resources = ResourceStreamBlock().to_python(
        [
            {
                "type": "resource",
                "value": {
                    "title": "Creating a healthy workplace",
                    "resource_type": "guide",
                    "description": "Our guide to organisational culture.",
                    "status": "published",
                    "expected_date": None,
                    "document": document.pk,
                    "link_url": "",
                },
            },
            {
                "type": "resource",
                "value": {
                    "title": "Managing inclusive workplaces",
                    "resource_type": "survey-report",
                    "description": "",
                    "status": "forthcoming",
                    "expected_date": "2027-01-07",
                    "document": None,
                    "link_url": "",
                },
            },
        ]
    )
    calls = CampaignCallToActionStreamBlock().to_python(
        [
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Sign up for email news",
                    "text": "Hear about new guides first.",
                    "button_label": "Get our email news",
                    "page": None,
                    "link_url": "https://www.miphealth.org.uk/newsletter",
                },
            }
        ]
    )
    campaign = CampaignPageFactory(
        parent=site_tree.campaign_index,
        title="Managers Matter",
        slug="managers-matter",
        strapline="Good managers make good services.",
        aims=["Stop the scapegoating of managers.", "Support managers to do their jobs well."],
        resources=resources,
        calls_to_action=calls,
    )
    return with_topics(campaign, "Maternity")


def test_campaign_page_shows_aims_resources_calls_to_action_and_related_news(
    client, campaign, document, maternity_news
):
    soup = get_soup(client, campaign.url)

    assert soup.select_one(".page-header .lede").get_text(strip=True) == "Good managers make good services."
    aims = soup.find("h2", string="What we are campaigning for").find_next("ul")
    assert [item.get_text(strip=True) for item in aims.find_all("li")] == [
        "Stop the scapegoating of managers.",
        "Support managers to do their jobs well.",
    ]
    resources = soup.select(".resource-list__item")
    assert resources[0].find("a", string="Creating a healthy workplace")["href"] == document.url
    assert "PDF" in resources[0].get_text()
    forthcoming = resources[1]
    assert "Survey report" in forthcoming.get_text()
    assert forthcoming.find("a") is None
    assert forthcoming.select_one(".resource__status").get_text(" ", strip=True) == (
        "Forthcoming: expected 7th Jan 2027"
    )
    assert forthcoming.find("time")["datetime"] == "2027-01-07"
    cta = soup.select_one(".cta")
    assert cta.find("a", string="Get our email news")["href"] == "https://www.miphealth.org.uk/newsletter"
    related = soup.find("h2", string="News from the campaign").find_parent("section")
    assert related.find("a", href=maternity_news.url)


def test_campaign_index_lists_campaigns_with_their_status(client, site_tree, campaign):
    CampaignPageFactory(
        parent=site_tree.campaign_index, title="Past campaign", status=CampaignStatus.ARCHIVED
    )
    soup = get_soup(client, "/campaigns/")
    cards = soup.select("main .card")
    assert [card.select_one(".card__link").get_text(strip=True) for card in cards] == [
        "Managers Matter",
        "Past campaign",
    ]
    assert [card.select_one(".status").get_text(" ", strip=True) for card in cards] == [
        "Active campaign",
        "Archived campaign",
    ]
    assert "Good managers make good services." in cards[0].get_text()


# Advice and Legal Eye


@pytest.fixture
def advice_topic(site_tree):
    return AdviceTopicPageFactory(
        parent=site_tree.advice_index,
        title="Discrimination & equality",
        slug="discrimination",
        summary="Your rights if you are treated unfairly at work.",
    )


@pytest.fixture
def legal_eye(advice_topic, author):
    article = LegalEyeArticlePageFactory(
        parent=advice_topic,
        title="Discrimination at work: your rights",
        slug="discrimination-at-work",
        author=author,
        date=JUNE_22,
        last_reviewed=datetime.date(2022, 9, 1),
        review_due=datetime.date.today() + datetime.timedelta(days=30),
        nations=[Nation.ENGLAND, Nation.SCOTLAND, Nation.WALES],
    )
    return with_topics(article, "Equality")


def test_legal_eye_article_shows_dates_nations_disclaimer_and_the_way_to_an_officer(
    client, site_tree, legal_eye, author
):
    soup = get_soup(client, legal_eye.url)
    facts = {row.dt.get_text(strip=True): row.dd for row in soup.select(".summary-list__row")}

    assert soup.h1.get_text(strip=True) == "Discrimination at work: your rights"
    assert soup.select_one(".page-header .lede").get_text(strip=True) == legal_eye.summary
    assert facts["Written by"].a["href"] == author.url
    assert facts["Published"].find("time", datetime="2022-06-22").get_text() == "Wednesday 22 June 2022"
    last_reviewed = facts["Last reviewed"].find("time", datetime="2022-09-01")
    assert last_reviewed.get_text() == "Thursday 1 September 2022"
    assert facts["Applies to"].get_text(strip=True) == "England, Scotland and Wales"
    assert DISCLAIMER in soup.select_one(".disclaimer").get_text()
    finder_link = soup.find("a", string="Find your national officer")
    assert finder_link["href"] == "/our-people/find-your-officer/"
    assert len(officer_boxes(soup)) == 1
    assert soup.select_one(".notice--warning") is None
    assert soup.find("main").find("a", class_="tag", string="Equality")


def officer_boxes(soup):
    """The boxes in the page's main content that send a member to their national officer."""
    return [
        link
        for link in soup.find("main").find_all("a", class_="button")
        if link.get_text(strip=True) == "Find your national officer"
    ]


@pytest.mark.parametrize("page_type", ["legal-eye-article", "advice-topic"])
def test_a_body_with_its_own_call_to_action_to_the_officers_gets_no_second_box(
    client, site_tree, legal_eye, advice_topic, page_type
):
    page = legal_eye if page_type == "legal-eye-article" else advice_topic
    page.body = [
        (
            "call_to_action",
            {
                "heading": "Talk to your national officer",
                "text": "Our officers support members through job cuts in every region.",
                "button_label": "Find your national officer",
                "page": site_tree.people_index,
                "link_url": "",
            },
        )
    ]
    page.save_revision().publish()

    soup = get_soup(client, page.url)

    assert [link["href"] for link in officer_boxes(soup)] == ["/our-people/"]
    assert soup.select(".officer-callout") == []


def test_an_advice_topic_sends_members_to_the_finder_once(client, advice_topic):
    soup = get_soup(client, advice_topic.url)
    assert [link["href"] for link in officer_boxes(soup)] == ["/our-people/find-your-officer/"]


def test_an_overdue_legal_eye_article_warns_that_it_is_due_for_review(client, legal_eye):
    legal_eye.review_due = datetime.date.today() - datetime.timedelta(days=1)
    legal_eye.save()

    warning = get_soup(client, legal_eye.url).select_one(".notice--warning")

    assert "This advice is due for review." in warning.get_text()
    assert "Thursday 1 September 2022" in warning.get_text()


def test_the_disclaimer_comes_from_site_settings(client, site_tree, legal_eye):
    settings = SiteSettings.for_site(site_tree.site)
    settings.legal_eye_disclaimer = "This is general information. Talk to your officer."
    settings.save()
    assert get_soup(client, legal_eye.url).select_one(".disclaimer").get_text(strip=True) == (
        "This is general information. Talk to your officer."
    )


def test_a_uk_wide_article_says_so(client, advice_topic):
    article = LegalEyeArticlePageFactory(parent=advice_topic, uk_wide=True)
    facts = get_soup(client, article.url).select_one(".summary-list").get_text(" ", strip=True)
    assert "The whole UK: England, Scotland, Wales and Northern Ireland" in facts


def test_advice_topic_lists_its_legal_eye_articles_with_dates_and_nations(client, advice_topic, legal_eye):
    LegalEyeArticlePageFactory(parent=advice_topic, title="Draft advice", live=False)
    soup = get_soup(client, advice_topic.url)

    assert soup.select_one(".page-header .lede").get_text(strip=True) == advice_topic.summary
    section = soup.find(id="articles-heading").find_parent("section")
    cards = section.select(".card")
    assert [card.select_one(".card__link").get_text(strip=True) for card in cards] == [legal_eye.title]
    assert "22nd Jun 2022" in cards[0].get_text()
    assert "Applies to England, Scotland and Wales" in cards[0].get_text(" ", strip=True)


def test_advice_index_lists_topics_and_the_latest_legal_eye_with_its_feed(client, site_tree, legal_eye):
    soup = get_soup(client, "/advice/")

    topics = soup.find("h2", string="Advice topics").find_parent("section")
    assert [link.get_text(strip=True) for link in topics.select(".card__link")] == [
        "Discrimination & equality"
    ]
    assert "Your rights if you are treated unfairly at work." in topics.get_text()
    latest = soup.find("h2", string="Latest from Legal Eye").find_parent("section")
    assert latest.find("a", href=legal_eye.url)
    assert soup.find("link", rel="alternate", type="application/rss+xml")["href"] == "/advice/feed/"
    assert soup.find("main").find("a", href="/advice/feed/")


# People and the officer finder


@pytest.fixture
def directory(site_tree, author):
    yorkshire = author.regions.get()
    london = RegionFactory(name="London")
    wales = RegionFactory(name="Wales", nation=Nation.WALES)
    EmployerFactory(name="Leeds Teaching Hospitals NHS Trust", region=yorkshire)
    EmployerFactory(name="Leeds and York Partnership NHS Foundation Trust", region=yorkshire)
    EmployerFactory(name="Guy's and St Thomas' NHS Foundation Trust", region=london)
    EmployerFactory(name="Cardiff and Vale University Health Board", region=wales)
    people = site_tree.people_index
    PersonPageFactory(parent=people, title="Priya London", regions=[london])
    PersonPageFactory(
        parent=people, title="Jon Chief", role=PersonRole.CHIEF_EXECUTIVE, job_title="Chief exec"
    )
    PersonPageFactory(
        parent=people, title="Dana Office", role=PersonRole.HEAD_OFFICE, job_title="Office lead"
    )
    return {"yorkshire": yorkshire, "london": london, "wales": wales}


def finder_officers(soup):
    return [name.get_text(strip=True) for name in soup.select(".finder-results .person-card__name")]


def test_people_index_groups_people_by_role_and_offers_the_finder(client, directory):
    soup = get_soup(client, "/our-people/")

    groups = {
        section.h2.get_text(strip=True): [
            name.get_text(strip=True) for name in section.select(".person-card__name")
        ]
        for section in soup.select("main section[aria-labelledby^=role-]")
    }
    assert list(groups) == ["Chief executive", "National officers", "Head office"]
    assert groups["National officers"] == ["Priya London", "Sam Northern"]
    form = soup.find("select", id="finder-region").find_parent("form")
    assert form["action"] == "/our-people/find-your-officer/"
    assert form["method"] == "get"
    optgroups = [group["label"] for group in form.find_all("optgroup")]
    assert optgroups == ["England", "Wales"]


def test_person_page_shows_photo_contact_links_regions_and_their_news(client, author, maternity_news):
    soup = get_soup(client, author.url)

    assert soup.h1.get_text(strip=True) == "Sam Northern"
    assert soup.select_one(".person-profile__photo")["alt"] == "Portrait of Sam Northern"
    main = soup.find("main")
    assert main.find("a", href="mailto:s.northern@miphealth.org.uk")
    assert main.find("a", href="tel:02079460102").get_text(strip=True) == "020 7946 0102"
    assert "Yorkshire and the Humber" in main.find("h2", string="Regions covered").find_next("ul").get_text()
    news = soup.find(id="person-news-heading").find_parent("section")
    assert news.find("a", href=maternity_news.url)
    assert main.find("a", string="Find your national officer")["href"] == "/our-people/find-your-officer/"


def test_finder_by_region_lists_its_officers(client, directory):
    soup = get_soup(client, "/our-people/find-your-officer/", {"region": directory["london"].pk})

    assert soup.find(id="finder-results-heading").get_text(strip=True) == "National officers for London"
    assert soup.title.get_text() == "National officers for London | Managers in Partnership"
    assert finder_officers(soup) == ["Priya London"]
    card = soup.select_one(".finder-results .person-card")
    assert card.find("a", href=lambda href: href and href.startswith("mailto:"))
    assert soup.find("option", selected=True).get_text(strip=True) == "London"


def test_finder_by_employer_names_the_employer_and_its_officer(client, directory, author):
    soup = get_soup(client, "/our-people/find-your-officer/", {"employer": "teaching hospitals"})

    results = soup.select_one(".finder-results")
    assert results.h2.get_text(strip=True) == "National officers for Leeds Teaching Hospitals NHS Trust"
    assert soup.title.get_text().startswith("National officers for Leeds Teaching Hospitals NHS Trust |")
    assert "is in Yorkshire and the Humber" in results.get_text()
    assert finder_officers(soup) == ["Sam Northern"]
    assert results.find("a", href=author.url)


def test_finder_lists_every_employer_a_search_matches(client, directory):
    soup = get_soup(client, "/our-people/find-your-officer/", {"employer": "Leeds"})

    employers = {item.get_text(" ", strip=True) for item in soup.select(".finder-results__employers li")}
    assert employers == {
        "Leeds and York Partnership NHS Foundation Trust (Yorkshire and the Humber)",
        "Leeds Teaching Hospitals NHS Trust (Yorkshire and the Humber)",
    }
    assert finder_officers(soup) == ["Sam Northern"]
    assert soup.find("input", id="finder-employer")["value"] == "Leeds"
    assert soup.title.get_text().startswith("National officers for employers matching ‘Leeds’ |")


def test_finder_says_when_no_employer_matches(client, directory):
    soup = get_soup(client, "/our-people/find-your-officer/", {"employer": "xyz"})

    message = soup.find(id="finder-employer-error").get_text(" ", strip=True)
    assert message == "Error: No employer matches 'xyz'. Try part of the name, or choose your region."
    assert soup.find("input", id="finder-employer")["aria-describedby"].split() == [
        "finder-employer-hint",
        "finder-employer-error",
    ]
    assert soup.select(".finder-results") == []


def test_finder_says_when_nobody_covers_a_region(client, directory):
    soup = get_soup(client, "/our-people/find-your-officer/", {"region": directory["wales"].pk})
    notice = soup.select_one(".finder-results .notice").get_text(" ", strip=True)
    assert "No national officer is listed for Wales at the moment." in notice
    assert "MemberAdvice@miphealth.org.uk" in notice


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "abc"}, "Choose your region from the list."),
        ({"region": "999999"}, "Choose your region from the list."),
        ({"region": "9" * 40}, "Choose your region from the list."),
        ({"region": "\x01"}, "Choose your region."),
        ({"region": "", "employer": ""}, "Type the name of your employer, or part of it."),
        ({"employer": "\x01\x1f\u202e"}, "Type the name of your employer, or part of it."),
        ({"employer": "x" * 20_000}, "No employer matches '" + "x" * 200 + "'."),
        ({"employer": "Lee\x1bds"}, "No employer matches 'Lee ds'."),
        ({"employer": " L "}, "Type at least 2 letters of your employer's name."),
    ],
    ids=[
        "letters",
        "unknown-id",
        "huge-number",
        "control-character",
        "empty",
        "only-control-characters",
        "20000-characters",
        "escape-in-name",
        "one-letter",
    ],
)
def test_finder_answers_bad_input_with_a_message_not_an_error(client, directory, params, message):
    soup = get_soup(client, "/our-people/find-your-officer/", params)
    assert message in soup.select_one(".error-message").get_text()
    assert soup.title.get_text() == "Error: Find your national officer | Managers in Partnership"
    assert soup.find("select", id="finder-region")
    assert message in soup.select_one(".error-summary").find("a").get_text(strip=True)


@pytest.mark.parametrize(
    ("params", "wrong", "right"),
    [
        ({"employer": ""}, "employer", "region"),
        ({"region": ""}, "region", "employer"),
        ({"employer": "xyz"}, "employer", "region"),
    ],
    ids=["empty-employer-box", "no-region-chosen", "unknown-employer"],
)
def test_finder_marks_the_field_that_was_wrong_and_sums_up_at_the_top(
    client, directory, params, wrong, right
):
    soup = get_soup(client, "/our-people/find-your-officer/", params)

    field = soup.find(id=f"finder-{wrong}")
    assert field["aria-invalid"] == "true"
    assert f"finder-{wrong}-error" in field["aria-describedby"].split()
    assert field.find_parent(class_="form-group--error")
    other = soup.find(id=f"finder-{right}")
    assert not other.has_attr("aria-invalid")
    assert other.find_parent(class_="form-group--error") is None
    assert soup.find(id=f"finder-{right}-error") is None

    # GOV.UK's error summary: first in the main content, focused on load without JavaScript,
    # each message a link to its field.
    summary = soup.find("main").find(class_="error-summary")
    assert summary.find_next("h1") is soup.find("main").h1
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    assert summary["role"] == "alert" and summary.h2.get_text(strip=True) == "There is a problem"
    assert [link["href"] for link in summary.find_all("a")] == [f"#finder-{wrong}"]


@pytest.mark.parametrize("params", [{"employer": "Lee\x00ds"}, {"region": "1\x00"}])
def test_finder_refuses_nul_bytes_as_a_bad_request_not_an_error(client, directory, params):
    # The site refuses NUL anywhere in an address (cms.security), before the finder sees it.
    assert client.get("/our-people/find-your-officer/", params).status_code == 400


def test_finder_without_a_search_shows_just_the_form(client, directory):
    soup = get_soup(client, "/our-people/find-your-officer/")
    assert soup.h1.get_text(strip=True) == "Find your national officer"
    assert soup.title.get_text() == "Find your national officer | Managers in Partnership"
    assert soup.select(".error-message") == [] and soup.select(".finder-results") == []
    assert soup.select(".error-summary") == []
    crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert crumbs.find("a", string="Our people")["href"] == "/our-people/"
    assert crumbs.find(attrs={"aria-current": "page"}).get_text(strip=True) == "Find your national officer"
    menu_link = soup.find("nav", attrs={"aria-label": "Main"}).find("a", string="Our people")
    assert menu_link["aria-current"] == "true"


# Search


def test_search_finds_the_maternity_article_however_it_is_asked(client, maternity_news):
    for query in ("maternity", "Maternity leave"):
        soup = get_soup(client, "/search/", {"query": query})
        first = soup.select_one(".result-list__item")
        assert first.find("a").get_text(strip=True) == maternity_news.title, query
        meta = first.select_one(".meta").get_text(" ", strip=True)
        assert meta == "Feature · 22nd Jun 2022"
        assert maternity_news.standfirst in first.get_text()


def test_search_form_is_labelled_and_keeps_the_query(client, maternity_news):
    soup = get_soup(client, "/search/", {"query": "maternity"})
    form = soup.find("form", attrs={"aria-label": "Search MiP"})
    assert form.find("label", attrs={"for": "search-query"}).get_text(strip=True) == "Search MiP"
    assert form.find("input", id="search-query")["value"] == "maternity"
    assert "1 result for ‘maternity’" in main_text(soup)


def test_search_shows_editors_picks_first(client, site_tree, maternity_news, legal_eye):
    query = Query.get("maternity")
    SearchPromotion.objects.create(query=query, page=legal_eye, sort_order=0, description="Know your rights.")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://www.gov.uk/maternity-pay-leave",
        external_link_text="Maternity pay and leave on GOV.UK",
        sort_order=1,
    )
    soup = get_soup(client, "/search/", {"query": "maternity"})
    promoted = soup.select_one(".search-promotions")
    assert [link.get_text(strip=True) for link in promoted.select(".result-list__title a")] == [
        legal_eye.title,
        "Maternity pay and leave on GOV.UK",
    ]
    assert "Know your rights." in promoted.get_text()
    assert soup.find("section", class_="search-promotions").find_next("ol", class_="result-list")


def test_search_with_no_match_or_no_query_suggests_what_to_do(client, site_tree):
    soup = get_soup(client, "/search/", {"query": "zzqxj"})
    assert "No pages matched ‘zzqxj’" in main_text(soup)
    assert "check the spelling" in main_text(soup)
    assert soup.find("main").find("a", string="News")["href"] == "/news/"

    soup = get_soup(client, "/search/")
    assert soup.select(".result-list__item") == []
    assert "Type a word or phrase" in main_text(soup)


def test_search_paginates_and_keeps_the_query(client, site_tree):
    for number in range(12):
        NewsPageFactory(parent=site_tree.news_index, title=f"Restructure update {number}")
    soup = get_soup(client, "/search/", {"query": "restructure"})
    assert len(soup.select(".result-list__item")) == 10
    assert "12 results for ‘restructure’, page 1 of 2" in main_text(soup)
    next_link = soup.find("nav", attrs={"aria-label": "Search results pages"}).find("a", rel="next")
    assert next_link["href"] == "/search/?query=restructure&page=2"
    page_two = get_soup(client, next_link["href"])
    assert len(page_two.select(".result-list__item")) == 2
    assert page_two.select_one("ol.result-list")["start"] == "11"
    assert soup.title.get_text() == "Search results for ‘restructure’ | Managers in Partnership"
    assert page_two.title.get_text() == (
        "Search results for ‘restructure’ (page 2 of 2) | Managers in Partnership"
    )


@pytest.fixture
def pay_pages(site_tree, advice_topic):
    """A news item on pay, a topic called "Pay", and pages that only mention pay: short titles
    (which SQLite's own score favours) and bodies that say "pay" often (which PostgreSQL's
    favours)."""
    SiteSettings.for_site(site_tree.site)
    StandardPageFactory(
        parent=site_tree.home,
        title="Join MiP",
        intro="Your subscription depends on your pay.",
        body__0__paragraph__value="<p>Pay monthly. Your pay band sets what you pay; pay by direct debit.</p>",
    )
    PersonPageFactory(parent=site_tree.people_index, title="Fiona MacAulay", job_title="Officer for pay")
    PersonPageFactory(parent=site_tree.people_index, title="Alison Kerridge", job_title="Pay negotiator")
    news = NewsPageFactory(
        parent=site_tree.news_index,
        title="MiP says proposed 2.5% NHS pay rise falls short",
        standfirst="The award does not keep up with inflation.",
        date=JUNE_22,
    )
    topic = AdviceTopicPageFactory(parent=site_tree.advice_index, title="Pay", summary="Your salary.")
    return {"news": news, "topic": topic}


def result_titles(soup):
    return [link.get_text(strip=True) for link in soup.select("ol.result-list .result-list__title a")]


def test_search_puts_the_exact_title_then_title_matches_before_pages_that_only_mention_it(client, pay_pages):
    # On PostgreSQL too: DATABASE_URL=postgres://… pytest tests/test_site_pages.py -k search
    titles = result_titles(get_soup(client, "/search/", {"query": "pay"}))

    assert titles[:2] == ["Pay", "MiP says proposed 2.5% NHS pay rise falls short"]
    assert set(titles[2:]) == {"Join MiP", "Fiona MacAulay", "Alison Kerridge"}


def test_search_ranks_title_matches_first_on_every_results_page(client, site_tree):
    for number in range(11):
        StandardPageFactory(
            parent=site_tree.home, title=f"Branch {number}", body__0__paragraph__value="<p>Pensions.</p>"
        )
    NewsPageFactory(parent=site_tree.news_index, title="Pensions: what changes in April")

    first = result_titles(get_soup(client, "/search/", {"query": "pensions"}))
    second = result_titles(get_soup(client, "/search/", {"query": "pensions", "page": 2}))

    assert first[0] == "Pensions: what changes in April"
    assert len(first) == 10 and len(second) == 2
    assert len(set(first + second)) == 12


def test_pages_that_only_mention_the_words_come_in_the_search_backends_relevance_order(site_tree):
    # On SQLite the order is scored in one query (the backend's own ordering scores each
    # candidate by running the whole match again: a long query took 9 s on the benchmark's
    # site); it must be the order the backend itself gives.
    mentions = ["pension", "pension pension", "pension grievance", "grievance", "pension " * 5]
    for number, text in enumerate(mentions * 3):
        StandardPageFactory(
            parent=site_tree.home, title=f"Branch {number}", body__0__paragraph__value=f"<p>{text}</p>"
        )
    pages = current_public().visible(Page.objects.specific())
    for query in ["pension", "grievance pension"]:
        _title_matches, the_rest = title_first(pages, query)
        own = the_rest.search(query, operator="or", order_by_relevance=True)

        with CaptureQueriesContext(connection) as queries:
            ranked = by_relevance(own, the_rest)
            titles = [page.title for page in ranked[0:20]]

        assert ranked.count() == own.count() == (12 if query == "pension" else 15)
        assert titles == [page.title for page in own[0:20]]
        # No query of pages scores them one by one (a score subquery in its select list).
        selects = [
            run["sql"].split(" FROM ")[0]
            for run in queries
            if run["sql"].startswith('SELECT "wagtailcore_page"')
        ]
        assert selects and not [select for select in selects if "bm25" in select]


def test_the_admin_page_search_finds_words_in_the_body(client, site_tree, django_user_model):
    from django.contrib.auth.models import Group

    NewsPageFactory(
        parent=site_tree.news_index,
        title="Voluntary redundancy explained",
        body__0__paragraph__value="<p>Money you may have to repay is called clawback.</p>",
    )
    NewsPageFactory(parent=site_tree.news_index, title="Clawback: the rules")
    NewsPageFactory(parent=site_tree.news_index, title="Annual conference")
    editor = django_user_model.objects.create_user("editor", password="not-used-here")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.get("/admin/pages/search/", {"q": "clawback"})

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    found = {link.get_text(strip=True) for link in soup.select("table .title a")}
    assert {"Voluntary redundancy explained", "Clawback: the rules"} <= found
    assert "Annual conference" not in found


def test_search_shows_each_result_type(client, site_tree, author, legal_eye, campaign, advice_topic):
    soup = get_soup(client, "/search/", {"query": "Sam Northern"})
    assert "Person" in soup.select_one(".result-list__item .meta").get_text()
    types = {
        item.find("a").get_text(strip=True): item.select_one(".meta").get_text(" ", strip=True)
        for item in get_soup(client, "/search/", {"query": "discrimination"}).select(".result-list__item")
    }
    assert types[legal_eye.title] == "Legal Eye · 22nd Jun 2022"
    assert types[advice_topic.title] == "Advice topic"


# Feeds, sitemap, robots.txt and the 404 page


def parse_xml(content):
    """Our own server's feed or sitemap, not untrusted input."""
    return ET.fromstring(content)  # noqa: S314


def feed_titles(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response.content).find("channel")
    return [item.findtext("title") for item in channel.findall("item")]


def test_news_feed_is_rss_of_live_news(client, news_listing, maternity_news):
    titles = feed_titles(client.get("/news/feed/"))
    assert titles[0] == maternity_news.title
    assert "Embargoed" not in titles
    assert len(titles) == 14


def test_advice_feed_is_rss_of_legal_eye_articles(client, legal_eye):
    assert feed_titles(client.get("/advice/feed/")) == [legal_eye.title]


def test_sitemap_lists_pages_with_their_last_modified_date(client, maternity_news):
    maternity_news.save_revision().publish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.findtext("sm:loc", namespaces=namespace): url.findtext("sm:lastmod", namespaces=namespace)
        for url in parse_xml(response.content).findall("sm:url", namespace)
    }
    assert entries[maternity_news.full_url]
    assert entries[maternity_news.full_url].startswith(str(datetime.date.today().year))


def test_robots_txt_names_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_page_not_found_is_a_styled_404(client, site_tree):
    soup = get_soup(client, "/no-such-page/", status=404)
    assert soup.h1.get_text(strip=True) == "Page not found"
    assert soup.find("a", href="#main-content")
    assert soup.find("link", rel="stylesheet")["href"].endswith("css/site.css")
    assert soup.find("nav", attrs={"aria-label": "Main"})
    assert soup.find("footer")
