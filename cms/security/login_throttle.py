"""Who is signing in, as django-axes counts failures: the browser's address, and (in the
test settings only) a backend that lets Django's test client sign in without a request."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The browser's IP address. Behind ``TRUSTED_PROXY_COUNT`` reverse proxies it is the
    address the outermost trusted proxy saw, read from the right of X-Forwarded-For, so a
    client cannot choose its own address by sending that header."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote_addr
    return forwarded[-proxies]


class TestClientLoginThrottleBackend(AxesStandaloneBackend):
    """Throttles every sign-in that comes with a request, like axes' own backend, but lets a
    request-less ``authenticate()`` through to the next backend instead of raising. Only the
    test settings use it, because Django's ``Client.login()`` authenticates with no request;
    production keeps axes' stricter backend, which refuses such calls outright."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page a throttled sign-in gets: HTTP 429 with when to try again, in the admin's look."""
    return render(
        request,
        "security/login_throttled.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": round(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
        },
        status=429,
    )
