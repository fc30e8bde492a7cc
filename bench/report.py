"""The benchmark's results: one JSON document, and a markdown table with the ratios, the
issue's targets (held or not, with figures) and the machine it ran on."""

import json
import os
import platform
from pathlib import Path
from urllib.parse import urlsplit

PAGE_KEYS = ("home", "news_index", "news_page", "legal_eye", "search", "finder")


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


def assemble(options, database_url, build, targets, queries, cold, warm, **extra):
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
    results = {
        "date": extra.pop("date"),
        "machine": machine(),
        "parameters": {
            "scale": "as last run (--reuse-db)" if options.reuse_db else options.scale,
            "concurrency": options.concurrency,
            "duration_s": options.duration,
            "workers": options.workers,
            "smoke": options.smoke,
            "database": urlsplit(database_url)
            ._replace(netloc=urlsplit(database_url).hostname or "")
            .geturl(),
            "load_tool": next((figures["tool"] for figures in warm.values() if "tool" in figures), "none"),
        },
        "build": build,
        "urls": urls,
        "search_100k": {
            "cold_http": cold.get("search_100k"),
            "warm_http": warm.get("search_100k"),
            "in_process": extra.pop("long_query_in_process"),
        },
        "memory": {"cold": cold.get("memory"), "warm": warm.get("memory")},
        **extra,
    }
    results["targets"] = check_targets(results)
    return results


def check_targets(results):
    """Issue #6's targets, each with whether it holds and the figures that say so."""
    urls = {key: entry for key, entry in results["urls"].items() if entry["status"] == 200}
    ours = {key: entry for key, entry in urls.items() if entry["group"] == "ours"}
    checks = []

    def check(name, holds, figures):
        checks.append({"target": name, "holds": holds, "figures": figures})

    listing = urls.get("api_listing")
    if listing and listing.get("ratio_to_stock"):
        times = listing["ratio_to_stock"]["cold"]
        check(
            "uncached API listing >= 5x stock v2 requests/s (aim 10x)",
            bool(times and times >= 5),
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
    peak = max((memory or {}).get("peak_mb", 0) for memory in results["memory"].values())
    check("one worker's memory < 150 MB", peak < 150, f"peak {peak} MB (VmHWM)")
    long_query = results["search_100k"]
    timings = [part["ms"] for part in long_query.values() if part and part.get("status")]
    check(
        "100,000-character search well under 1 s, never a 5xx",
        bool(timings)
        and max(timings) < 1000
        and all(part["status"] < 500 for part in long_query.values() if part),
        ", ".join(f"{name} {part['status']} in {part['ms']} ms" for name, part in long_query.items() if part),
    )
    return checks


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
    long_query = results["search_100k"]
    memory = results["memory"]
    scaling = results.get("sync_scaling")
    parts = [
        f"## Benchmark results, {results['date']}",
        "",
        f"Machine: {machine['cores']} cores, {machine['ram_gib']} GiB RAM, {machine['cpu']}; "
        f"Python {machine['python']}, Django {machine['django']}, Wagtail {machine['wagtail']}; "
        f"{machine['database']}; cache: {machine['cache']}; load average at the end "
        f"{machine['load_average']:.2f}.",
        f"Run: scale {parameters['scale']} ({build.get('pages', '?')} pages), "
        f"gunicorn {parameters['workers']} sync workers, {parameters['load_tool']} with "
        f"{parameters['concurrency']} connections for {parameters['duration_s']} s per URL and pass; "
        f"{results['elapsed_s']} s in all.",
        "",
        table(results),
        "",
        "Cold: the page and API response caches off, every response rendered afresh. Warm: them on, primed. "
        "Queries: the first request after the cache is cleared, and the next. "
        "× floor: requests/s over the trivial JSON view's warm requests/s.",
        "",
        "- Search with a 100,000-character query: "
        + ", ".join(
            f"{name.replace('_', ' ')} {part['status']} in {part['ms']} ms"
            for name, part in long_query.items()
            if part
        )
        + ".",
        f"- Worker memory (largest of {parameters['workers']}): cold pass peak "
        f"{memory['cold']['peak_mb']} MB, warm pass peak {memory['warm']['peak_mb']} MB (VmHWM), "
        f"{memory['warm']['rss_mb']} MB resident after.",
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
    parts += ["", "| target (issue #6) | holds | figures |", "|---|---|---|"]
    for check in results["targets"]:
        holds = {True: "yes", False: "**no**", None: "not run"}[check["holds"]]
        parts.append(f"| {check['target']} | {holds} | {check['figures']} |")
    return "\n".join(parts) + "\n"


def write(results, directory):
    directory = Path(directory)
    (directory / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    text = render(results)
    (directory / "results.md").write_text(text)
    return text
