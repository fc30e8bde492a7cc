"""``/.well-known/security.txt`` (RFC 9116): where to report a vulnerability.

Contact comes from ``SECURITY_TXT_CONTACT`` (one or more URIs, comma-separated), Expires from
``SECURITY_TXT_EXPIRES`` or, unset, one year after the process started (both in
``cms/settings/base.py``). Canonical is the default site's own address, never the request's
Host header."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site


def fields():
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_TXT_CONTACT]
    lines.append(f"Expires: {settings.SECURITY_TXT_EXPIRES.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        lines.append(f"Canonical: {site.root_url}/.well-known/security.txt")
    lines.append("Preferred-Languages: en")
    return lines


@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request):
    return HttpResponse("\n".join(fields()) + "\n", content_type="text/plain; charset=utf-8")
