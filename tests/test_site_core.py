"""The public site's frame on every page (skip link, main navigation, breadcrumbs, footer),
the home and standard pages inside it, and the doors into the API and the admin."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from home.models import SiteSettings
from tests.factories import NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

MENU = ["About MiP", "Advice & Information", "Campaigns", "News", "Our people"]


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def main_menu(soup):
    nav = soup.find("nav", attrs={"aria-label": "Main"})
    return [(link.get_text(strip=True), link["href"], link.get("aria-current")) for link in nav.find_all("a")]


@pytest.fixture
def equality_page(site_tree):
    return StandardPageFactory(
        parent=site_tree.about,
        title="Equality & diversity",
        slug="equality-diversity",
        intro="MiP stands for fairness for every manager.",
        body__0__heading__text="Our commitments",
        body__1__paragraph__value="<p>We challenge discrimination wherever members meet it.</p>",
    )


@pytest.fixture
def site_settings(site_tree):
    settings = SiteSettings.for_site(site_tree.site)
    settings.contact_email = "enquiries@mip.example"
    settings.tagline = "Standing up for health and care managers"
    settings.save()
    return settings


# The frame around every page


@pytest.mark.parametrize("url", ["/", "/about/", "/about/equality-diversity/"])
def test_every_page_starts_with_a_skip_link_to_the_main_content(client, equality_page, url):
    soup = get_page(client, url)
    skip_link = soup.find("a", href="#main-content")
    assert skip_link.get_text(strip=True) == "Skip to main content"
    assert soup.body.find("a") is skip_link
    assert soup.find("main", id="main-content")


def test_main_navigation_lists_the_live_public_menu_pages_in_tree_order(client, site_tree):
    StandardPageFactory(parent=site_tree.home, title="Join MiP", slug="join", show_in_menus=False)
    StandardPageFactory(parent=site_tree.home, title="Embargoed section", show_in_menus=True, live=False)
    members_area = StandardPageFactory(parent=site_tree.home, title="Members' area", show_in_menus=True)
    PageViewRestriction.objects.create(page=members_area, restriction_type=PageViewRestriction.LOGIN)

    soup = get_page(client, "/")

    assert [(title, href) for title, href, _ in main_menu(soup)] == [
        ("About MiP", "/about/"),
        ("Advice & Information", "/advice/"),
        ("Campaigns", "/campaigns/"),
        ("News", "/news/"),
        ("Our people", "/our-people/"),
    ]


def test_main_navigation_marks_the_current_page_and_section(client, equality_page):
    about = {title: current for title, _, current in main_menu(get_page(client, "/about/"))}
    assert about == {
        "About MiP": "page",
        "Advice & Information": None,
        "Campaigns": None,
        "News": None,
        "Our people": None,
    }
    inside = {title: current for title, _, current in main_menu(get_page(client, equality_page.url))}
    assert inside["About MiP"] == "true"


def test_standard_page_shows_breadcrumbs_back_to_home(client, site_tree, equality_page):
    soup = get_page(client, equality_page.url)
    crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [(link.get_text(strip=True), link["href"]) for link in crumbs.find_all("a")] == [
        (site_tree.home.title, "/"),
        ("About MiP", "/about/"),
    ]
    current = crumbs.find(attrs={"aria-current": "page"})
    assert current.get_text(strip=True) == "Equality & diversity"


def test_home_page_has_no_breadcrumbs(client, site_tree):
    assert get_page(client, "/").find("nav", attrs={"aria-label": "Breadcrumb"}) is None


def test_footer_shows_the_contact_details_and_join_message_from_site_settings(client, site_settings):
    soup = get_page(client, "/about/")
    footer = soup.find("footer")
    email_link = footer.find("a", href="mailto:enquiries@mip.example")
    assert email_link.get_text(strip=True) == "enquiries@mip.example"
    assert "Ebbark House" in footer.get_text()
    join_heading = soup.find("h2", string="More reasons to join MiP today")
    assert join_heading
    join_link = join_heading.find_parent("section").find("a", string="Join MiP")
    assert join_link["href"] == "https://www.miphealth.org.uk/join"
    assert [link.get_text(strip=True) for link in footer.find("nav").find_all("a")] == MENU
    assert "Standing up for health and care managers" in soup.get_text()


def test_a_page_can_leave_out_the_join_message(client, site_tree):
    StandardPageFactory(parent=site_tree.home, title="Contact us", slug="contact", show_join_footer=False)
    soup = get_page(client, "/contact/")
    assert soup.find(string="More reasons to join MiP today") is None
    assert soup.find("footer")


# The home page and standard pages


def test_home_page_shows_its_hero_and_the_latest_live_news(client, site_tree):
    site_tree.home.hero_heading = "The union for health and care managers"
    site_tree.home.latest_news_count = 2
    site_tree.home.save()
    NewsPageFactory(parent=site_tree.news_index, title="Older story", date="2025-01-01")
    NewsPageFactory(parent=site_tree.news_index, title="Pay award announced", date="2025-03-01")
    NewsPageFactory(parent=site_tree.news_index, title="Managers Matter launched", date="2025-02-01")
    NewsPageFactory(parent=site_tree.news_index, title="Embargoed story", date="2025-04-01", live=False)

    soup = get_page(client, "/")
    main_text = soup.find("main").get_text(" ", strip=True)

    assert soup.find("h1").get_text(strip=True) == "The union for health and care managers"
    assert "Pay award announced" in main_text
    assert "Managers Matter launched" in main_text
    assert "Older story" not in main_text
    assert "Embargoed story" not in main_text
    assert soup.find("main").find("a", href="/news/pay-award-announced/")


def test_standard_page_shows_its_title_intro_and_body(client, equality_page):
    soup = get_page(client, equality_page.url)
    assert soup.title.get_text(strip=True) == "Equality & diversity | Managers in Partnership"
    main = soup.find("main")
    assert main.find("h1").get_text(strip=True) == "Equality & diversity"
    assert "MiP stands for fairness for every manager." in main.get_text()
    assert main.find("h2", id="our-commitments").get_text(strip=True) == "Our commitments"
    assert "We challenge discrimination wherever members meet it." in main.get_text()


def test_a_draft_page_is_not_served(client, site_tree):
    StandardPageFactory(parent=site_tree.home, title="Not yet", slug="not-yet", live=False)
    assert client.get("/not-yet/").status_code == 404


# The API and the admin


def test_the_pages_api_lists_the_live_pages_as_json(client, site_tree):
    NewsPageFactory(parent=site_tree.news_index, title="Pay award announced")
    NewsPageFactory(parent=site_tree.news_index, title="Embargoed story", live=False)

    response = client.get("/api/v2/pages/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    titles = {item["title"] for item in data["items"]}
    assert titles == {site_tree.home.title, *MENU, "Pay award announced"}
    assert data["meta"]["total_count"] == len(titles)
    about = next(item for item in data["items"] if item["title"] == "About MiP")
    assert about["meta"]["type"] == "home.StandardPage"
    assert about["meta"]["html_url"] == "http://testserver/about/"


def test_the_admin_login_page_is_served(client, site_tree):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", method="post")
    assert form.find("input", attrs={"name": "username"})
    assert form.find("input", attrs={"name": "password", "type": "password"})


def test_the_admin_asks_anonymous_visitors_to_log_in(client, site_tree):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ["/django-admin/", "/django-admin/login/"])
def test_the_django_admin_is_not_exposed(client, site_tree, url):
    assert client.get(url).status_code == 404
