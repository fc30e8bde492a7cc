"""The load generator: wrk (Debian's package) at a fixed concurrency for a fixed time, or,
where wrk is missing, a small bounded loop of Python threads so the benchmark still runs.

Both return the same figures: requests/s, p50/p99 latency in ms, request count, and the
count of answers that were not 2xx/3xx or never came."""

import http.client
import json
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

# Long enough for the slowest URL under load (stock Wagtail's listing) to be counted, not dropped.
REQUEST_TIMEOUT = 30
WRK_INSTALL_HINT = "wrk is not installed: apt-get install -y wrk (falling back to a Python load loop)"

# wrk calls done() once at the end; it prints the figures as one JSON line.
WRK_REPORT_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"errors":%d,"non_2xx_3xx":%d,'
    .. '"p50_us":%d,"p99_us":%d,"max_us":%d}\\n',
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""

# With ``count_cache``: each wrk thread counts the app's cache answers (X-Page-Cache or
# X-API-Cache: hit or miss, or neither), and done() adds them up and prints them too.
WRK_CACHE_SCRIPT = """
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args) hits = 0; misses = 0; uncached = 0 end
response = function(status, headers, body)
  local state = headers["X-Page-Cache"] or headers["X-API-Cache"]
  if state == "hit" then hits = hits + 1
  elseif state == "miss" then misses = misses + 1
  else uncached = uncached + 1 end
end
done = function(summary, latency, requests)
  local h, m, u = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits"); m = m + thread:get("misses"); u = u + thread:get("uncached")
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"errors":%d,"non_2xx_3xx":%d,'
    .. '"p50_us":%d,"p99_us":%d,"max_us":%d,"hits":%d,"misses":%d,"uncached":%d}\\n',
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    latency:percentile(50), latency:percentile(99), latency.max, h, m, u))
end
"""
CACHE_HEADERS = ("X-Page-Cache", "X-API-Cache")


def wrk_path():
    return shutil.which("wrk")


def run(url, concurrency, seconds, threads=2, count_cache=False):
    """Load ``url`` and return its figures, with ``tool`` saying which generator ran, and with
    ``count_cache`` the count of the app's cache hits, misses and answers with neither."""
    if wrk_path():
        return run_wrk(url, concurrency, seconds, threads, count_cache)
    return run_threads(url, concurrency, seconds, count_cache)


def run_wrk(url, concurrency, seconds, threads, count_cache=False):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_CACHE_SCRIPT if count_cache else WRK_REPORT_SCRIPT)
    try:
        completed = subprocess.run(
            [
                wrk_path(),
                f"--threads={min(threads, concurrency)}",
                f"--connections={concurrency}",
                f"--duration={seconds}s",
                f"--timeout={REQUEST_TIMEOUT}s",
                f"--script={script.name}",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + REQUEST_TIMEOUT + 30,
            check=False,
        )
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next((line for line in completed.stdout.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures for {url}: {completed.stdout}{completed.stderr}")
    raw = json.loads(line[len("BENCH ") :])
    figures = summarise(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        failed=raw["errors"] + raw["non_2xx_3xx"],
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        tool="wrk",
    )
    if count_cache:
        figures.update(hits=raw["hits"], misses=raw["misses"], uncached=raw["uncached"])
    return figures


def run_threads(url, concurrency, seconds, count_cache=False):
    """``concurrency`` threads, each sending requests one after another until time is up."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, failures = [], [0]
    states = {"hit": 0, "miss": 0, None: 0}
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def worker():
        connection = None
        mine, failed, seen = [], 0, []
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                connection = connection or http.client.HTTPConnection(
                    parts.hostname, parts.port, timeout=REQUEST_TIMEOUT
                )
                connection.request("GET", target)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
                seen.append(next(filter(None, map(response.getheader, CACHE_HEADERS)), None))
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                failed += 1
                connection = None
            mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)
            failures[0] += failed
            for state in seen:
                states[state if state in states else None] += 1

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(seconds + REQUEST_TIMEOUT + 5)
    elapsed = time.perf_counter() - started
    latencies.sort()
    figures = summarise(
        requests=len(latencies),
        seconds=elapsed,
        failed=failures[0],
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        max_ms=(latencies[-1] if latencies else 0) * 1000,
        tool="python-threads",
    )
    if count_cache:
        figures.update(hits=states["hit"], misses=states["miss"], uncached=states[None])
    return figures


def percentile(ordered, percent):
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def summarise(requests, seconds, failed, p50_ms, p99_ms, max_ms, tool):
    finished = requests > 0
    return {
        "rps": round(requests / seconds, 1) if seconds else 0.0,
        "p50_ms": round(p50_ms, 1) if finished else None,
        "p99_ms": round(p99_ms, 1) if finished else None,
        "max_ms": round(max_ms, 1) if finished else None,
        "requests": requests,
        "failed": failed,
        "tool": tool,
    }


def fetch(url, timeout=30):
    """One GET: (status, milliseconds, body bytes); status 0 when no answer came."""
    parts = urlsplit(url)
    began = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        body = response.read()
        return response.status, (time.perf_counter() - began) * 1000, body
    except (OSError, http.client.HTTPException):
        return 0, (time.perf_counter() - began) * 1000, b""
    finally:
        connection.close()
