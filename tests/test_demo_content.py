"""``manage.py load_demo_content``: the demo site issue #3 asks for, built the same way every time."""

import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from advice.models import AdviceIndexPage, AdviceTopicPage, LegalEyeArticlePage
from campaigns.models import CampaignIndexPage, CampaignPage
from cms.blocks import BodyStreamBlock
from events.models import EventIndexPage, EventPage
from home.demo.models import LoadedDemoItem
from home.models import ArticleType, HomePage, NewsIndexPage, NewsPage, StandardPage
from people.models import Employer, PeopleIndexPage, PersonPage, PersonRole, Region

PAGE_TYPES = [
    HomePage,
    StandardPage,
    NewsIndexPage,
    NewsPage,
    CampaignIndexPage,
    CampaignPage,
    AdviceIndexPage,
    AdviceTopicPage,
    LegalEyeArticlePage,
    PeopleIndexPage,
    PersonPage,
    EventIndexPage,
    EventPage,
]


def load_demo_content():
    output = StringIO()
    call_command("load_demo_content", stdout=output)
    return output.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "regions": Region.objects.count(),
        "employers": Employer.objects.count(),
    }


def stream_fields(page):
    for name in ("body", "resources", "calls_to_action"):
        value = getattr(page, name, None)
        if value is not None:
            yield value


@pytest.mark.django_db
def test_builds_the_demo_site_and_a_second_run_changes_nothing():
    first = load_demo_content()
    # A new user's first run makes every demo page: none taken for one an editor deleted
    # (each demo page is recorded by its slug, so two must never share one).
    assert "deleted by an editor" not in first
    after_first_run = counts()
    output = load_demo_content()
    assert counts() == after_first_run
    assert "0 pages created" in output

    for model in PAGE_TYPES:
        assert model.objects.live().exists(), f"no live {model.__name__}"
    pages = list(Page.objects.filter(depth__gt=1).specific())
    assert all(page.live and page.first_published_at and page.search_description for page in pages)
    assert all(page.revisions.count() == 1 for page in pages), "each page is published through one revision"

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "Managers in Partnership"
    home = site.root_page.specific
    assert home.hero_image and home.hero_alt
    assert 1 <= home.featured_items.count() <= 3
    menu = [page.title for page in home.get_children().live().in_menu()]
    assert menu[0] == "About MiP"
    assert {"Advice & Information", "Campaigns", "News", "Our people", "Join MiP", "Contact us"} <= set(menu)

    news = NewsPage.objects.live()
    assert news.count() >= 12
    assert set(news.values_list("article_type", flat=True)) == set(ArticleType.values)
    assert news.filter(author__isnull=True).exists() and news.filter(author__isnull=False).exists()
    assert news.filter(title__icontains="maternity leave").exists()

    articles = LegalEyeArticlePage.objects.live()
    assert articles.count() >= 5
    assert articles.filter(nations=["england"]).exists()
    assert articles.filter(nations=["northern-ireland"]).exists()
    assert LegalEyeArticlePage.objects.review_overdue().exists()

    managers_matter = CampaignPage.objects.get(slug="managers-matter")
    assert managers_matter.aims.count() >= 9
    statuses = [resource.value["status"] for resource in managers_matter.resources]
    assert statuses.count("published") == 1 and statuses.count("forthcoming") == 2
    assert len(managers_matter.calls_to_action) == 3
    assert CampaignPage.objects.filter(status="archived").exists()

    assert Region.objects.count() == 14
    assert Region.objects.get(name="Northern Ireland").nation == "northern-ireland"
    for region in Region.objects.all():
        assert PersonPage.objects.officers_for_region(region).exists(), f"no officer for {region}"
    assert Employer.objects.count() >= 20

    people = PersonPage.objects.live()
    assert people.count() >= 8
    assert {PersonRole.CHIEF_EXECUTIVE, PersonRole.HEAD_OFFICE, PersonRole.NATIONAL_COMMITTEE} <= set(
        people.values_list("role", flat=True)
    )
    assert people.filter(role=PersonRole.NATIONAL_OFFICER).count() >= 5
    for person in people.exclude(email=""):
        assert re.fullmatch(r"[a-z]\.[a-z-]+@miphealth\.org\.uk", person.email)
        assert re.fullmatch(r"020 7946 0\d{3}", person.phone)
    assert all(person.photo and person.photo_alt_text for person in people)

    images = get_image_model().objects.all()
    assert images.exists() and all(image.description and image.collection.name == "Demo" for image in images)
    pdf = get_document_model().objects.filter(file__endswith=".pdf").first()
    with pdf.open_file() as handle:
        assert handle.read(5) == b"%PDF-"


