"""The benchmark's results: one JSON document, and markdown with a section per part of the
run (the standard passes, in-process CPU, the profile, editing, the cluster), every gunicorn
worker's peak memory, the issues' targets (held or not, with figures) and the machine."""

import json
import os
import platform
from pathlib import Path
from urllib.parse import urlsplit

from bench.profiling import CPU_TARGET_KEYS, CPU_TARGET_MS, STEPS

PAGE_KEYS = ("home", "news_index", "news_page", "legal_eye", "search", "finder")
WORKER_MEMORY_TARGET_MB = 150


def machine():
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in read_lines("/proc/cpuinfo")
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    memory_kb = next(
        (int(line.split()[1]) for line in read_lines("/proc/meminfo") if line.startswith("MemTotal")), 0
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    import django
    import wagtail

    return {
        "cores": os.cpu_count(),
        "ram_gib": round(memory_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": database,
        "cache": "Redis" if os.environ.get("REDIS_URL") else "local memory (per worker)",
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }


def read_lines(path):
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def ratio(numerator, denominator):
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 2)


def assemble(options, database_url, build, targets, sections, servers, elapsed_s, date):
    """One document for every part of the run that took place (``sections``), with each
    gunicorn server's workers' peak memory and the targets checked."""
    results = {
        "date": date,
        "machine": machine(),
        "parameters": {
            "scale": "as last run (--reuse-db)" if options.reuse_db else options.scale,
            "concurrency": options.concurrency,
            "duration_s": options.duration,
            "workers": options.workers,
            "smoke": options.smoke,
            "modes": [
                mode
                for mode, ran in (
                    ("standard", options.standard),
                    ("profile", options.profile),
                    ("editing", options.editing),
                    ("cluster", options.cluster),
                )
                if ran
            ],
            "database": urlsplit(database_url)
            ._replace(netloc=urlsplit(database_url).hostname or "")
            .geturl(),
        },
        "build": build,
        "elapsed_s": elapsed_s,
    }
    if "warm" in sections:
        results.update(standard_figures(targets, sections))
    for name in ("cpu", "steps", "profile", "editing", "cluster"):
        if name in sections:
            results[name] = sections[name]
    results["memory"] = memory_figures(servers)
    results["parameters"]["load_tool"] = load_tool(results)
    results["targets"] = check_targets(results)
    return results


def standard_figures(targets, sections):
    cold, warm, queries = sections["cold"], sections["warm"], sections["queries"]
    floor_rps = warm.get("floor", {}).get("rps")
    urls = {}
    for target in targets:
        entry = {"label": target.label, "path": target.path, "group": target.group, "status": target.status}
        if target.status == 200:
            entry["cold"] = cold.get(target.key)
            entry["warm"] = warm.get(target.key)
            entry["queries"] = queries.get(target.key)
        urls[target.key] = entry
    for target in targets:
        entry = urls[target.key]
        if target.status != 200:
            continue
        stock = urls.get(target.stock, {}) if target.stock else {}
        for phase in ("cold", "warm"):
            rps = (entry.get(phase) or {}).get("rps")
            entry.setdefault("ratio_to_floor", {})[phase] = ratio(rps, floor_rps)
            if stock.get(phase):
                entry.setdefault("ratio_to_stock", {})[phase] = ratio(rps, stock[phase]["rps"])
    return {
        "urls": urls,
        "search_100k": {
            "cold_http": cold.get("search_100k"),
            "warm_http": warm.get("search_100k"),
            "in_process": sections["long_query_in_process"],
        },
        "sync_delta": sections.get("sync_delta"),
        "sync_scaling": sections.get("sync_scaling"),
    }


def memory_figures(servers):
    """Every worker of every gunicorn the run started, with its peak resident size (VmHWM)
    over the server's whole life."""
    workers = [worker for server in servers for worker in server["workers"]]
    return {
        "servers": servers,
        "workers": len(workers),
        "peak_mb": max((worker["peak_mb"] for worker in workers), default=None),
    }


def load_tool(results):
    tools = set()
    for entry in results.get("urls", {}).values():
        tools.update((entry.get(phase) or {}).get("tool") for phase in ("cold", "warm"))
    for entry in (results.get("editing") or {}).get("urls", {}).values():
        tools.add(entry.get("tool"))
    for entry in (results.get("cluster") or {}).get("throughput", {}).values():
        tools.add((entry or {}).get("tool"))
    tools.discard(None)
    return ", ".join(sorted(tools)) or "none"


def check_targets(results):
    """Every target of issues #6 and #15 that this run measured: whether it holds, with the
    figures that say so. ``holds`` is None where the run could not tell."""
    checks = []

    def check(name, holds, figures):
        checks.append({"target": name, "holds": holds, "figures": figures})

    if "urls" in results:
        standard_checks(results, check)
    if "cpu" in results:
        cpu = results["cpu"]
        measured = {key: cpu[key]["cpu_median_ms"] for key in CPU_TARGET_KEYS if key in cpu}
        check(
            f"uncached news page, Legal Eye article, API detail: median in-process CPU <= {CPU_TARGET_MS} ms",
            bool(measured) and all(value <= CPU_TARGET_MS for value in measured.values()),
            ", ".join(f"{key} {value} ms" for key, value in measured.items()) or "not measured",
        )
    if "editing" in results:
        editing_checks(results["editing"], check)
    if "cluster" in results:
        cluster_checks(results["cluster"], check)
    memory = results["memory"]
    if memory["workers"]:
        over = [
            f"{server['server']} pid {worker['pid']} {worker['peak_mb']} MB"
            for server in memory["servers"]
            for worker in server["workers"]
            if worker["peak_mb"] >= WORKER_MEMORY_TARGET_MB
        ]
        check(
            f"every gunicorn worker's peak memory (VmHWM) < {WORKER_MEMORY_TARGET_MB} MB, whole run",
            not over,
            f"largest {memory['peak_mb']} MB over {memory['workers']} workers"
            + (f"; over: {', '.join(over)}" if over else ""),
        )
    return checks


def standard_checks(results, check):
    urls = {key: entry for key, entry in results["urls"].items() if entry["status"] == 200}
    ours = {key: entry for key, entry in urls.items() if entry["group"] == "ours"}
    listing = urls.get("api_listing")
    if listing and listing.get("ratio_to_stock"):
        times = listing["ratio_to_stock"]["cold"]
        check(
            f"uncached API listing >= 10x stock v2 requests/s ({results['machine']['database']})",
            bool(times and times >= 10),
            f"{times}x" if times else "stock answered no request in time",
        )
        by_limit = listing["queries"].get("by_limit", {})
        constant = len(set(by_limit.values())) == 1 and max(by_limit.values()) <= 12
        stock_by_limit = urls.get("stock_listing", {}).get("queries", {}).get("by_limit", {})
        check(
            "API listing: <= 12 queries, same for limit 5 and 20",
            constant,
            f"ours {by_limit}, stock {stock_by_limit}",
        )
    slow_warm = {
        key: (entry["ratio_to_floor"]["warm"], entry["queries"]["warm"])
        for key, entry in ours.items()
        if (entry["ratio_to_floor"]["warm"] or 0) < 0.6 or entry["queries"]["warm"] != 0
    }
    check(
        "warm cache: >= 60% of the floor's requests/s, zero queries (every URL)",
        not slow_warm,
        "misses (ratio to floor, queries): " + ", ".join(f"{key} {value}" for key, value in slow_warm.items())
        if slow_warm
        else "all hold",
    )
    heavy = {
        key: urls[key]["queries"]["cold"]
        for key in (*PAGE_KEYS, "api_detail")
        if key in urls and urls[key]["queries"]["cold"] > 15
    }
    check(
        "pages and API detail: <= 15 queries cold",
        not heavy,
        f"over: {heavy}" if heavy else "all hold",
    )
    for phase, limit in (("warm", 100), ("cold", 300)):
        slow = {
            key: entry[phase]["p99_ms"] or "none finished"
            for key, entry in ours.items()
            if entry[phase]["p99_ms"] is None or entry[phase]["p99_ms"] >= limit
        }
        check(f"p99 < {limit} ms {phase} (every URL)", not slow, f"over: {slow}" if slow else "all hold")
    scaling = results.get("sync_scaling")
    if scaling and scaling.get("ratio") is not None:
        check(
            "delta sync of 10 changes: 10,000 pages <= 1.5x 1,000 pages",
            scaling["ratio"] <= 1.5,
            f"{scaling['ratio']}x",
        )
    else:
        check("delta sync of 10 changes: 10,000 pages <= 1.5x 1,000 pages", None, "not run (--sync-scaling)")
    long_query = results["search_100k"]
    timings = [part["ms"] for part in long_query.values() if part and part.get("status")]
    check(
        "100,000-character search well under 1 s, never a 5xx",
        bool(timings)
        and max(timings) < 1000
        and all(part["status"] < 500 for part in long_query.values() if part),
        ", ".join(f"{name} {part['status']} in {part['ms']} ms" for name, part in long_query.items() if part),
    )


def editing_checks(editing, check):
    if editing.get("skipped"):
        check("while an editor publishes: the editing run", None, editing["skipped"])
        return
    totals = editing["totals"]
    unrelated = editing["unrelated"]
    caveat = "" if unrelated["verified"] else f" (but these changed with the edits: {unrelated['changed']})"
    check(
        f"while an editor publishes every {editing['publish_every_s']} s: >= 90% cache hits "
        "for readers of unrelated pages",
        totals["hit_ratio"] is not None and totals["hit_ratio"] >= 0.9 and unrelated["verified"],
        f"{percent(totals['hit_ratio'])} hits ({totals['hits']:,} of {totals['requests']:,}), "
        f"{totals['misses']:,} misses, {editing['publishes']['acknowledged']} publishes" + caveat,
    )
    slow = {
        key: entry["p99_ms"]
        for key, entry in editing["urls"].items()
        if entry["p99_ms"] is None or entry["p99_ms"] >= 100
    }
    check(
        "while an editor publishes: warm p99 < 100 ms (every reader URL)",
        not slow and bool(editing["urls"]),
        f"over: {slow}"
        if slow
        else "all hold: "
        + ", ".join(f"{key} {entry['p99_ms']} ms" for key, entry in editing["urls"].items()),
    )


def cluster_checks(cluster, check):
    if cluster.get("skipped"):
        check("scale-out: the cluster run", None, cluster["skipped"])
        return
    for item in cluster["checks"]:
        check(item["target"], item["holds"], item["figures"])


def percent(value):
    return "—" if value is None else f"{value * 100:.1f}%"


def number(value, digits=0):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}" if value >= 100 or digits == 0 else f"{value:.{digits}f}"


