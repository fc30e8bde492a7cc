"""The project's URLs, with three benchmark-only routes in front of Wagtail's catch-all:
stock Wagtail's v2 pages endpoint (what a team gets out of the box) and the framework's
floor, a trivial JSON view. The floor's static file is served by whitenoise.

Both are marked never-cache, so our response cache (cms/site/page_cache.py) leaves them alone
and they are measured as they are."""

from django.http import JsonResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.urls import urlpatterns as project_urlpatterns


@method_decorator(never_cache, name="dispatch")
class StockPagesAPIViewSet(PagesAPIViewSet):
    pass


stock_api_router = WagtailAPIRouter("bench_stock_api")
stock_api_router.register_endpoint("pages", StockPagesAPIViewSet)

FLOOR = {"status": "ok", "service": "mip", "items": [1, 2, 3]}


@never_cache
def floor(request):
    return JsonResponse(FLOOR)


urlpatterns = [
    path("bench/stock-api/v2/", stock_api_router.urls),
    path("bench/floor.json", floor, name="bench_floor"),
    *project_urlpatterns,
]
