"""The response cache in front of the reader site and the API.

A reader's page is rendered once and then served from the cache (Redis when ``REDIS_URL`` is
set, else each process's local memory) without touching the database, until a change that
affects something the page showed reaches the content feed (``cms.content.versions``): the
page's own content, a page, image or document it shows, a listing it reads, its menu and
breadcrumbs, or the site settings in its footer. Other changes leave it cached, so readers
keep getting cached pages while editors publish elsewhere.

Only anonymous readers are served from it, and only their responses are stored:

- a request that carries a session or messages cookie, or an ``Authorization`` header,
  passes straight through, so an editor (always signed in, so always with a session
  cookie) never gets a cached page and never has theirs stored;
- a response is stored only when it is a complete 200 that sets no cookie, is not marked
  private or no-store, and was rendered for an anonymous user. A page that uses a CSRF
  token (a form) sets a cookie, and a view-restricted page answers anonymous readers with a
  redirect or a password form, so neither is ever stored.

The API is anonymous-only and its views keep their own cache; here its cached responses
are just served before URL routing. The admin and uploaded files are never cached here.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from wagtail.models import Page

from cms.api import caching
from cms.content import dependencies, fragments, versions
from cms.site import page_routing
from cms.site.reader_request import reader_request

# Cookies that make a response personal: the session (signed-in users, page passwords)
# and one-off messages.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# The API (cms/urls.py) has its own response cache (cms.api.caching).
API_PREFIX = "/api/"


def is_anonymous(request):
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def is_cacheable_path(path):
    never = (settings.ADMIN_URL_PREFIX, settings.MEDIA_URL, settings.STATIC_URL, "/documents/")
    return not path.startswith(tuple(prefix for prefix in never if prefix.startswith("/")))


def is_storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return len(response.content) <= settings.PAGE_CACHE_MAX_BYTES


def page_key(request):
    # The host is part of the key: each site has its own pages (and get_host() refuses a
    # host that is not allowed before anything is read or stored).
    identity = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{hashlib.sha256(identity.encode()).hexdigest()}"


def shown_keys(request, collected):
    """What a stored page depends on: what it showed, the footer's settings, and the pages its
    routing read (path, menu, breadcrumbs). A view that is not a routed page (search, the
    sitemap, robots.txt) also depends on every page listing, since it may list any page."""
    keys = set(collected) | {dependencies.SETTINGS}
    tree = reader_request(request).tree
    if tree is None:
        keys.add(dependencies.list_key(Page))
    else:
        keys.update(dependencies.page_key(pk) for pk in tree.page_ids())
        keys.add(dependencies.children_key(tree.root.pk))
    return keys


def response_from_entry(entry, request):
    response = HttpResponse(entry["body"], status=200)
    for name, value in entry["headers"].items():
        response[name] = value
    response["ETag"] = entry["etag"]
    response["X-Page-Cache"] = "hit"
    return get_conditional_response(request, etag=entry["etag"], response=response)


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET":
            return self.get_response(request)
        path = request.path_info
        if path.startswith(API_PREFIX):
            return caching.serve_from_cache(request) or self.get_response(request)
        if not (is_anonymous(request) and is_cacheable_path(path)):
            return self.get_response(request)
        at = reader_request(request).head
        key = page_key(request) if settings.PAGE_CACHE else None
        entry = cache.get(key) if key else None
        if entry is not None:
            fresh, restamped = versions.is_fresh(entry, at)
            if fresh:
                if restamped:
                    cache.set(key, entry, timeout=settings.PAGE_CACHE_TIMEOUT)
                return response_from_entry(entry, request)
        # Parts of the page (its body, its routing) are kept and reused even when the page
        # itself is not (cms.content.fragments).
        with dependencies.collect() as shown, fragments.allowed(at):
            page_routing.use_kept_route(request)
            response = self.get_response(request)
        if not (key and is_storable(request, response)):
            return response
        etag = caching.etag_for(response.content)
        entry = {"body": response.content, "headers": dict(response.items()), "etag": etag}
        shown.keys = shown_keys(request, shown.keys)
        versions.stamp(entry, at, shown)
        cache.set(key, entry, timeout=settings.PAGE_CACHE_TIMEOUT)
        response["ETag"] = etag
        response["X-Page-Cache"] = "miss"
        return get_conditional_response(request, etag=etag, response=response)
