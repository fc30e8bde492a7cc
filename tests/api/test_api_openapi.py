"""The OpenAPI 3.1 document describes every endpoint, parameter, page type and block type,
and real responses of every page type validate against it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from jsonschema import Draft202012Validator
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import get_page_models

from cms.api import schema as openapi
from cms.api.router import api_router
from cms.api.sync import SyncView
from enquiries.models import FormField, FormTopic
from enquiries.routing import Routing
from tests.api.conftest import block_id
from tests.factories import BODY_BLOCK_TYPES, FormPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=mip-conference"


@pytest.fixture
def document(api, db):
    response = api.get("/api/v2/openapi.json")
    assert response.status_code == 200
    return response.json()


def validator(document, schema):
    """A validator for ``schema`` whose $refs resolve inside the OpenAPI document."""
    return Draft202012Validator({**schema, "components": document["components"]})


def assert_valid(document, schema, instance):
    errors = sorted(validator(document, schema).iter_errors(instance), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(error.path)}: {error.message[:300]}" for error in errors[:5])


def response_schema(document, path, status="200"):
    return document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]


def type_name(model):
    return f"{model._meta.app_label}.{model.__name__}"


@pytest.fixture
def video_page(content):
    """A page with a video block. The embed is already in Wagtail's embed table, so no
    request goes to YouTube."""
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe title="MiP conference" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        provider_name="YouTube",
        width=640,
        height=360,
    )
    return StandardPageFactory(
        parent=content.tree.about,
        title="Conference video",
        body=[
            {
                "type": "embed",
                "value": {"video": VIDEO_URL, "title": "MiP conference 2024", "transcript_url": ""},
                "id": block_id(),
            }
        ],
    )


def test_the_document_is_openapi_3_1_with_valid_json_schemas(document):
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"]
    for name, schema in document["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema), name


def test_every_endpoint_is_described(document):
    assert set(document["paths"]) == {
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/pages/find/",
        "/api/v2/images/",
        "/api/v2/images/{id}/",
        "/api/v2/documents/",
        "/api/v2/documents/{id}/",
        "/api/v2/sync/",
        "/api/v2/preview/",
        "/api/v2/officers/",
        "/api/v2/regions/",
        "/api/v2/regions/{id}/",
        "/api/v2/employers/",
        "/api/v2/openapi.json",
        "/api/v2/docs/",
    }
    routed = {f"/api/v2/{name}/" for name in api_router._endpoints} | {
        f"/api/v2/{str(view.pattern)}".replace("<int:pk>", "{id}") for view in api_router._views
    }
    assert routed <= set(document["paths"])


def test_every_page_filter_is_documented(document):
    names = {parameter["name"] for parameter in document["paths"]["/api/v2/pages/"]["get"]["parameters"]}

    assert {
        "type",
        "fields",
        "limit",
        "offset",
        "order",
        "search",
        "search_operator",
        "rich_text_format",
        "child_of",
        "descendant_of",
        "tags",
        "nations",
        "article_type",
        "author",
        "date_after",
        "date_before",
        "review_overdue",
        "upcoming",
        "starts_after",
        "starts_before",
    } <= names
    limit = next(p for p in document["paths"]["/api/v2/pages/"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 100


def test_a_query_parameter_a_view_accepts_cannot_go_undocumented(monkeypatch):
    monkeypatch.setattr(SyncView, "allowed_parameters", SyncView.allowed_parameters | {"since"})

    with pytest.raises(ImproperlyConfigured, match="since"):
        openapi.paths()


def test_every_page_type_and_field_has_a_schema(document):
    schemas = document["components"]["schemas"]
    for model in get_page_models():
        if model._meta.label == "wagtailcore.Page":
            continue
        schema = schemas[type_name(model)]
        for field in getattr(model, "api_fields", ()):
            assert schema["properties"][field.name] != {"description": "Untyped field"}, (model, field.name)


def resolve(document, schema):
    return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]


def test_every_block_type_has_a_named_schema(document):
    union = document["components"]["schemas"]["BodyStreamBlock"]["items"]
    body = [resolve(document, member) for member in union["oneOf"]]

    assert {block["properties"]["type"]["const"] for block in body} == set(BODY_BLOCK_TYPES)
    assert union["discriminator"]["mapping"]["paragraph"] == "#/components/schemas/ParagraphBlock"
    assert union["discriminator"]["mapping"]["image"] == "#/components/schemas/ImageBlock"
    image = next(block for block in body if block["properties"]["type"]["const"] == "image")
    assert resolve(document, image["properties"]["value"])["properties"]["image"] == {
        "oneOf": [{"$ref": "#/components/schemas/Image"}, {"type": "null"}]
    }
    assert "ResourceStreamBlock" in document["components"]["schemas"]


def test_detail_responses_of_every_page_type_validate(api, content, video_page, events, document):
    detail = response_schema(document, "/api/v2/pages/{id}/")
    form_page = FormPageFactory(
        parent=content.tree.about,
        routing=Routing.TOPIC,
        topics=[FormTopic(label="Pay")],
        form_fields=[FormField(label="Your message", field_type="multiline")],
    )
    pages = [
        form_page,
        content.tree.home,
        content.tree.about,
        video_page,
        content.tree.news_index,
        content.news[0],
        content.tree.advice_index,
        content.topic,
        content.legal_eye,
        content.tree.campaign_index,
        content.campaign,
        content.tree.people_index,
        content.author,
        content.officer,
        events.index,
        events.summit,
        events.webinar,
        events.agm,
    ]
    covered = set()
    for page in pages:
        data = api.get(f"/api/v2/pages/{page.pk}/").json()
        assert_valid(document, {"$ref": f"#/components/schemas/{data['meta']['type']}"}, data)
        assert_valid(document, detail, data)
        covered.add(data["meta"]["type"])
    markdown = api.get(f"/api/v2/pages/{content.news[0].pk}/?rich_text_format=markdown").json()
    assert_valid(document, detail, markdown)
    assert covered == {type_name(model) for model in get_page_models()} - {"wagtailcore.Page"}


def test_detail_responses_with_every_field_validate(api, content, document):
    # fields=* adds meta.locale, which the document once left out (found with schemathesis).
    detail = response_schema(document, "/api/v2/pages/{id}/")
    for page in (content.tree.home, content.news[0], content.legal_eye, content.author):
        data = api.get(f"/api/v2/pages/{page.pk}/?fields=*").json()
        assert data["meta"]["locale"]
        assert_valid(document, detail, data)


def test_listing_responses_validate_field_by_field(api, content, events, document):
    schemas = document["components"]["schemas"]
    for model_name in (
        "home.NewsPage",
        "advice.LegalEyeArticlePage",
        "campaigns.CampaignPage",
        "people.PersonPage",
        "events.EventPage",
    ):
        data = api.get(f"/api/v2/pages/?type={model_name}&fields=*").json()
        assert_valid(document, response_schema(document, "/api/v2/pages/"), data)
        assert data["items"], model_name
        for item in data["items"]:
            for name, value in item.items():
                if name != "meta":
                    assert_valid(document, schemas[model_name]["properties"][name], value)


def test_sync_officer_and_directory_responses_validate(api, content, video_page, document):
    sync = api.get("/api/v2/sync/?limit=100").json()
    assert_valid(document, response_schema(document, "/api/v2/sync/"), sync)
    for path, url in (
        ("/api/v2/officers/", f"/api/v2/officers/?region={content.region.pk}"),
        ("/api/v2/officers/", "/api/v2/officers/?employer=barts"),
        ("/api/v2/regions/", "/api/v2/regions/"),
        ("/api/v2/regions/{id}/", f"/api/v2/regions/{content.region.pk}/"),
        ("/api/v2/employers/", "/api/v2/employers/"),
        ("/api/v2/images/", "/api/v2/images/"),
        ("/api/v2/documents/", "/api/v2/documents/"),
    ):
        assert_valid(document, response_schema(document, path), api.get(url).json())


def test_error_responses_validate(api, content, document):
    bad = api.get("/api/v2/pages/?limit=abc")
    missing = api.get("/api/v2/pages/999999/")

    assert_valid(document, response_schema(document, "/api/v2/pages/", "400"), bad.json())
    assert_valid(document, response_schema(document, "/api/v2/pages/{id}/", "404"), missing.json())


def test_reference_page_is_readable_html_that_needs_nothing_from_the_internet(api, content, document):
    response = api.get("/api/v2/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["ETag"] and response["Cache-Control"]
    for path in document["paths"]:
        assert f"GET {path}" in html
    for name in ("home.NewsPage", "advice.LegalEyeArticlePage", "BodyStreamBlock", "Image", "PageLink"):
        assert f'id="schema-{name}"' in html
    assert "<script" not in html
    assert 'src="http' not in html and 'href="https://' not in html
    assert '<link rel="stylesheet" href="/static/api/docs.css">' in html


def test_the_schemas_are_strict_enough_to_catch_a_wrong_response(api, content, document):
    news = api.get(f"/api/v2/pages/{content.news[0].pk}/").json()
    schema = {"$ref": "#/components/schemas/home.NewsPage"}

    for broken in (
        {**news, "author": "Jo Bloggs"},
        {**news, "unexpected": 1},
        {**news, "body": [{"type": "image", "value": {"image": 7}, "id": "x"}]},
        {**news, "body": [{"type": "paragraph", "value": 42, "id": "x"}]},
        {**news, "type": "home.StandardPage"},
        {key: value for key, value in news.items() if key != "type"},
        {key: value for key, value in news.items() if key != "tags"},
    ):
        assert list(validator(document, schema).iter_errors(broken)), broken


def test_every_operation_has_a_unique_operation_id_and_a_described_tag(document):
    operations = [operation for methods in document["paths"].values() for operation in methods.values()]
    operation_ids = [operation["operationId"] for operation in operations]
    tags = {tag["name"]: tag["description"] for tag in document["tags"]}

    assert len(operation_ids) == len(set(operation_ids)) == len(operations)
    assert {"listPages", "getPage", "findPage", "syncPages"} <= set(operation_ids)
    assert all(tags.get(tag) for operation in operations for tag in operation["tags"])
    assert document["security"] == []
    assert document["info"]["license"]["name"] and document["info"]["license"]["url"]
    assert document["info"]["contact"]["email"] == "info@miphealth.org.uk"


def test_page_types_are_a_union_discriminated_by_type(document):
    schemas = document["components"]["schemas"]
    page_types = {type_name(model) for model in get_page_models()} - {"wagtailcore.Page"}

    for union, suffix in (("Page", ""), ("PageListingItem", ".ListingItem")):
        mapping = schemas[union]["discriminator"]["mapping"]
        assert schemas[union]["discriminator"]["propertyName"] == "type"
        assert set(mapping) == page_types
        assert sorted(member["$ref"] for member in schemas[union]["oneOf"]) == sorted(mapping.values())
        for name, target in mapping.items():
            assert target == f"#/components/schemas/{name}{suffix}"
            assert schemas[f"{name}{suffix}"]["properties"]["type"]["const"] == name
            assert {"id", "type"} <= set(schemas[f"{name}{suffix}"]["required"])
    assert response_schema(document, "/api/v2/pages/{id}/") == {"$ref": "#/components/schemas/Page"}


def test_every_page_object_carries_its_type_at_the_top_level(api, content):
    news = content.news[0]
    detail = api.get(f"/api/v2/pages/{news.pk}/").json()
    found = api.get(f"/api/v2/pages/find/?html_path={news.url}", follow=True).json()
    listing = api.get("/api/v2/pages/?limit=100").json()["items"]
    typed_listing = api.get("/api/v2/pages/?type=home.NewsPage&fields=*").json()["items"]
    synced = api.get("/api/v2/sync/?limit=100").json()["updated"]

    assert list(detail)[:3] == ["id", "type", "meta"]
    assert detail["type"] == found["type"] == detail["meta"]["type"] == "home.NewsPage"
    assert detail["meta"]["parent"]["type"] == "home.NewsIndexPage"
    for page in [*listing, *typed_listing, *synced]:
        assert page["type"] == page["meta"]["type"]
    assert {page["type"] for page in listing} >= {"home.HomePage", "home.NewsPage", "people.PersonPage"}


def test_fields_underscore_answers_items_that_match_the_schema(api, content, document):
    for url in ("/api/v2/pages/?fields=_", "/api/v2/pages/?type=home.NewsPage&fields=_,date"):
        data = api.get(url).json()

        assert_valid(document, response_schema(document, "/api/v2/pages/"), data)
        assert data["items"] and all({"id", "type"} <= set(item) for item in data["items"])
        for item in data["items"]:
            assert_valid(document, {"$ref": f"#/components/schemas/{item['type']}.ListingItem"}, item)
    assert set(api.get("/api/v2/pages/?fields=_").json()["items"][0]) == {"id", "type"}
