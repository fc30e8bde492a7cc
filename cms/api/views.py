"""Our v2 endpoints: pages, images and documents.

They extend Wagtail's v2 viewsets and differ from them in four ways: they are
anonymous-only and show only live, public pages of the default site; every bad query
parameter answers 400 with a message (stock Wagtail answers some with a 500); rich text
is display HTML by default; and a batch of objects is loaded with a fixed number of
queries, whatever its length.
"""

import logging
from functools import cached_property

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Max
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from taggit.managers import TaggableManager
from wagtail.api import APIField
from wagtail.api.rich_text import RichTextFormatError
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet as WagtailDocumentsAPIViewSet
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet
from wagtail.models import Page

from cms import wagtail_compat
from cms.api import caching, filters, kept_pages, representation
from cms.api.loading import ContentLoader, model_plan
from cms.api.serializers import DocumentSerializer, ImageSerializer, PageSerializer
from cms.content import versions
from cms.content.models import Change

RICH_TEXT_FORMATS = representation.RICH_TEXT_FORMATS
logger = logging.getLogger(__name__)


def error_response(status_code, message):
    return Response({"message": message}, status=status_code)


class Pagination(WagtailPagination):
    """``limit`` (default 20, at most WAGTAILAPI_LIMIT_MAX = 100) and ``offset``."""

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        offset = filters.parse_int("offset", request.GET.get("offset", "0"), 0, filters.MAX_OFFSET)
        limit = filters.parse_int("limit", request.GET.get("limit", str(min(20, limit_max))), 0, limit_max)
        self.view = view
        self.total_count = queryset.count()
        return queryset[offset : offset + limit]


