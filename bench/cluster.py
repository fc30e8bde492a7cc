"""``--cluster``: scale-out proven on one machine.

Two gunicorn app nodes (separate processes and ports) behind nginx, which balances over them
and serves the shared media folder; Varnish in front as the CDN stand-in; one PostgreSQL
database (the benchmark's) and one Redis (a private server on a free port) shared by both
nodes. nginx and Varnish run as private processes on loopback ports with the tested
configuration from deploy/ filled in (deploy/nginx/mip.conf, deploy/varnish/mip.vcl); the
packages' own services are not touched. The app nodes purge Varnish through Wagtail's
frontend cache (``FRONTEND_CACHE_PURGE_URL``).

It shows, with figures:

1. a publish through the admin on node A is visible through Varnish (page and API detail)
   and on node B within 1 s (the time is measured, while readers keep requesting the page
   through Varnish, so a purge that comes too early would leave the old page cached);
2. the anonymous throughput through Varnish (wrk);
3. Varnish never stores a response that sets a cookie, answers a request with
   ``Authorization``, or is private: an editor's session, a password-protected page (its
   form, then its content for the reader who gave the password), an API request with
   credentials and a private response are each fetched, then fetched anonymously, and the
   ``X-Varnish``/``Age`` headers and the bodies say whether anything was served from a copy;
4. PURGE and BAN are accepted from the purgers' addresses only (a PURGE from 127.0.0.2,
   also loopback but not listed, is refused), and http and https answers are kept apart but
   purged together;
5. nginx sent requests to both nodes, and serves media from the shared folder with its
   security headers, and never /media/documents/;
6. an image moved into a members-only collection has its files refused to the public at once,
   though Varnish held a copy (purged) and nginx serves the folder (it asks the app first).

Everything is on 127.0.0.1, bounded in time, and stopped and removed on the way out (also on
Ctrl-C or SIGTERM); the site's address and the benchmark's editor and password-protected
page are undone in the database.
"""

import base64
import http.client
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bench import load, packages
from bench.servers import PROJECT_DIR, WORK_DIR, Server, free_port

DEPLOY_DIR = PROJECT_DIR / "deploy"
NGINX_TEMPLATE = DEPLOY_DIR / "nginx" / "mip.conf"
VARNISH_TEMPLATE = DEPLOY_DIR / "varnish" / "mip.vcl"
PLACEHOLDER = re.compile(r"\$\{(MIP_[A-Z_]+)\}")
START_TIMEOUT_S = 30
VISIBLE_WITHIN_MS = 1000
PUBLISH_WAIT_S = 3
POLL_S = 0.02
READER_PAUSE_S = 0.005
USERBAR = b'id="wagtail-userbar-template"'
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_ACTION = re.compile(rb'<form[^>]*action="([^"]+)"')
# Loopback, but not in the VCL's "purgers": PURGE from here must be refused.
OUTSIDER_ADDRESS = "127.0.0.2"


def fill(template, values):
    """The template's text with each ``${MIP_...}`` replaced; a placeholder without a value is
    an error, not an empty string."""

    def value(match):
        name = match.group(1)
        if name not in values:
            raise KeyError(f"{template}: no value for ${{{name}}}")
        return str(values[name])

    return PLACEHOLDER.sub(value, Path(template).read_text())


# HTTP with the headers the checks read


@dataclass
class Answer:
    status: int  # 0: no answer
    headers: dict = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def from_cache(self):
        """Served from a stored copy: Varnish names two transactions, this one and the one
        that stored it."""
        return len(self.headers.get("x-varnish", "").split()) == 2

    def describe(self):
        varnish, age = self.headers.get("x-varnish", "-"), self.headers.get("age", "-")
        return f"{self.status}, X-Varnish {varnish}, Age {age}"


