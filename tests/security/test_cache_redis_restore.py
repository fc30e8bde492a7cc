"""Redis faults never bring private content back: a page made private while Redis is stopped or
hung stays private for anonymous readers on every channel (the page, the API, listings, search,
the RSS feed, the sitemap, sync) once Redis comes back, even when it comes back from a snapshot
taken before the change and so still holds every response cached while the page was public.

Each test runs its own redis-server (Debian's binary) on a free loopback port with its own
directory and RDB file, configured as production configures django-redis (errors ignored,
1 s socket timeouts). Without the binary these tests skip, unless REQUIRE_REDIS is set (CI
sets it), when they fail."""

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache, caches
from django.test import Client, RequestFactory
from wagtail.models import PageViewRestriction

from cms.api import caching
from cms.content import versions
from cms.site import page_cache
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
TITLE = "Ward closures consultation"
SLUG = "ward-closures"
# Each channel an anonymous reader or app can reach the page by, while it is public.
CHANNELS = {
    "page": f"/news/{SLUG}/",
    "api detail": None,  # /api/v2/pages/<id>/, once the page exists
    "api listing": "/api/v2/pages/?type=home.NewsPage",
    "api all pages": "/api/v2/pages/",
    "api search": "/api/v2/pages/?search=closures",
    "home": "/",
    "news index": "/news/",
    "rss feed": "/news/feed/",
    "sitemap": "/sitemap.xml",
    "site search": "/search/?query=closures",
    "sync": "/api/v2/sync/?limit=100",
}


def die_with_parent():
    """In the child before exec: killed if pytest dies without its teardown (a CI timeout)."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own, with its RDB file in ``directory``."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.processes = []
        self.snapshot = directory / "before-the-change.rdb"

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def process(self):
        return self.processes[-1]

    def raw(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def start(self):
        log = self.directory / f"redis-{len(self.processes)}.log"
        # No automatic snapshots and no append-only file: the data is whatever dump.rdb holds
        # when it starts, and what it is told afterwards.
        command = [
            REDIS_SERVER,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.directory),
            "--dbfilename", "dump.rdb",
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--logfile", str(log),
        ]  # fmt: skip
        process = subprocess.Popen(  # noqa: S603 - a fixed binary and our own arguments
            command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, preexec_fn=die_with_parent
        )
        self.processes.append(process)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"redis-server exited at start: {log.read_text() if log.exists() else ''}")
            try:
                if self.raw().ping():
                    return
            except redis.RedisError:  # not listening yet, or still loading the RDB file
                pass
            time.sleep(0.05)
        pytest.fail(f"redis-server did not answer on port {self.port} within 15 s")

    def save_snapshot(self):
        """SAVE, as a scheduled snapshot would, and keep the file."""
        self.raw().save()
        shutil.copyfile(self.directory / "dump.rdb", self.snapshot)

    def stop(self):
        """Gone without a goodbye (a crash, an OOM kill, a host restart)."""
        self.kill(self.process)

    def hang(self):
        """Still accepting connections, answering nothing: requests time out."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def restart_from_snapshot(self):
        """Restarted (the hung or stopped one killed first) with the snapshot taken before the
        change, so the entries cached before it come back."""
        self.kill(self.process)
        shutil.copyfile(self.snapshot, self.directory / "dump.rdb")
        self.start()

    @staticmethod
    def kill(process):
        if process.poll() is None:
            process.send_signal(signal.SIGCONT)  # a stopped process must run to die
            process.kill()
        process.wait(timeout=10)

    def kill_all(self):
        for process in self.processes:
            self.kill(process)


