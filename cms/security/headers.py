"""The Content-Security-Policy each response gets, chosen by where it is served from.

- The public site and the API: ``CONTENT_SECURITY_POLICY`` (strict: no inline script or
  style, embeds only from the video hosts).
- The Wagtail admin (``ADMIN_URL_PREFIX``, page previews included):
  ``ADMIN_CONTENT_SECURITY_POLICY``, which allows the inline scripts and styles Wagtail 8
  still has.
- Uploaded files served by the app (``MEDIA_URL``): ``default-src 'none'``, so an uploaded
  file can never run as a page. Documents get the same from Wagtail's serve view.

A view that sets its own policy (django-csp's decorators, or the header itself) keeps it."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

UPLOADED_FILE_POLICY = {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}


def policy_for_path(path):
    """The directives for a request path, or None for the site-wide default."""
    if path.startswith(settings.ADMIN_URL_PREFIX):
        return settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
    media_url = settings.MEDIA_URL
    if media_url.startswith("/") and path.startswith(media_url):
        return UPLOADED_FILE_POLICY
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        config = policy_for_path(request.path_info)
        if config is None:
            return parts
        return PolicyParts(config=config, update=parts.update, replace=parts.replace, nonce=parts.nonce)
