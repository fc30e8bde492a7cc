"""The OpenAPI 3.1 document for the API, generated from the page models' ``api_fields``,
the StreamField blocks and the views, so it can't drift from what the API returns (a test
validates real responses of every page type against it).

Each block says what its ``get_api_representation`` returns in its own ``api_schema()``,
as each API field does in its ``api_schema``; a stream is the union of its blocks.
"""

from functools import cache

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.urls import resolve, reverse
from rest_framework import serializers
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models

from cms.api import filters, links
from cms.api.json_schema import (
    BOOLEAN,
    DATE,
    DATETIME,
    HTML,
    INTEGER,
    STRING,
    URI,
    array,
    enum,
    nullable,
    obj,
    ref,
)
from cms.api.preview import PreviewView
from cms.api.sync import SyncView
from cms.api.views import DocumentsAPIViewSet, ImagesAPIViewSet, PagesAPIViewSet
from cms.nations import ALL_NATIONS, NationsField


def discriminated(names_to_components):
    """A union that generators turn into one type per member, told apart by ``type``."""
    return {
        "oneOf": [ref(component) for component in names_to_components.values()],
        "discriminator": {
            "propertyName": "type",
            "mapping": {name: ref(component)["$ref"] for name, component in names_to_components.items()},
        },
    }


def block_schema(name, block, components):
    """A named schema for one kind of block in a stream: ``{type, value, id}``, with an
    object value named too (``ImageBlockValue``), so generated clients get readable types
    and define each once. Named after the block class (``ParagraphBlock``); a class used
    under another child name gets that name in front (``IntroParagraphBlock``)."""
    value = block.api_schema()
    named_value = value.get("type") == "object"
    description = getattr(block.meta, "description", None) or None

    def schemas(component):
        block_value = ref(f"{component}Value") if named_value else value
        block_schema = obj(
            {"type": {"type": "string", "const": name}, "value": block_value, "id": STRING},
            description=description,
        )
        return {component: block_schema, **({f"{component}Value": value} if named_value else {})}

    component = type(block).__name__
    if any(components.get(key, schema) != schema for key, schema in schemas(component).items()):
        component = "".join(part.capitalize() for part in name.split("_")) + component
    components.update(schemas(component))
    return component


def stream_schema(stream_block, components):
    """A StreamField: a list of named block schemas, discriminated by ``type``."""
    members = {name: block_schema(name, item, components) for name, item in stream_block.child_blocks.items()}
    return array(discriminated(members))


# Page fields ------------------------------------------------------------------------------


def serializer_schema(field):
    if getattr(field, "api_schema", None) is not None:
        return field.api_schema
    if isinstance(field, serializers.ListField):
        return array(serializer_schema(field.child))
    if isinstance(field, serializers.BooleanField):
        return BOOLEAN
    if isinstance(field, serializers.IntegerField):
        return INTEGER
    if isinstance(field, serializers.DateTimeField):
        return DATETIME
    if isinstance(field, serializers.DateField):
        return DATE
    if isinstance(field, serializers.CharField):
        return STRING
    return None


def model_field_schema(field, components):
    if isinstance(field, StreamField):
        name = type(field.stream_block).__name__
        if name not in components:
            components[name] = stream_schema(field.stream_block, components)
        return ref(name)
    if isinstance(field, RichTextField):
        return HTML
    if isinstance(field, NationsField):
        return array(enum(ALL_NATIONS))
    if isinstance(field, models.BooleanField):
        schema = dict(BOOLEAN)
    elif isinstance(field, (models.IntegerField, models.AutoField)):
        schema = dict(INTEGER)
    elif isinstance(field, models.DateTimeField):
        schema = dict(DATETIME)
    elif isinstance(field, models.DateField):
        schema = dict(DATE)
    elif isinstance(field, (models.CharField, models.TextField)):
        schema = dict(STRING)
        if isinstance(field, models.EmailField):
            schema["description"] = "An email address, or empty"
        if field.choices:
            schema = enum([value for value, _label in field.choices] + ([""] if field.blank else []))
    else:
        return None
    if field.null:
        schema = nullable(schema)
    if field.help_text:
        schema = {**schema, "description": str(field.help_text)} if "$ref" not in schema else schema
    return schema


