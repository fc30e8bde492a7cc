"""Compressed responses: brotli or gzip, whichever the client prefers, for HTML, JSON and
other text.

Placed outside the response caches (``cms.site.page_cache``, ``cms.api.caching``), so what they
serve is compressed too. Compressing a 150 KB API listing costs about as much as serving it
from the cache, so a response that is the same for everyone (no cookie set, no
``Vary: Cookie``, not private, with a strong ETag from the caches) is compressed once per
process and the result kept, keyed by its ETag and coding: the ETag is a hash of the body, so
a changed body can never get an old compressed copy.

Everything else (a signed-in editor's pages, anything with a CSRF token) is gzipped afresh by
Django's own gzip, which pads each response by a random length against BREACH, and never
gets brotli, which has no such padding.

ETags: as Django's GZipMiddleware does, a compressed response's ETag becomes weak
(``W/"..."``). The caches answer ``If-None-Match`` with weak comparison, so a client that sends
back the weak tag gets its 304, and that 304 carries the weak tag it sent, the one its 200 had.
"""

import gzip
import re
import threading
from collections import OrderedDict

import brotli
from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string

COMPRESSIBLE_TYPES = _lazy_re_compile(
    r"^(text/|application/(json|javascript|xml|rss\+xml|atom\+xml|xhtml\+xml|ld\+json)|image/svg\+xml)"
)
# Below this, the compressed body and its headers are barely smaller (Django's threshold).
MIN_LENGTH = 200
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
CODING = re.compile(r"^\s*([\w*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def accepted_codings(header):
    """The codings an Accept-Encoding header allows, with their weights: {"br": 1.0, ...}."""
    accepted = {}
    for part in (header or "").lower().split(","):
        match = CODING.match(part)
        if not match:
            continue
        try:
            weight = float(match.group(2)) if match.group(2) is not None else 1.0
        except ValueError:
            continue
        accepted[match.group(1)] = weight
    return accepted


def choose_coding(header, brotli_allowed):
    """'br' or 'gzip', whichever the client weighs higher (brotli on a tie), or None."""
    accepted = accepted_codings(header)
    wildcard = accepted.get("*", 0.0)
    candidates = (["br"] if brotli_allowed else []) + ["gzip"]
    weights = {coding: accepted.get(coding, wildcard) for coding in candidates}
    best = max(candidates, key=lambda coding: weights[coding])
    return best if weights[best] > 0 else None


def is_shared(response):
    """Whether the response is the same for everyone, so compressing it once is safe: it sets
    no cookie, isn't private, and either doesn't vary by cookie or is one the page cache
    serves to every anonymous reader (``X-Page-Cache``: it stores nothing personal)."""
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return "cookie" not in response.get("Vary", "").lower() or response.has_header("X-Page-Cache")


def weak(etag):
    return etag if etag.startswith("W/") else f"W/{etag}"


class CompressedBodies:
    """Compressed copies of shared responses, by (ETag, coding), least recently used dropped
    first once they hold more than ``max_bytes``. Per process."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.bytes = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            body = self.entries.get(key)
            if body is not None:
                self.entries.move_to_end(key)
            return body

    def put(self, key, body):
        if len(body) > self.max_bytes:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = body
            self.bytes += len(body)
            while self.bytes > self.max_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.bytes -= len(dropped)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.bytes = 0


bodies = CompressedBodies(settings.COMPRESSION_CACHE_BYTES)


def compress(body, coding, shared):
    if coding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    if shared:
        # No secret to protect: the same bytes every time, so they can be kept.
        return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    return compress_string(body, max_random_bytes=100)


class CompressionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        return self.process(request, response)

    def process(self, request, response):
        if response.status_code == 304:
            # The client holds the compressed 200, whose ETag was weak: answer with that one.
            etag = response.get("ETag", "")
            if etag and not etag.startswith("W/") and weak(etag) in request.headers.get("If-None-Match", ""):
                response["ETag"] = weak(etag)
            return response
        if (
            response.streaming
            or response.has_header("Content-Encoding")
            or not COMPRESSIBLE_TYPES.match(response.get("Content-Type", ""))
        ):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if len(response.content) < MIN_LENGTH:
            return response
        shared = is_shared(response)
        coding = choose_coding(request.headers.get("Accept-Encoding"), brotli_allowed=shared)
        if coding is None:
            return response
        etag = response.get("ETag")
        keep = shared and etag is not None and not etag.startswith("W/")
        compressed = bodies.get((etag, coding)) if keep else None
        if compressed is None:
            compressed = compress(response.content, coding, shared)
            if keep:
                bodies.put((etag, coding), compressed)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = coding
        if etag is not None:
            response["ETag"] = weak(etag)
        return response
