"""``--editing``: do the caches survive steady editing?

An editor signed in to the Wagtail admin publishes a news item every 2 seconds, through the
page edit view as a browser would (``bench.soak.traffic``), while readers load pages the edits
do not change: a Legal Eye article, the profile of a person who did not write the edited news,
a campaign whose topics the edited news does not share, and the API detail of an older news
item. Each reader URL has its own wrk, whose script counts the ``X-Page-Cache`` and
``X-API-Cache`` answers (hit or miss). Issue #15's targets: at least 90% hits, and warm p99
under 100 ms.

"Unrelated" is checked, not assumed: each reader URL is rendered uncached before and after
the edits, and must answer the same bytes; a URL that changed is named in the results and the
hit-ratio target does not hold.
"""

import os
import secrets
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bench import load
from bench.servers import Server

PUBLISH_EVERY_S = 2
EDITED_PAGES = 3


def choose_pages():
    """The campaign, then the edited news (newest items by one author, on no topic of the
    campaign), then the other readers' pages, none of which shows or links to an edited page."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    from advice.models import LegalEyeArticlePage
    from campaigns.models import CampaignPage
    from home.models import NewsPage
    from people.models import PersonPage

    campaigns = [campaign for campaign in CampaignPage.objects.live().public() if campaign.tags.exists()]
    campaign = campaigns[0] if campaigns else CampaignPage.objects.live().public().first()
    campaign_tags = set(campaign.tags.values_list("pk", flat=True)) if campaign else set()
    news = list(NewsPage.objects.listing().exclude(author=None)[:400])
    by_author = {}  # newest first, as the news index lists them
    for item in news:
        if not campaign_tags & {tag.pk for tag in item.tags.all()}:
            by_author.setdefault(item.author_id, []).append(item)
    if not by_author:
        return [], {}
    edited = next(
        (items for items in by_author.values() if len(items) >= EDITED_PAGES),
        max(by_author.values(), key=len),
    )[:EDITED_PAGES]
    author_id = edited[0].author_id
    edited_tags = {tag.pk for page in edited for tag in page.tags.all()}
    page_type = ContentType.objects.get_for_model(Page)
    referring = {
        int(object_id)
        for object_id in ReferenceIndex.objects.filter(
            base_content_type=page_type,
            to_content_type=page_type,
            to_object_id__in=[str(page.pk) for page in edited],
        ).values_list("object_id", flat=True)
        if object_id.isdigit()
    }
    article = LegalEyeArticlePage.objects.listing().exclude(author=None).exclude(pk__in=referring).first()
    person = (
        PersonPage.objects.live()
        .public()
        .exclude(pk=author_id)
        .exclude(pk__in=referring)
        .filter(news_items__live=True)
        .distinct()
        .order_by("pk")
        .first()
    )
    detail = next(
        (
            item
            for item in reversed(news)
            if item.pk not in referring
            and item.author_id != author_id
            and not edited_tags & {tag.pk for tag in item.tags.all()}
        ),
        None,
    )
    readers = {}
    if article:
        readers["legal_eye"] = ("Legal Eye article", article.url)
    if person:
        readers["person"] = ("person page (not the news author)", person.url)
    if campaign:
        readers["campaign"] = ("campaign page (other topics)", campaign.url)
    if detail:
        readers["api_detail"] = ("API detail (an older news item)", f"/api/v2/pages/{detail.pk}/")
    return edited, readers


def render_uncached(client, readers):
    """Each reader URL's status and body, rendered afresh."""
    from django.test.utils import override_settings

    answers = {}
    with override_settings(PAGE_CACHE=False, API_RESPONSE_CACHE=False):
        for key, (_label, path) in readers.items():
            response = client.get(path)
            answers[key] = (response.status_code, response.content)
    return answers


