"""Fixtures shared by the whole suite: the site's page tree, an image and a document.
(pytest-django's ``admin_client`` gives a superuser logged in to the Wagtail admin.)"""

import datetime

import pytest
from django.core.cache import cache
from wagtail.contrib.frontend_cache.backends import BaseBackend

from cms.content import purge, versions
from tests.api.conftest import content  # noqa: F401 - the whole demo-like site, for any test
from tests.factories import DocumentFactory, ImageFactory, build_site_tree


@pytest.fixture(autouse=True)
def _clear_cache():
    """Wagtail caches the sites' root paths, and pages and API responses are cached against the
    content feed: a rolled-back test's site and pages must not leak into the next."""
    cache.clear()
    versions.forget()
    yield
    cache.clear()
    versions.forget()


@pytest.fixture
def today_when_the_test_runs(request, monkeypatch):
    """The test module's ``TODAY`` is the date the test runs on, not the one it was imported
    on: a run that crosses midnight would otherwise compare yesterday's dates with today's."""
    monkeypatch.setattr(request.module, "TODAY", datetime.date.today())


@pytest.fixture
def kept_parts_alone(settings):
    """The parts kept between responses (cms.content.fragments) answer alone: the page and API
    response caches are off."""
    settings.PAGE_CACHE = False
    settings.API_RESPONSE_CACHE = False
    settings.FRAGMENT_CACHE = True
    # The head read by one response stays current for the next; a change made in this process
    # is still seen at once (the feed forgets the head when it records a change).
    settings.CONTENT_VERSION_RECHECK_SECONDS = 60


@pytest.fixture
def site_tree(db):
    """Home (the default site's root) with "About MiP" and the four section indexes beneath it,
    all live and in the main menu."""
    return build_site_tree()


@pytest.fixture
def image(db):
    """An image whose library description serves as its alt text, with its renditions made
    (as the background worker makes them after an upload)."""
    return ImageFactory(description="Three NHS managers talking around a table", renditions=True)


@pytest.fixture
def image_without_description(db):
    return ImageFactory(title="IMG_0042", description="")


@pytest.fixture
def document(db):
    return DocumentFactory(title="Managers Matter: the guide")


class RecordingPurgeBackend(BaseBackend):
    """A CDN that only notes which URLs it was told to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


@pytest.fixture
def purged(settings):
    """The URLs purged from a configured CDN during the test (``WAGTAILFRONTENDCACHE``)."""
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "tests.conftest.RecordingPurgeBackend"}}
    # A second purge an earlier test scheduled (cms.content.purge) must not land in this one.
    purge.cancel_pending()
    RecordingPurgeBackend.purged.clear()
    yield RecordingPurgeBackend.purged
    purge.cancel_pending()
