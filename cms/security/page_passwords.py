"""Guessing a page's password: Wagtail's password form (a "private, accessible with a
password" page, or a section) is throttled like the admin's sign-in. After
``PAGE_PASSWORD_FAILURE_LIMIT`` wrong passwords for one protected page from one address,
that address gets HTTP 429 for ``PAGE_PASSWORD_COOLOFF_MINUTES``, even with the right
password. A right password clears the count; other addresses are unaffected. The address
is the browser's, read as the sign-in throttle reads it (``TRUSTED_PROXY_COUNT``).

The form posts to Wagtail's ``authenticate_with_password`` view; ``cms/urls.py`` mounts
this one at its URL, in front of it."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from wagtail import views as wagtail_views
from wagtail.models import PageViewRestriction

from cms.security.login_throttle import client_ip
from cms.security.models import PagePasswordFailure


def cooloff():
    return datetime.timedelta(minutes=settings.PAGE_PASSWORD_COOLOFF_MINUTES)


def is_locked(restriction, address):
    return PagePasswordFailure.objects.filter(
        restriction=restriction,
        ip_address=address,
        failures__gte=settings.PAGE_PASSWORD_FAILURE_LIMIT,
        last_failure_at__gt=timezone.now() - cooloff(),
    ).exists()


def record_failure(restriction, address):
    """Count one wrong password; a count older than the cool-off starts again at one."""
    now = timezone.now()
    counts = PagePasswordFailure.objects.filter(restriction=restriction, ip_address=address)
    if counts.filter(last_failure_at__gt=now - cooloff()).update(
        failures=F("failures") + 1, last_failure_at=now
    ):
        return
    if counts.update(failures=1, last_failure_at=now):
        return
    try:
        with transaction.atomic():
            PagePasswordFailure.objects.create(
                restriction=restriction, ip_address=address, failures=1, last_failure_at=now
            )
    except IntegrityError:
        # Another request from the same address created it first.
        counts.update(failures=F("failures") + 1, last_failure_at=now)


def throttled_response(request):
    return render(
        request,
        "security/page_password_throttled.html",
        {
            "failure_limit": settings.PAGE_PASSWORD_FAILURE_LIMIT,
            "cooloff_minutes": settings.PAGE_PASSWORD_COOLOFF_MINUTES,
        },
        status=429,
    )


def authenticate_with_password(request, page_view_restriction_id, page_id):
    restriction = get_object_or_404(PageViewRestriction, pk=page_view_restriction_id)
    address = client_ip(request)
    if request.method == "POST" and is_locked(restriction, address):
        return throttled_response(request)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if request.method != "POST":
        return response
    if response.status_code == 302:
        PagePasswordFailure.objects.filter(restriction=restriction, ip_address=address).delete()
        return response
    record_failure(restriction, address)
    if is_locked(restriction, address):
        return throttled_response(request)
    return response