def request(url, method="GET", headers=None, body=None, source=None, timeout=30):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=timeout, source_address=(source, 0) if source else None
    )
    try:
        connection.request(
            method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=headers or {}
        )
        response = connection.getresponse()
        headers = {}
        for name, value in response.getheaders():  # Set-Cookie may come more than once
            name = name.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return Answer(response.status, headers, response.read())
    except (OSError, http.client.HTTPException):
        return Answer(0)
    finally:
        connection.close()


def wait_for_port(port, process, log_path, timeout=START_TIMEOUT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited ({process.returncode}); see {log_path}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{process.args[0]} did not listen on port {port} within {timeout} s; see {log_path}")


def start_listening(command, port, log_path):
    """Start ``command`` in its own session, its output in ``log_path``; return the process
    once it listens on ``port``, or stop it and raise."""
    with open(log_path, "w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port(port, process, log_path)
    except BaseException:
        stop_process(process)
        raise
    return process


def stop_process(process, timeout=10):
    if process is None or process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


# The proxies


class Nginx:
    """nginx with deploy/nginx/mip.conf, in a wrapper of its own: pid, logs and temporary
    files in ``folder``, an access log naming the node that answered each request."""

    def __init__(self, folder, app_ports, media_root):
        self.folder = Path(folder) / "nginx"
        self.app_ports = app_ports
        self.media_root = Path(media_root)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = WORK_DIR / "cluster-nginx-error.log"
        self.access_log = self.folder / "access.log"
        self.process = None

    def __enter__(self):
        self.folder.mkdir(parents=True)
        site = fill(
            NGINX_TEMPLATE,
            {
                "MIP_LISTEN": f"127.0.0.1:{self.port}",
                "MIP_APP_SERVERS": " ".join(f"server 127.0.0.1:{port};" for port in self.app_ports),
                "MIP_MEDIA_ROOT": self.media_root,
            },
        )
        (self.folder / "mip.conf").write_text(site)
        user = ""
        temporary = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
        for name in temporary:
            (self.folder / name).mkdir()
        if os.geteuid() == 0:
            # nginx's workers drop root: they must be able to write their temporary files.
            worker = "www-data" if user_exists("www-data") else "nobody"
            user = f"user {worker};"
            for name in temporary:
                shutil.chown(self.folder / name, worker)
        (self.folder / "nginx.conf").write_text(
            f"""{user}
worker_processes 1;
pid {self.folder}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    log_format upstream '$upstream_addr $status';
    access_log {self.access_log} upstream;
    client_body_temp_path {self.folder}/client_body;
    proxy_temp_path {self.folder}/proxy;
    fastcgi_temp_path {self.folder}/fastcgi;
    uwsgi_temp_path {self.folder}/uwsgi;
    scgi_temp_path {self.folder}/scgi;
    include {self.folder}/mip.conf;
}}
"""
        )
        command = [
            packages.command_path("nginx"),
            "-p",
            str(self.folder),
            "-c",
            str(self.folder / "nginx.conf"),
            "-e",
            str(self.log_path),
            "-g",
            "daemon off;",
        ]
        self.process = start_listening(command, self.port, self.log_path)
        return self

    def requests_per_node(self):
        """How many requests nginx passed to each app node, from its access log."""
        counts = dict.fromkeys(self.app_ports, 0)
        with suppress(OSError):
            for line in self.access_log.read_text().splitlines():
                for address in line.split(" ", 1)[0].split(","):
                    port = address.strip().rsplit(":", 1)[-1]
                    if port.isdigit() and int(port) in counts:
                        counts[int(port)] += 1
        return counts

    def stop(self):
        stop_process(self.process)

    def __exit__(self, *exc_info):
        self.stop()


class Varnish:
    """varnishd in the foreground with deploy/varnish/mip.vcl, its working folder in ``folder``."""

    def __init__(self, folder, backend_port, port, memory="128m"):
        self.folder = Path(folder) / "varnish"
        self.backend_port = backend_port
        self.port = port
        self.memory = memory
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = WORK_DIR / "cluster-varnish.log"
        self.process = None

    def __enter__(self):
        self.folder.mkdir(parents=True)
        vcl = self.folder / "mip.vcl"
        vcl.write_text(
            fill(VARNISH_TEMPLATE, {"MIP_BACKEND_HOST": "127.0.0.1", "MIP_BACKEND_PORT": self.backend_port})
        )
        vcl.chmod(0o644)
        command = [
            packages.command_path("varnishd"),
            "-F",
            "-n",
            str(self.folder / "work"),
            "-a",
            f"127.0.0.1:{self.port}",
            "-f",
            str(vcl),
            "-s",
            f"malloc,{self.memory}",
            # The management console on a free loopback port (for varnishstat's sake), no one else's.
            "-T",
            f"127.0.0.1:{free_port()}",
        ]
        self.process = start_listening(command, self.port, self.log_path)
        return self

    def counters(self):
        """Varnish's own hit and miss counters, or {} when varnishstat can't say."""
        binary = packages.command_path("varnishstat")
        if not binary:
            return {}
        names = (
            "MAIN.cache_hit",
            "MAIN.cache_miss",
            "MAIN.cache_hitmiss",
            "MAIN.cache_hitpass",
            "MAIN.s_pass",
        )
        try:
            output = subprocess.run(
                [binary, "-n", str(self.folder / "work"), "-1", *(f"-f{name}" for name in names)],
                capture_output=True,
                text=True,
                timeout=10,
                check=True,
            ).stdout
        except (subprocess.SubprocessError, OSError):
            return {}
        values = {}
        for line in output.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0] in names and parts[1].isdigit():
                values[parts[0].removeprefix("MAIN.")] = int(parts[1])
        return values

    def stop(self):
        stop_process(self.process)

    def __exit__(self, *exc_info):
        self.stop()


def user_exists(name):
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


# What the cluster is tested with, in the database


class ClusterContent:
    """The site's address set to Varnish's (so Wagtail's purges name the URLs readers use),
    an editor, the page the editor publishes, and a password-protected page; undone on exit."""

    def __init__(self, varnish_port):
        self.varnish_port = varnish_port
        self.password = secrets.token_urlsafe(12)

    def __enter__(self):
        from django.contrib.auth import get_user_model
        from wagtail.models import PageViewRestriction, Site

        from bench.soak import preparation
        from home.models import NewsIndexPage, NewsPage

        self.site = Site.objects.get(is_default_site=True)
        self.previous_address = (self.site.hostname, self.site.port)
        self.site.hostname, self.site.port = "127.0.0.1", self.varnish_port
        self.site.save()
        Site.clear_site_root_paths_cache()
        newest = list(NewsPage.objects.listing()[:2])
        if len(newest) < 2:
            raise RuntimeError("the cluster run needs two news items")
        self.published, self.restricted = newest
        self.news_index_url = NewsIndexPage.objects.get().url
        self.restriction = PageViewRestriction.objects.create(
            page=self.restricted, restriction_type=PageViewRestriction.PASSWORD, password=self.password
        )
        self.username, self.editor_password = preparation.create_editor(
            f"bench-cluster-{secrets.token_hex(4)}"
        )
        self.user_model = get_user_model()
        self.forms = preparation.EditForms([self.published], label="cluster")
        self.parent_id = self.published.get_parent().pk
        return self

    def __exit__(self, *exc_info):
        from django.db import connection
        from wagtail.models import Site

        connection.close()  # the servers came and went meanwhile; start afresh
        self.restriction.delete()
        self.user_model.objects.filter(username=self.username).delete()
        self.site.hostname, self.site.port = self.previous_address
        self.site.save()
        Site.clear_site_root_paths_cache()


# The checks


class Checks:
    """Each check's outcome, for the report: what was checked, whether it held, the figures."""

    def __init__(self):
        self.items = []

    def add(self, check, holds, detail):
        self.items.append({"check": check, "holds": bool(holds), "detail": detail})
        return holds


def cookie_header(browser):
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in browser.cookies)


