"""`make bench`: build a large site, serve it with gunicorn on production settings, load each
URL with wrk, and write bench/results.json and bench/results.md.

    .venv/bin/python -m bench.run              # the full run (scale 1, 10 s per URL)
    .venv/bin/python -m bench.run --smoke      # CI: scale 0.05, 2 s per URL
    .venv/bin/python -m bench.run --sync-scaling   # adds delta sync on 1,000 vs 10,000 pages
    .venv/bin/python -m bench.run --profile    # in-process CPU per URL and step, pyinstrument
    .venv/bin/python -m bench.run --editing    # an editor publishes while readers read
    .venv/bin/python -m bench.run --cluster    # two nodes behind nginx and Varnish (deploy/)

Every URL is loaded twice, on two servers over the same data: "cold", where every response is
rendered afresh (the page and API response caches are off), and "warm", with them on (in Redis
when REDIS_URL is set, else in each process's local memory), primed first. SQL queries
per request are counted in-process, with Django's test client, against the same database.
The modes (bench.profiling, bench.editing, bench.cluster) run instead of those passes, on the
same site; every gunicorn started on the way reports its workers' peak memory (bench.servers).
"""

import argparse
import datetime
import os
import shutil
import signal
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from bench import load, packages, profiling, report
from bench.servers import SERVER_MEMORY, WORK_DIR, Server

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE_NAME = "mip_bench"
LONG_QUERY_LENGTH = 100_000
DELTA_EDITS = 10
SYNC_SCALING_SIZES = (1_000, 10_000)


@dataclass
class Target:
    """One URL under test. ``stock`` names the URL it is compared with."""

    key: str
    label: str
    path: str
    group: str = "ours"  # ours, stock or floor
    stock: str = ""
    status: int = 0


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="The MiP benchmark (issues #6 and #15). With none of --editing, --cluster and "
        "--profile it runs the standard passes; with any of them, only those (combine them freely)."
    )
    parser.add_argument(
        "--smoke", action="store_true", help="small and quick, for CI: scale 0.05, 2 s per URL"
    )
    parser.add_argument("--scale", type=float, help="site size; 1 = 2,000 news, 300 Legal Eye, 60 people")
    parser.add_argument("--duration", type=int, help="seconds of load per URL and pass (default 10, smoke 2)")
    parser.add_argument("--concurrency", type=int, default=8, help="open connections (default 8)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default 2 x cores + 1)")
    parser.add_argument(
        "--sync-scaling", action="store_true", help="also time a delta on 1,000 vs 10,000 pages"
    )
    parser.add_argument("--reuse-db", action="store_true", help="keep the database of the last run; no build")
    parser.add_argument(
        "--editing",
        action="store_true",
        help="an editor publishes a news item every 2 s while readers load unrelated pages",
    )
    parser.add_argument(
        "--editing-seconds", type=int, help="how long the editing run lasts (default 60, smoke 12)"
    )
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="two gunicorn nodes behind nginx, Varnish in front, shared PostgreSQL and Redis",
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile uncached pages in process (pyinstrument)"
    )
    options = parser.parse_args(argv)
    options.scale = options.scale if options.scale is not None else (0.05 if options.smoke else 1.0)
    options.duration = options.duration or (2 if options.smoke else 10)
    options.workers = options.workers or 2 * (os.cpu_count() or 1) + 1
    options.prime_seconds = 0 if options.smoke else 1
    options.editing_seconds = options.editing_seconds or (12 if options.smoke else 60)
    options.standard = not (options.editing or options.cluster or options.profile)
    # In-process CPU per URL is cheap: part of the standard run and of --profile.
    options.cpu_repeats = 5 if options.smoke else 21
    return options


# The database


def choose_database():
    """BENCH_DATABASE_URL as given; else a ``mip_bench`` database on the PostgreSQL server of
    DATABASE_URL, or on 127.0.0.1:5432 if one answers; else a SQLite file. Never the
    developer's own database: the benchmark drops and recreates it."""
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(configured)
        return parts._replace(path=f"/{DATABASE_NAME}").geturl()
    if postgres_answers(DEFAULT_POSTGRES):
        return f"{DEFAULT_POSTGRES}/{DATABASE_NAME}"
    return f"sqlite:///{WORK_DIR / 'bench.sqlite3'}"


def postgres_answers(server_url):
    try:
        import psycopg

        with psycopg.connect(f"{server_url}/postgres", connect_timeout=2):
            return True
    except Exception:  # noqa: BLE001 - any failure means "no server to use"
        return False


