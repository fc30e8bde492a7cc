"""After the soak: the figures (requests, answers by class, latency by phase, recovery) and the
checks, from the clients' records and from the database, as a table and as JSON.

A request belongs to a fault window when its time in flight overlaps it: from the moment the
server is stopped until it is back, plus ``GRACE_S``."""

from collections import Counter, defaultdict

from bench import load
from bench.soak.preparation import marker_in

GRACE_S = 2.0
MAX_RECOVERY_S = 10.0
POSTGRES_OUTAGE = "PostgreSQL outage"
REDIS_OUTAGE = "Redis outage"
PHASES = ("normal", POSTGRES_OUTAGE, REDIS_OUTAGE)
# Answers that always come from the database (the page cache passes the probe through).
DATABASE_KINDS = frozenset({"recovery probe", "admin publish", "admin draft", "admin sign-in"})


def status_class(status):
    return "no answer" if status == 0 else f"{status // 100}xx"


def status_classes(samples):
    return dict(sorted(Counter(status_class(sample.status) for sample in samples).items()))


def latency(samples):
    durations = sorted((sample.ended - sample.started) * 1000 for sample in samples)
    if not durations:
        return {"p50_ms": None, "p99_ms": None}
    return {
        "p50_ms": round(load.percentile(durations, 50), 1),
        "p99_ms": round(load.percentile(durations, 99), 1),
    }


def fault_windows(events):
    windows = {}
    for name, prefix in ((POSTGRES_OUTAGE, "postgres"), (REDIS_OUTAGE, "redis")):
        if f"{prefix}_stop" in events and f"{prefix}_back" in events:
            windows[name] = (events[f"{prefix}_stop"], events[f"{prefix}_back"] + GRACE_S)
    return windows


def phase_of(record, windows):
    """The fault window a sample or save overlaps, or "normal"."""
    for name, (start, end) in windows.items():
        if record.started <= end and record.ended >= start:
            return name
    return "normal"


def describe(sample):
    return f"{sample.kind} {status_class(sample.status)} at {sample.started:.1f}-{sample.ended:.1f} s"


def is_unexpected(sample):
    """An answer that is neither a failure nor what the client asked for: readers expect
    200, the admin answers with redirects."""
    return not sample.failed and not (sample.kind.startswith("admin") or sample.status == 200)


def traffic_figures(recorder):
    """Requests by kind and by phase, and the failures (5xx or no answer) by fault window."""
    windows = fault_windows(recorder.events)
    phases = {sample: phase_of(sample, windows) for sample in recorder.samples}
    by_kind = defaultdict(list)
    by_phase = defaultdict(list)
    for sample in recorder.samples:
        by_kind[sample.kind].append(sample)
        by_phase[phases[sample]].append(sample)

    def failed_in(phase):
        return [describe(sample) for sample in by_phase[phase] if sample.failed]

    return {
        "windows_s": {name: [round(start, 2), round(end, 2)] for name, (start, end) in windows.items()},
        "requests": len(recorder.samples),
        "statuses": status_classes(recorder.samples),
        "by_kind": {
            kind: {"requests": len(samples), "statuses": status_classes(samples), **latency(samples)}
            for kind, samples in sorted(by_kind.items())
        },
        "by_phase": {
            phase: {
                "requests": len(by_phase[phase]),
                "failed": sum(1 for sample in by_phase[phase] if sample.failed),
                "statuses": status_classes(by_phase[phase]),
                **latency(by_phase[phase]),
            }
            for phase in PHASES
        },
        "failed_outside_faults": failed_in("normal"),
        "failed_in_redis_outage": failed_in(REDIS_OUTAGE),
        "unexpected_answers": [describe(sample) for sample in recorder.samples if is_unexpected(sample)],
        "postgres": postgres_figures(recorder, phases),
    }


def postgres_figures(recorder, phases):
    """How long PostgreSQL was down, how soon after it was back an answer that needs the
    database succeeded, and when the last failure of the outage ended."""
    events = recorder.events
    if "postgres_back" not in events:
        return {}
    stopped, back = events["postgres_stopped"], events["postgres_back"]
    failed = [sample for sample in recorder.samples if sample.failed and phases[sample] == POSTGRES_OUTAGE]
    # Sent once the server was down and answered from the database: answered after the restart.
    recovered = [
        sample.ended
        for sample in recorder.samples
        if sample.kind in DATABASE_KINDS and not sample.failed and sample.started >= stopped
    ]
    return {
        "down_s": round(back - events["postgres_stop"], 2),
        "recovery_s": round(min(recovered) - back, 2) if recovered else None,
        "failed_in_outage": len(failed),
        "last_failure_after_back_s": round(max([sample.ended - back for sample in failed] + [0.0]), 2),
    }


