"""Where an uncached request's time goes, measured in the benchmark's own process.

- ``cpu_per_url``: the median CPU time (``time.process_time``) of one uncached request per URL,
  through Django's WSGI handler with the page and API response caches off: the figure issue
  #15 sets at most 8 ms for a news page, a Legal Eye article and an API detail. CPU spent by
  PostgreSQL is in another process and not counted; waiting for it is not CPU either.
- ``cpu_by_step`` (``--profile``): the same CPU time split by step (routing, page context,
  templates, the API's loading and serialisation, SQL and the part of it spent compiling),
  by timing the functions that do each step for the length of the measurement. Robust on a
  busy machine, where the wall-clock profile below is not.
- ``profile_urls`` (``--profile``): pyinstrument over a run of the same requests, summed up as
  the share of time by layer (templates, ORM, driver, Wagtail, ...) and the functions that
  spend the most time themselves; the full HTML and text profiles are kept beside the
  benchmark's other files for reading.

The WSGI handler rather than Django's test client: the test client records every template
context it renders, which costs as much as some of the rendering being measured.
"""

import functools
import gc
import inspect
import io
import statistics
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

# The URLs issue #15 sets the CPU target for, and the profile covers (with the API listing).
CPU_TARGET_KEYS = ("news_page", "legal_eye", "api_detail")
CPU_TARGET_MS = 8
PROFILE_KEYS = ("news_page", "legal_eye", "api_detail", "api_listing")
WARM_UP_REQUESTS = 3
PROFILE_REQUESTS = 25
# pyinstrument samples the wall clock. Sampling its CPU-time timer instead costs ten times the
# request's own CPU and skews the profile towards functions called most often.
PROFILE_INTERVAL_S = 0.001
TOP_FUNCTIONS = 8
# A function holding more of the time than this wraps the whole request (handler, middleware).
HOTSPOT_LIMIT = 0.6

# Steps of a request, by the function that does each (its name, and a part of its file's path),
# counted once where they nest in themselves. "SQL" runs inside the others.
PHASES = (
    ("routing (finding the page)", (("route_for_request", "wagtail/models/pages.py"),)),
    # A page model's get_context (Wagtail's and ours); blocks have theirs elsewhere.
    ("page context (get_context)", (("get_context", "models"),)),
    ("template rendering", (("rendered_content", "django/template/response.py"),)),
    ("API: finding the page (detail)", (("get_object", "cms/api/views.py"),)),
    ("API: loading what the pages show", (("prepare", "cms/api/loading.py"),)),
    # Serialising pages, each kept between responses (``cms.api.kept_pages``), then rendering
    # the JSON.
    (
        "API serialisation",
        (("represent", "cms/api/kept_pages.py"), ("render", "rest_framework/renderers.py")),
    ),
    (
        "rich text: links expanded, sanitised",
        (
            ("expand_db_html", "wagtail/rich_text/__init__.py"),
            ("sanitise_html", "cms/security/rich_text_policy.py"),
        ),
    ),
    ("SQL: building, running and reading queries", (("execute_sql", "django/db/models/sql/compiler.py"),)),
)

# Layers, by where a function's file is; the first match wins.
LAYERS = (
    ("Django templates", ("/django/template/", "/django/templatetags/")),
    ("Django ORM", ("/django/db/",)),
    ("database driver, incl. waiting for the database", ("/psycopg/", "/psycopg_binary/", "/sqlite3/")),
    ("Django REST framework", ("/rest_framework/",)),
    ("Wagtail", ("/wagtail/",)),
    ("Django, other", ("/django/",)),
    ("other libraries", ("/site-packages/",)),
)


def wsgi_handler():
    from django.core.handlers.wsgi import WSGIHandler

    return WSGIHandler()


def wsgi_get(handler, path):
    """One anonymous GET through the WSGI handler, its body read in full; returns the status."""
    route, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": route,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    statuses = []
    body = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        for _chunk in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return int(statuses[0].split()[0])


def collect_garbage():
    """A full collection now, so that none lands inside the next few dozen requests: in a warm
    process one costs as much as several requests (see the README), and would be charged to
    whichever step happened to allocate."""
    gc.collect()