def page_field_schema(model, api_field, components):
    serializer = getattr(api_field, "serializer", None)
    if serializer is not None:
        schema = serializer_schema(serializer)
        if schema is not None:
            return schema
    try:
        field = model._meta.get_field(api_field.name)
    except FieldDoesNotExist:
        # A property: it needs a serializer that says what it returns.
        return {"description": "Untyped field"}
    schema = model_field_schema(field, components)
    return schema if schema is not None else {"description": "Untyped field"}


def page_models():
    return [model for model in get_page_models() if model is not Page]


def type_name(model):
    return f"{model._meta.app_label}.{model.__name__}"


def page_schema(model, components):
    """A page type's full object, as the detail URL, sync and preview give it."""
    properties = {
        "id": INTEGER,
        "type": {"type": "string", "const": type_name(model), "description": "The same as meta.type."},
        "meta": ref("PageDetailMeta"),
        "title": STRING,
    }
    for api_field in PagesAPIViewSet.get_body_fields(model):
        if api_field.name in properties:
            continue
        properties[api_field.name] = page_field_schema(model, api_field, components)
    schema = obj(properties, description=" ".join((model.__doc__ or "").split()))
    # In sync, every item also says what kind of resource it is.
    schema["properties"]["kind"] = {"type": "string", "const": "page", "description": "In sync only."}
    return schema


def page_listing_item_schema(model, components):
    """A page type in a listing: the fields asked for with ``fields=`` (the defaults, all of
    them with ``*``, none with ``_``), so only ``id`` and ``type`` are always there."""
    full = components[type_name(model)]
    return {
        **full,
        "properties": {**full["properties"], "meta": ref("PageListingMeta")},
        "required": ["id", "type"],
        "description": f"A {type_name(model)} in a listing: id and type, and the fields asked for.",
    }


def listing_item_name(model):
    return f"{type_name(model)}.ListingItem"


# Common schemas -------------------------------------------------------------------------

FOCAL_POINT = obj({"x": INTEGER, "y": INTEGER, "width": INTEGER, "height": INTEGER})
RENDITION = obj({"width": INTEGER, "height": INTEGER, "format": enum(["jpeg", "webp"]), "url": URI})


