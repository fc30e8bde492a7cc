"""JSON Schema in a few words: how blocks, API fields and the OpenAPI document say what
they output."""

STRING = {"type": "string"}
HTML = {
    "type": "string",
    "contentMediaType": "text/html",
    "description": "Display HTML (or Markdown on request)",
}
URI = {"type": "string", "format": "uri"}
OPTIONAL_URI = {"type": ["string", "null"], "format": "uri"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    return {"oneOf": [schema, {"type": "null"}]}


def obj(properties, required=None, description=None):
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def enum(values):
    return {"type": "string", "enum": list(values)}


def array(items):
    return {"type": "array", "items": items}


def text(block):
    """An optional text block may hold null when an editor never filled it in."""
    return STRING if block.required else {"type": ["string", "null"]}


def choices(block):
    return [str(value) for value, _label in block.field.choices if value != ""]
