"""CORS for the API (django-cors-headers), so web apps and PWAs can read it from the browser.

Settings (``cms/settings/base.py``) open ``/api/v2/`` only, for GET, HEAD and OPTIONS, to any
origin (``Access-Control-Allow-Origin: *``) or, when ``API_CORS_ORIGINS`` lists origins, to
those alone. The admin and the site are never opened. Two things this adds:

- a preflight (``OPTIONS`` with ``Access-Control-Request-Method``) is answered ``204 No
  Content`` rather than the library's empty 200;
- ``/api/v2/preview/`` (editors' drafts) is opened only to the origins ``API_CORS_ORIGINS``
  lists, never to ``*``: with no list, only same-origin pages and native apps can use it.
"""

from corsheaders.middleware import CorsMiddleware
from django.conf import settings
from django.utils.cache import patch_vary_headers

PREVIEW_PATH = "/api/v2/preview/"


def normalised(origin):
    return origin.rstrip("/").lower()


class APICorsMiddleware(CorsMiddleware):
    def check_preflight(self, request):
        response = super().check_preflight(request)
        if response is not None:
            response.status_code = 204
        return response

    def add_response_headers(self, request, response):
        if request.path_info.startswith(PREVIEW_PATH):
            listed = {normalised(origin) for origin in settings.API_CORS_ORIGINS}
            if normalised(request.headers.get("Origin", "")) not in listed:
                patch_vary_headers(response, ("origin",))
                return response
        return super().add_response_headers(request, response)