class Readers:
    """Readers requesting the page and its API detail through Varnish, one after another,
    while the editor publishes: a purge sent before the publish commits would let one of them
    put the old page back into the cache, and the new title would not show."""

    def __init__(self, urls):
        self.urls = urls
        self.stop = threading.Event()
        self.answers = []
        self.threads = []

    def __enter__(self):
        def read(url):
            while not self.stop.is_set():
                self.answers.append(request(url).status)
                self.stop.wait(READER_PAUSE_S)

        self.threads = [threading.Thread(target=read, args=(url,), daemon=True) for url in self.urls]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=35)


def publish_rounds(content, varnish, node_a, node_b, rounds, checks):
    """Publish the page ``rounds`` times on node A; after each, time until the new title shows
    through Varnish (page and API detail), on node B, and on the news index through Varnish."""
    from bench.soak.traffic import Browser

    editor = Browser(node_a.base)
    signed_in, status = editor.login(content.username, content.editor_password)
    if not signed_in:
        raise RuntimeError(f"the cluster's editor could not sign in on node A (HTTP {status})")
    page = content.published
    watched = {
        "varnish_page_ms": varnish.base + page.url,
        "varnish_api_ms": f"{varnish.base}/api/v2/pages/{page.pk}/",
        "node_b_ms": node_b.base + page.url,
        "varnish_index_ms": varnish.base + content.news_index_url,
    }
    results = []
    with Readers([watched["varnish_page_ms"], watched["varnish_api_ms"]]) as readers:
        for number in range(rounds):
            for url in watched.values():  # each copy cached and current before the publish
                request(url)
                request(url)
            marker = f"r{number:02d}-{secrets.token_hex(3)}"
            data = content.forms.edit_data(page.pk, marker, publish=True)
            data["csrfmiddlewaretoken"] = editor.csrf_token()
            began = time.perf_counter()
            status, location, _body = editor.request(f"/admin/pages/{page.pk}/edit/", data)
            acknowledged = time.perf_counter()
            if not (status == 302 and location == f"/admin/pages/{content.parent_id}/"):
                raise RuntimeError(f"publishing on node A answered {status} {location}")
            token = f"[cluster {marker}]".encode()
            seen = dict.fromkeys(watched)
            deadline = acknowledged + PUBLISH_WAIT_S
            while time.perf_counter() < deadline and None in seen.values():
                for name, url in watched.items():
                    if seen[name] is None and token in request(url).body:
                        seen[name] = round((time.perf_counter() - acknowledged) * 1000)
                time.sleep(POLL_S)
            results.append({"ack_ms": round((acknowledged - began) * 1000), **seen})
    failed = sum(1 for status in readers.answers if status == 0 or status >= 500)
    worst = {
        name: max((entry[name] for entry in results), default=None)
        if all(entry[name] is not None for entry in results)
        else None
        for name in ("varnish_page_ms", "varnish_api_ms", "node_b_ms")
    }
    checks.add(
        "a publish on node A is visible through Varnish and on node B within 1 s",
        all(value is not None and value < VISIBLE_WITHIN_MS for value in worst.values()) and not failed,
        f"slowest of {rounds}: page through Varnish {worst['varnish_page_ms']} ms, "
        f"API detail through Varnish {worst['varnish_api_ms']} ms, node B {worst['node_b_ms']} ms "
        "after the admin's answer; "
        f"{len(readers.answers):,} reader requests meanwhile, {failed} failed",
    )
    return {
        "rounds": results,
        "poll_ms": round(POLL_S * 1000),
        "wait_s": PUBLISH_WAIT_S,
        "reader_requests": len(readers.answers),
        "reader_failures": failed,
    }


