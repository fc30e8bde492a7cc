"""The SSRF guard: webhook calls go only to public internet addresses.

An editor types the endpoint's URL, and the server then POSTs to it; without this guard the
URL could name the database, the cache or a cloud metadata service on the internal network.
A URL is checked when the endpoint is saved and again when each call is sent (DNS can change
between the two): every address the host name resolves to must be global, and the socket's
actual peer is checked once more after it connects. ``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES``
(development and tests) turns the guard off.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

SCHEMES = ("http", "https")


class RefusedAddress(ValueError):
    """The URL names, or resolves to, an address webhooks may not call."""


def guard_enabled():
    return not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES


def check_scheme(url):
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise RefusedAddress("Use an http:// or https:// address with a host name.")
    return parts


def check_address(address):
    """Refuse ``address`` (a string) unless it is a global unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if not ip.is_global or ip.is_multicast or ip.is_reserved:
        raise RefusedAddress(
            f"{address} is a loopback, private, link-local, multicast or reserved address: "
            "webhooks are only sent to public internet addresses."
        )


def check_url(url):
    """Refuse ``url`` unless it is http(s) and every address its host resolves to is public.
    Raises ``socket.gaierror`` when the host name does not resolve."""
    parts = check_scheme(url)
    if not guard_enabled():
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for *_rest, sockaddr in socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM):
        check_address(sockaddr[0])


def check_peer(sock):
    """Refuse a connected socket whose peer is not public (the name resolved anew on connect)."""
    if guard_enabled():
        check_address(sock.getpeername()[0])