def recreate_database(url):
    if url.startswith("sqlite"):
        Path(urlsplit(url).path).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def configure_environment(database_url):
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["STATIC_ROOT"] = str(WORK_DIR / "static")
    os.environ["MEDIA_ROOT"] = str(WORK_DIR / "media")
    os.environ.pop("BENCH_CACHE", None)


# Inside Django (the runner's own process)


def setup_django(options, database_url, log):
    import django

    configure_environment(database_url)
    if options.reuse_db:
        django.setup()
        return {"reused": True}
    recreate_database(database_url)
    shutil.rmtree(WORK_DIR / "media", ignore_errors=True)
    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    return {"migrate_s": round(time.perf_counter() - started, 1)}


def build(scale, log, demo=True, search_index=True):
    import io
    from contextlib import redirect_stdout

    from bench import build_site

    with redirect_stdout(io.StringIO()):  # the demo command's own report
        result = build_site.build(scale, demo=demo, search_index=search_index, log=lambda _: None)
    log(f"  built {result['pages']} pages in {result['demo_s'] + result['total_s']:.0f} s")
    return result


def collect_static():
    from django.core.management import call_command

    shutil.rmtree(WORK_DIR / "static", ignore_errors=True)
    call_command("collectstatic", interactive=False, verbosity=0)


def test_client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def responses_uncached():
    from django.test.utils import override_settings

    return override_settings(PAGE_CACHE=False, API_RESPONSE_CACHE=False)


def clear_cache():
    from django.core.cache import cache

    # django-redis clears only this project's keys; other backends clear themselves.
    (getattr(cache, "delete_pattern", None) or (lambda _pattern: cache.clear()))("*")


