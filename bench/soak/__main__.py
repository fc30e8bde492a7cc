"""`make soak`: readers and editors against gunicorn on production settings, for a fixed time,
while PostgreSQL is restarted and Redis is stopped; then checks that the app recovered by
itself, that nothing but the faults caused errors, and that every acknowledged save is in the
database.

    .venv/bin/python -m bench.soak               # 180 s of traffic, about 4 minutes in all
    .venv/bin/python -m bench.soak --short       # CI: 45 s of traffic, about 1.5 minutes in all
    .venv/bin/python -m bench.soak --duration 600 --readers 8 --editors 4

1. Its own PostgreSQL (initdb into a temporary folder, a free port, trust authentication; as
   root it runs as the ``postgres`` user) and its own in-memory Redis, so the faults disturb
   no other database or cache. ``SOAK_POSTGRES_BIN`` names the PostgreSQL binaries' folder
   when they are not in /usr/lib/postgresql/<version>/bin.
2. A migrated database with the demo content, editor accounts in Wagtail's Moderators group,
   gunicorn with ``bench.settings`` (production settings on 127.0.0.1, Redis as the cache).
3. Readers (threads) request the home page, the news index, a news page, search, an API
   listing with ``fields=*``, an API detail and ``/api/v2/sync/`` in turn. Editors sign in to
   the admin and save and publish their own news pages through the edit view; each save's
   title carries a unique marker. An acknowledged save is the admin's redirect after a
   successful publish (to the parent's page listing) or save (back to the edit view).
4. At a third of the time PostgreSQL stops (fast shutdown) and starts again a few seconds
   later (``--postgres-down``); an answer that needs the database must succeed within 10 s of
   it being back, with no restart of the app. At two thirds Redis stops (``--redis-down``)
   and starts again, empty: nothing may fail meanwhile.
5. Afterwards: no 5xx (or unanswered request) outside the fault windows (the outage plus
   2 s) and none during the Redis outage; every acknowledged save is a revision, and the
   revisions, ``wagtail.edit`` and ``wagtail.publish`` log entries and sync change-log rows
   added match the acknowledged saves exactly; every edited page's live title is its last
   publish, in the database and in the API.

It prints a table, writes /tmp/mip-soak/results.json (with gunicorn's, PostgreSQL's and
Redis's logs beside it), removes the servers and their data, and exits 1 when a check fails
(2 when PostgreSQL or Redis is not installed). Ctrl-C or SIGTERM stops everything it started.
"""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from functools import partial
from pathlib import Path

from bench import load
from bench.servers import Server
from bench.soak import figures, preparation, traffic
from bench.soak.services import MissingService, PrivatePostgres, PrivateRedis

SOAK_DIR = Path(tempfile.gettempdir()) / "mip-soak"


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Load with faults: PostgreSQL restarted, Redis stopped.")
    parser.add_argument("--short", action="store_true", help="for CI: 45 s of traffic, shorter outages")
    parser.add_argument("--duration", type=float, help="seconds of traffic (default 180, short 45)")
    parser.add_argument("--readers", type=int, default=4, help="reader threads (default 4)")
    parser.add_argument("--editors", type=int, default=3, help="editors, two news pages each (default 3)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default 2 x cores + 1)")
    parser.add_argument(
        "--postgres-down", type=float, help="seconds PostgreSQL stays down (default 5, short 2)"
    )
    parser.add_argument("--redis-down", type=float, help="seconds Redis stays down (default 30, short 8)")
    options = parser.parse_args(argv)
    options.duration = options.duration or (45 if options.short else 180)
    options.postgres_down = (
        options.postgres_down if options.postgres_down is not None else (2 if options.short else 5)
    )
    options.redis_down = options.redis_down or (8 if options.short else 30)
    options.workers = options.workers or 2 * (os.cpu_count() or 1) + 1
    if options.redis_down >= options.duration / 3:
        parser.error("--redis-down must be under a third of --duration")
    return options


def restart_postgres(postgres, base, recorder, stop, down_seconds):
    """Stop PostgreSQL, keep it down, start it, and leave a probe timing the app's first
    answer that needs the database (in its own thread: the schedule goes on)."""
    recorder.event("postgres_stop")
    postgres.stop(mode="fast")
    recorder.event("postgres_stopped")
    time.sleep(down_seconds)
    postgres.start()
    postgres.wait_until_accepting()
    recorder.event("postgres_back")
    return traffic.in_thread(probe_database, base, recorder, stop)


def probe_database(base, recorder, stop):
    browser = traffic.Browser(base)
    while not stop.is_set():
        started = recorder.now()
        status = browser.fetch_uncached("/")
        recorder.sample("recovery probe", started, status)
        if status == 200:
            recorder.event("postgres_recovered")
            return
        stop.wait(0.05)


def stop_redis(redis, recorder, down_seconds):
    recorder.event("redis_stop")
    redis.stop()
    time.sleep(down_seconds)
    redis.start()
    recorder.event("redis_back")