def common_schemas():
    page_link = obj(
        {"id": INTEGER, "type": STRING, "title": STRING, "url": URI, "api_url": URI},
        description="A link to a public page; fetch the page from api_url.",
    )
    person = obj(
        {
            "id": INTEGER,
            "name": STRING,
            "job_title": STRING,
            "url": URI,
            "api_url": URI,
            "photo": nullable(ref("Image")),
        },
        description="A staff profile (an author). Null where the profile is not published and public.",
    )
    region = obj({"id": INTEGER, "name": STRING, "nation": enum(ALL_NATIONS)})
    document = obj(
        {
            "id": INTEGER,
            "title": STRING,
            "url": URI,
            "size": {"type": ["integer", "null"]},
            "file_type": STRING,
        }
    )
    return {
        "Error": obj({"message": STRING}, description="Every 4xx answer: what was wrong."),
        "FocalPoint": FOCAL_POINT,
        "Rendition": RENDITION,
        "Image": obj(
            {
                "id": INTEGER,
                "title": STRING,
                "alt": STRING,
                "width": INTEGER,
                "height": INTEGER,
                "focal_point": nullable(ref("FocalPoint")),
                "renditions": array(ref("Rendition")),
            },
            description="An image with its alt text and ready-made renditions (3 widths, JPEG and WebP).",
        ),
        "Document": document,
        "DocumentListItem": obj({**document["properties"], "description": {"type": ["string", "null"]}}),
        "PageLink": page_link,
        "Person": person,
        "Officer": obj(
            {
                **person["properties"],
                "role": STRING,
                "email": STRING,
                "phone": STRING,
                "regions": array(ref("Region")),
            },
            description="A national officer, with how to get in touch.",
        ),
        "Region": region,
        "Employer": obj({"id": INTEGER, "name": STRING, "sector": STRING, "region": ref("Region")}),
        "Tag": obj({"name": STRING, "slug": STRING}, description="A topic; filter by its slug with tags=."),
        "PageParent": obj(
            {
                "id": INTEGER,
                "type": STRING,
                "meta": obj({"type": STRING, "detail_url": URI, "html_url": {"type": ["string", "null"]}}),
                "title": STRING,
            }
        ),
        "PageDetailMeta": obj(
            {
                "type": STRING,
                "detail_url": URI,
                "html_url": {"type": ["string", "null"], "format": "uri"},
                "slug": STRING,
                "show_in_menus": BOOLEAN,
                "seo_title": STRING,
                "search_description": STRING,
                "first_published_at": {"type": ["string", "null"], "format": "date-time"},
                "last_published_at": {
                    "type": ["string", "null"],
                    "format": "date-time",
                    "description": "When the live content was last published.",
                },
                "version": {
                    "type": ["integer", "null"],
                    "description": "The live revision's id: it changes whenever the page is published.",
                },
                "alias_of": {"type": ["object", "null"]},
                "parent": nullable(ref("PageParent")),
                "locale": {"type": "string", "description": "The page's language code (with `fields=*`)."},
            },
            required=[
                "type",
                "detail_url",
                "html_url",
                "slug",
                "show_in_menus",
                "seo_title",
                "search_description",
                "first_published_at",
                "last_published_at",
                "version",
                "alias_of",
                "parent",
            ],
        ),
        "ListingMeta": obj({"total_count": INTEGER}),
        **sync_schemas(),
        "MediaItem": {
            "type": "object",
            "properties": {"id": INTEGER, "meta": {"type": "object"}, "title": STRING},
            "required": ["id", "meta"],
        },
    }


def sync_item(kind, type_label, properties, description):
    """A non-page resource as sync gives it: its detail object with its kind and type."""
    return {
        "type": "object",
        "properties": {
            "kind": {"type": "string", "const": kind},
            "type": {"type": "string", "const": type_label},
            "id": INTEGER,
            **properties,
        },
        "required": ["kind", "type", "id"],
        "description": description,
    }


def sync_schemas():
    media_meta = {
        "type": "object",
        "properties": {"updated_at": {"type": "string", "format": "date-time"}},
        "description": "As the detail URL gives it, with updated_at: when the file or its details changed.",
    }
    return {
        "SyncImage": sync_item(
            "image",
            get_image_model()._meta.label,
            {"meta": media_meta, "title": STRING},
            "An image, exactly as /api/v2/images/<id>/ gives it, with kind and type.",
        ),
        "SyncDocument": sync_item(
            "document",
            get_document_model()._meta.label,
            {"meta": media_meta, "title": STRING},
            "A document, exactly as /api/v2/documents/<id>/ gives it, with kind and type.",
        ),
        "SyncRegion": sync_item(
            "region",
            "people.Region",
            {"name": STRING, "nation": STRING},
            "A region, as /api/v2/regions/<id>/ gives it.",
        ),
        "SyncEmployer": sync_item(
            "employer",
            "people.Employer",
            {"name": STRING, "sector": STRING, "region": ref("Region")},
            "An employer, as /api/v2/employers/ lists it.",
        ),
        "Tombstone": obj(
            {
                "id": INTEGER,
                "kind": enum(["page", "image", "document", "region", "employer"]),
                "type": STRING,
                "deleted_at": {"type": "string", "format": "date-time"},
            },
            description=(
                "A resource the app must drop: deleted, or no longer public (unpublished, made "
                "private, moved out of the site). Which of these it was is not said."
            ),
        ),
        "SyncReset": obj(
            {"message": STRING, "reset": {"type": "boolean", "const": True}},
            description="The cursor can't be continued: drop the local copy and sync again without a cursor.",
        ),
    }


