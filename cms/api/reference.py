"""/api/v2/openapi.json and /api/v2/docs/: the OpenAPI document, and the same document as
a readable reference page rendered on the server (no script, nothing from the internet)."""

import json

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError

from cms.api import caching, filters, schema
from cms.api.views import APIViewMixin
from cms.content import versions


class OpenAPIView(APIViewMixin, APIView):
    def get(self, request):
        return Response(schema.document())


def schema_type(value):
    """A short, readable type for a JSON Schema: "string (date)", "Image or null", "[PageLink]"."""
    if not isinstance(value, dict):
        return ""
    if "$ref" in value:
        return value["$ref"].rsplit("/", 1)[-1]
    if "const" in value:
        return json.dumps(value["const"])
    if "enum" in value:
        return " | ".join(json.dumps(item) for item in value["enum"])
    for key in ("oneOf", "anyOf"):
        if key in value:
            return " or ".join(schema_type(item) for item in value[key])
    if "allOf" in value:
        return schema_type(value["allOf"][0])
    kind = value.get("type")
    if kind == "array":
        return f"[{schema_type(value.get('items', {}))}]"
    text = " or ".join(kind) if isinstance(kind, list) else kind or "any"
    if value.get("format"):
        text += f" ({value['format']})"
    if value.get("contentMediaType"):
        text += f" ({value['contentMediaType']})"
    return text


def properties_table(schema_value):
    required = set(schema_value.get("required", []))
    return [
        {
            "name": name,
            "type": schema_type(prop),
            "required": name in required,
            "description": prop.get("description", "") if isinstance(prop, dict) else "",
        }
        for name, prop in schema_value.get("properties", {}).items()
    ]


class DocsContext:
    def __init__(self, document):
        self.document = document

    @cached_property
    def endpoints(self):
        result = []
        for path, methods in self.document["paths"].items():
            operation = methods["get"]
            result.append(
                {
                    "path": path,
                    "anchor": path.strip("/")
                    .replace("/", "-")
                    .replace("{", "")
                    .replace("}", "")
                    .replace(".", "-"),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "in": parameter["in"],
                            "type": schema_type(parameter.get("schema", {})),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "responses": [
                        {"status": status, "description": response.get("description", "")}
                        for status, response in operation.get("responses", {}).items()
                    ],
                }
            )
        return result

    def resolve(self, schema_value):
        if "$ref" in schema_value:
            return self.document["components"]["schemas"][schema_value["$ref"].rsplit("/", 1)[-1]]
        return schema_value

    def block(self, block_schema):
        return {
            "type": block_schema["properties"]["type"]["const"],
            "description": block_schema.get("description", ""),
            "value_type": schema_type(self.resolve(block_schema["properties"]["value"])),
            "fields": properties_table(self.resolve(block_schema["properties"]["value"])),
        }

    @cached_property
    def schemas(self):
        result = []
        for name, value in self.document["components"]["schemas"].items():
            if value.get("type") == "array":
                items = value["items"].get("oneOf", [])
                blocks = [self.block(self.resolve(item)) for item in items]
                result.append({"name": name, "kind": "stream", "blocks": blocks})
            elif "discriminator" in value:
                members = [schema_type(item) for item in value["oneOf"]]
                result.append(
                    {
                        "name": name,
                        "kind": "union",
                        "description": value.get("description", ""),
                        "members": members,
                    }
                )
            elif value.get("properties", {}).keys() == {"type", "value", "id"}:
                result.append({"name": name, "kind": "block", "block": self.block(value)})
            else:
                result.append(
                    {
                        "name": name,
                        "kind": "object",
                        "description": value.get("description", ""),
                        "fields": properties_table(value),
                    }
                )
        return result


@csrf_exempt
@require_safe
def docs(request):
    try:
        filters.check_raw_parameters(request)
    except BadRequestError as error:
        return JsonResponse({"message": str(error)}, status=400)
    html = render_to_string(
        "api/docs.html",
        {"doc": schema.document(), "overview": schema.OVERVIEW, "reference": DocsContext(schema.document())},
        request=request,
    )
    etag = caching.etag_for(html.encode())
    response = HttpResponse(html)
    response["ETag"] = etag
    response["Cache-Control"] = caching.cache_control_header()
    head = versions.head()
    last_modified = None
    if head.created_at is not None:
        last_modified = int(head.created_at.timestamp())
        response["Last-Modified"] = http_date(last_modified)
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
