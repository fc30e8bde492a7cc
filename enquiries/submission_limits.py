"""Limits on what reaches a form, checked before the form is read.

- A POST larger than ``FORM_REQUEST_MAX_BYTES`` gets HTTP 413 without its body being read.
- Each client address may post to the site's forms ``FORM_RATE_LIMIT`` times in
  ``FORM_RATE_LIMIT_WINDOW_MINUTES``; more get HTTP 429 with ``Retry-After``. The count lives
  in the cache (shared by every server with Redis), keyed by the address the sign-in throttle
  uses (``cms.security.login_throttle.client_ip``, which honours ``TRUSTED_PROXY_COUNT``); an
  IPv6 client counts by its /64 network, which one household or office holds. If the cache is
  down the limit is not applied: members can still write.

Neither stores or sends anything. A 429 shows the form again with the member's answers, so
nothing they wrote is lost; a 413's body was never read. The honeypot and the length of each answer are the
form's own checks (``enquiries.forms``).
"""

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from cms.security.login_throttle import client_ip

CACHE_PREFIX = "enquiries:posts:"


def client_key(request):
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return CACHE_PREFIX + "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return CACHE_PREFIX + str(parsed.ipv4_mapped)
        return CACHE_PREFIX + str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return CACHE_PREFIX + str(parsed)


def count_post(request):
    """Counts this POST against its address; returns the count in the current window, or None
    when the cache cannot say."""
    key = client_key(request)
    window = settings.FORM_RATE_LIMIT_WINDOW_MINUTES * 60
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:
        # The entry expired between add and incr: this POST starts a new window.
        cache.set(key, 1, timeout=window)
        return 1


def request_size(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@dataclass(frozen=True)
class Refusal:
    status: int
    heading: str
    message: str
    retry_after: int | None = None


def refusal(request):
    """Why this POST is refused (a ``Refusal`` with its status, 413 or 429), or None to go ahead."""
    if request_size(request) > settings.FORM_REQUEST_MAX_BYTES:
        return Refusal(
            status=413,
            heading="Your message is too large to send",
            message=(
                "Shorten your answers and try again. If you need to send us documents, ask for an "
                "email address to send them to."
            ),
        )
    count = count_post(request)
    if count is not None and count > settings.FORM_RATE_LIMIT:
        minutes = settings.FORM_RATE_LIMIT_WINDOW_MINUTES
        return Refusal(
            status=429,
            heading="Too many messages from your connection",
            message=(
                f"To stop automated spam, the website takes at most {settings.FORM_RATE_LIMIT} messages "
                f"from one connection in {minutes} minutes. Your message has not been sent: keep a copy, "
                "wait a while and try again, or email us."
            ),
            retry_after=minutes * 60,
        )
    return None