@pytest.mark.django_db
def test_bodies_use_every_block_type_and_are_valid():
    load_demo_content()
    used = set()
    for page in Page.objects.filter(depth__gt=1).specific():
        for value in stream_fields(page):
            value.stream_block.clean(value)
            if isinstance(value.stream_block, BodyStreamBlock):
                used.update(child.block_type for child in value)
    assert used == set(BodyStreamBlock.base_blocks)

    rich_text = " ".join(
        child.value.source
        for page in Page.objects.filter(depth__gt=1).specific()
        for value in stream_fields(page)
        for child in value
        if child.block_type == "paragraph"
    )
    assert '<a linktype="page"' in rich_text
    assert '<embed embedtype="image"' in rich_text


@pytest.mark.django_db
def test_the_video_renders_from_the_embed_cache_without_fetching(monkeypatch):
    load_demo_content()

    def no_fetching(*args, **kwargs):
        raise EmbedNotFoundException("the demo must never fetch an embed")

    monkeypatch.setattr(embeds, "get_finder_for_embed", no_fetching)
    body = CampaignPage.objects.get(slug="managers-matter").body
    video = next(child for child in body if child.block_type == "embed")
    html = video.value.embed_html()
    assert "<iframe" in html and 'title="' in html


@pytest.mark.django_db
def test_a_second_run_keeps_an_editors_changes():
    load_demo_content()
    about = StandardPage.objects.get(slug="about-mip")
    about.intro = "Rewritten by an editor."
    about.save_revision().publish()

    load_demo_content()

    about.refresh_from_db()
    assert about.intro == "Rewritten by an editor."
    assert about.revisions.count() == 2


@pytest.mark.django_db
def test_demo_content_an_editor_deleted_is_not_made_again_but_new_demo_content_is():
    load_demo_content()
    campaigns = CampaignIndexPage.objects.get()
    campaign_slugs = set(campaigns.get_descendants().values_list("slug", flat=True))
    campaigns.delete()
    NewsPage.objects.get(slug="stress-survey").delete()
    get_image_model().objects.get(title="Portrait: Tom Ashworth").delete()
    welsh_employers = set(Employer.objects.filter(region__name="Wales").values_list("name", flat=True))
    Employer.objects.filter(name__in=welsh_employers).delete()
    Region.objects.get(name="Wales").delete()
    # Demo content added to the code after this site was built: never loaded here.
    join = StandardPage.objects.get(slug="join-mip")
    join.delete()
    LoadedDemoItem.objects.filter(kind="page", key="join-mip").delete()

    output = load_demo_content()

    assert not CampaignIndexPage.objects.exists()
    assert not Page.objects.filter(slug__in=campaign_slugs).exists()
    assert not NewsPage.objects.filter(slug="stress-survey").exists()
    assert not get_image_model().objects.filter(title="Portrait: Tom Ashworth").exists()
    assert not Region.objects.filter(name="Wales").exists()
    assert welsh_employers and not Employer.objects.filter(name__in=welsh_employers).exists()
    assert "1 pages created" in output
    # The campaigns section (its pages went with it, and are not looked for) and the news item.
    assert "2 deleted by an editor (not made again)" in output
    join = StandardPage.objects.get(slug="join-mip")
    assert join.live and join.get_parent().specific_class is HomePage

    # The next run changes nothing at all.
    before = counts()
    assert "0 pages created" in load_demo_content()
    assert counts() == before


