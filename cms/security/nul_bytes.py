"""Requests whose address carries a NUL character are refused with 400 before any view sees them.

No page of the site has a use for one, and PostgreSQL refuses NUL inside text, so a view
that filters on a raw query parameter (a news topic, an employer name) would otherwise fail
with a 500 on PostgreSQL while working on SQLite. The API (``/api/``) answers such input
itself, with its JSON errors."""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest

EXEMPT_PREFIXES = ("/api/",)


def has_nul(request):
    raw_query = request.META.get("QUERY_STRING", "")
    return "\x00" in request.path or b"\x00" in unquote_to_bytes(raw_query.replace("+", " "))


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(EXEMPT_PREFIXES) and has_nul(request):
            return HttpResponseBadRequest(
                "Bad request: the address contains a NUL character.", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
