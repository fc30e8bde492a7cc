"""Real-browser tests: Playwright drives Debian's Chromium against Django's live server,
with the demo site loaded into the test database.

One browser serves the whole session; every test gets fresh browser contexts. The live
server does not serve uploaded media (only a web server or S3 does, in production), so the
contexts answer ``/media/`` requests from ``MEDIA_ROOT`` themselves: pages are tested and
photographed with their images."""

import io
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BROWSER_TESTS = Path(__file__).parent

# Playwright's sync API runs an event loop in the test thread; the test code still needs
# the ORM (to load the demo content), which Django otherwise refuses inside a loop.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium): not installed here."
    )
    for item in items:
        if BROWSER_TESTS in Path(item.fspath).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """Chromium, for the whole session.

    While Playwright's event loop runs, Django gives code in this thread its own database
    connections (asgiref keeps "thread-critical" state per context when a loop is running).
    Those lack the snapshot of the freshly migrated database that ``serialized_rollback``
    restores after each test's flush (Wagtail's root page and collection), so it is handed
    over to them here."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class DemoSite:
    url: str

    def reader_pages(self):
        """One page of every type a reader meets, by name, as paths on the site."""
        from advice.models import AdviceIndexPage, AdviceTopicPage, LegalEyeArticlePage
        from campaigns.models import CampaignIndexPage, CampaignPage
        from enquiries.models import FormPage
        from enquiries.routing import Routing
        from events.models import EventIndexPage, EventPage
        from home.models import NewsIndexPage, NewsPage, StandardPage
        from people.models import PeopleIndexPage, PersonPage, PersonRole

        def first(model, **filters):
            page = model.objects.live().public().filter(**filters).order_by("path").first()
            assert page is not None, f"The demo content has no live {model._meta.verbose_name}."
            return page

        people_index = first(PeopleIndexPage)
        events_index = first(EventIndexPage)
        return {
            "home": "/",
            "standard": first(StandardPage, depth__gt=3).url,
            "news-index": first(NewsIndexPage).url,
            "news-page": first(NewsPage, author__isnull=False, hero_image__isnull=False).url,
            "campaign-index": first(CampaignIndexPage).url,
            "campaign": first(CampaignPage).url,
            "advice-index": first(AdviceIndexPage).url,
            "advice-topic": first(AdviceTopicPage).url,
            "legal-eye-article": first(LegalEyeArticlePage).url,
            "people-index": people_index.url,
            "person": first(PersonPage, role=PersonRole.NATIONAL_OFFICER).url,
            "officer-finder": people_index.url
            + people_index.reverse_subpage("officer_finder")
            + f"?employer={self.employer_search()}",
            "events-index": events_index.url,
            "event": first(EventPage, slug="annual-general-meeting").url,
            "events-archive": events_index.url + events_index.reverse_subpage("archive"),
            "form": first(FormPage, routing=Routing.OFFICER).url,
            "search": "/search/?query=maternity",
            "not-found": "/no-such-page/",
        }

    def employer_search(self):
        """What a member types in the finder: "Leeds", if the directory has a Leeds employer
        with an officer, else the full name of the first employer that has one."""
        from people.models import Employer, PersonPage

        if PersonPage.objects.officers_for_employer("Leeds").exists():
            return "Leeds"
        for employer in Employer.objects.order_by("name"):
            if PersonPage.objects.officers_for_employer(employer.name).exists():
                return employer.name
        raise AssertionError("No employer in the demo directory has a national officer.")


@pytest.fixture
def demo_site(live_server):
    """The demo content in the (transactional) test database, with the default site's
    hostname and port set to the live server's, as an editor would set them."""
    call_command("load_demo_content", stdout=io.StringIO())
    address = urlparse(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    cache.clear()
    return DemoSite(url=live_server.url)


def serve_media(route):
    """Answer a /media/ request from MEDIA_ROOT, as the production web server would."""
    path = unquote(urlparse(route.request.url).path)[len(settings.MEDIA_URL) :]
    file = (Path(settings.MEDIA_ROOT) / path).resolve()
    if Path(settings.MEDIA_ROOT).resolve() not in file.parents or not file.is_file():
        route.fulfill(status=404, body="Not found")
        return
    route.fulfill(path=file, content_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream")


@pytest.fixture
def new_context(browser, demo_site):
    """Makes browser contexts on the demo site: ``new_context(width=375)``,
    ``new_context(java_script_enabled=False)``. All are closed after the test."""
    contexts = []

    def make(width=1280, height=900, **options):
        context = browser.new_context(
            base_url=demo_site.url, viewport={"width": width, "height": height}, **options
        )
        context.set_default_timeout(15_000)
        context.route(f"{demo_site.url}{settings.MEDIA_URL}**", serve_media)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