# Paths ----------------------------------------------------------------------------------


def param(name, description, schema=None, required=False, location="query"):
    parameter = {
        "name": name,
        "in": location,
        "required": required,
        "description": description,
        "schema": schema or TEXT,
    }
    if parameter["schema"].get("type") == "array":
        # A comma-separated list: `type=home.NewsPage,advice.LegalEyeArticlePage`.
        parameter.update(style="form", explode=False)
    return parameter


# What every query parameter accepts: at most MAX_PARAMETER_LENGTH characters (and no NUL
# character, which JSON Schema can't say: the overview does).
TEXT = {"type": "string", "maxLength": filters.MAX_PARAMETER_LENGTH}
OBJECT_ID = {"type": "integer", "minimum": 1, "maximum": filters.MAX_ID}
ID_PARAMETER = param("id", "The object's id.", OBJECT_ID, required=True, location="path")


def page_types_schema():
    names = ["wagtailcore.Page", *(type_name(model) for model in page_models())]
    return {"type": "array", "items": enum(names), "minItems": 1}


def tree_parameter(name, description):
    return param(name, description, {"oneOf": [OBJECT_ID, {"const": "root"}]})


def order_parameter(description):
    return param(
        "order",
        description,
        {**TEXT, "pattern": r"^(random|-?[a-z_]+(,-?[a-z_]+)*)?$"},
    )


MEDIA_ORDER = (
    "A field to order by, `-` for descending; or `random` (not with `offset` or `search`). While "
    "searching, only fields the search index can order by."
)
CONDITIONAL = [
    param("If-None-Match", "An ETag from an earlier response: 304 if unchanged.", STRING, location="header"),
    param(
        "If-Modified-Since",
        "A Last-Modified from an earlier response: 304 if unchanged.",
        STRING,
        location="header",
    ),
]
CACHE_HEADERS = {
    "ETag": {"schema": STRING, "description": "Changes whenever the body does."},
    "Last-Modified": {"schema": STRING, "description": "When content last changed."},
    "Cache-Control": {"schema": STRING, "description": "public, max-age and stale-while-revalidate."},
}


def with_response(status, response):
    """Add one more documented response to an operation."""

    def add(path_item):
        path_item["get"]["responses"][str(status)] = response
        return path_item

    return add


def sync_union():
    """Any resource sync sends, told apart by ``type`` (a page type, or the media or directory
    model): pages as the detail URL gives them, the rest as their own schemas."""
    members = {type_name(model): type_name(model) for model in page_models()}
    members[get_image_model()._meta.label] = "SyncImage"
    members[get_document_model()._meta.label] = "SyncDocument"
    members["people.Region"] = "SyncRegion"
    members["people.Employer"] = "SyncEmployer"
    return discriminated(members)


def json_response(description, schema):
    return {
        "description": description,
        "headers": CACHE_HEADERS,
        "content": {"application/json": {"schema": schema}},
    }


def error(description):
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


def operation(operation_id, summary, description, parameters, ok, errors=(400,), tag="Pages"):
    responses = {"200": ok, "304": {"description": "Not modified (conditional request)."}}
    if 400 in errors:
        responses["400"] = error("A query parameter was wrong; the message says which and why.")
    if 404 in errors:
        responses["404"] = error("Not found (or not public).")
    return {
        "get": {
            "operationId": operation_id,
            "tags": [tag],
            "summary": summary,
            "description": description,
            "parameters": parameters + CONDITIONAL,
            "responses": responses,
        }
    }


def media_tags_parameter(plural):
    media_filter = filters.MEDIA_TAGS_FILTER
    return param(media_filter.name, media_filter.description_for(plural), media_filter.parameter_schema([]))


