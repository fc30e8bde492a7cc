"""Private, draft, unpublished, scheduled, expired and not-yet-published content never
reaches an anonymous reader through any channel of the site. One test per channel, all
driven by the ``hidden_content`` fixture: each hidden page has a marker word that must not
appear in what the channel returns (the visible content around them must)."""

import pytest

from tests.security.hidden_pages import KINDS, TOPIC

pytestmark = pytest.mark.django_db


def fetch(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_fixture_makes_every_kind_of_hidden_news_and_legal_eye_article(hidden_content):
    kinds = {(hidden.kind, hidden.page_type) for hidden in hidden_content.pages}
    assert kinds == {(kind, page_type) for kind in KINDS for page_type in ("news", "legaleye")}
    assert len(set(hidden_content.markers)) == len(hidden_content.markers)


def search_results(client, query):
    response = client.get("/search/", {"query": query})
    assert response.status_code == 200
    return [page.title for page in response.context["results"]], response.content.decode()


def test_site_search_never_finds_hidden_content(client, hidden_content):
    for marker in hidden_content.markers:
        titles, _ = search_results(client, marker)
        assert titles == [], marker  # the page repeats the query itself, so look at the results
    for query in [TOPIC, "Members only", "Confidential detail", "pending changes", "hiddenmarker"]:
        titles, page = search_results(client, query)
        assert hidden_content.leaked_markers(page) == [], query
    titles, _ = search_results(client, "pay award")
    assert "Pay award announced" in titles


def test_the_sitemap_lists_no_hidden_page(client, hidden_content):
    sitemap = fetch(client, "/sitemap.xml")
    assert hidden_content.leaked_markers(sitemap) == []
    assert "/news/pay-award/" in sitemap
    assert "/members-news/" not in sitemap and "/members-advice/" not in sitemap


def test_the_news_feed_has_no_hidden_item(client, hidden_content):
    feed = fetch(client, "/news/feed/")
    assert hidden_content.leaked_markers(feed) == []
    assert "Pay award announced" in feed


def test_the_legal_eye_feed_has_no_hidden_article(client, hidden_content):
    feed = fetch(client, "/advice/feed/")
    assert hidden_content.leaked_markers(feed) == []
    assert "Your pay rights" in feed


@pytest.mark.parametrize("params", [{}, {"topic": TOPIC}, {"type": "news"}, {"page": "2"}])
def test_the_news_index_lists_no_hidden_item(client, hidden_content, params):
    page = fetch(client, "/news/", **params)
    assert hidden_content.leaked_markers(page) == []


def test_the_home_page_features_and_lists_no_hidden_item(client, hidden_content):
    page = fetch(client, "/")
    assert hidden_content.leaked_markers(page) == []
    assert "Pay award announced" in page


def test_related_news_on_a_news_page_leaves_hidden_items_out(client, hidden_content):
    page = fetch(client, hidden_content.visible_news.url)
    assert hidden_content.leaked_markers(page) == []


def test_related_pages_and_legal_eye_callouts_leave_hidden_pages_out(client, hidden_content):
    standard = fetch(client, hidden_content.visible_standard_page.url)
    assert hidden_content.leaked_markers(standard) == []
    assert "Pay award announced" in standard  # the one visible page it chose
    news = fetch(client, hidden_content.visible_news.url)
    for hidden in hidden_content.pages:
        if hidden.kind != "pending-changes":  # live: linked, under its published title only
            assert f'href="{hidden.page.url}"' not in news, hidden.kind


def test_advice_pages_list_no_hidden_article(client, hidden_content):
    for url in ["/advice/", hidden_content.extra["topic"].url, hidden_content.visible_article.url]:
        assert hidden_content.leaked_markers(fetch(client, url)) == [], url


def test_a_hidden_author_is_neither_named_nor_linked_in_bylines(client, hidden_content):
    for page in (hidden_content.news_by_hidden_author, hidden_content.article_by_hidden_author):
        html = fetch(client, page.url)
        assert hidden_content.leaked_markers(html) == [], page.title
        assert "MiP" in html
    for author in hidden_content.hidden_authors:
        assert f'href="{author.url}"' not in fetch(client, "/news/")


def test_hidden_profiles_are_not_listed_or_served(client, hidden_content):
    assert hidden_content.leaked_markers(fetch(client, "/our-people/")) == []
    for author in hidden_content.hidden_authors:
        response = client.get(f"/our-people/{author.slug}/")
        assert hidden_content.leaked_markers(response.content.decode()) == []
        assert response.status_code in {302, 404}


def test_the_officer_finder_offers_no_hidden_officer(client, hidden_content):
    by_region = fetch(client, "/our-people/find-your-officer/", region=str(hidden_content.region.pk))
    by_employer = fetch(client, "/our-people/find-your-officer/", employer="Barts")
    for page in (by_region, by_employer):
        assert hidden_content.leaked_markers(page) == []
        assert "Sam Visible" in page


def test_a_visible_authors_profile_lists_none_of_their_hidden_news(client, hidden_content, site_tree):
    from tests.factories import PersonPageFactory

    author = PersonPageFactory(parent=site_tree.people_index, title="Jo Author", slug="jo-author")
    for hidden in hidden_content.pages:
        if hidden.page_type == "news":
            hidden.page.specific.author = author
            hidden.page.specific.save()
    assert hidden_content.leaked_markers(fetch(client, author.url)) == []


def test_requesting_a_hidden_page_directly_shows_none_of_it(client, hidden_content):
    for hidden in hidden_content.pages:
        url = hidden.page.url or f"/{hidden.page.slug}/"
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code in {200, 302, 401, 403, 404}, hidden.kind
        # The address itself may hold the slug; the title, summary and body must not show.
        assert f"Members only {hidden.marker}" not in html, hidden.kind
        assert f"Confidential {hidden.marker}" not in html, hidden.kind
        assert f"Standfirst {hidden.marker}" not in html and f"Summary {hidden.marker}" not in html