def purge(varnish, path, source=None):
    return request(varnish.base + path, method="PURGE", source=source)


def check_editor_session(content, varnish, node_a, checks):
    """An editor's view of a page is never stored, nor served to an anonymous reader."""
    from bench.soak.traffic import Browser

    editor = Browser(node_a.base)
    editor.login(content.username, content.editor_password)
    path = content.published.url
    purge(varnish, path)
    as_editor = request(varnish.base + path, headers={"Cookie": cookie_header(editor)})
    first = request(varnish.base + path)
    second = request(varnish.base + path)
    admin = [request(varnish.base + "/admin/", headers={"Cookie": cookie_header(editor)}) for _ in range(2)]
    checks.add(
        "an editor's page view is never stored",
        as_editor.status == 200
        and USERBAR in as_editor.body
        and not as_editor.from_cache
        and not first.from_cache
        and USERBAR not in first.body
        and USERBAR not in second.body
        and second.from_cache
        and all(answer.status == 200 and not answer.from_cache for answer in admin),
        f"editor: {as_editor.describe()}, userbar {USERBAR in as_editor.body}; then anonymous: "
        f"{first.describe()}, then {second.describe()}, "
        f"userbar {USERBAR in first.body or USERBAR in second.body}; "
        f"admin twice: {', '.join(answer.describe() for answer in admin)}",
    )


