"""The officer finder in the API: which national officers cover a region or an employer
(the site's finder, ``people.models.OfficerSearch``, with its limits), and the directory of
regions and employers an app offers to choose from. Routed in ``cms.api.router``."""

from django.http import Http404
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError

from cms.api import filters, representation
from cms.api.views import APIViewMixin, Pagination
from cms.content import dependencies
from cms.search_query import clean_query
from people.models import (
    MAX_EMPLOYER_QUERY_LENGTH,
    MIN_EMPLOYER_QUERY_LENGTH,
    Employer,
    OfficerSearch,
    Region,
)


class DirectoryView(APIViewMixin, APIView):
    allowed_parameters = frozenset()

    def check_parameters(self, request):
        # Regions and employers are read here: a change to the directory changes the answer.
        dependencies.add(dependencies.DIRECTORY)
        unknown = set(request.GET.keys()) - self.allowed_parameters - {"format", "_"}
        if unknown:
            raise BadRequestError(
                f"query parameter is not recognised here: {', '.join(sorted(unknown))} "
                f"(use {', '.join(sorted(self.allowed_parameters))})"
            )

    def paginated(self, request, queryset, to_item, meta=None):
        pagination = Pagination()
        items = list(pagination.paginate_queryset(queryset, request, view=self))
        return Response(
            {
                "meta": {"total_count": pagination.total_count, **(meta or {})},
                "items": [to_item(i) for i in items],
            }
        )

    def region_by_id(self, value):
        region = Region.objects.filter(pk=filters.parse_id("region", value)).first()
        if region is None:
            raise BadRequestError(f"unknown region {value}: see /api/v2/regions/ for the list")
        return region


class OfficersView(DirectoryView):
    """/api/v2/officers/?region=<id> or ?employer=<name>: the national officers covering it."""

    allowed_parameters = frozenset(["region", "employer"])

    def get(self, request):
        self.check_parameters(request)
        has_region, has_employer = "region" in request.GET, "employer" in request.GET
        if has_region == has_employer:
            raise BadRequestError("give either region=<region id> or employer=<part of the employer's name>")
        search = OfficerSearch(public_pages=self.public_pages)
        meta = {}
        if has_region:
            search.for_region(self.region_by_id(request.GET["region"]))
            meta["region"] = representation.region_item(search.region)
        else:
            raw = request.GET["employer"]
            search.for_employer(clean_query(raw))
            if len(raw) > MAX_EMPLOYER_QUERY_LENGTH or not search.searched:
                raise BadRequestError(
                    f"employer must be {MIN_EMPLOYER_QUERY_LENGTH} to {MAX_EMPLOYER_QUERY_LENGTH} "
                    "characters of the name"
                )
            meta["employers"] = [representation.employer_item(employer) for employer in search.employers]
        # Each officer shown is a dependency of the response (their photo and details).
        people = self.public_pages.filter(search.officers)
        self.loader.attach_renditions([person.photo for person in people])
        with self.loader.active():
            items = [representation.officer(person, {"loader": self.loader}) for person in people]
        return Response({"meta": {"total_count": len(items), **meta}, "items": items})


class RegionsView(DirectoryView):
    """/api/v2/regions/: MiP's regions, by nation then name; ``?nation=`` narrows them."""

    allowed_parameters = frozenset(["nation", "limit", "offset"])

    def get(self, request):
        self.check_parameters(request)
        regions = Region.objects.order_by("nation", "name", "pk")
        if "nation" in request.GET:
            choices = [choice for choice, _label in Region._meta.get_field("nation").choices]
            if request.GET["nation"] not in choices:
                raise BadRequestError(
                    f"nation: unknown nation {request.GET['nation']!r} (choose from {', '.join(choices)})"
                )
            regions = regions.filter(nation=request.GET["nation"])
        return self.paginated(request, regions, representation.region_item)


class RegionDetailView(DirectoryView):
    def get(self, request, pk):
        self.check_parameters(request)
        region = Region.objects.filter(pk=pk).first() if pk <= filters.MAX_OFFSET else None
        if region is None:
            raise Http404("not found")
        return Response(representation.region_item(region))


class EmployersView(DirectoryView):
    """/api/v2/employers/?search=<part of a name>&region=<id>: employers and their regions."""

    allowed_parameters = frozenset(["search", "region", "limit", "offset"])

    def get(self, request):
        self.check_parameters(request)
        employers = Employer.objects.select_related("region").order_by("name", "pk")
        if "search" in request.GET:
            if len(request.GET["search"]) > MAX_EMPLOYER_QUERY_LENGTH:
                raise BadRequestError(f"search is limited to {MAX_EMPLOYER_QUERY_LENGTH} characters")
            employers = employers.filter(name__icontains=clean_query(request.GET["search"]))
        if "region" in request.GET:
            employers = employers.filter(region=self.region_by_id(request.GET["region"]))
        return self.paginated(request, employers, representation.employer_item)