def save_figures(recorder):
    saves = recorder.saves
    windows = fault_windows(recorder.events)
    acknowledged = [save for save in saves if save.acknowledged]
    back = recorder.events.get("postgres_back", float("inf"))
    return {
        "attempted": len(saves),
        "acknowledged": len(acknowledged),
        "acknowledged_publishes": sum(1 for save in acknowledged if save.action == "publish"),
        "acknowledged_drafts": sum(1 for save in acknowledged if save.action == "draft"),
        "acknowledged_after_postgres_back": sum(1 for save in acknowledged if save.started >= back),
        "acknowledged_in_redis_outage": sum(
            1 for save in acknowledged if phase_of(save, windows) == REDIS_OUTAGE
        ),
        "failed": sum(1 for save in saves if save.status == 0 or save.status >= 500),
        "refused": [
            f"{save.marker}: {save.status} {save.location}"
            for save in saves
            if not save.acknowledged and 0 < save.status < 500
        ],
    }


def landed_revisions(before):
    """{revision id: marker} of the page revisions created since ``before``."""
    from wagtail.models import Revision

    revisions = Revision.page_revisions.filter(pk__gt=before["revision"]).values_list("pk", "content__title")
    return {revision_id: marker_in(title) for revision_id, title in revisions}


def database_figures(recorder, before, page_ids):
    """What the database holds after the soak, compared save by save with what the editors
    were told: the revisions, the audit log and the sync change log."""
    from wagtail.models import PageLogEntry

    from cms.content.models import Change

    saves = {save.marker: save for save in recorder.saves}
    acknowledged = {marker for marker, save in saves.items() if save.acknowledged}
    acknowledged_publishes = {marker for marker in acknowledged if saves[marker].action == "publish"}
    revisions = landed_revisions(before)
    landed = Counter(revisions.values())
    entries = list(
        PageLogEntry.objects.filter(pk__gt=before["log_entry"]).values_list(
            "action", "revision_id", "page_id"
        )
    )

    def markers_logged(action):
        return {revisions.get(revision_id, "?") for logged, revision_id, _page in entries if logged == action}

    publishes_by_page = Counter(page for action, _revision, page in entries if action == "wagtail.publish")
    changes_by_page = Counter(
        Change.objects.filter(
            pk__gt=before["content_change"], kind="page", event="published", object_id__in=page_ids
        ).values_list("object_id", flat=True)
    )
    return {
        "revisions_added": len(revisions),
        "log_entries_added": dict(sorted(Counter(action for action, _revision, _page in entries).items())),
        "missing_revisions": sorted(acknowledged - set(landed)),
        "duplicate_revisions": sorted(marker for marker, count in landed.items() if count > 1),
        "unacknowledged_revisions": sorted(set(landed) - acknowledged),
        "missing_edit_entries": sorted(acknowledged - markers_logged("wagtail.edit")),
        "missing_publish_entries": sorted(acknowledged_publishes - markers_logged("wagtail.publish")),
        "unacknowledged_publish_entries": sorted(markers_logged("wagtail.publish") - acknowledged_publishes),
        # Per page: publishes in the audit log minus published rows in the sync change log.
        "change_log_mismatches": {
            page_id: publishes_by_page[page_id] - changes_by_page[page_id]
            for page_id in page_ids
            if publishes_by_page[page_id] != changes_by_page[page_id]
        },
    }


def live_figures(page_ids, api_titles):
    """Each edited page's live title, its live revision's title, and the title the API serves."""
    from wagtail.models import Page

    pages = {}
    for page in Page.objects.filter(pk__in=page_ids).select_related("live_revision"):
        pages[page.pk] = {
            "title": page.title,
            "live_revision_title": page.live_revision.content.get("title") if page.live_revision else None,
            "api_title": api_titles.get(page.pk),
        }
    stale = {
        page_id: page
        for page_id, page in pages.items()
        if not page["title"] == page["live_revision_title"] == page["api_title"]
    }
    return {"pages": len(pages), "stale": stale}