def check_password_page(content, varnish, checks):
    """A password-protected page: its form (which sets a cookie) is never stored; the reader
    who gives the password gets the page, and nobody after them does."""
    from urllib.parse import urlencode

    from bench.soak.traffic import Browser

    path = content.restricted.url
    secret = content.restricted.title.encode()
    forms = [request(varnish.base + path) for _ in range(2)]
    reader = Browser(varnish.base)
    _status, _location, form = reader.request(path)
    token, action = CSRF_INPUT.search(form), FORM_ACTION.search(form)
    unlocked = Answer(0)
    if token and action:
        data = {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "password": content.password,
            "return_url": path,
        }
        answer = request(
            varnish.base + action.group(1).decode(),
            method="POST",
            body=urlencode(data),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(reader)},
        )
        session = re.search(r"sessionid=([^;]+)", answer.headers.get("set-cookie", ""))
        if answer.status == 302 and session:
            unlocked = request(varnish.base + path, headers={"Cookie": f"sessionid={session.group(1)}"})
    after = [request(varnish.base + path) for _ in range(2)]
    checks.add(
        "a password-protected page is never stored (its form sets a cookie; its content is for one reader)",
        all(
            answer.status == 200 and "set-cookie" in answer.headers and not answer.from_cache
            for answer in forms
        )
        and unlocked.status == 200
        and secret in unlocked.body
        and not unlocked.from_cache
        and all(secret not in answer.body and not answer.from_cache for answer in after),
        f"form twice: {', '.join(answer.describe() for answer in forms)}; with the password: "
        f"{unlocked.describe()}, content shown {secret in unlocked.body}; anonymous after: "
        f"{', '.join(answer.describe() for answer in after)}, content shown "
        f"{any(secret in answer.body for answer in after)}",
    )


def check_authorization(content, varnish, checks):
    """An API request with credentials is never stored: the next anonymous request is a miss."""
    path = f"/api/v2/pages/{content.published.pk}/"
    purge(varnish, path)
    credentials = base64.b64encode(f"{content.username}:{content.editor_password}".encode()).decode()
    with_credentials = request(varnish.base + path, headers={"Authorization": f"Basic {credentials}"})
    first, second = request(varnish.base + path), request(varnish.base + path)
    checks.add(
        "a request with Authorization is never stored",
        with_credentials.status == 200
        and not with_credentials.from_cache
        and not first.from_cache
        and second.from_cache,
        f"with Authorization: {with_credentials.describe()}; then anonymous: {first.describe()}, "
        f"then {second.describe()}",
    )


def check_private(varnish, checks):
    """A response marked private (and no-store) is never stored."""
    answers = [request(varnish.base + "/bench/floor.json") for _ in range(3)]
    checks.add(
        "a private response is never stored",
        all(answer.status == 200 and not answer.from_cache for answer in answers)
        and "private" in answers[0].headers.get("cache-control", ""),
        f"Cache-Control {answers[0].headers.get('cache-control')!r}; three requests: "
        f"{', '.join(answer.describe() for answer in answers)}",
    )