def uncached():
    from django.test.utils import override_settings

    return override_settings(PAGE_CACHE=False, API_RESPONSE_CACHE=False)


def measurable(targets):
    """Our URLs that answer 200, without the sync delta (its cursor is made later)."""
    return [
        target
        for target in targets
        if target.group == "ours" and target.status == 200 and target.key != "sync_delta"
    ]


def cpu_per_url(targets, repeats):
    """Median CPU and wall time of one uncached request, per URL."""
    handler = wsgi_handler()
    figures = {}
    with uncached():
        for target in measurable(targets):
            for _ in range(WARM_UP_REQUESTS):  # templates, renditions, the first query plans
                wsgi_get(handler, target.path)
            cpu, wall = [], []
            collect_garbage()
            for _ in range(repeats):
                cpu_before, wall_before = time.process_time(), time.perf_counter()
                status = wsgi_get(handler, target.path)
                cpu.append((time.process_time() - cpu_before) * 1000)
                wall.append((time.perf_counter() - wall_before) * 1000)
            figures[target.key] = {
                "label": target.label,
                "status": status,
                "repeats": repeats,
                "cpu_median_ms": round(statistics.median(cpu), 1),
                "cpu_min_ms": round(min(cpu), 1),
                "wall_median_ms": round(statistics.median(wall), 1),
            }
    return figures


# The steps ``cpu_by_step`` reports, in the order of the report's rows.
ROUTING, CONTEXT, TEMPLATES, API_LOADING, API_SERIALISATION, SQL, SQL_COMPILING, SQL_DRIVER = STEPS = (
    "routing (finding the page)",
    "page context (get_context)",
    "template rendering",
    "API: loading what the pages show",
    "API serialisation",
    "SQL, all of it (inside the steps above)",
    "… of which Django compiling the SQL",
    "… of which the database driver",
)


def timed_steps():
    """(step, owner, attribute) for each function timed by ``cpu_by_step``: one step may be
    several functions (every page type's own get_context)."""
    from django.apps import apps
    from django.db.backends.utils import CursorWrapper
    from django.db.models.sql.compiler import SQLCompiler
    from django.template.response import SimpleTemplateResponse
    from wagtail.models import Page

    from cms.api.loading import ContentLoader
    from cms.api.views import APIViewMixin

    # Wagtail's get_context (on a base class of Page) and every page type's own.
    wagtails = next(base for base in Page.__mro__ if "get_context" in vars(base))
    own = [model for model in apps.get_models() if issubclass(model, Page) and "get_context" in vars(model)]
    pages = [wagtails, *(model for model in own if model is not wagtails)]
    return [
        (ROUTING, Page, "route_for_request"),
        *((CONTEXT, model, "get_context") for model in pages),
        (TEMPLATES, SimpleTemplateResponse, "rendered_content"),
        (API_LOADING, ContentLoader, "prepare"),
        (API_SERIALISATION, APIViewMixin, "serialize"),
        (SQL, SQLCompiler, "execute_sql"),
        (SQL_COMPILING, SQLCompiler, "as_sql"),
        (SQL_DRIVER, CursorWrapper, "execute"),
    ]