@pytest.fixture
def redis_server(tmp_path):
    if not os.path.exists(REDIS_SERVER):
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"REQUIRE_REDIS is set but there is no redis-server at {REDIS_SERVER}")
        pytest.skip("needs Debian's redis-server binary (apt-get install redis-server); CI runs these")
    server = PrivateRedis(tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.kill_all()


def reset_connections():
    """Drop the pooled connections, as a process does when its sockets fail."""
    cache.client.do_close_clients()


@pytest.fixture
def redis_cache(settings, redis_server):
    """Django's cache on the private Redis, configured as ``cms.settings.base`` configures it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "mip",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
    assert type(caches["default"]).__name__ == "RedisCache", "the test must run against Redis"
    yield cache
    reset_connections()


@pytest.fixture
def news_page(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title=TITLE, slug=SLUG)


def channels(page):
    return {name: url or f"/api/v2/pages/{page.pk}/" for name, url in CHANNELS.items()}


def cache_key(url):
    """The raw Redis key of the response cached for ``url``."""
    request = RequestFactory().get(url)
    key = caching.response_key(request) if url.startswith("/api/") else page_cache.page_key(request)
    return cache.make_key(key)


def shows_the_page(response, page):
    body = response.content.decode()
    return TITLE in body or f"/news/{SLUG}/" in body


def warm(client, page):
    """Every channel read twice by anonymous readers: the second read is a cache hit."""
    for name, url in channels(page).items():
        first = client.get(url)
        assert first.status_code == 200, (name, first.status_code)
        assert shows_the_page(first, page), f"{name} shows the page while it is public"
        second = client.get(url)
        assert second.get("X-Page-Cache", second.get("X-API-Cache")) == "hit", f"{name} is cached"


def sync_ids(client):
    """Page ids a fresh full sync downloads."""
    ids, cursor = set(), None
    while True:
        response = client.get("/api/v2/sync/?limit=100" + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200
        data = response.json()
        ids.update(item["id"] for item in data["updated"] if item["kind"] == "page")
        cursor = data["next_cursor"]
        if not data["has_more"]:
            return ids


def assert_never_served(client, page, names=None):
    """No anonymous reader gets the page on any channel, asked twice (the second time from
    whatever the first stored)."""
    urls = channels(page)
    for _ in range(2):
        for name, url in urls.items():
            if names is not None and name not in names:
                continue
            response = client.get(url)
            if name == "page":
                restriction = page.get_view_restrictions().first()
                if restriction.restriction_type == PageViewRestriction.LOGIN:
                    assert response.status_code == 302, response.status_code
                    assert "/login" in response["Location"]
                else:
                    assert b"password" in response.content.lower()
                assert TITLE not in response.content.decode()
                assert "X-Page-Cache" not in response or response["X-Page-Cache"] == "miss"
            elif name == "api detail":
                assert response.status_code == 404, (
                    f"the API serves the private page ({response.status_code})"
                )
            else:
                assert response.status_code == 200, (name, response.status_code)
                assert not shows_the_page(response, page), f"{name} still shows the private page"
    if names is None:
        assert page.pk not in sync_ids(client), "a fresh full sync downloads the private page"


@pytest.mark.parametrize(
    "outage, comeback, restriction_type",
    [
        ("stopped", "restarted from the snapshot", PageViewRestriction.LOGIN),
        ("hung", "restarted from the snapshot", PageViewRestriction.LOGIN),
        ("hung", "resumed", PageViewRestriction.PASSWORD),
    ],
)
def test_a_page_made_private_during_a_redis_outage_stays_private_when_old_entries_come_back(
    redis_cache,
    redis_server,
    news_page,
    django_capture_on_commit_callbacks,
    outage,
    comeback,
    restriction_type,
):
    reader = Client()
    warm(reader, news_page)
    redis_server.save_snapshot()
    stale = {name: cache_key(url) for name, url in channels(news_page).items()}

    if outage == "stopped":
        redis_server.stop()
    else:
        redis_server.hang()
    reset_connections()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=news_page,
            restriction_type=restriction_type,
            password="s3cret" if restriction_type == "password" else "",
        )
    # While Redis is out, readers get the page rendered afresh, without it.
    versions.forget()
    assert_never_served(reader, news_page, names={"page", "api detail"})

    if comeback == "resumed":
        redis_server.resume()
    else:
        redis_server.restart_from_snapshot()
    reset_connections()

    # The test means something: the responses cached while the page was public are back.
    raw = redis_server.raw()
    for name, key in stale.items():
        value = raw.get(key)
        assert value is not None, f"the {name} entry cached before the change is back in Redis"
        assert TITLE.encode() in value or f"/news/{SLUG}/".encode() in value, f"{name} entry shows the page"

    # A restart takes longer than the 1 s a process keeps the feed's head.
    versions.forget()
    assert_never_served(reader, news_page)
    assert_never_served(Client(), news_page)