def query_parameters():
    """Every query parameter of the API, described once, in the document's order."""
    page_order = (
        "A field of the type to order by, `-` for descending (e.g. `-date`; `start` for events, soonest "
        "first); several comma-separated; "
        "or `random` (not with `offset` or `search`). While searching, only fields the search index "
        "can order by. Without it: by relevance when searching; else "
        + "; ".join(
            f"`type={type_name(model)}` by `{', '.join(filters.default_order(model))}`"
            for model in page_models()
            if filters.default_order(model)
        )
        + " (newest first); anything else in the site's tree order. Ties go by id."
    )
    parameters = [
        param(
            "cursor",
            "The next_cursor of an earlier response (opaque, signed). One this API can't "
            "continue is a 410 with reset: true.",
        ),
        param("token", "The token of a preview link.", required=True),
        param(
            "type",
            "Page type(s), app_label.ModelName, comma-separated (e.g. `home.NewsPage`). With one type, "
            "`fields=*` and that type's filters become available.",
            page_types_schema(),
        ),
        param(
            "fields",
            "Fields to add (comma-separated), `*` for all of a type's fields, `-name` to drop one, `_` for "
            "none. A field the type doesn't have is a 400.",
        ),
        param(
            "limit",
            f"How many items (default 20, at most {settings.WAGTAILAPI_LIMIT_MAX}; more is a 400).",
            {"type": "integer", "minimum": 0, "maximum": settings.WAGTAILAPI_LIMIT_MAX, "default": 20},
        ),
        param(
            "offset",
            "How many items to skip.",
            {"type": "integer", "minimum": 0, "maximum": filters.MAX_OFFSET, "default": 0},
        ),
        order_parameter(page_order),
        param(
            "search",
            f"Full-text search with the site's search (at most {filters.MAX_SEARCH_LENGTH} characters).",
            {"type": "string", "maxLength": filters.MAX_SEARCH_LENGTH},
        ),
        param("search_operator", "How search terms combine (with `search` only).", enum(["and", "or"])),
        param(
            "rich_text_format",
            "`html` (default): display HTML with absolute links that carry data-page-id and "
            "data-page-type; `markdown`: Markdown.",
            {**enum(["html", "markdown"]), "default": "html"},
        ),
        tree_parameter("child_of", "Children of this public page id (or `root`)."),
        tree_parameter("descendant_of", "Descendants of this public page id (or `root`); not with child_of."),
        param("ancestor_of", "Ancestors of this public page id.", OBJECT_ID),
        param("html_path", "The page's path on the site, e.g. `/news/pay-award/`."),
        param("id", "The page id.", OBJECT_ID),
        param("region", "A region id (see /api/v2/regions/); an unknown one is a 400.", OBJECT_ID),
        param(
            "employer",
            f"Part of an employer's name (2 to {filters.MAX_SEARCH_LENGTH} characters, not counting "
            "control characters and double quotes, which are dropped).",
            {"type": "string", "minLength": 2, "maxLength": filters.MAX_SEARCH_LENGTH},
        ),
        param("nation", "Only this nation's regions.", enum(ALL_NATIONS)),
    ]
    return {parameter["name"]: parameter for parameter in parameters}


def accepted(names, *specific):
    """The parameters ``names`` (a view's own list of those it accepts) as ``query_parameters()``
    describes them, or as ``specific`` does for this view."""
    described = {**query_parameters(), **{parameter["name"]: parameter for parameter in specific}}
    undescribed = set(names) - set(described) - {"format", "_"}
    if undescribed:
        raise ImproperlyConfigured(f"cms.api.schema describes no query parameter {sorted(undescribed)}")
    return [parameter for name, parameter in described.items() if name in names]


def content_filter_parameters():
    return [
        param(
            content_filter.name,
            f"{content_filter.description} Needs type= one of: "
            f"{', '.join(type_name(model) for model in page_models() if content_filter.applies_to(model))}.",
            content_filter.parameter_schema(page_models()),
        )
        for content_filter in filters.CONTENT_FILTERS
    ]