class Publisher:
    """The editor: signs in, then publishes the edited news items in turn on a fixed beat."""

    def __init__(self, base, pages, every_s):
        from bench.soak import preparation, traffic

        self.browser = traffic.Browser(base)
        self.username, self.password = preparation.create_editor(f"bench-editor-{secrets.token_hex(4)}")
        self.forms = preparation.EditForms(pages, label="bench")
        self.pages = [(page.pk, page.get_parent().pk) for page in pages]
        self.every_s = every_s
        self.publishes = []  # (milliseconds, acknowledged)

    def sign_in(self):
        signed_in, status = self.browser.login(self.username, self.password)
        if not signed_in:
            raise RuntimeError(f"the benchmark's editor could not sign in to the admin (HTTP {status})")

    def run(self, stop):
        started = time.monotonic()
        count = 0
        while not stop.is_set():
            page_id, parent_id = self.pages[count % len(self.pages)]
            data = self.forms.edit_data(page_id, f"p{count:04d}", publish=True)
            data["csrfmiddlewaretoken"] = self.browser.csrf_token()
            began = time.perf_counter()
            status, location, _body = self.browser.request(f"/admin/pages/{page_id}/edit/", data)
            elapsed_ms = (time.perf_counter() - began) * 1000
            self.publishes.append((elapsed_ms, status == 302 and location == f"/admin/pages/{parent_id}/"))
            count += 1
            stop.wait(max(0.0, started + count * self.every_s - time.monotonic()))

    def remove_editor(self):
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(username=self.username).delete()

    def figures(self):
        timings = [ms for ms, _acknowledged in self.publishes]
        return {
            "attempted": len(self.publishes),
            "acknowledged": sum(acknowledged for _ms, acknowledged in self.publishes),
            "median_ms": round(statistics.median(timings)) if timings else None,
            "max_ms": round(max(timings)) if timings else None,
        }


def run(options, log):
    from django.test import Client

    edited, readers = choose_pages()
    if not edited or len(readers) < 4:
        return {"skipped": f"the site lacks the pages this needs (found readers: {sorted(readers)})"}
    client = Client(HTTP_HOST="127.0.0.1")
    before = render_uncached(client, readers)
    failing = {key: status for key, (status, _body) in before.items() if status != 200}
    if failing:
        return {"skipped": f"reader URLs do not answer 200: {failing}"}
    from django.core.cache import cache
    from django.db import connections

    # Nothing left from an earlier run on this database (django-redis clears only our keys).
    (getattr(cache, "delete_pattern", None) or (lambda _pattern: cache.clear()))("*")
    connections.close_all()
    seconds = options.editing_seconds
    connections_per_url = max(1, options.concurrency // len(readers))
    log(
        f"editing: {len(edited)} news items published in turn every {PUBLISH_EVERY_S} s for {seconds} s; "
        f"readers on {', '.join(readers)}"
    )
    with Server(options.workers, name="gunicorn editing") as server:
        publisher = Publisher(server.base, edited, PUBLISH_EVERY_S)
        publisher.sign_in()
        for _label, path in readers.values():  # every worker renders and stores each URL
            if options.prime_seconds:
                load.run(server.base + path, options.concurrency, options.prime_seconds)
            else:
                for _ in range(options.workers * 2):
                    load.fetch(server.base + path)
        server.wait_until_idle()
        stop = threading.Event()
        editor = threading.Thread(target=publisher.run, args=(stop,), daemon=True)
        editor.start()
        try:
            with ThreadPoolExecutor(max_workers=len(readers)) as pool:
                futures = {
                    key: pool.submit(
                        load.run,
                        server.base + path,
                        connections_per_url,
                        seconds,
                        threads=1,
                        count_cache=True,
                    )
                    for key, (_label, path) in readers.items()
                }
                urls = {key: {"label": readers[key][0], **future.result()} for key, future in futures.items()}
        finally:
            stop.set()
            editor.join(timeout=60)
    publisher.remove_editor()
    after = render_uncached(client, readers)
    changed = sorted(key for key in readers if before[key] != after[key])
    hits = sum(entry["hits"] for entry in urls.values())
    misses = sum(entry["misses"] for entry in urls.values())
    requests = sum(entry["requests"] for entry in urls.values())
    publishes = publisher.figures()
    log(f"editing: {hits:,} hits, {misses:,} misses, {publishes['acknowledged']} publishes")
    return {
        "seconds": seconds,
        "publish_every_s": PUBLISH_EVERY_S,
        "connections": connections_per_url * len(readers),
        "cache": "Redis" if os.environ.get("REDIS_URL") else "local memory (per worker)",
        "edited": [{"id": page.pk, "title": page.title} for page in edited],
        "publishes": publishes,
        "urls": {key: {**entry, "path": readers[key][1]} for key, entry in urls.items()},
        "totals": {
            "requests": requests,
            "hits": hits,
            "misses": misses,
            "hit_ratio": round(hits / requests, 4) if requests else None,
            "misses_per_publish": round(misses / publishes["acknowledged"], 1)
            if publishes["acknowledged"]
            else None,
        },
        "unrelated": {"verified": not changed, "changed": changed},
    }