def count_queries(client, path):
    """(status, SQL queries) of one request. The content version is read just before, as a
    process reads it at most twice a second (``CONTENT_VERSION_RECHECK_SECONDS``), not once a
    request: whether that read landed in the counted request was chance."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.content import versions

    versions.forget()
    versions.head()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    return response.status_code, len(queries)


def discover_targets():
    """The URLs under test, with ids taken from the built site."""
    from django.db.models import Count

    from advice.models import LegalEyeArticlePage
    from home.models import NewsIndexPage, NewsPage
    from people.models import PeopleIndexPage, Region

    news = NewsPage.objects.listing().exclude(author=None).exclude(hero_image=None)
    news_page = news[news.count() // 2]
    article = LegalEyeArticlePage.objects.listing().exclude(author=None).first()
    region = Region.objects.annotate(officers_count=Count("officers")).order_by("-officers_count").first()
    people_index = PeopleIndexPage.objects.live().first()
    listing = "pages/?type=home.NewsPage&fields=*&limit=20"
    return [
        Target("home", "home", "/"),
        Target("news_index", "news index", NewsIndexPage.objects.get().url),
        Target("news_page", "news page", news_page.url),
        Target("legal_eye", "Legal Eye article", article.url),
        Target("search", "search ?query=pay", "/search/?query=pay"),
        Target("api_listing", "API listing (20 news, fields=*)", f"/api/v2/{listing}", stock="stock_listing"),
        Target("api_detail", "API detail (news)", f"/api/v2/pages/{news_page.pk}/", stock="stock_detail"),
        Target("sync_first", "sync, first page", "/api/v2/sync/"),
        Target("sync_delta", f"sync, delta of {DELTA_EDITS} changes", ""),
        Target("finder", "officer finder (site)", f"{people_index.url}find-your-officer/?region={region.pk}"),
        Target("officers_api", "officers API", f"/api/v2/officers/?region={region.pk}"),
        Target("stock_listing", "stock v2 listing (same query)", f"/bench/stock-api/v2/{listing}", "stock"),
        Target(
            "stock_detail",
            "stock v2 detail (same page)",
            f"/bench/stock-api/v2/pages/{news_page.pk}/",
            "stock",
        ),
        Target("floor", "floor: trivial JSON view", "/bench/floor.json", "floor"),
        Target("static", "floor: static file", "/static/css/site.css", "floor"),
    ]


def sync_cursor(client, limit=100, max_requests=500):
    """Walk a full sync from the start and return the cursor it ends on, or None."""
    path = f"/api/v2/sync/?limit={limit}"
    for _ in range(max_requests):
        response = client.get(path)
        if response.status_code != 200:
            return None
        data = response.json()
        if not data.get("has_more"):
            return data.get("next_cursor")
        path = f"/api/v2/sync/?limit={limit}&cursor={quote(data['next_cursor'])}"
    return None


def edit_news_pages(count, seed):
    """Publish a new revision of ``count`` recent news pages, as an editor would. Recent pages,
    because few pages link to them on a site of any size, so the delta holds about the same
    number of pages at every size."""
    from home.models import NewsPage

    pages = list(NewsPage.objects.live().order_by("-pk")[seed : seed + count * 3 : 3])
    for page in pages:
        page.standfirst = f"{page.standfirst} (updated)"
        page.save_revision().publish()
    return len(pages)


def prepare_delta(client, seed=11):
    """The delta URL: a cursor from a full sync, then ``DELTA_EDITS`` published edits."""
    with responses_uncached():
        cursor = sync_cursor(client)
    if cursor is None:
        return ""
    edit_news_pages(DELTA_EDITS, seed)
    return f"/api/v2/sync/?cursor={quote(cursor)}"


def time_delta(client, path, repeats):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries, updated = [], 0, 0
    with responses_uncached():
        client.get(path)
        for _ in range(repeats):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            queries = len(captured)
            updated = len(response.json().get("updated", []))
    return {
        "min_ms": round(min(timings), 1),
        "median_ms": round(statistics.median(timings), 1),
        "queries": queries,
        "updated": updated,
    }


def measure_queries(client, targets):
    """SQL queries per request: cold (the first request after the cache is cleared) and warm
    (the next one), each with the content version already read (``count_queries``)."""
    counts = {}
    for target in targets:
        if target.status != 200:
            continue
        if target.group == "ours":
            with responses_uncached():
                client.get(target.path)  # first-use work that is not caching: renditions, templates
        clear_cache()
        counts[target.key] = {
            "cold": count_queries(client, target.path)[1],
            "warm": count_queries(client, target.path)[1],
        }
    for key, path in (("api_listing", "/api/v2/"), ("stock_listing", "/bench/stock-api/v2/")):
        if key in counts:
            counts[key]["by_limit"] = {}
            for limit in (5, 20):
                listing = f"{path}pages/?type=home.NewsPage&fields=*&limit={limit}"
                with responses_uncached():
                    client.get(listing)
                clear_cache()
                counts[key]["by_limit"][limit] = count_queries(client, listing)[1]
    return counts


def long_query_path():
    text = "pay redundancy consultation tribunal pension grievance " * (LONG_QUERY_LENGTH // 50)
    return "/search/?query=" + quote(text[:LONG_QUERY_LENGTH])


def time_long_query_in_process(client):
    timings, statuses = [], []
    for _ in range(3):
        started = time.perf_counter()
        statuses.append(client.get(long_query_path()).status_code)
        timings.append((time.perf_counter() - started) * 1000)
    return {"status": max(statuses), "ms": round(statistics.median(timings), 1)}


def describe_delta(client, path):
    """What the delta answers: how many pages it updates and deletes on its first page."""
    with responses_uncached():
        data = client.get(path).json()
    return {
        "edits": DELTA_EDITS,
        "updated": len(data.get("updated", [])),
        "deleted": len(data.get("deleted", [])),
        "has_more": data.get("has_more"),
    }


# The load passes


def load_pass(options, targets, cache, log):
    """Serve, then load each target; returns per-target figures."""
    figures = {}
    name = f"gunicorn {'cold' if cache == 'off' else 'warm'} pass"
    with Server(options.workers, cache=cache, name=name) as server:
        for target in targets:
            if target.status != 200 or (cache == "off" and target.group == "floor"):
                continue
            url = server.base + target.path
            if options.prime_seconds:
                load.run(url, options.concurrency, options.prime_seconds)
                server.wait_until_idle()
            else:
                load.fetch(url)
            figures[target.key] = load.run(url, options.concurrency, options.duration)
            server.wait_until_idle()
            log(f"  {cache or 'warm'} {target.key:14} {figures[target.key]['rps']:8.1f} rps")
        answers = [load.fetch(server.base + long_query_path()) for _ in range(3)]
        figures["search_100k"] = {
            "status": max(status for status, _ms, _body in answers),
            "ms": round(statistics.median(ms for _status, ms, _body in answers), 1),
        }
    return figures


def page_count():
    from wagtail.models import Page

    return Page.objects.filter(depth__gte=2).count()


def grow_to(pages, log, search_index=True):
    """Add pages of the benchmark's shapes until the site has about ``pages`` pages."""
    from bench.build_site import PAGES_PER_SCALE

    missing = pages - page_count()
    if missing > 0:
        return build(missing / PAGES_PER_SCALE, log, demo=False, search_index=search_index)
    return {}