def media_paths(viewset, plural, summary, description):
    """The listing and detail URLs of images or documents."""
    name = plural[:-1].capitalize()
    return {
        f"/api/v2/{plural}/": operation(
            f"list{name}s",
            summary,
            description,
            [
                *accepted(viewset.known_query_parameters, order_parameter(MEDIA_ORDER)),
                media_tags_parameter(plural),
            ],
            json_response(
                f"A page of {plural}.", obj({"meta": ref("ListingMeta"), "items": array(ref("MediaItem"))})
            ),
            tag="Media",
        ),
        f"/api/v2/{plural}/{{id}}/": operation(
            f"get{name}",
            f"One {name.lower()}",
            "",
            [ID_PARAMETER, *accepted(viewset.detail_query_parameters)],
            json_response(f"The {name.lower()}.", ref("MediaItem")),
            (400, 404),
            "Media",
        ),
    }


def view_class(url_name):
    """The view the router mounts at ``url_name``: the officer finder's views live in people/,
    which imports cms, so they are found through the URLs rather than imported."""
    return resolve(reverse(f"wagtailapi:{url_name}")).func.view_class


def paths():
    any_page = ref("Page")
    pages_listing = obj({"meta": ref("ListingMeta"), "items": array(ref("PageListingItem"))})
    return {
        "/api/v2/pages/": operation(
            "listPages",
            "List live public pages",
            "Pages of the default site that are published and not view-restricted. Besides the "
            "parameters below, `?<field>=<value>` filters exactly on a type's own fields (e.g. "
            "`type=campaigns.CampaignPage&status=active`).",
            accepted(PagesAPIViewSet.known_query_parameters) + content_filter_parameters(),
            json_response("A page of results.", pages_listing),
        ),
        "/api/v2/pages/{id}/": operation(
            "getPage",
            "One page, with every field of its type",
            "The page object is also what sync returns in `updated`.",
            [ID_PARAMETER, *accepted(PagesAPIViewSet.detail_query_parameters)],
            json_response("The page.", any_page),
            errors=(400, 404),
        ),
        "/api/v2/pages/find/": {
            "get": {
                "operationId": "findPage",
                "tags": ["Pages"],
                "summary": "Find a page by its site path or id",
                "description": "Give one of `html_path` and `id`.",
                "parameters": accepted(PagesAPIViewSet.find_query_parameters),
                "responses": {
                    "200": {
                        "description": "The page, once the redirect is followed (HTTP clients do).",
                        "content": {"application/json": {"schema": any_page}},
                    },
                    "302": {"description": "Redirect to the page's detail URL (other parameters kept)."},
                    "400": error("A bad id, or both html_path and id."),
                    "404": error("No public page there."),
                },
            }
        },
        "/api/v2/sync/": with_response(
            410,
            {
                "description": "The cursor can't be continued: start a full sync again.",
                "content": {"application/json": {"schema": ref("SyncReset")}},
            },
        )(
            operation(
                "syncPages",
                "Delta sync for offline apps",
                "Without a cursor: every public page, image, document, region and employer, kind by "
                "kind, paged by id. Then, with the `next_cursor` of the last response: only what "
                "changed since — `updated` holds each changed resource as its detail URL gives it, "
                "with its `kind`, and `deleted` tombstones of resources that were deleted or are no "
                "longer public. Repeat while `has_more` is true, then keep `next_cursor` for next "
                "time. Nothing is lost, and nothing is sent twice unless it changed in between, even "
                "while editors publish during a sync. A cursor this feed can't continue (malformed, "
                "from another database, ahead of the feed, from before a restore) gets 410 with "
                "`reset: true`: start again without a cursor.",
                accepted(
                    SyncView.allowed_parameters,
                    param(
                        "type",
                        "Only pages of these types, and no other kind (keep the same type for a whole sync).",
                        page_types_schema(),
                    ),
                    param(
                        "limit",
                        f"Pages per response (default 20, at most {settings.WAGTAILAPI_LIMIT_MAX}).",
                        {"type": "integer", "minimum": 1, "maximum": settings.WAGTAILAPI_LIMIT_MAX},
                    ),
                ),
                json_response(
                    "Changes.",
                    obj(
                        {
                            "updated": array(sync_union()),
                            "deleted": array(ref("Tombstone")),
                            "next_cursor": STRING,
                            "has_more": BOOLEAN,
                        }
                    ),
                ),
                tag="Sync",
            )
        ),
        "/api/v2/preview/": {
            "get": {
                "operationId": "previewPage",
                "tags": ["Preview"],
                "summary": "A page's saved draft, for an editor's preview in the app",
                "description": (
                    'The link made by "Preview in app" in the page editor (or `manage.py preview_link`) '
                    "carries a signed token naming the page, the draft (the latest revision when the "
                    "link was made) and the editor. The answer is the page as that draft has it, in "
                    "the same shape as the detail URL with `fields=*`, even if the page was never "
                    "published. Tokens expire (after an hour by default); the response is never "
                    "cached (`Cache-Control: private, no-store`)."
                ),
                "parameters": accepted(PreviewView.allowed_parameters),
                "responses": {
                    "200": {
                        "description": "The page as the draft has it.",
                        "headers": {"Cache-Control": {"schema": STRING, "description": "private, no-store"}},
                        "content": {"application/json": {"schema": any_page}},
                    },
                    "400": error("A query parameter was wrong; the message says which and why."),
                    "401": error("No token, or the link has expired: make a new one."),
                    "403": error(
                        "A token that was changed or cut short, or made by an editor who can no longer "
                        "edit the page."
                    ),
                    "404": error("The page or the draft of the link no longer exists."),
                },
            }
        },
        "/api/v2/officers/": operation(
            "listOfficers",
            "The national officers covering a region or an employer",
            "Give exactly one of `region` and `employer`.",
            accepted(view_class("officers").allowed_parameters),
            json_response(
                "Officers.",
                obj(
                    {
                        "meta": obj(
                            {
                                "total_count": INTEGER,
                                "region": ref("Region"),
                                "employers": array(ref("Employer")),
                            },
                            required=["total_count"],
                        ),
                        "items": array(ref("Officer")),
                    }
                ),
            ),
            tag="Officer finder",
        ),
        "/api/v2/regions/": operation(
            "listRegions",
            "MiP's regions",
            "By nation, then name.",
            accepted(view_class("regions").allowed_parameters),
            json_response("Regions.", obj({"meta": ref("ListingMeta"), "items": array(ref("Region"))})),
            tag="Officer finder",
        ),
        "/api/v2/regions/{id}/": operation(
            "getRegion",
            "One region",
            "",
            [ID_PARAMETER],
            json_response("The region.", ref("Region")),
            (404,),
            "Officer finder",
        ),
        "/api/v2/employers/": operation(
            "listEmployers",
            "Employers and the regions they are in",
            "",
            accepted(
                view_class("employers").allowed_parameters,
                param(
                    "search",
                    "Part of the name.",
                    {"type": "string", "maxLength": filters.MAX_SEARCH_LENGTH},
                ),
            ),
            json_response("Employers.", obj({"meta": ref("ListingMeta"), "items": array(ref("Employer"))})),
            tag="Officer finder",
        ),
        **media_paths(
            ImagesAPIViewSet,
            "images",
            "Images (outside private collections)",
            "Each with alt text and renditions.",
        ),
        **media_paths(DocumentsAPIViewSet, "documents", "Documents (outside private collections)", ""),
        "/api/v2/openapi.json": {
            "get": {
                "operationId": "getOpenAPIDocument",
                "tags": ["Reference"],
                "summary": "This document",
                "responses": {
                    "200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}},
                    "400": error("A query string with a NUL character or an over-long value."),
                },
            }
        },
        "/api/v2/docs/": {
            "get": {
                "operationId": "getReferencePage",
                "tags": ["Reference"],
                "summary": "This document as a readable reference page",
                "responses": {
                    "200": {"description": "HTML", "content": {"text/html": {}}},
                    "400": error("A query string with a NUL character or an over-long value."),
                },
            }
        },
    }


