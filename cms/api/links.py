"""Absolute URLs for the API. They are built from ``WAGTAILAPI_BASE_URL``, never from the
request's Host header, so a forged Host can't end up in a response (or in a cache)."""

from django.conf import settings


def base_url():
    return settings.WAGTAILAPI_BASE_URL.rstrip("/")


def absolute_url(url):
    if not url:
        return url
    if url.startswith("/") and not url.startswith("//"):
        return base_url() + url
    return url


def api_url(path):
    """An API URL from a path under /api/v2/, e.g. ``api_url("pages/3/")``."""
    return f"{base_url()}/api/v2/{path}"
