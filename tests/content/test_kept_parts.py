"""Parts of a page's template kept between responses ({% kept %}, cms/content/fragments.py) and
kept routing answers (cms/site/page_routing.py): what a reader would notice if one outlived
what it showed.

- the header and footer (``frame``): new site settings, a new, unpublished or renamed menu
  page, the menu's current-section marking, and the join box where a page turns it off;
- a news item's topics footer and related-news band (and a campaign's band): new topics, a
  renamed topic, a newly published or unpublished related item;
- kept routes: an unpublished, renamed, moved or newly private page, and a new page at a path
  that used to 404; and the second view of a news item starting with no routing query;
- a signed-in editor's views keep nothing.

The response cache is off unless a test is parametrized with it (``page_cache``), so what is
seen is the kept parts alone: a cached page would hide whether a part was dropped.
"""

from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from home.models import SiteSettings
from tests.api.conftest import publish
from tests.factories import (
    AdviceTopicPageFactory,
    CampaignPageFactory,
    LegalEyeArticlePageFactory,
    NewsPageFactory,
    StandardPageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_parts_alone")]


@pytest.fixture(params=[False, True], ids=["kept-alone", "with-page-cache"])
def page_cache(request, settings, kept_parts_alone):
    """Run once with the kept parts alone and once with the page cache in front of them: a
    change must reach readers through both."""
    settings.PAGE_CACHE = request.param


def kept_parts():
    # The test settings use the local-memory cache: its keys carry Django's prefix and version.
    return [key for key in cache._cache if "fragment:" in key]


def html(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def view(client, url):
    """The second of two anonymous views: served from what the first kept."""
    html(client.get(url))
    assert kept_parts(), "the first anonymous view keeps its parts"
    return html(client.get(url))


def header_menu(page):
    """{link text: aria-current} of the header's main menu."""
    return {
        link.get_text(strip=True): link.get("aria-current") for link in page.select("header .site-nav__link")
    }


def footer_menu(page):
    return [link.get_text(strip=True) for link in page.select(".site-footer__nav a")]


def news_item(tree, slug, *tags, live=True):
    page = NewsPageFactory(
        parent=tree.news_index, title=slug.replace("-", " ").capitalize(), slug=slug, live=live
    )
    if tags:
        page.tags.add(*tags)
        page.save()
    return page


# 1. The header and the footer ---------------------------------------------------------------


@pytest.mark.usefixtures("page_cache")
def test_new_site_settings_show_in_the_header_and_footer_of_a_viewed_page(client, site_tree):
    SiteSettings.for_site(site_tree.site).save()  # the row Wagtail creates on first read
    for url in ("/", "/about/"):
        view(client, url)

    row = SiteSettings.for_site(site_tree.site)
    row.tagline = "Managers' voice in the NHS"
    row.join_url = "https://join.example.org/"
    row.contact_email = "hello@example.org"
    row.save()

    for url in ("/", "/about/"):
        page = html(client.get(url))
        assert page.select_one(".site-header__tagline").get_text() == "Managers' voice in the NHS"
        assert page.select_one(".site-header__join")["href"] == "https://join.example.org/"
        assert page.select_one(".join-box a")["href"] == "https://join.example.org/"
        assert page.select_one('.site-footer__contact a[href^="mailto:"]').get_text() == "hello@example.org"


@pytest.mark.usefixtures("page_cache")
def test_menu_pages_published_unpublished_and_renamed_show_in_both_menus(client, site_tree):
    urls = ("/about/", "/news/")
    for url in urls:
        assert "Campaigns" in header_menu(view(client, url))

    events = StandardPageFactory(
        parent=site_tree.home, title="Events", slug="events", show_in_menus=True, live=False
    )
    publish(events)
    for url in urls:
        page = html(client.get(url))
        assert "Events" in header_menu(page) and "Events" in footer_menu(page)

    site_tree.campaign_index.unpublish()
    for url in urls:
        page = html(client.get(url))
        assert "Campaigns" not in header_menu(page) and "Campaigns" not in footer_menu(page)

    site_tree.news_index.title = "Latest news"
    publish(site_tree.news_index)
    for url in urls:
        page = html(client.get(url))
        assert "Latest news" in header_menu(page) and "Latest news" in footer_menu(page)
        assert "News" not in header_menu(page)


# 2. The header's current section: kept per page path and route title, never another page's.


def test_the_header_marks_the_section_of_the_page_it_was_kept_for_and_no_other(client, site_tree):
    news = news_item(site_tree, "pay-award", "pay")
    # A Legal Eye article sits two levels below the advice index.
    legal_eye = LegalEyeArticlePageFactory(parent=AdviceTopicPageFactory(parent=site_tree.advice_index))
    people = site_tree.people_index
    finder = people.url + people.reverse_subpage("officer_finder")
    expected = {
        "/": {},
        "/news/": {"News": "page"},
        news.url: {"News": "true"},
        legal_eye.url: {"Advice & Information": "true"},
        "/about/": {"About MiP": "page"},
        # A route of a page is inside it, not the page itself (a kept header per route title).
        finder: {"Our people": "true"},
        people.url: {"Our people": "page"},
    }
    # Twice round: the second round is answered by the headers the first one kept, in an order
    # where each page follows one whose header marks something else.
    for _ in range(2):
        for url, current in expected.items():
            marked = {title: mark for title, mark in header_menu(html(client.get(url))).items() if mark}
            assert marked == current, url


# 3. The join box ------------------------------------------------------------------------------


def test_a_page_that_turns_off_the_join_box_has_none_while_others_keep_theirs(client, site_tree):
    quiet = StandardPageFactory(parent=site_tree.about, slug="privacy", show_join_footer=False)
    for _ in range(2):
        for url, has_box in (("/about/", True), (quiet.url, False), ("/news/", True), (quiet.url, False)):
            assert bool(html(client.get(url)).select(".join-box")) is has_box, url

    site_tree.about.show_join_footer = False
    publish(site_tree.about)
    assert not html(client.get("/about/")).select(".join-box")


# 4. A news item's topics ----------------------------------------------------------------------


def topics(page):
    return [link.get_text(strip=True) for link in page.select(".article-footer .tag")]


@pytest.mark.usefixtures("page_cache")
def test_a_news_item_republished_with_other_topics_shows_them(client, site_tree):
    news = news_item(site_tree, "pay-award", "pay", "pensions")
    assert topics(view(client, news.url)) == ["pay", "pensions"]

    news.tags.clear()
    news.tags.add("redundancy")
    publish(news)

    assert topics(html(client.get(news.url))) == ["redundancy"]


@pytest.mark.usefixtures("page_cache")
def test_a_renamed_topic_shows_its_new_name(client, site_tree):
    news = news_item(site_tree, "pay-award", "pay", "pensions")
    assert topics(view(client, news.url)) == ["pay", "pensions"]

    tag = Tag.objects.get(name="pay")
    tag.name = "Pay and conditions"
    tag.save()

    assert topics(html(client.get(news.url))) == ["Pay and conditions", "pensions"]


# 5. Related news ------------------------------------------------------------------------------
# The band is kept under the news item (or campaign) and what it shows must reach it: a new news
# item on the topic (list:home.NewsPage) and an unpublished one (page:<it>).
#
# These fail at the time of writing. ``get_context`` fetches the items through
# ``ReaderRequest.listing_for_part`` before the template runs, so ``PublicContent.visible()`` notes
# ``list:home.NewsPage`` in the response's own collection, not in the part's: ``fragments.make``
# opens the part's ``collect(apart=True)`` only later, in ``KeptNode.render``, where the cards
# note just their author. The kept band's keys are ``page:<news item>`` and ``page:<author>``,
# which neither change names. With the page cache on, the page is dropped (it depends on the
# listing) but rendered again with the same kept band.


def related(page):
    return [link.get_text(strip=True) for link in page.select("#related-news-heading ~ ul .card__link")]


@pytest.mark.usefixtures("page_cache")
def test_a_newly_published_news_item_on_the_same_topic_joins_the_related_news(client, site_tree):
    news = news_item(site_tree, "pay-award", "pay")
    news_item(site_tree, "pay-talks", "pay")
    assert related(view(client, news.url)) == ["Pay talks"]

    ballot = news_item(site_tree, "pay-ballot", "pay", live=False)
    publish(ballot)

    assert related(html(client.get(news.url))) == ["Pay ballot", "Pay talks"]


@pytest.mark.usefixtures("page_cache")
def test_an_unpublished_related_news_item_leaves_the_related_news(client, site_tree):
    news = news_item(site_tree, "pay-award", "pay")
    talks = news_item(site_tree, "pay-talks", "pay")
    news_item(site_tree, "pay-ballot", "pay")
    assert related(view(client, news.url)) == ["Pay ballot", "Pay talks"]

    talks.unpublish()

    assert related(html(client.get(news.url))) == ["Pay ballot"]


def test_a_campaign_s_news_shows_a_newly_published_news_item_on_its_topic(client, site_tree):
    campaign = CampaignPageFactory(parent=site_tree.campaign_index, slug="managers-matter")
    campaign.tags.add("pay")
    publish(campaign)
    news_item(site_tree, "pay-talks", "pay")
    assert related(view(client, campaign.url)) == ["Pay talks"]

    publish(news_item(site_tree, "pay-ballot", "pay", live=False))

    assert related(html(client.get(campaign.url))) == ["Pay ballot", "Pay talks"]


def test_news_on_other_topics_leaves_a_campaign_cached_and_news_that_leaves_its_topic_goes(
    client, site_tree, settings
):
    # Related news is narrowed to the campaign's topics, so it depends on news on those topics
    # only: while editors publish news on other topics, readers of the campaign keep hitting
    # the cache (the editing benchmark's campaign reader).
    settings.PAGE_CACHE = True
    campaign = CampaignPageFactory(parent=site_tree.campaign_index, slug="managers-matter")
    campaign.tags.add("pay")
    publish(campaign)
    talks = news_item(site_tree, "pay-talks", "pay")
    client.get(campaign.url)
    assert client.get(campaign.url)["X-Page-Cache"] == "hit"

    publish(news_item(site_tree, "pensions-update", "pensions", live=False))
    assert client.get(campaign.url)["X-Page-Cache"] == "hit"

    # Re-published on another topic: it leaves the campaign's news.
    talks = talks.get_latest_revision_as_object()
    talks.tags.set(["pensions"])
    publish(talks)
    response = client.get(campaign.url)
    assert response["X-Page-Cache"] == "miss"
    assert related(html(response)) == []


@pytest.mark.usefixtures("page_cache")
def test_search_results_kept_for_a_query_show_a_newly_published_or_unpublished_page(client, site_tree):
    def titles(page):
        return [link.get_text(strip=True) for link in page.select(".result-list__title a")]

    talks = news_item(site_tree, "ballot-talks")
    assert titles(view(client, "/search/?query=ballot")) == ["Ballot talks"]

    publish(news_item(site_tree, "ballot-result", live=False))
    assert sorted(titles(html(client.get("/search/?query=ballot")))) == ["Ballot result", "Ballot talks"]

    talks.unpublish()
    assert titles(html(client.get("/search/?query=ballot"))) == ["Ballot result"]


# 6. Kept routes -------------------------------------------------------------------------------


@pytest.fixture
def guide(site_tree):
    return StandardPageFactory(
        parent=site_tree.about, title="Pay guide", slug="pay-guide", intro="Band 8a rises."
    )


@pytest.mark.usefixtures("page_cache")
def test_an_unpublished_page_is_gone(client, guide):
    view(client, guide.url)
    guide.unpublish()
    assert client.get("/about/pay-guide/").status_code == 404


@pytest.mark.usefixtures("page_cache")
def test_a_new_slug_moves_the_page_to_its_new_url(client, guide):
    view(client, guide.url)
    guide.slug = "pay-guide-2025"
    publish(guide)
    assert client.get("/about/pay-guide/").status_code == 404
    assert "Band 8a rises." in html(client.get("/about/pay-guide-2025/")).get_text()


@pytest.mark.parametrize("restricted", ["page", "parent"])
def test_a_new_password_asks_for_it_instead_of_showing_the_page(client, site_tree, guide, restricted):
    view(client, guide.url)
    page = guide if restricted == "page" else site_tree.about
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    response = client.get(guide.url)
    assert b"Band 8a rises." not in response.content
    assert BeautifulSoup(response.content, "html.parser").select_one('input[name="password"]')


@pytest.mark.usefixtures("page_cache")
def test_a_page_published_where_there_was_none_is_served(client, site_tree):
    for _ in range(2):
        assert client.get("/about/pay-guide/").status_code == 404
    view(client, "/about/")  # its parent's route is kept meanwhile

    publish(StandardPageFactory(parent=site_tree.about, slug="pay-guide", intro="Band 8a rises.", live=False))

    assert "Band 8a rises." in html(client.get("/about/pay-guide/")).get_text()


@pytest.mark.usefixtures("page_cache")
def test_a_moved_page_is_served_at_its_new_path_only(client, site_tree, guide):
    view(client, guide.url)
    guide.move(site_tree.home, pos="last-child")
    # Not served at the old path: Wagtail's redirect, made on the move, sends readers on.
    old = client.get("/about/pay-guide/")
    assert (old.status_code, old["Location"]) == (301, "/pay-guide/")
    assert "Band 8a rises." in html(client.get("/pay-guide/")).get_text()


@contextmanager
def queries():
    """The SQL run inside the block (not ``CaptureQueriesContext``, which slices Django's capped
    query log and miscounts in a long test)."""
    run = []

    def note(execute, sql, params, many, context):
        run.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        yield run


def routing(run):
    # load_tree(): the path's pages and the root's children, chosen by depth; and the site.
    return [
        sql
        for sql in run
        if 'FROM "wagtailcore_site"' in sql
        or ('FROM "wagtailcore_page"' in sql and '"wagtailcore_page"."depth"' in sql)
    ]


def test_the_second_view_of_a_news_item_costs_no_routing_query(client, site_tree, settings):
    news = news_item(site_tree, "pay-award", "pay")
    news_item(site_tree, "pay-talks", "pay")
    # Turned off first, so no route is kept yet; the second view is as warm as the kept one.
    settings.FRAGMENT_CACHE = False
    client.get(news.url)
    with queries() as unkept:
        client.get(news.url)
    settings.FRAGMENT_CACHE = True
    client.get(news.url)
    with queries() as kept:
        client.get(news.url)

    assert routing(unkept), "the comparison routes with a query"
    assert routing(kept) == []
    assert len(kept) < len(unkept)


def test_turned_off_a_route_kept_earlier_is_not_used(client, site_tree, settings):
    # FRAGMENT_CACHE = False "turns them off" (cms/content/fragments.py): an operator turning
    # it off because a kept answer looks wrong must get pages routed afresh. Fails at the time of
    # writing: ``use_kept_route`` reads with ``fragments.get_many``, which checks only that a
    # response is being rendered, not ``is_enabled()`` (the body, the {% kept %} parts and the
    # API's pages all check it first), so a route kept while on is used until it goes stale.
    news = news_item(site_tree, "pay-award")
    html(client.get(news.url))  # keeps the route
    settings.FRAGMENT_CACHE = False
    with queries() as run:
        html(client.get(news.url))
    assert routing(run), "routed afresh, not from the route kept while parts were on"


# 7. Editors -----------------------------------------------------------------------------------


def test_a_signed_in_editor_s_views_keep_nothing(client, site_tree, admin_user):
    news = news_item(site_tree, "pay-award", "pay")
    client.force_login(admin_user)
    for url in ("/", "/about/", news.url, news.url):
        response = client.get(url)
        assert b"wagtail-userbar" in response.content
        assert "News" in header_menu(html(response))

    assert kept_parts() == []