class APIViewMixin:
    """What every endpoint of our API shares: no authentication (the API is public and
    anonymous, so no cookie or credential can unlock private content), JSON only,
    JSON errors, input checks, and HTTP caching with a server-side response cache."""

    authentication_classes = []
    permission_classes = []
    renderer_classes = [JSONRenderer]
    pagination_class = Pagination
    detail_query_parameters = frozenset(["fields", "rich_text_format", "format", "_"])
    # False for a view whose answers are personal (preview): it is never cached.
    response_cache = True

    def dispatch(self, request, *args, **kwargs):
        if not self.response_cache:
            return super().dispatch(request, *args, **kwargs)
        return caching.cached_dispatch(self, super().dispatch, request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        filters.check_raw_parameters(request)

    def get_renderer_context(self):
        # Compact JSON. Wagtail's v2 views indent theirs by 4, which makes Python's json
        # module encode in Python rather than C: most of an uncached listing's time, and a
        # third more bytes. ``Accept: application/json; indent=4`` still indents on request.
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    def handle_exception(self, exc):
        if isinstance(exc, (BadRequestError, RichTextFormatError)):
            return error_response(status.HTTP_400_BAD_REQUEST, str(exc))
        if isinstance(exc, (Http404, drf_exceptions.NotFound)):
            return error_response(status.HTTP_404_NOT_FOUND, "not found")
        if isinstance(exc, drf_exceptions.APIException):
            return error_response(exc.status_code, str(exc.detail))
        # A bug, not bad input: logged with its traceback, and still JSON for the app.
        logger.exception("API error on %s", self.request.get_full_path())
        return error_response(status.HTTP_500_INTERNAL_SERVER_ERROR, "internal error")

    @cached_property
    def public_pages(self):
        """The content core's rule for the default site, at the head this response renders."""
        public = versions.public_content(at=getattr(self, "content_head", None))
        # Links in rendered blocks ({% pageurl %}) are made for the site the API serves, known
        # already: no query of their own, in whichever item first has a link.
        if public.site is not None:
            wagtail_compat.set_request_site(self.request, public.site)
        return public

    @cached_property
    def loader(self):
        return ContentLoader(
            self.public_pages, rendition_specs=representation.rendition_filters(), request=self.request
        )

    def resolve_rich_text_format(self):
        raw = self.request.GET.get("rich_text_format")
        if raw is None:
            return representation.DEFAULT_RICH_TEXT_FORMAT
        if raw not in RICH_TEXT_FORMATS:
            raise BadRequestError(
                f"rich_text_format must be one of {', '.join(RICH_TEXT_FORMATS)}, got {raw!r}"
            )
        return raw

    def get_serializer_context(self):
        rich_text_format = self.resolve_rich_text_format()
        return {
            "request": self.request,
            "view": self,
            "router": self.request.wagtailapi_router,
            "loader": self.loader,
            "rich_text_format": rich_text_format,
            "_wagtail_rich_text_format": rich_text_format,
        }

    def serialize(self, objects, serializer_class, many):
        with self.loader.active():
            return serializer_class(objects, many=many, context=self.get_serializer_context()).data

    @classmethod
    def field_filter_names(cls, model):
        """Database fields that ``?name=value`` filters exactly."""
        names = []
        for name in cls.get_available_fields(model, db_fields_only=True):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if (
                name in filters.CONTENT_FILTER_NAMES
                or name == "locale"
                or not field.concrete
                or field.many_to_many
                or isinstance(field, (TaggableManager, models.JSONField, StreamField, RichTextField))
            ):
                continue
            names.append(name)
        return names

    @classmethod
    def ordering_names(cls, model):
        return {"id"} | {
            name for name in cls.field_filter_names(model) if not model._meta.get_field(name).is_relation
        }

    def allowed_listing_parameters(self, model):
        return (
            set(self.known_query_parameters)
            | set(self.field_filter_names(model))
            | {content_filter.name for content_filter in filters.content_filters_for(model)}
        )

    def check_query_parameters(self, queryset):
        model = queryset.model
        unknown = set(self.request.GET.keys()) - self.allowed_listing_parameters(model)
        if not unknown:
            return
        needs_type = sorted(unknown & filters.CONTENT_FILTER_NAMES)
        if needs_type:
            raise BadRequestError(
                f"{', '.join(needs_type)} filters pages of a type that has that field: "
                f"add type=, e.g. type=home.NewsPage"
            )
        raise BadRequestError(
            "query parameter is not an operation or a recognised field: " + ", ".join(sorted(unknown))
        )

    def check_detail_parameters(self):
        unknown = set(self.request.GET.keys()) - self.detail_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not recognised on a detail URL: " + ", ".join(sorted(unknown))
            )

    def object_id(self):
        """The id in the URL; ids beyond what the database can hold are simply not found."""
        pk = int(self.kwargs.get("pk"))
        if not 1 <= pk <= filters.MAX_OFFSET:
            raise Http404("not found")
        return pk

    def find_object(self, queryset, request):
        if "id" in request.GET:
            return queryset.filter(pk=filters.parse_id("id", request.GET["id"])).first()
        return None

    def find_view(self, request):
        filters.check_raw_parameters(request)
        return super().find_view(request)


class TreeFilterBackend(BaseFilterBackend):
    """``child_of`` / ``descendant_of`` / ``ancestor_of`` a public page (or ``root``)."""

    def filter_queryset(self, request, queryset, view):
        if "child_of" in request.GET and "descendant_of" in request.GET:
            raise BadRequestError("filtering by descendant_of with child_of is not supported")
        for name in ("child_of", "descendant_of", "ancestor_of"):
            if name not in request.GET:
                continue
            value = request.GET[name]
            if value == "root" and name != "ancestor_of":
                page = view.get_root_page()
            else:
                page = view.get_base_queryset().filter(pk=filters.parse_id(name, value)).first()
            if page is None:
                raise BadRequestError(f"{name}: page {value} does not exist or is not public")
            if name == "child_of":
                queryset = queryset.child_of(page)
            elif name == "descendant_of":
                queryset = queryset.descendant_of(page)
            else:
                queryset = queryset.ancestor_of(page)
        return queryset


