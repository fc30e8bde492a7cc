"""Query parameters: parsing that answers 400 with a message instead of a 500, and the
content filters apps use (topics, nations, article type, author, dates, review status).

A filter applies to a page type that has the field it filters on, so filters other than
the stock tree filters need ``type=`` (e.g. ``type=home.NewsPage``)."""

import datetime
import re

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from rest_framework.filters import BaseFilterBackend
from taggit.managers import TaggableManager
from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from cms.api.loading import MAX_ID
from cms.nations import ALL_NATIONS, applies_to_nations
from cms.search_query import MAX_QUERY_LENGTH, clean_query

MAX_PARAMETER_LENGTH = 1000
MAX_NAME_LENGTH = 100
MAX_SEARCH_LENGTH = MAX_QUERY_LENGTH
MAX_LIST_ITEMS = 20
MAX_OFFSET = 2**31 - 1
SLUG = re.compile(r"^[-\w]+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_raw_parameters(request):
    """Reject input no parameter can use: NUL bytes and absurdly long values."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise BadRequestError(f"{name!r}: null characters are not allowed")
        if len(name) > MAX_NAME_LENGTH:
            raise BadRequestError(
                f"{name[:MAX_NAME_LENGTH]}…: parameter names are limited to {MAX_NAME_LENGTH} characters"
            )
        if any(len(value) > MAX_PARAMETER_LENGTH for value in values):
            raise BadRequestError(f"{name}: values are limited to {MAX_PARAMETER_LENGTH} characters")


def parse_int(name, value, minimum=0, maximum=MAX_ID):
    if value is None or not re.fullmatch(r"\s*\d+\s*", value):
        raise BadRequestError(f"{name} must be a whole number from {minimum} to {maximum}, got {value!r}")
    number = int(value)
    if not minimum <= number <= maximum:
        raise BadRequestError(f"{name} must be a whole number from {minimum} to {maximum}, got {value!r}")
    return number


def parse_id(name, value):
    return parse_int(name, value, minimum=1)


def parse_date(name, value):
    if not ISO_DATE.match(value or ""):
        raise BadRequestError(f"{name} must be a date as YYYY-MM-DD, got {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise BadRequestError(f"{name} must be a real date as YYYY-MM-DD, got {value!r}") from error


def parse_boolean(name, value):
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise BadRequestError(f"{name} must be true or false, got {value!r}")


def parse_list(name, value):
    items = [item.strip() for item in (value or "").split(",") if item.strip()]
    if not items:
        raise BadRequestError(f"{name} needs at least one value (comma-separated)")
    if len(items) > MAX_LIST_ITEMS:
        raise BadRequestError(f"{name} takes at most {MAX_LIST_ITEMS} values")
    return items


def model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


# Content filters --------------------------------------------------------------------------


class ContentFilter:
    """A named query parameter that filters pages of the types that have ``field``."""

    name = ""
    field = ""
    description = ""
    schema = {"type": "string"}

    def applies_to(self, model):
        return model_field(model, self.field) is not None

    def parameter_schema(self, models):
        """The JSON Schema of the parameter's value, for the OpenAPI document."""
        return self.schema

    def apply(self, queryset, value, view):
        raise NotImplementedError


class TagsFilter(ContentFilter):
    name = "tags"
    field = "tags"
    description = (
        "Topic slugs, comma-separated; pages with any of them (e.g. `pay,redundancy`). A slug no "
        "topic has is a 400."
    )
    schema = {
        "type": "array",
        "items": {"type": "string", "pattern": r"^[-\w]+$"},
        "minItems": 1,
        "maxItems": MAX_LIST_ITEMS,
        "examples": [["pay", "redundancy"]],
    }

    def applies_to(self, model):
        return isinstance(model_field(model, "tags"), TaggableManager)

    def apply(self, queryset, value, view):
        slugs = parse_list(self.name, value)
        bad = [slug for slug in slugs if not SLUG.match(slug)]
        if bad:
            raise BadRequestError(f"tags takes topic slugs such as 'pay', got {', '.join(map(repr, bad))}")
        # Known means carried by a public page of this type: a topic used only on drafts or
        # private pages answers exactly like one nobody made, so it can't be confirmed.
        public = view.public_pages.visible(queryset.model.objects.all(), keys=[])
        known = set(public.filter(tags__slug__in=slugs).values_list("tags__slug", flat=True))
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise BadRequestError(f"tags: no public page of this type has the topic: {', '.join(unknown)}")
        tagged = queryset.model.objects.filter(tags__slug__in=slugs).values("pk")
        return queryset.filter(pk__in=tagged)


class MediaTagsFilter(ContentFilter):
    """``tags`` on /images/ and /documents/: those with any of the tags. A tag that no public
    image or document has gives no items, whether or not anything private has it, so the
    answer reveals nothing about private collections."""

    name = "tags"
    field = "tags"
    schema = TagsFilter.schema

    def description_for(self, plural):
        return (
            f"Tag slugs, comma-separated: {plural} with any of them (e.g. `pay,conference`). "
            f"A tag no public {plural[:-1]} has gives no items."
        )

    def apply(self, queryset, value, view):
        slugs = parse_list(self.name, value)
        bad = [slug for slug in slugs if not SLUG.match(slug)]
        if bad:
            raise BadRequestError(f"tags takes tag slugs such as 'pay', got {', '.join(map(repr, bad))}")
        tagged = queryset.model.objects.filter(tags__slug__in=slugs).values("pk")
        return queryset.filter(pk__in=tagged)


MEDIA_TAGS_FILTER = MediaTagsFilter()


class MediaTagsFilterBackend(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if MEDIA_TAGS_FILTER.name in request.GET:
            return MEDIA_TAGS_FILTER.apply(queryset, request.GET[MEDIA_TAGS_FILTER.name], view)
        return queryset


class NationsFilter(ContentFilter):
    name = "nations"
    field = "nations"
    description = (
        "Nation codes, comma-separated: pages for any of them. Pages that name no nation are "
        "UK-wide and match every nation."
    )
    schema = {
        "type": "array",
        "items": {"enum": ALL_NATIONS},
        "minItems": 1,
        "maxItems": MAX_LIST_ITEMS,
        "examples": [["wales", "scotland"]],
    }

    def apply(self, queryset, value, view):
        codes = parse_list(self.name, value)
        unknown = [code for code in codes if code not in ALL_NATIONS]
        if unknown:
            raise BadRequestError(
                f"nations: unknown nation: {', '.join(unknown)} (choose from {', '.join(ALL_NATIONS)})"
            )
        return queryset.filter(applies_to_nations("nations", codes) | models.Q(nations=[]))


class ChoiceFilter(ContentFilter):
    def applies_to(self, model):
        field = model_field(model, self.field)
        return field is not None and bool(field.choices)

    def parameter_schema(self, models):
        choices = {
            str(choice)
            for model in models
            if self.applies_to(model)
            for choice, _label in model_field(model, self.field).choices
        }
        return {"enum": sorted(choices)}

    def apply(self, queryset, value, view):
        choices = [str(choice) for choice, _label in model_field(queryset.model, self.field).choices]
        if value not in choices:
            raise BadRequestError(f"unknown {self.name} {value!r} (choose from {', '.join(choices)})")
        return queryset.filter(**{self.field: value})


class ArticleTypeFilter(ChoiceFilter):
    name = "article_type"
    field = "article_type"
    description = "One article type: news, feature, opinion, mip-at-work or media-release."


class AuthorFilter(ContentFilter):
    name = "author"
    field = "author"
    description = "The id of a person page: pages written by that person (one that isn't is a 400)."
    schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}

    def applies_to(self, model):
        field = model_field(model, self.field)
        return isinstance(field, models.ForeignKey)

    def apply(self, queryset, value, view):
        author_id = parse_id(self.name, value)
        person_model = model_field(queryset.model, self.field).related_model
        if not view.public_pages.queryset(person_model).filter(pk=author_id).exists():
            raise BadRequestError(f"author {author_id} is not a published person page")
        return queryset.filter(author_id=author_id)


class DateAfterFilter(ContentFilter):
    name = "date_after"
    field = "date"
    description = "Pages dated on or after this day (YYYY-MM-DD)."
    schema = {"type": "string", "format": "date"}

    def apply(self, queryset, value, view):
        return queryset.filter(date__gte=parse_date(self.name, value))


class DateBeforeFilter(DateAfterFilter):
    name = "date_before"
    description = "Pages dated on or before this day (YYYY-MM-DD)."

    def apply(self, queryset, value, view):
        return queryset.filter(date__lte=parse_date(self.name, value))


class ReviewOverdueFilter(ContentFilter):
    name = "review_overdue"
    field = "review_due"
    description = "true: Legal Eye articles past their review date; false: the others."
    schema = {"type": "boolean"}

    def apply(self, queryset, value, view):
        # What overdue means is the model's rule (``advice.models.LegalEyeArticleQuerySet``).
        return queryset.review_overdue(parse_boolean(self.name, value))


CONTENT_FILTERS = [
    TagsFilter(),
    NationsFilter(),
    ArticleTypeFilter(),
    AuthorFilter(),
    DateAfterFilter(),
    DateBeforeFilter(),
    ReviewOverdueFilter(),
]
CONTENT_FILTER_NAMES = {content_filter.name for content_filter in CONTENT_FILTERS}


def register_content_filter(content_filter):
    """Add a filter an app defines for its own page types (e.g. ``events.api``), from its
    ``AppConfig.ready()``: the listing, its 400s and the OpenAPI document then include it."""
    if content_filter.name not in CONTENT_FILTER_NAMES:
        CONTENT_FILTERS.append(content_filter)
        CONTENT_FILTER_NAMES.add(content_filter.name)


def content_filters_for(model):
    return [content_filter for content_filter in CONTENT_FILTERS if content_filter.applies_to(model)]


class ContentFilterBackend(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        for content_filter in content_filters_for(queryset.model):
            if content_filter.name in request.GET:
                queryset = content_filter.apply(queryset, request.GET[content_filter.name], view)
        return queryset


class FieldValueFilterBackend(BaseFilterBackend):
    """``?field=value`` exact filters on a page type's own database fields (stock Wagtail
    behaviour), with values checked against the field so a bad one is a 400, not a 500."""

    def filter_queryset(self, request, queryset, view):
        for name in view.field_filter_names(queryset.model):
            if name not in request.GET:
                continue
            value = request.GET[name]
            field = model_field(queryset.model, name)
            try:
                if isinstance(field, models.BooleanField):
                    python_value = parse_boolean(name, value)
                elif isinstance(field, (models.ForeignKey, models.AutoField, models.IntegerField)):
                    python_value = parse_int(name, value)
                else:
                    python_value = field.to_python(value)
                    if field.choices and value not in {str(choice) for choice, _ in field.choices}:
                        raise BadRequestError(
                            f"unknown {name} {value!r} (choose from "
                            f"{', '.join(str(choice) for choice, _ in field.choices)})"
                        )
            except ValidationError as error:
                raise BadRequestError(
                    f"{name}: {value!r} is not a valid value ({error.messages[0]})"
                ) from error
            lookup = name if not isinstance(field, models.ForeignKey) else field.attname
            queryset = queryset.filter(**{lookup: python_value})
        return queryset


def default_order(model):
    """The order a listing of one page type takes when the app asks for none: the model's
    ``api_default_order`` (dated types say newest first, e.g. ``("-date",)``), else None
    (tree order)."""
    return tuple(getattr(model, "api_default_order", ()) or ()) or None


def with_tie_breaker(names):
    """Ties broken by id, in the direction of the last field, so paging never repeats a page."""
    names = list(names)
    if not {name.lstrip("-") for name in names} & {"id", "pk"}:
        names.append("-id" if names[-1].startswith("-") else "id")
    return names


class OrderingFilterBackend(BaseFilterBackend):
    """``order=field`` or ``order=-field`` (comma-separate several), or ``order=random``.
    Ties are broken by id, so paging through an ordered listing never repeats a page.
    Without ``order`` (and without ``search``, which orders by relevance) a type with an
    ``api_default_order`` is listed in that order."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order")
        if not order:
            default = default_order(queryset.model)
            if default and "search" not in request.GET:
                return queryset.order_by(*with_tie_breaker(default))
            return queryset
        names = [name.strip() for name in order.split(",")]
        if "random" in names:
            if len(names) > 1:
                raise BadRequestError("random ordering cannot be combined with other fields")
            if "offset" in request.GET:
                raise BadRequestError("random ordering with offset is not supported")
            if "search" in request.GET:
                raise BadRequestError("random ordering cannot be combined with search")
            return queryset.order_by("?")
        allowed = view.ordering_names(queryset.model)
        for name in names:
            if name.lstrip("-") not in allowed:
                choices = ", ".join(sorted(allowed))
                raise BadRequestError(f"cannot order by {name!r}; choose from {choices} (- reverses)")
        return queryset.order_by(*with_tie_breaker(names))


class SearchFilterBackend(BaseFilterBackend):
    """Full-text search with the site's search backend. Must run last."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            if "search_operator" in request.GET:
                raise BadRequestError("search_operator needs a search")
            return queryset
        if len(request.GET["search"]) > MAX_SEARCH_LENGTH:
            raise BadRequestError(f"search is limited to {MAX_SEARCH_LENGTH} characters")
        query = clean_query(request.GET["search"])
        operator = request.GET.get("search_operator") or None
        if operator not in (None, "and", "or"):
            raise BadRequestError(f"search_operator must be 'and' or 'or', got {operator!r}")
        if not query:
            return queryset.none()
        order_by_relevance = "order" not in request.GET
        try:
            return get_search_backend().search(
                query, queryset, operator=operator, order_by_relevance=order_by_relevance
            )
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by {error.field_name!r} while searching (field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by {error.field_name!r} while searching (field is not indexed)"
            ) from error