OVERVIEW = [
    (
        "What this is",
        "Content from Managers in Partnership (MiP) for its apps: news, Legal Eye employment-law advice, "
        "campaigns, staff profiles and the national officer finder.",
    ),
    (
        "Public and anonymous",
        "Only published pages that are not view-restricted are served; credentials and cookies are ignored.",
    ),
    (
        "Rich text",
        "Display HTML by default: internal links are absolute and carry data-page-id and data-page-type, so "
        "an app can open them in-app. ?rich_text_format=markdown gives Markdown. Images are objects with "
        "renditions; page choosers are links with an api_url; body_html is the body as the website shows it.",
    ),
    ("Errors", 'JSON, {"message": "..."}: 400 for a bad parameter, 404 for anything not found.'),
    (
        "Limits",
        f"limit is at most {settings.WAGTAILAPI_LIMIT_MAX} (default 20); more is a 400. A parameter's value "
        f"is at most {filters.MAX_PARAMETER_LENGTH} characters (search: {filters.MAX_SEARCH_LENGTH}) and "
        "never contains a NUL character; a value that breaks these is a 400.",
    ),
    (
        "Caching",
        "Every GET has an ETag and a Last-Modified; send them back as If-None-Match / If-Modified-Since "
        "for a 304. Cache-Control allows a stale copy while revalidating.",
    ),
    ("Offline", "Use /api/v2/sync/ to download everything once, then only what changed."),
]
DESCRIPTION = "\n".join(f"- **{title}.** {text}" for title, text in OVERVIEW)


