"""The API's URLs under /api/v2/: Wagtail's v2 endpoints (our subclasses) plus the officer
finder, delta sync, draft preview and the OpenAPI document and reference. Anything else under /api/v2/
is a JSON 404, never the site's HTML error page."""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, path, re_path, resolve
from django.views.decorators.csrf import csrf_exempt
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.utils.urlpatterns import decorate_urlpatterns

from cms import wagtail_compat
from cms.api import preview, reference
from cms.api.sync import SyncView
from cms.api.views import DocumentsAPIViewSet, ImagesAPIViewSet, PagesAPIViewSet
from people import api as people_api
from people.models import Employer, Region


class APIRouter(WagtailAPIRouter):
    """Wagtail's router, plus plain views at fixed paths."""

    def __init__(self, url_namespace):
        super().__init__(url_namespace)
        self._views = []

    def register_view(self, route, view, name):
        self._views.append(path(route, view, name=name))

    def get_model_endpoint(self, model):
        for name, class_ in wagtail_compat.api_endpoints(self).items():
            if class_.model is not None and issubclass(model, class_.model):
                return name, class_
        return None

    def get_urlpatterns(self):
        urlpatterns = super().get_urlpatterns()
        # Any path, newlines too: with "." a %0A in the path fell through to the site's HTML 404.
        extra = list(self._views) + [re_path(r"^[\s\S]*$", not_found, name="not_found")]
        decorate_urlpatterns(extra, self.wrap_view)
        return urlpatterns + extra


@csrf_exempt
def not_found(request, *args, **kwargs):
    """A JSON 404, or a redirect to the same URL with the trailing slash it lacks."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return JsonResponse({"message": "not found"}, status=404)


api_router = APIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)

api_router.register_view("sync/", SyncView.as_view(region_model=Region, employer_model=Employer), "sync")
api_router.register_view("preview/", preview.PreviewView.as_view(), "preview")
api_router.register_view("openapi.json", reference.OpenAPIView.as_view(), "openapi")
api_router.register_view("docs/", reference.docs, "docs")

api_router.register_view("officers/", people_api.OfficersView.as_view(), "officers")
api_router.register_view("regions/", people_api.RegionsView.as_view(), "regions")
api_router.register_view("regions/<int:pk>/", people_api.RegionDetailView.as_view(), "region")
api_router.register_view("employers/", people_api.EmployersView.as_view(), "employers")
