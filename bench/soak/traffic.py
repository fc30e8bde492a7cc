"""The soak's clients: readers that walk the site and the API, and editors that sign in to the
Wagtail admin and save and publish pages through its edit view, as a browser would. Every
answer is kept as a ``Sample`` and every save attempt as a ``Save``, with times in seconds
since the soak started."""

import http.client
import http.cookiejar
import re
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

from bench import load

REQUEST_TIMEOUT = 30
# After an error, a client pauses this long rather than hammering a server that is down.
ERROR_PAUSE = 0.05
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Sample:
    kind: str
    started: float
    ended: float
    status: int  # 0: no answer (refused, reset or timed out)

    @property
    def failed(self):
        return self.status == 0 or self.status >= 500


@dataclass(frozen=True)
class Save:
    """One save an editor attempted; ``acknowledged`` when the admin answered as it does to a
    successful save (a redirect to the edit view) or publish (a redirect to the parent's
    listing)."""

    marker: str
    editor: str
    page_id: int
    action: str  # "publish" or "draft"
    started: float
    ended: float
    status: int
    location: str
    acknowledged: bool

    def as_dict(self):
        return asdict(self)


class Recorder:
    """Collects samples and saves from every client thread (``list.append`` is atomic)."""

    def __init__(self):
        self.start()

    def start(self):
        """Forget everything so far (the warm-up) and start the clock."""
        self.origin = time.monotonic()
        self.samples = []
        self.saves = []
        self.events = {}

    def now(self):
        return time.monotonic() - self.origin

    def sample(self, kind, started, status):
        sample = Sample(kind, started, self.now(), status)
        self.samples.append(sample)
        return sample

    def event(self, name):
        self.events[name] = round(self.now(), 3)
        return self.events[name]


def read(base, paths, recorder, stop, offset=0):
    """One reader: request each path in turn, one after another, until ``stop`` is set."""
    kinds = list(paths.items())
    kinds = kinds[offset % len(kinds) :] + kinds[: offset % len(kinds)]
    while not stop.is_set():
        for kind, path in kinds:
            if stop.is_set():
                return
            started = recorder.now()
            status, _ms, _body = load.fetch(base + path, timeout=REQUEST_TIMEOUT)
            if recorder.sample(kind, started, status).failed:
                stop.wait(ERROR_PAUSE)


def warm_up(base, paths, concurrency, seconds=20):
    """Request every path ``concurrency`` times at once (for at most ``seconds``), so that
    each gunicorn worker has loaded its code and templates before the clock starts."""
    deadline = time.monotonic() + seconds

    def walk():
        for path in paths.values():
            if time.monotonic() < deadline:
                load.fetch(base + path, timeout=REQUEST_TIMEOUT)

    for thread in [in_thread(walk) for _ in range(concurrency)]:
        thread.join()


class KeepRedirects(HTTPRedirectHandler):
    """Hand a redirect back to the caller instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A browser's session: its cookies, and redirects handed back rather than followed."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies), KeepRedirects)

    def request(self, path, data=None, headers=None):
        """(status, Location, body); status 0 when no answer came."""
        body = urlencode(data, doseq=True).encode() if data is not None else None
        request = Request(self.base + path, body, headers or {})  # noqa: S310 - always http://127.0.0.1
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, "", response.read()
        except HTTPError as error:
            with error:
                return error.code, error.headers.get("Location", ""), error.read()
        except (OSError, http.client.HTTPException):
            return 0, "", b""

    def fetch_uncached(self, path):
        """GET ``path`` with a session cookie the server has never seen: the page cache
        passes such a request through, so its answer needs the database."""
        status, _location, _body = self.request(
            path, headers={"Cookie": f"sessionid=soak{secrets.token_hex(16)}"}
        )
        return status

    def csrf_token(self):
        return next((cookie.value for cookie in self.cookies if cookie.name == "csrftoken"), "")

    def login(self, username, password):
        """(signed in, the last answer's status)."""
        status, _location, body = self.request("/admin/login/")
        token = CSRF_INPUT.search(body)
        if status != 200 or token is None:
            return False, status
        form = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1).decode(),
            "next": "/admin/",
        }
        status, location, _body = self.request("/admin/login/", form)
        return status == 302 and location == "/admin/", status


class Editor:
    """Signs in, then saves and publishes its own pages in turn: every third save is a draft,
    the others are published. Each save's title carries a unique marker, so the database can
    say exactly which saves landed."""

    def __init__(self, name, tag, password, pages, forms, base, recorder, think_time=0.5):
        self.name = name
        self.tag = tag
        self.password = password
        self.pages = pages  # [(page id, parent id)]
        self.forms = forms
        self.browser = Browser(base)
        self.recorder = recorder
        self.think_time = think_time
        self.signed_in = False

    def sign_in(self, stop, timeout=60):
        deadline = time.monotonic() + timeout
        while not stop.is_set() and time.monotonic() < deadline:
            started = self.recorder.now()
            self.signed_in, status = self.browser.login(self.name, self.password)
            self.recorder.sample("admin sign-in", started, status)
            if self.signed_in:
                return True
            stop.wait(0.5)
        return False

    def run(self, stop):
        count = 0
        while not stop.is_set():
            if not self.signed_in and not self.sign_in(stop):
                return
            page_id, parent_id = self.pages[count % len(self.pages)]
            action = "draft" if count % 3 == 2 else "publish"
            marker = f"{self.tag}-{count:04d}"
            self.save(page_id, parent_id, action, marker)
            count += 1
            stop.wait(self.think_time)

    def save(self, page_id, parent_id, action, marker):
        edit_path = f"/admin/pages/{page_id}/edit/"
        data = self.forms.edit_data(page_id, marker, publish=action == "publish")
        data["csrfmiddlewaretoken"] = self.browser.csrf_token()
        started = self.recorder.now()
        status, location, _body = self.browser.request(edit_path, data)
        sample = self.recorder.sample(f"admin {action}", started, status)
        expected = f"/admin/pages/{parent_id}/" if action == "publish" else edit_path
        acknowledged = status == 302 and location == expected
        self.recorder.saves.append(
            Save(marker, self.name, page_id, action, started, sample.ended, status, location, acknowledged)
        )
        if status == 302 and location.startswith("/admin/login/"):
            self.signed_in = False


def in_thread(target, *args):
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread
