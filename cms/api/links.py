"""Absolute URLs for the API. They are built from ``WAGTAILAPI_BASE_URL``, never from the
request's Host header, so a forged Host can't end up in a response (or in a cache)."""

import re

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


# URL attributes in HTML our templates write (always double-quoted), and srcset lists.
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|poster)=")(/[^/"][^"]*|/)"')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')


def absolute_html(html):
    """HTML with every site-relative link and image (``href``, ``src``, ``poster``,
    ``srcset``) made absolute on the API's base URL, for apps that show it outside the site."""
    if not html:
        return html
    html = _URL_ATTRIBUTE.sub(lambda match: f'{match.group(1)}{absolute_url(match.group(2))}"', html)

    def srcset(match):
        candidates = []
        for candidate in match.group(2).split(","):
            url, _space, descriptor = candidate.strip().partition(" ")
            candidates.append(f"{absolute_url(url)} {descriptor}".strip())
        return f'{match.group(1)}{", ".join(candidates)}"'

    return _SRCSET.sub(srcset, html)