def check_purge_access(content, varnish, checks):
    """PURGE and BAN from the purgers only."""
    path = content.published.url
    request(varnish.base + path)
    refused = purge(varnish, path, source=OUTSIDER_ADDRESS)
    still = request(varnish.base + path)
    accepted = purge(varnish, path)
    fresh = request(varnish.base + path)
    listing = "/api/v2/pages/?type=home.NewsPage&limit=5"
    request(varnish.base + listing)
    cached = request(varnish.base + listing)
    banned = request(varnish.base + "/", method="BAN", headers={"X-Ban-Url": r"^/api/v2/pages/\?"})
    after_ban = request(varnish.base + listing)
    ban_refused = request(
        varnish.base + "/", method="BAN", headers={"X-Ban-Url": "^/"}, source=OUTSIDER_ADDRESS
    )
    checks.add(
        f"PURGE and BAN only from the purgers (refused from {OUTSIDER_ADDRESS})",
        refused.status == 405
        and still.from_cache
        and accepted.status == 200
        and not fresh.from_cache
        and cached.from_cache
        and banned.status == 200
        and not after_ban.from_cache
        and ban_refused.status == 405,
        f"PURGE from {OUTSIDER_ADDRESS}: {refused.status}, page still cached {still.from_cache}; "
        f"from 127.0.0.1: {accepted.status}, next request cached {fresh.from_cache}; "
        f"BAN of API listings: {banned.status}, listing cached before {cached.from_cache}, "
        f"after {after_ban.from_cache}; "
        f"BAN from {OUTSIDER_ADDRESS}: {ban_refused.status}",
    )


def check_schemes(content, varnish, checks):
    """http and https answers are separate copies (production redirects one to the other), and
    one PURGE drops both."""
    path = content.published.url
    secure = {"X-Forwarded-Proto": "https"}
    purge(varnish, path)
    request(varnish.base + path)
    plain = request(varnish.base + path)
    first_secure = request(varnish.base + path, headers=secure)
    second_secure = request(varnish.base + path, headers=secure)
    purged = purge(varnish, path)
    after = [request(varnish.base + path), request(varnish.base + path, headers=secure)]
    checks.add(
        "http and https answers are kept apart, and one PURGE drops both",
        plain.from_cache
        and not first_secure.from_cache
        and second_secure.from_cache
        and purged.status == 200
        and not any(answer.from_cache for answer in after),
        f"http cached {plain.from_cache}; https first {first_secure.describe()}, then cached "
        f"{second_secure.from_cache}; after one PURGE: http cached {after[0].from_cache}, "
        f"https cached {after[1].from_cache}",
    )


def check_media(varnish, media_root, checks):
    """nginx serves uploaded media from the shared folder, with its headers; never documents."""
    renditions = sorted((Path(media_root) / "images").glob("*"))
    if not renditions:
        checks.add("media served by nginx from the shared folder", False, "no rendition in the media folder")
        return
    file = renditions[0]
    answer = request(f"{varnish.base}/media/images/{file.name}")
    documents = request(f"{varnish.base}/media/documents/anything.pdf")
    checks.add(
        "media served by nginx from the shared folder; /media/documents/ never",
        answer.status == 200
        and answer.body == file.read_bytes()
        and answer.headers.get("content-security-policy") == "default-src 'none'"
        and answer.headers.get("x-content-type-options") == "nosniff"
        and documents.status == 404,
        f"/media/images/{file.name}: {answer.status}, same bytes {answer.body == file.read_bytes()}, "
        f"CSP {answer.headers.get('content-security-policy')!r}; /media/documents/...: {documents.status}",
    )