def checks(results):
    """(name, held, detail) for every check the soak makes."""
    traffic, saves, database, live = (results[key] for key in ("traffic", "saves", "database", "live"))
    postgres = traffic["postgres"]
    recovery = postgres.get("recovery_s")
    entries = database["log_entries_added"]
    edits, publishes = entries.get("wagtail.edit", 0), entries.get("wagtail.publish", 0)
    return [
        (
            "no 5xx or unanswered request outside the fault windows",
            not traffic["failed_outside_faults"],
            f"{len(traffic['failed_outside_faults'])}: {traffic['failed_outside_faults'][:5]}",
        ),
        (
            "no 5xx or unanswered request while Redis is down",
            REDIS_OUTAGE in traffic["windows_s"] and not traffic["failed_in_redis_outage"],
            f"{len(traffic['failed_in_redis_outage'])}: {traffic['failed_in_redis_outage'][:5]}",
        ),
        (
            "no unexpected answer (4xx, or a save refused) at any time",
            not traffic["unexpected_answers"] and not saves["refused"],
            f"{traffic['unexpected_answers'][:5]} {saves['refused'][:5]}",
        ),
        (
            f"answers that need the database succeed within {MAX_RECOVERY_S:.0f} s of PostgreSQL "
            "being back, with no restart",
            recovery is not None and recovery <= MAX_RECOVERY_S,
            f"recovery {recovery} s",
        ),
        (
            "editors kept saving after PostgreSQL was back and while Redis was down",
            saves["acknowledged_after_postgres_back"] > 0 and saves["acknowledged_in_redis_outage"] > 0,
            f"{saves['acknowledged_after_postgres_back']} after PostgreSQL was back, "
            f"{saves['acknowledged_in_redis_outage']} while Redis was down",
        ),
        (
            "every acknowledged save is one revision; revisions added == acknowledged saves",
            not database["missing_revisions"]
            and not database["duplicate_revisions"]
            and database["revisions_added"] == saves["acknowledged"],
            f"{database['revisions_added']} revisions for {saves['acknowledged']} acknowledged saves; "
            f"missing {database['missing_revisions']}, duplicated {database['duplicate_revisions']}, "
            f"unacknowledged {database['unacknowledged_revisions']}",
        ),
        (
            "audit log: wagtail.edit == acknowledged saves, wagtail.publish == acknowledged publishes",
            edits == saves["acknowledged"]
            and publishes == saves["acknowledged_publishes"]
            and not database["missing_edit_entries"]
            and not database["missing_publish_entries"],
            f"edit {edits}/{saves['acknowledged']}, publish {publishes}/{saves['acknowledged_publishes']}; "
            f"missing edit {database['missing_edit_entries']}, "
            f"missing publish {database['missing_publish_entries']}, "
            f"unacknowledged publish {database['unacknowledged_publish_entries']}",
        ),
        (
            "every publish is in the sync change log, once",
            not database["change_log_mismatches"],
            f"page: audit-log publishes minus change-log rows {database['change_log_mismatches']}",
        ),
        (
            "each edited page's live title is its last publish, in the database and the API",
            live["pages"] > 0 and not live["stale"],
            f"stale {live['stale']}",
        ),
    ]


def table(results):
    """The figures and the checks as plain text."""
    traffic, saves, database = results["traffic"], results["saves"], results["database"]
    postgres = traffic["postgres"]
    lines = [
        f"Soak: {results['duration_s']:.0f} s of traffic, {results['readers']} readers, "
        f"{results['editors']} editors, {results['workers']} gunicorn workers",
        "",
    ]
    lines += columns(
        "requests by kind",
        [
            (kind, figures, ", ".join(f"{name} {count}" for name, count in figures["statuses"].items()))
            for kind, figures in traffic["by_kind"].items()
        ],
        "answers",
    )
    windows = traffic["windows_s"]
    lines += columns(
        "phase",
        [
            (
                phase,
                figures,
                f"{figures['failed']:8}  "
                + ("{:.1f}-{:.1f}".format(*windows[phase]) if phase in windows else ""),
            )
            for phase, figures in traffic["by_phase"].items()
        ],
        "5xx/none  window (s)",
    )
    lines += [
        f"requests: {traffic['requests']} ("
        + ", ".join(f"{name} {count}" for name, count in traffic["statuses"].items())
        + f"); 5xx or unanswered outside the fault windows {len(traffic['failed_outside_faults'])}, "
        f"during the Redis outage {len(traffic['failed_in_redis_outage'])}",
        f"PostgreSQL: down {postgres.get('down_s')} s; {postgres.get('failed_in_outage')} failed requests, "
        f"the last ending {postgres.get('last_failure_after_back_s')} s after it was back; recovery "
        f"(first answer from the database once it was back) {postgres.get('recovery_s')} s",
        f"saves: {saves['attempted']} attempted, {saves['acknowledged']} acknowledged "
        f"({saves['acknowledged_publishes']} publishes, {saves['acknowledged_drafts']} drafts; "
        f"{saves['acknowledged_after_postgres_back']} after PostgreSQL was back, "
        f"{saves['acknowledged_in_redis_outage']} while Redis was down), {saves['failed']} failed, "
        f"{len(saves['refused'])} refused",
        f"database: {database['revisions_added']} revisions added; log entries "
        + ", ".join(f"{action} {count}" for action, count in database["log_entries_added"].items()),
        "",
    ]
    for name, held, detail in results["checks"]:
        lines.append(f"{'PASS' if held else 'FAIL'}  {name}" + ("" if held else f": {detail}"))
    return "\n".join(lines)


def columns(title, rows, last_heading):
    header = f"{title:22} {'count':>6} {'p50 ms':>9} {'p99 ms':>9}  {last_heading}"
    lines = [header, "-" * len(header)]
    for name, figures, last in rows:
        lines.append(
            f"{name:22} {figures['requests']:6} {number(figures['p50_ms']):>9} "
            f"{number(figures['p99_ms']):>9}  {last}"
        )
    return [*lines, ""]


def number(value):
    return "-" if value is None else f"{value:,.1f}"