def pair(entry, field, digits=0):
    values = [(entry.get(phase) or {}).get(field) for phase in ("cold", "warm")]
    return " / ".join(number(value, digits) for value in values)


def table(results):
    def ratios(values):
        return pair({"cold": {"r": values.get("cold")}, "warm": {"r": values.get("warm")}}, "r", 2)

    lines = [
        "| URL | rps cold | rps warm | p50 ms cold / warm | p99 ms cold / warm | queries cold / warm "
        "| × stock cold / warm | × floor cold / warm | failed |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for entry in results["urls"].values():
        if entry["status"] != 200:
            reason = "not there yet" if entry["status"] in (0, 404) else f"answers {entry['status']}"
            lines.append(f"| {entry['label']} | n/a ({reason}) | | | | | | | |")
            continue
        cold, warm = entry.get("cold") or {}, entry.get("warm") or {}
        queries = entry.get("queries") or {}
        stock = entry.get("ratio_to_stock")
        floor = entry.get("ratio_to_floor") or {}
        failed = (cold.get("failed") or 0) + (warm.get("failed") or 0)
        lines.append(
            f"| {entry['label']} | {number(cold.get('rps'))} | {number(warm.get('rps'))} "
            f"| {pair(entry, 'p50_ms', 1)} | {pair(entry, 'p99_ms', 1)} "
            f"| {queries.get('cold', '—')} / {queries.get('warm', '—')} "
            f"| {ratios(stock) if stock else ''} | {ratios(floor)} "
            f"| {failed or ''} |"
        )
    return "\n".join(lines)


def render(results):
    machine, parameters, build = results["machine"], results["parameters"], results["build"]
    parts = [
        f"## Benchmark results, {results['date']}",
        "",
        f"Machine: {machine['cores']} cores, {machine['ram_gib']} GiB RAM, {machine['cpu']}; "
        f"Python {machine['python']}, Django {machine['django']}, Wagtail {machine['wagtail']}; "
        f"{machine['database']}; cache: {machine['cache']}; load average at the end "
        f"{machine['load_average']:.2f}.",
        f"Run: {', '.join(parameters['modes'])}; scale {parameters['scale']} "
        f"({build.get('pages', '?')} pages), "
        f"gunicorn {parameters['workers']} sync workers, {parameters['load_tool']} with "
        f"{parameters['concurrency']} connections for {parameters['duration_s']} s per URL and pass; "
        f"{results['elapsed_s']} s in all.",
    ]
    if "urls" in results:
        parts += ["", *render_standard(results)]
    if "cpu" in results:
        parts += ["", *render_cpu(results["cpu"])]
    if "steps" in results:
        parts += ["", *render_steps(results["steps"])]
    if "profile" in results:
        parts += ["", *render_profile(results["profile"])]
    if "editing" in results:
        parts += ["", *render_editing(results["editing"])]
    if "cluster" in results:
        parts += ["", *render_cluster(results["cluster"])]
    parts += ["", *render_memory(results["memory"])]
    parts += ["", render_targets(results["targets"])]
    return "\n".join(parts) + "\n"


def render_targets(checks):
    lines = ["| target (issues #6, #15) | holds | figures |", "|---|---|---|"]
    for check in checks:
        holds = {True: "yes", False: "**no**", None: "not run"}[check["holds"]]
        lines.append(f"| {check['target']} | {holds} | {check['figures']} |")
    return "\n".join(lines)


def render_standard(results):
    long_query = results["search_100k"]
    scaling = results.get("sync_scaling")
    parts = [
        table(results),
        "",
        "Cold: the page and API response caches off, every response rendered afresh. Warm: them on, primed. "
        "Queries: the first request after the cache is cleared, and the next; not counting the "
        "content-version read, which a process makes at most twice a second (none with Redis). "
        "× floor: requests/s over the trivial JSON view's warm requests/s.",
        "",
        "- Search with a 100,000-character query: "
        + ", ".join(
            f"{name.replace('_', ' ')} {part['status']} in {part['ms']} ms"
            for name, part in long_query.items()
            if part
        )
        + ".",
    ]
    delta = results.get("sync_delta")
    if delta:
        parts.append(
            f"- The sync delta after {delta['edits']} published edits answers {delta['updated']} updated and "
            f"{delta['deleted']} deleted pages on its first page (has_more: {delta['has_more']}): pages "
            "that show an edited page change with it."
        )
    if scaling:
        parts.append(
            "- Delta sync of 10 changes: "
            + ", ".join(
                f"{value['pages']} pages: {value['min_ms']} ms fastest, {value['median_ms']} ms median, "
                f"{value['queries']} queries, {value['updated']} pages updated"
                for key, value in scaling.items()
                if key != "ratio" and value
            )
            + f"; ratio of the fastest {scaling.get('ratio')}x."
        )
    else:
        parts.append(
            "- Delta sync on 1,000 vs 10,000 pages: not run (`make bench BENCH_ARGS=--sync-scaling`)."
        )
    return parts


def render_cpu(cpu):
    parts = [
        "### In-process CPU per uncached request",
        "",
        "| URL | CPU ms, median | CPU ms, least | wall ms, median | requests |",
        "|---|--:|--:|--:|--:|",
    ]
    for key, entry in cpu.items():
        marker = f" (target <= {CPU_TARGET_MS} ms)" if key in CPU_TARGET_KEYS else ""
        parts.append(
            f"| {entry['label']}{marker} | {entry['cpu_median_ms']} | {entry['cpu_min_ms']} "
            f"| {entry['wall_median_ms']} | {entry['repeats']} |"
        )
    parts += [
        "",
        "Through Django's WSGI handler in the benchmark's process, response caches off, after "
        "warm-up requests and a full garbage collection; CPU is this process's only (the "
        "database server's is not counted).",
    ]
    return parts


def render_steps(steps):
    keys = list(steps)
    if not keys:
        return []
    names = [name for name in STEPS if any(name in entry["steps"] for entry in steps.values())]
    parts = [
        "### In-process CPU by step (ms per uncached request)",
        "",
        "| step | " + " | ".join(steps[key]["label"] for key in keys) + " |",
        "|---|" + "--:|" * len(keys),
        "| CPU in all | " + " | ".join(str(steps[key]["cpu_ms"]) for key in keys) + " |",
    ]
    for name in names:
        parts.append(
            f"| {name} | " + " | ".join(str(steps[key]["steps"].get(name, "—")) for key in keys) + " |"
        )
    parts += [
        "",
        "Each step timed (CPU) by wrapping the functions that do it, averaged over the requests, "
        "after a full garbage collection; SQL runs inside the other steps.",
    ]
    return parts


def render_profile(profile):
    urls = profile["urls"]
    if not urls:
        return ["### Profile of uncached requests", "", "Nothing profiled."]
    keys = list(urls)
    layer_names = []
    for entry in urls.values():
        layer_names += [layer["name"] for layer in entry["layers"] if layer["name"] not in layer_names]
    parts = [
        f"### Profile of uncached requests (pyinstrument, wall clock, {profile['requests_per_url']} "
        "requests per URL)",
        "",
        "| share of time | " + " | ".join(urls[key]["label"] for key in keys) + " |",
        "|---|" + "--:|" * len(keys),
        "| ms per request (profiled, with the profiler's own cost) | "
        + " | ".join(str(urls[key]["ms_per_request"]) for key in keys)
        + " |",
    ]
    for index, phase in enumerate(urls[keys[0]]["phases"]):
        parts.append(
            f"| {phase['name']} | "
            + " | ".join(f"{urls[key]['phases'][index]['percent']}%" for key in keys)
            + " |"
        )
    parts.append("| *by layer (time spent in the layer's own functions):* |" + " |" * len(keys))
    for name in layer_names:
        shares = []
        for key in keys:
            found = next((layer["percent"] for layer in urls[key]["layers"] if layer["name"] == name), 0)
            shares.append(f"{found}%")
        parts.append(f"| {name} | " + " | ".join(shares) + " |")
    for key in keys:
        entry = urls[key]
        parts += [
            "",
            f"{entry['label']}: the most time spent in the function itself: "
            + "; ".join(f"{item['name']} {item['percent']}%" for item in entry["functions"][:5])
            + ". Hotspots, calls included: "
            + "; ".join(f"{item['name']} {item['percent']}%" for item in entry["hotspots"][:6])
            + ".",
        ]
    parts += ["", f"Full profiles (HTML and text): {profile['folder']}."]
    return parts


def render_editing(editing):
    title = "### While an editor publishes (--editing)"
    if editing.get("skipped"):
        return [title, "", f"Not run: {editing['skipped']}."]
    publishes = editing["publishes"]
    totals = editing["totals"]
    unrelated = editing["unrelated"]
    parts = [
        title,
        "",
        f"{editing['seconds']} s: an editor signed in to the admin publishes a news item every "
        f"{editing['publish_every_s']} s ({publishes['acknowledged']} of {publishes['attempted']} publishes "
        f"acknowledged, median {publishes['median_ms']} ms, slowest {publishes['max_ms']} ms), "
        f"while readers load unrelated pages on {editing['connections']} connections; "
        f"cache: {editing['cache']}.",
        "",
        "| reader URL | requests | rps | p50 ms | p99 ms | cache hits | misses | no cache header | failed |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for entry in editing["urls"].values():
        parts.append(
            f"| {entry['label']} | {entry['requests']:,} | {number(entry['rps'])} "
            f"| {number(entry['p50_ms'], 1)} | {number(entry['p99_ms'], 1)} | {entry['hits']:,} "
            f"| {entry['misses']:,} | {entry['uncached']:,} | {entry['failed'] or ''} |"
        )
    parts += [
        "",
        f"- Hits: {percent(totals['hit_ratio'])} of reader requests; {totals['misses_per_publish']} misses "
        "per publish (pages rendered again although the edit did not change them).",
        "- Unrelated, checked: "
        + (
            "each reader URL answers the same bytes before and after the edits."
            if unrelated["verified"]
            else "these answered differently after the edits, so they are not unrelated: "
            f"{unrelated['changed']}."
        ),
    ]
    return parts


def render_cluster(cluster):
    title = "### Two app nodes behind nginx and Varnish (--cluster)"
    if cluster.get("skipped"):
        return [title, "", f"Not run: {cluster['skipped']}."]
    parts = [title, "", cluster["description"], ""]
    rounds = cluster["publish"]["rounds"]
    parts += [
        "| publish | acknowledged after ms | page through Varnish | API detail through Varnish "
        "| page on node B | news index through Varnish |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for number_, entry in enumerate(rounds, start=1):
        parts.append(
            f"| {number_} | {entry['ack_ms']} | {seen(entry['varnish_page_ms'])} "
            f"| {seen(entry['varnish_api_ms'])} | {seen(entry['node_b_ms'])} "
            f"| {seen(entry['varnish_index_ms'])} |"
        )
    parts += [
        "",
        "Milliseconds from the admin's answer to the publish until the new title was first seen "
        f"(polled every {cluster['publish']['poll_ms']} ms, for at most {cluster['publish']['wait_s']} s).",
        "",
        "| through Varnish | rps | p50 ms | p99 ms | failed |",
        "|---|--:|--:|--:|--:|",
    ]
    for entry in cluster["throughput"].values():
        parts.append(
            f"| {entry['label']} | {number(entry['rps'])} | {number(entry['p50_ms'], 1)} "
            f"| {number(entry['p99_ms'], 1)} | {entry['failed'] or ''} |"
        )
    counters = cluster.get("varnish_counters") or {}
    if counters:
        parts += [
            "",
            f"Varnish's own counters over the throughput runs: {counters.get('cache_hit', 0):,} hits, "
            f"{counters.get('cache_miss', 0):,} misses, {counters.get('s_pass', 0):,} passed to the app. "
            f"nginx passed {cluster['requests_per_node']['A']:,} requests to node A and "
            f"{cluster['requests_per_node']['B']:,} to node B over the whole run.",
        ]
    parts += ["", "Checks:"]
    parts += [
        f"- {'holds' if item['holds'] else 'DOES NOT HOLD'}: {item['check']}: {item['detail']}"
        for item in cluster["details"]
    ]
    return parts


def seen(milliseconds):
    return "not within the wait" if milliseconds is None else f"{milliseconds:,}"


def render_memory(memory):
    parts = [
        "### Worker memory",
        "",
        "| gunicorn | workers' peak resident size (VmHWM), MB | resident at the end, MB |",
        "|---|---|---|",
    ]
    for server in memory["servers"]:
        parts.append(
            f"| {server['server']} | {', '.join(str(worker['peak_mb']) for worker in server['workers'])} "
            f"| {', '.join(str(worker['rss_mb']) for worker in server['workers'])} |"
        )
    return parts


def write(results, directory):
    directory = Path(directory)
    (directory / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    text = render(results)
    (directory / "results.md").write_text(text)
    return text