TAGS = [
    ("Pages", "Live, public pages of the site: listings with filters, one page, find by path."),
    ("Sync", "Delta sync for offline apps: everything once, then only what changed."),
    ("Preview", "Editors' drafts in the app, through signed links that expire."),
    ("Officer finder", "MiP's national officers, the regions they cover and the employers in each."),
    ("Media", "Images (with renditions) and documents outside private collections."),
    ("Reference", "This document, as JSON and as a readable page."),
]


@cache
def _document():
    components = common_schemas()
    models = page_models()
    for model in models:
        components[type_name(model)] = page_schema(model, components)
    for model in models:
        components[listing_item_name(model)] = page_listing_item_schema(model, components)
    components["PageListingMeta"] = {
        **components["PageDetailMeta"],
        "required": [],
        "description": "A listing item's meta: the meta fields asked for with fields=.",
    }
    components["Page"] = {
        **discriminated({type_name(model): type_name(model) for model in models}),
        "description": "Any page type's full object; `type` says which.",
    }
    components["PageListingItem"] = {
        **discriminated({type_name(model): listing_item_name(model) for model in models}),
        "description": "A page in a listing; `type` says which page type it is.",
    }
    components["MediaItem"]["description"] = " ".join(
        f"{name} fields (fields=*): {', '.join(viewset.get_body_fields_names(viewset.model))}."
        for name, viewset in (("Image", ImagesAPIViewSet), ("Document", DocumentsAPIViewSet))
    )
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "MiP content API",
            "version": "2",
            "description": DESCRIPTION,
            "contact": {
                "name": "Managers in Partnership, digital team",
                "email": "info@miphealth.org.uk",
                "url": links.base_url() + "/",
            },
            "license": {
                "name": "Proprietary: content © Managers in Partnership, for MiP's own apps",
                "url": links.base_url() + "/api/v2/docs/#licence",
            },
        },
        "servers": [{"url": links.base_url()}],
        # Anonymous: no operation needs credentials.
        "security": [],
        "tags": [{"name": name, "description": description} for name, description in TAGS],
        "paths": paths(),
        "components": {"schemas": components},
    }


def document():
    return _document()