class PagesAPIViewSet(APIViewMixin, WagtailPagesAPIViewSet):
    """/api/v2/pages/: live public pages, with filters for apps."""

    base_serializer_class = PageSerializer
    # When the live content was last published, and its version (the live revision's id):
    # an app can tell whether its copy is current.
    meta_fields = WagtailPagesAPIViewSet.meta_fields + ["last_published_at", "version"]
    filter_backends = [
        filters.FieldValueFilterBackend,
        TreeFilterBackend,
        filters.ContentFilterBackend,
        filters.OrderingFilterBackend,
        filters.SearchFilterBackend,  # last: search results cannot be filtered further
    ]
    known_query_parameters = frozenset(
        [
            "limit",
            "offset",
            "fields",
            "order",
            "search",
            "search_operator",
            "rich_text_format",
            "type",
            "child_of",
            "ancestor_of",
            "descendant_of",
            "format",
            "_",
        ]
    )

    def get_root_page(self):
        return Page.objects.filter(pk=self.public_pages.root_id).first()

    def get_base_queryset(self):
        return self.public_pages.queryset(Page)

    def requested_models(self):
        try:
            type_names = self.request.GET.get("type")
            return page_models_from_string(type_names) if type_names else ()
        except (LookupError, ValueError) as error:
            raise BadRequestError(
                f"type doesn't exist: {self.request.GET.get('type')!r} (use app_label.ModelName, "
                "e.g. home.NewsPage)"
            ) from error

    def get_queryset(self):
        requested = self.requested_models()
        if len(requested) == 1:
            model = requested[0]
            return self.public_pages.queryset(model).select_related(*model_plan(model)["select"])
        queryset = self.get_base_queryset().select_related("locale")
        return queryset.type(*requested) if requested else queryset

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        window = self.paginate_queryset(queryset)
        if isinstance(window, models.QuerySet):
            items = self.represent(window, "listing", queryset=queryset)
        else:  # search results
            items = self.represent(list(window), "listing")
        return self.get_paginated_response(items)

    def get_object(self):
        if not hasattr(self, "_page"):
            page = self.loader.load_pages([self.object_id()]).get(self.object_id())
            if page is None:
                raise Http404("not found")
            self._page = page
        return self._page

    def detail_view(self, request, pk):
        self.check_detail_parameters()
        return Response(self.represent([self.get_object()], "detail")[0])

    def represent(self, pages, action, queryset=None):
        """The pages' representations for this request, each kept between responses
        (``cms.api.kept_pages``). ``pages`` is a list, or a window of ``queryset``."""
        serializer_class = self.get_serializer_class()
        context = self.get_serializer_context()
        asked = [self.request.GET.get(name, "") for name in ("fields", "type")]
        how = {
            "variant": (action, context["rich_text_format"], *asked),
            "serializer_for": lambda page: serializer_class(page, context=context),
            "prepare": lambda missing: self.loader.prepare(missing, serializer_class.Meta.fields),
            "loader": self.loader,
        }
        if queryset is None:
            return kept_pages.represent(pages, **how)
        return kept_pages.represent_window(queryset, pages, **how)

    def find_object(self, queryset, request):
        if "html_path" in request.GET and "id" in request.GET:
            raise BadRequestError("give either html_path= or id=, not both")
        if "html_path" in request.GET:
            root = self.get_root_page()
            if root is None:
                return None
            components = [component for component in request.GET["html_path"].split("/") if component]
            try:
                page, _args, _kwargs = root.specific.route(request, components)
            except Http404:
                return None
            return page if queryset.filter(pk=page.pk).exists() else None
        return super().find_object(queryset, request)


class ImageRepresentationField(drf_serializers.Field):
    def __init__(self, part, api_schema, **kwargs):
        self.part = part
        self.api_schema = api_schema
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, image):
        return representation.image(image, self.context)[self.part]