@pytest.mark.django_db
def test_a_page_made_again_leaves_out_links_to_demo_pages_that_were_deleted():
    load_demo_content()
    CampaignPage.objects.get(slug="managers-matter").delete()
    StandardPage.objects.get(slug="about-mip").delete()
    LoadedDemoItem.objects.filter(kind="page", key="about-mip").delete()

    load_demo_content()

    about = StandardPage.objects.get(slug="about-mip")
    related = next(child.value for child in about.body if child.block_type == "related_pages")
    assert [page.slug for page in related["pages"]] == ["our-people", "advice-information"]
    assert about.live and about.revisions.count() == 1


@pytest.mark.django_db
def test_the_demo_site_answers_on_the_address_make_run_serves(client, settings):
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = "http://127.0.0.1:8101"
    output = load_demo_content()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8101)
    assert "Site address: http://127.0.0.1:8101/" in output
    host = {"HTTP_HOST": "127.0.0.1:8101"}
    soup = BeautifulSoup(client.get("/news/", **host).content, "html.parser")
    assert soup.find("link", rel="canonical")["href"] == "http://127.0.0.1:8101/news/"
    assert soup.find("meta", property="og:url")["content"] == "http://127.0.0.1:8101/news/"
    feed = client.get("/news/feed/", **host).content.decode()
    assert "<link>http://127.0.0.1:8101/news/</link>" in feed
    sitemap = client.get("/sitemap.xml", **host).content.decode()
    assert "<loc>http://127.0.0.1:8101/about-mip/</loc>" in sitemap
    listing = client.get("/api/v2/pages/", {"type": "home.NewsPage", "limit": 1}, **host).json()
    assert listing["items"][0]["meta"]["detail_url"].startswith("http://127.0.0.1:8101/api/v2/pages/")
    assert listing["items"][0]["meta"]["html_url"].startswith("http://127.0.0.1:8101/news/")

    # `make run PORT=8102` next time: the site moves with it.
    settings.WAGTAILADMIN_BASE_URL = "http://localhost:8102"
    load_demo_content()
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("localhost", 8102)

    # A real hostname set in Settings → Sites is never overwritten.
    site.hostname, site.port = "www.miphealth.org.uk", 443
    site.save()
    load_demo_content()
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("www.miphealth.org.uk", 443)


@pytest.mark.django_db
def test_advice_pages_send_members_to_the_officer_finder_in_one_box(client):
    load_demo_content()
    site = Site.objects.get(is_default_site=True)
    host = {"HTTP_HOST": f"{site.hostname}:{site.port}"}
    pages = [*LegalEyeArticlePage.objects.live(), *AdviceTopicPage.objects.live()]

    for page in pages:
        soup = BeautifulSoup(client.get(page.url, **host).content, "html.parser")
        buttons = [
            link["href"]
            for link in soup.find("main").find_all("a", class_="button")
            if "national officer" in link.get_text()
        ]
        assert buttons == ["/our-people/find-your-officer/"], page.title


@pytest.mark.django_db
def test_the_demo_events_are_past_and_upcoming_online_and_in_person_on_working_days():
    load_demo_content()

    events = list(EventPage.objects.live())
    index = EventIndexPage.objects.get()
    upcoming, past = list(index.events()), list(index.events(past=True))

    assert len(events) >= 6
    assert len(upcoming) >= 4 and len(past) >= 2
    assert {event.attendance_mode for event in events} == {"in-person", "online", "mixed"}
    summit = EventPage.objects.get(slug="members-summit")
    assert summit.all_day and summit.end_date > summit.start_date and summit in upcoming
    assert EventPage.objects.get(slug="annual-general-meeting") in upcoming
    assert any(event.audience == "reps" for event in upcoming)
    assert {"Scotland", "Wales"} <= {name for event in events for name in event.nation_names}
    assert all(event.start_date.weekday() < 5 and event.organiser for event in events)
    for event in events:
        event.full_clean()  # every demo event passes the editor's rules
    menu = [page.title for page in index.get_parent().get_children().live().in_menu()]
    assert menu.index("Events") == menu.index("News") + 1