def soak(options, site, server, postgres, redis, log):
    """Readers and editors for ``options.duration`` seconds, with the two faults on schedule."""
    recorder = traffic.Recorder()
    stop = threading.Event()
    editors = [
        traffic.Editor(username, f"e{number}", password, pages, site.forms, server.base, recorder)
        for number, (username, password, pages) in enumerate(site.editors, start=1)
    ]
    warming = [traffic.in_thread(editor.sign_in, stop) for editor in editors]
    traffic.warm_up(server.base, site.reader_paths, options.workers)
    for thread in warming:
        thread.join()
    if not all(editor.signed_in for editor in editors):
        raise RuntimeError(f"an editor could not sign in to the admin; see {server.log_path}")
    log("warmed up; the clock starts")
    recorder.start()
    threads = [
        traffic.in_thread(traffic.read, server.base, site.reader_paths, recorder, stop, offset)
        for offset in range(options.readers)
    ]
    threads += [traffic.in_thread(editor.run, stop) for editor in editors]
    schedule = [
        (
            1 / 3,
            "restarting PostgreSQL",
            partial(restart_postgres, postgres, server.base, recorder, stop, options.postgres_down),
        ),
        (2 / 3, "stopping Redis", partial(stop_redis, redis, recorder, options.redis_down)),
    ]
    try:
        for fraction, label, fault in schedule:
            stop.wait(max(0.0, fraction * options.duration - recorder.now()))
            log(f"{label} ({len(recorder.samples)} requests so far)")
            threads.append(fault())
        stop.wait(max(0.0, options.duration - recorder.now()))
    finally:
        stop.set()
        deadline = time.monotonic() + traffic.REQUEST_TIMEOUT + 5  # the last requests in flight
        for thread in filter(None, threads):
            thread.join(max(0.0, deadline - time.monotonic()))
    log(f"traffic done: {len(recorder.samples)} requests, {len(recorder.saves)} saves attempted")
    return recorder


def api_titles(base, page_ids):
    titles = {}
    for page_id in page_ids:
        status, _ms, body = load.fetch(f"{base}/api/v2/pages/{page_id}/")
        titles[page_id] = json.loads(body)["title"] if status == 200 else f"(HTTP {status})"
    return titles


def database_heads():
    """The newest revision, log entry and change-log row before the soak: what comes after
    them is the soak's."""
    from django.db.models import Max
    from wagtail.models import PageLogEntry, Revision

    from cms.content.models import Change

    return {
        name: model.objects.aggregate(head=Max("pk"))["head"] or 0
        for name, model in (
            ("revision", Revision),
            ("log_entry", PageLogEntry),
            ("content_change", Change),
        )
    }


class Progress:
    """Progress lines, each with the seconds since the soak began."""

    def __init__(self):
        self.began = time.perf_counter()

    def elapsed(self):
        return round(time.perf_counter() - self.began)

    def __call__(self, message):
        print(f"soak {self.elapsed():4d} s: {message}", flush=True)


def interrupt_on_sigterm(_signal_number, _frame):
    # As Ctrl-C: it unwinds through the clean-up, and nothing on the way swallows it (django-tasks'
    # immediate backend, for one, records a SystemExit as a failed task and carries on).
    raise KeyboardInterrupt


def main(argv=None):
    options = parse_args(argv)
    log = Progress()
    signal.signal(signal.SIGTERM, interrupt_on_sigterm)
    SOAK_DIR.mkdir(parents=True, exist_ok=True)
    with ExitStack() as cleanup:
        folder = Path(tempfile.mkdtemp(prefix="run-", dir=SOAK_DIR))
        cleanup.callback(shutil.rmtree, folder, ignore_errors=True)
        try:
            postgres = cleanup.enter_context(PrivatePostgres(folder, SOAK_DIR / "postgres.log"))
            redis = cleanup.enter_context(PrivateRedis(folder, SOAK_DIR / "redis.log"))
        except MissingService as error:
            print(f"soak: cannot run: {error}", file=sys.stderr)
            return 2
        log(f"PostgreSQL on port {postgres.port}, Redis on port {redis.port} (private to this run)")
        preparation.configure_environment(postgres.url, redis.url, folder)
        site = preparation.prepare(postgres.url, options.editors, log)
        heads = database_heads()

        from django.db import connections

        connections.close_all()  # this process's connection would not survive the restart
        server = Server(options.workers)
        server.log_path = SOAK_DIR / "gunicorn.log"
        server.log_path.unlink(missing_ok=True)
        cleanup.enter_context(server)
        log(f"gunicorn on {server.base} with {options.workers} workers; {options.duration:.0f} s of traffic")
        recorder = soak(options, site, server, postgres, redis, log)

        connections.close_all()
        page_ids = list(site.forms.pages)
        results = {
            "duration_s": options.duration,
            "readers": options.readers,
            "editors": options.editors,
            "workers": options.workers,
            "setup_s": site.timings,
            "events_s": recorder.events,
            "traffic": figures.traffic_figures(recorder),
            "saves": figures.save_figures(recorder),
            "database": figures.database_figures(recorder, heads, page_ids),
            "live": figures.live_figures(page_ids, api_titles(server.base, page_ids)),
        }
        results["checks"] = figures.checks(results)
    results["elapsed_s"] = log.elapsed()
    print()
    print(figures.table(results))
    print(f"\n{results['elapsed_s']} s in all; figures in {SOAK_DIR / 'results.json'}, logs beside it")
    results["checks"] = [
        {"check": name, "held": held, "detail": detail} for name, held, detail in results["checks"]
    ]
    results["saves"]["attempts"] = [save.as_dict() for save in recorder.saves]
    results["samples"] = [
        [sample.kind, sample.started, sample.ended, sample.status] for sample in recorder.samples
    ]
    (SOAK_DIR / "results.json").write_text(json.dumps(results, indent=1))
    return 0 if all(check["held"] for check in results["checks"]) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print(
            "soak: interrupted; the servers it started are stopped and their files removed", file=sys.stderr
        )
        sys.exit(130)