@contextmanager
def timing(totals):
    """Time each step's functions (CPU) into ``totals`` while active; a step that calls itself
    (a subclass's get_context calling Page's) is counted once."""
    running = {}

    def wrap(step, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            if running.get(step):
                return function(*args, **kwargs)
            running[step] = True
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals[step] = totals.get(step, 0.0) + time.process_time() - started
                running[step] = False

        return timed

    with ExitStack() as restore:
        for step, owner, name in timed_steps():
            original = inspect.getattr_static(owner, name)
            if isinstance(original, staticmethod):
                replacement = staticmethod(wrap(step, original.__func__))
            elif isinstance(original, property):
                replacement = property(wrap(step, original.fget))
            else:
                replacement = wrap(step, original)
            setattr(owner, name, replacement)
            restore.callback(setattr, owner, name, original)
        yield


def cpu_by_step(targets, repeats):
    """CPU ms per uncached request and step, for the profiled URLs."""
    handler = wsgi_handler()
    by_key = {target.key: target for target in measurable(targets)}
    figures = {}
    with uncached():
        for key in PROFILE_KEYS:
            target = by_key.get(key)
            if target is None:
                continue
            for _ in range(WARM_UP_REQUESTS):
                wsgi_get(handler, target.path)
            totals = {}
            collect_garbage()
            with timing(totals):
                started = time.process_time()
                for _ in range(repeats):
                    wsgi_get(handler, target.path)
                total = time.process_time() - started
            figures[key] = {
                "label": target.label,
                "cpu_ms": round(total * 1000 / repeats, 1),
                "steps": {step: round(value * 1000 / repeats, 1) for step, value in totals.items()},
            }
    return figures


def profile_urls(targets, folder, requests=PROFILE_REQUESTS):
    """pyinstrument over ``requests`` uncached requests per URL; a summary per URL, and the
    full profiles written to ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    handler = wsgi_handler()
    by_key = {target.key: target for target in measurable(targets)}
    summaries = {}
    profile_each(handler, by_key, folder, requests, summaries)
    return {"folder": str(folder), "requests_per_url": requests, "urls": summaries}


def profile_each(handler, by_key, folder, requests, summaries):
    from pyinstrument import Profiler
    from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer

    with uncached():
        for key in PROFILE_KEYS:
            target = by_key.get(key)
            if target is None:
                continue
            for _ in range(WARM_UP_REQUESTS):
                wsgi_get(handler, target.path)
            profiler = Profiler(interval=PROFILE_INTERVAL_S, async_mode="disabled")
            profiler.start()
            for _ in range(requests):
                wsgi_get(handler, target.path)
            session = profiler.stop()
            root = session.root_frame()
            if root is None:
                continue
            (folder / f"{key}.html").write_text(HTMLRenderer().render(session))
            (folder / f"{key}.txt").write_text(
                ConsoleRenderer(unicode=True, color=False, show_all=False).render(session)
            )
            summaries[key] = {"label": target.label, **summarise(root, requests)}


def summarise(root, requests):
    """Shares of the profiled time: by step of the request, by layer, and by function (time
    spent in the function itself); and the hotspots: functions by the time spent inside them,
    calls included, counted once where they recurse, leaving out the wrappers around
    everything (the WSGI handler, middleware) that say nothing."""
    total = root.time or 1e-9
    phases, layers, functions, inclusive = {}, {}, {}, {}
    pending = [(root, frozenset(), frozenset())]
    while pending:
        frame, stack, open_phases = pending.pop()
        if frame.is_synthetic:
            continue
        name = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        layer = layer_of(frame)
        layers[layer] = layers.get(layer, 0) + frame.total_self_time
        functions[name] = functions.get(name, 0) + frame.total_self_time
        if name not in stack:
            inclusive[name] = inclusive.get(name, 0) + frame.time
        phase = phase_of(frame)
        if phase and phase not in open_phases:
            phases[phase] = phases.get(phase, 0) + frame.time
            open_phases = open_phases | {phase}
        pending += [(child, stack | {name}, open_phases) for child in frame.children]
    hotspots = {name: value for name, value in inclusive.items() if value / total <= HOTSPOT_LIMIT}

    def shares(values, limit=None):
        ordered = sorted(values.items(), key=lambda item: -item[1])[:limit]
        return [{"name": name, "percent": round(100 * value / total, 1)} for name, value in ordered]

    return {
        "ms_per_request": round(total * 1000 / requests, 1),
        "phases": [
            {"name": name, "percent": round(100 * phases.get(name, 0) / total, 1)} for name, _ in PHASES
        ],
        "layers": shares(layers),
        "functions": shares(functions, TOP_FUNCTIONS),
        "hotspots": shares(hotspots, TOP_FUNCTIONS),
    }


def phase_of(frame):
    path = frame.file_path or ""
    for name, functions in PHASES:
        if any(frame.function == function and part in path for function, part in functions):
            return name
    return None


def layer_of(frame):
    path = frame.file_path or ""
    if frame.is_application_code:
        return "our code (cms, apps)"
    for name, markers in LAYERS:
        if any(marker in path for marker in markers):
            return name
    return "Python standard library"