class DocumentRepresentationField(ImageRepresentationField):
    def to_representation(self, document):
        return representation.document(document, self.context)[self.part]


class MediaViewMixin(APIViewMixin):
    filter_backends = [
        filters.FieldValueFilterBackend,
        filters.MediaTagsFilterBackend,
        filters.OrderingFilterBackend,
        filters.SearchFilterBackend,
    ]

    def get_queryset(self):
        # Outside restricted collections (the content core's rule): the API is anonymous.
        return self.public_pages.visible_media(self.model.objects.prefetch_related("tags")).order_by("id")

    def get_object(self):
        if not hasattr(self, "_object"):
            found = self.get_queryset().filter(pk=self.object_id()).first()
            if found is None:
                raise Http404("not found")
            self._object = found
        return self._object

    def prepare(self, objects):
        self.attach_updated_at(objects)

    @staticmethod
    def attach_updated_at(objects):
        """``meta.updated_at``: the time of the object's latest row in the content feed (edit,
        file change, collection change), or its upload time. One query for the batch."""
        kind = "document" if objects and not hasattr(objects[0], "get_rendition") else "image"
        latest = dict(
            Change.objects.filter(key__in=[f"{kind}:{obj.pk}" for obj in objects])
            .values("key")
            .annotate(at=Max("created_at"))
            .values_list("key", "at")
        )
        for obj in objects:
            obj.feed_updated_at = latest.get(f"{kind}:{obj.pk}") or obj.created_at

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        objects = list(self.paginate_queryset(queryset))
        self.prepare(objects)
        return self.get_paginated_response(self.serialize(objects, self.get_serializer_class(), many=True))

    def detail_view(self, request, pk):
        self.check_detail_parameters()
        obj = self.get_object()
        self.prepare([obj])
        return Response(self.serialize(obj, self.get_serializer_class(), many=False))


class ImagesAPIViewSet(MediaViewMixin, WagtailImagesAPIViewSet):
    """/api/v2/images/: images outside private collections, with alt text and renditions."""

    base_serializer_class = ImageSerializer
    meta_fields = WagtailImagesAPIViewSet.meta_fields + ["updated_at"]
    body_fields = WagtailImagesAPIViewSet.body_fields + [
        APIField("alt", serializer=drf_serializers.CharField(source="description", read_only=True)),
        APIField(
            "focal_point",
            serializer=ImageRepresentationField(
                "focal_point", api_schema={"$ref": "#/components/schemas/FocalPoint"}
            ),
        ),
        APIField(
            "renditions",
            serializer=ImageRepresentationField(
                "renditions",
                api_schema={"type": "array", "items": {"$ref": "#/components/schemas/Rendition"}},
            ),
        ),
    ]
    listing_default_fields = WagtailImagesAPIViewSet.listing_default_fields + ["alt", "renditions"]

    def get_queryset(self):
        return super().get_queryset().prefetch_renditions(*self.loader.rendition_specs)


class DocumentsAPIViewSet(MediaViewMixin, WagtailDocumentsAPIViewSet):
    """/api/v2/documents/: documents outside private collections."""

    base_serializer_class = DocumentSerializer
    meta_fields = WagtailDocumentsAPIViewSet.meta_fields + ["updated_at"]
    body_fields = WagtailDocumentsAPIViewSet.body_fields + [
        APIField(
            "url",
            serializer=DocumentRepresentationField("url", api_schema={"type": "string", "format": "uri"}),
        ),
        APIField(
            "size", serializer=DocumentRepresentationField("size", api_schema={"type": ["integer", "null"]})
        ),
        APIField(
            "file_type", serializer=DocumentRepresentationField("file_type", api_schema={"type": "string"})
        ),
    ]
    listing_default_fields = WagtailDocumentsAPIViewSet.listing_default_fields + ["url", "size", "file_type"]
