"""The officer finder: which national officers cover a region or an employer, and the
directory of regions and employers an app offers to choose from.

The views are bound to the people app's models in ``cms.api.router`` (``cms`` imports no
app itself)."""

from django.http import Http404
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError

from cms.api import filters, representation
from cms.api.views import APIViewMixin, Pagination
from cms.content import dependencies

MAX_EMPLOYER_QUERY = 100


class DirectoryView(APIViewMixin, APIView):
    allowed_parameters = frozenset()
    person_model = None
    region_model = None
    employer_model = None

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
        region = self.region_model.objects.filter(pk=filters.parse_id("region", value)).first()
        if region is None:
            raise BadRequestError(f"unknown region {value}: see /api/v2/regions/ for the list")
        return region


def employer_item(employer):
    return {
        "id": employer.pk,
        "name": employer.name,
        # "sector", not "kind": in sync, every item's "kind" says what sort of resource it is.
        "sector": employer.kind,
        "region": representation.region_item(employer.region),
    }


class OfficersView(DirectoryView):
    """/api/v2/officers/?region=<id> or ?employer=<name>: the national officers covering it."""

    allowed_parameters = frozenset(["region", "employer"])

    def get(self, request):
        self.check_parameters(request)
        has_region, has_employer = "region" in request.GET, "employer" in request.GET
        if has_region == has_employer:
            raise BadRequestError("give either region=<region id> or employer=<part of the employer's name>")
        manager = self.person_model.objects
        meta = {}
        if has_region:
            region = self.region_by_id(request.GET["region"])
            officers = manager.officers_for_region(region)
            meta["region"] = representation.region_item(region)
        else:
            query = request.GET["employer"].strip()
            if len(query) < 2 or len(request.GET["employer"]) > MAX_EMPLOYER_QUERY:
                raise BadRequestError(f"employer must be 2 to {MAX_EMPLOYER_QUERY} characters of the name")
            officers = manager.officers_for_employer(query)
            employers = self.employer_model.objects.filter(name__icontains=query).select_related("region")
            meta["employers"] = [employer_item(employer) for employer in employers[:20]]
        public = self.public_pages.queryset(self.person_model).values("pk")
        people = [person for person in officers.filter(pk__in=public) if self.public_pages.is_public(person)]
        self.loader.attach_renditions([person.photo for person in people])
        with self.loader.active():
            items = [representation.officer(person, {"loader": self.loader}) for person in people]
        return Response({"meta": {"total_count": len(items), **meta}, "items": items})


class RegionsView(DirectoryView):
    """/api/v2/regions/: MiP's regions, by nation then name; ``?nation=`` narrows them."""

    allowed_parameters = frozenset(["nation", "limit", "offset"])

    def get(self, request):
        self.check_parameters(request)
        regions = self.region_model.objects.order_by("nation", "name", "pk")
        if "nation" in request.GET:
            choices = [choice for choice, _label in self.region_model._meta.get_field("nation").choices]
            if request.GET["nation"] not in choices:
                raise BadRequestError(
                    f"nation: unknown nation {request.GET['nation']!r} (choose from {', '.join(choices)})"
                )
            regions = regions.filter(nation=request.GET["nation"])
        return self.paginated(request, regions, representation.region_item)


class RegionDetailView(DirectoryView):
    def get(self, request, pk):
        self.check_parameters(request)
        region = self.region_model.objects.filter(pk=pk).first() if pk <= filters.MAX_OFFSET else None
        if region is None:
            raise Http404("not found")
        return Response(representation.region_item(region))


class EmployersView(DirectoryView):
    """/api/v2/employers/?search=<part of a name>&region=<id>: employers and their regions."""

    allowed_parameters = frozenset(["search", "region", "limit", "offset"])

    def get(self, request):
        self.check_parameters(request)
        employers = self.employer_model.objects.select_related("region").order_by("name", "pk")
        if "search" in request.GET:
            query = request.GET["search"].strip()
            if len(request.GET["search"]) > MAX_EMPLOYER_QUERY:
                raise BadRequestError(f"search is limited to {MAX_EMPLOYER_QUERY} characters")
            employers = employers.filter(name__icontains=query)
        if "region" in request.GET:
            employers = employers.filter(region=self.region_by_id(request.GET["region"]))
        return self.paginated(request, employers, employer_item)
