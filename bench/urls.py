"""The project's URLs, with three benchmark-only routes in front of Wagtail's catch-all:
stock Wagtail's v2 pages endpoint (what a team gets out of the box) and the framework's
floor, a trivial JSON view. The floor's static file is served by whitenoise."""

from django.http import JsonResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.urls import urlpatterns as project_urlpatterns

stock_api_router = WagtailAPIRouter("bench_stock_api")
stock_api_router.register_endpoint("pages", PagesAPIViewSet)

FLOOR = {"status": "ok", "service": "mip", "items": [1, 2, 3]}


def floor(request):
    return JsonResponse(FLOOR)


urlpatterns = [
    path("bench/stock-api/v2/", stock_api_router.urls),
    path("bench/floor.json", floor, name="bench_floor"),
    *project_urlpatterns,
]