def check_private_image(varnish, checks):
    """An image's rendition fetched through Varnish (so Varnish keeps a copy), then the image
    moved into a members-only collection: its files are refused to the public at once (the
    purge drops Varnish's copy; nginx asks the app before it sends one). Moved back after."""
    from django.conf import settings
    from django.test import override_settings
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction

    # This process saves the image, so it purges as the app nodes do.
    backend = {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": varnish.base}
    purging = override_settings(WAGTAILFRONTENDCACHE={"http": backend}, WAGTAILAPI_BASE_URL=varnish.base)
    image = get_image_model().objects.filter(renditions__isnull=False).distinct().first()
    if image is None:
        checks.add("a private image's files are refused", False, "no image with renditions")
        return
    rendition_url = varnish.base + settings.MEDIA_URL + image.renditions.first().file.name
    original_url = varnish.base + settings.MEDIA_URL + image.file.name
    public = [request(rendition_url), request(rendition_url)]
    home = image.collection
    members = Collection.get_first_root_node().add_child(name=f"Cluster members {secrets.token_hex(3)}")
    CollectionViewRestriction.objects.create(
        collection=members, restriction_type=CollectionViewRestriction.LOGIN
    )
    try:
        with purging:
            image.collection = members
            image.save()
        private = [request(rendition_url), request(original_url)]
    finally:
        image.collection = home
        image.save()
        members.delete()
    checks.add(
        "a private image's files are refused to the public through Varnish and nginx",
        [answer.status for answer in public] == [200, 200]
        and public[1].from_cache
        and [answer.status for answer in private] == [403, 403],
        f"public rendition {public[0].status}, then from Varnish's copy {public[1].from_cache}; "
        f"moved into a members-only collection: rendition {private[0].status}, original {private[1].status}",
    )


def throughput(options, varnish, content, log):
    """wrk through Varnish: anonymous readers, every answer from Varnish's copy once primed."""
    from advice.models import LegalEyeArticlePage

    article = LegalEyeArticlePage.objects.listing().first()
    urls = {
        "home": ("home", "/"),
        "news_page": ("news page", content.published.url),
        "legal_eye": ("Legal Eye article", article.url if article else None),
        "api_listing": (
            "API listing (20 news, fields=*)",
            "/api/v2/pages/?type=home.NewsPage&fields=*&limit=20",
        ),
        "api_detail": ("API detail (news)", f"/api/v2/pages/{content.published.pk}/"),
    }
    figures = {}
    before = varnish.counters()
    for key, (label, path) in urls.items():
        if not path:
            continue
        request(varnish.base + path)
        figures[key] = {
            "label": label,
            "path": path,
            **load.run(varnish.base + path, options.concurrency, options.duration),
        }
        log(f"  cluster {key:12} {figures[key]['rps']:9.1f} rps through Varnish")
    after = varnish.counters()
    counters = {name: after[name] - before.get(name, 0) for name in after}
    return figures, counters


def run(options, database_url, log):
    problems = packages.ensure(packages.NGINX, packages.VARNISH, log=log)
    if problems:
        return {"skipped": "; ".join(problems)}
    if not database_url.startswith(("postgres://", "postgresql://")):
        return {
            "skipped": "the nodes share one PostgreSQL database; this run is on SQLite "
            "(set BENCH_DATABASE_URL, or run PostgreSQL on 127.0.0.1:5432)"
        }
    from django.db import connections

    from bench.soak.services import MissingService, PrivateRedis

    rounds = 3 if options.smoke else 5
    node_workers = max(2, options.workers // 2)
    media_root = Path(os.environ["MEDIA_ROOT"])
    checks = Checks()
    with ExitStack() as stack:
        folder = Path(tempfile.mkdtemp(prefix="cluster-", dir=WORK_DIR))
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        # Varnish's and nginx's workers run as other users: they must reach their folders.
        folder.chmod(0o755)
        try:
            redis = stack.enter_context(PrivateRedis(folder, WORK_DIR / "cluster-redis.log"))
        except MissingService as error:
            return {"skipped": str(error)}
        varnish_port = free_port()
        content = stack.enter_context(ClusterContent(varnish_port))
        connections.close_all()
        environment = {
            "REDIS_URL": redis.url,
            "FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{varnish_port}",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{varnish_port}",
            "WAGTAILAPI_BASE_URL": f"http://127.0.0.1:{varnish_port}",
            "TRUSTED_PROXY_COUNT": "2",
        }
        log(
            f"cluster: Redis on {redis.port}; two nodes of {node_workers} workers; nginx; "
            f"Varnish on {varnish_port}"
        )
        node_a = stack.enter_context(Server(node_workers, environment=environment, name="gunicorn node A"))
        node_b = stack.enter_context(Server(node_workers, environment=environment, name="gunicorn node B"))
        nginx = stack.enter_context(Nginx(folder, [node_a.port, node_b.port], media_root))
        varnish = stack.enter_context(Varnish(folder, nginx.port, varnish_port))
        log(f"cluster up: publishing {rounds} times on node A")
        publish = publish_rounds(content, varnish, node_a, node_b, rounds, checks)
        log("cluster: what Varnish stores")
        check_editor_session(content, varnish, node_a, checks)
        check_password_page(content, varnish, checks)
        check_authorization(content, varnish, checks)
        check_private(varnish, checks)
        check_purge_access(content, varnish, checks)
        check_schemes(content, varnish, checks)
        check_media(varnish, media_root, checks)
        check_private_image(varnish, checks)
        log(
            f"cluster: throughput through Varnish, {options.concurrency} connections, "
            f"{options.duration} s per URL"
        )
        figures, counters = throughput(options, varnish, content, log)
        per_node = nginx.requests_per_node()
        checks.add(
            "nginx balances over both app nodes",
            all(count > 0 for count in per_node.values()),
            ", ".join(
                f"node {name}: {per_node[port]:,} requests"
                for name, port in (("A", node_a.port), ("B", node_b.port))
            ),
        )
    return {
        "description": (
            f"Two gunicorn nodes of {node_workers} sync workers (separate processes and ports), nginx "
            f"{tool_version('nginx')} balancing over them (least connections) and serving the shared media "
            f"folder, Varnish {tool_version('varnishd')} in front, one PostgreSQL database and a private "
            "Redis shared by both; configuration from deploy/, all on 127.0.0.1."
        ),
        "publish": publish,
        "throughput": figures,
        "varnish_counters": counters,
        "requests_per_node": {"A": per_node.get(node_a.port), "B": per_node.get(node_b.port)},
        "details": checks.items,
        "checks": targets(checks.items),
    }


def targets(items):
    """The issue's cluster targets, from the checks: visibility, nothing personal stored, and
    the set-up itself (purge access, balancing, media)."""
    storage = [item for item in items if "never stored" in item["check"]]
    setup = [item for item in items if item not in storage and not item["check"].startswith("a publish")]
    visible = next(item for item in items if item["check"].startswith("a publish"))
    return [
        {"target": "cluster: " + visible["check"], "holds": visible["holds"], "figures": visible["detail"]},
        {
            "target": "cluster: Varnish never stores a response that sets a cookie, carries Authorization "
            "or is private (editor session, password-protected page)",
            "holds": all(item["holds"] for item in storage),
            "figures": "; ".join(
                f"{item['check']}: {'holds' if item['holds'] else 'FAILS'}" for item in storage
            ),
        },
        {
            "target": "cluster: the set-up (PURGE/BAN from the purgers only, http and https apart, "
            "both nodes used, media from nginx)",
            "holds": all(item["holds"] for item in setup),
            "figures": "; ".join(
                f"{item['check']}: {'holds' if item['holds'] else 'FAILS'}" for item in setup
            ),
        },
    ]


def tool_version(command):
    path = packages.command_path(command)
    if not path:
        return "?"
    try:
        completed = subprocess.run([path, "-V"], capture_output=True, text=True, timeout=10, check=False)
    except (subprocess.SubprocessError, OSError):
        return "?"
    found = re.search(r"(\d+\.\d+(?:\.\d+)?)", completed.stdout + completed.stderr)
    return found.group(1) if found else "?"