def delta_cost(client, size, log, seed):
    """Time a delta of ``DELTA_EDITS`` changes on the site grown to ``size`` pages."""
    log(f"sync scaling: a {DELTA_EDITS}-change delta on {size} pages")
    grow_to(size, log, search_index=False)
    path = prepare_delta(client, seed=seed)
    if not path:
        return None
    return {"pages": page_count(), **time_delta(client, path, repeats=15)}


def standard_passes(options, client, targets, log):
    """Issue #6's run: SQL queries per request, then the cold and warm load passes."""
    delta = next(target for target in targets if target.key == "sync_delta")
    log("walking a full sync and publishing edits for the delta")
    delta.path = prepare_delta(client)
    if delta.path:
        delta.status = count_queries(client, delta.path)[0]
    sections = {"sync_delta": describe_delta(client, delta.path) if delta.status == 200 else None}
    log("counting SQL queries per request")
    sections["queries"] = measure_queries(client, targets)
    sections["long_query_in_process"] = time_long_query_in_process(client)
    clear_cache()

    from django.db import connections

    connections.close_all()
    log(f"load: {options.concurrency} connections, {options.duration} s per URL, cold pass")
    sections["cold"] = load_pass(options, targets, "off", log)
    clear_cache()
    log("warm pass")
    sections["warm"] = load_pass(options, targets, "", log)
    return sections


def main(argv=None):
    options = parse_args(argv)
    started = time.perf_counter()

    def log(message):
        print(f"[{time.perf_counter() - started:5.0f} s] {message}", flush=True)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the clean-up, as Ctrl-C does
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    for problem in packages.ensure(packages.WRK, log=log):
        log(f"{problem}: falling back to a Python load loop")
    database_url = choose_database()
    log(f"database {database_url}, workers {options.workers}, scale {options.scale}")
    build_info = setup_django(options, database_url, log)
    log("migrated" if "migrate_s" in build_info else "reusing the database")
    # Before the first request: whitenoise indexes the static folder when it starts.
    collect_static()
    client = test_client()
    sections = {}
    scaling = {}
    if not options.reuse_db:
        if options.sync_scaling and options.standard:
            from bench.build_site import PAGES_PER_SCALE

            # Smallest site first: the demo, grown to the small size, timed, then grown on.
            build_info.update(build(0, log))
            small = SYNC_SCALING_SIZES[0]
            scaling[str(small)] = delta_cost(client, small, log, seed=1)
            build_info.update(grow_to(build_info["pages"] + options.scale * PAGES_PER_SCALE, log))
        else:
            build_info.update(build(options.scale, log))
    build_info["pages"] = page_count()

    targets = discover_targets()
    if options.standard or options.profile:
        for target in targets:
            if target.path:
                target.status = count_queries(client, target.path)[0]
        log("in-process CPU per uncached request")
        sections["cpu"] = profiling.cpu_per_url(targets, options.cpu_repeats)
    if options.profile:
        log("in-process CPU by step")
        sections["steps"] = profiling.cpu_by_step(targets, options.cpu_repeats)
        log("profiling uncached requests (pyinstrument)")
        sections["profile"] = profiling.profile_urls(targets, WORK_DIR / "profiles")
    if options.standard:
        sections.update(standard_passes(options, client, targets, log))
        if scaling:
            large = SYNC_SCALING_SIZES[1]
            scaling[str(large)] = delta_cost(client, large, log, seed=5)
            # The fastest of 15 requests: the least interference from the rest of the machine.
            timings = [scaling[str(size)] and scaling[str(size)]["min_ms"] for size in SYNC_SCALING_SIZES]
            scaling["ratio"] = round(timings[1] / timings[0], 2) if all(timings) else None
        sections["sync_scaling"] = scaling
    if options.editing:
        from bench import editing

        sections["editing"] = editing.run(options, log)
    if options.cluster:
        from bench import cluster

        sections["cluster"] = cluster.run(options, database_url, log)

    results = report.assemble(
        options=options,
        database_url=database_url,
        build=build_info,
        targets=targets,
        sections=sections,
        servers=SERVER_MEMORY,
        elapsed_s=round(time.perf_counter() - started),
        date=datetime.datetime.now().astimezone().isoformat(timespec="minutes"),
    )
    text = report.write(results, BENCH_DIR)
    print()
    print(text)


if __name__ == "__main__":
    main()
