"""Schemathesis against the API's own OpenAPI document, on the demo content.

The document is loaded from the project's WSGI application, as an app developer's tools
would load it, and every operation in it is exercised with requests Schemathesis derives
from it: boundary values first (its coverage phase), then generated valid and invalid
ones (fuzzing). Every response must be

- never a server error;
- a documented status code, with the documented content type and a body that validates
  against the documented schema;
- a 4xx for a request the document says is invalid, and a 2xx, 3xx or 404 for one it says
  is valid; a 400 names the parameter at fault;
- a 405 for a method the document doesn't list.

Some rules are about several parameters together or about the database, which OpenAPI
parameters can't express (each parameter's description says them): content filters need
one ``type`` that has the field, ids must be of public pages, a cursor must be one the API
issued, and so on. ``follow_the_documented_rules`` applies them to the valid requests, so
that those reach real content instead of a 400; invalid requests are sent as generated.
"""

import io
import os
from dataclasses import dataclass

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from schemathesis.core.parameters import ParameterLocation
from taggit.models import Tag
from wagtail.api.v2.utils import page_models_from_string
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.api import preview
from cms.api.filters import CONTENT_FILTERS, MAX_NAME_LENGTH
from cms.api.views import DocumentsAPIViewSet, ImagesAPIViewSet, PagesAPIViewSet
from cms.search_query import clean_query
from cms.wsgi import application
from home.models import NewsPage
from people.models import Employer, PersonPage, Region

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 20

CONFIG = schemathesis.Config.from_dict(
    {
        # The same requests on every run, so CI answers for the code and not for the draw; run
        # with SCHEMATHESIS_SEED=<another number> to explore other requests (after API changes).
        "seed": int(os.environ.get("SCHEMATHESIS_SEED", "20261130")),
        "generation": {
            "max-examples": EXAMPLES_PER_OPERATION,
            # A NUL character in any parameter is a 400 (the document's overview says so; a
            # JSON Schema for text can't). test_api_errors.py sends NUL bytes on purpose.
            "allow-x00": False,
            "database": "none",
        },
        "cache": {"enabled": False},
    }
)


@dataclass
class DemoContent:
    """Ids and names in the demo content that valid requests are pointed at."""

    pages: list
    people: list
    images: list
    documents: list
    regions: list
    topics: list
    employer: str
    preview_token: str

    @classmethod
    def load(cls):
        call_command("load_demo_content", stdout=io.StringIO())
        return cls(
            pages=list(Page.objects.live().public().filter(depth__gt=1).values_list("pk", flat=True)),
            people=list(PersonPage.objects.live().public().values_list("pk", flat=True)),
            images=list(get_image_model().objects.values_list("pk", flat=True)),
            documents=list(get_document_model().objects.values_list("pk", flat=True)),
            regions=list(Region.objects.values_list("pk", flat=True)),
            topics=list(Tag.objects.values_list("slug", flat=True)),
            employer=Employer.objects.order_by("name").first().name,
            # Made on the server, as `manage.py preview_link` makes it, for the latest news draft.
            preview_token=preview.make_link(NewsPage.objects.order_by("-pk").first()).token,
        )


def real_id(value, ids, keep_large=False):
    """A generated id (``1``, ``"1"``, ``770``, ``1e9``) written as digits, as an app sends it,
    and pointed at a real object; with ``keep_large``, a large one is kept, to ask for
    something that isn't there (a 404 where ids are looked up, a 400 where they must exist)."""
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return value
    return str(number if keep_large and number > 10_000 else ids[number % len(ids)])


def one_page_type(query):
    names = {name for name in str(query.get("type", "")).split(",") if name}
    if len(names) != 1:
        return None
    model = page_models_from_string(names.pop())[0]
    return None if model is Page else model


def valid_order(query, viewset, model):
    """Keep ``order`` if it names fields the model orders by, and no search is made (a search
    orders by the fields its index has)."""
    if "order" not in query:
        return
    names = [name for name in str(query["order"]).split(",") if name]
    if "search" in query:
        query.pop("order")
    elif names == ["random"]:
        query.pop("offset", None)
    elif any(name.lstrip("-") not in viewset.ordering_names(model) for name in names):
        query.pop("order")


def follow_the_documented_rules(case, demo):
    """Make a valid generated request also follow the rules its parameters' descriptions
    give, which JSON Schema can't: see the module docstring."""
    path, query = case.path, dict(case.query or {})
    if "id" in (case.path_parameters or {}) and not case.meta.is_negative_at(ParameterLocation.PATH):
        ids = {
            "pages": demo.pages,
            "images": demo.images,
            "documents": demo.documents,
            "regions": demo.regions,
        }
        case.path_parameters["id"] = real_id(
            case.path_parameters["id"], ids[path.split("/")[3]], keep_large=True
        )
    if case.meta.is_negative_at(ParameterLocation.QUERY):
        return
    if "fields" in query:
        query["fields"] = "*"
    if "search" not in query:
        query.pop("search_operator", None)
    if path == "/api/v2/pages/":
        model = one_page_type(query)
        for content_filter in CONTENT_FILTERS:
            if content_filter.name in query and (model is None or not content_filter.applies_to(model)):
                query.pop(content_filter.name)
        for name in ("child_of", "descendant_of", "ancestor_of"):
            if name in query:
                query[name] = real_id(query[name], demo.pages)
        if "author" in query:
            query["author"] = real_id(query["author"], demo.people)
        if "tags" in query:
            query["tags"] = demo.topics[len(str(query["tags"])) % len(demo.topics)]
        if "child_of" in query:
            query.pop("descendant_of", None)
        valid_order(query, PagesAPIViewSet, model or Page)
    elif path in ("/api/v2/images/", "/api/v2/documents/"):
        viewset = ImagesAPIViewSet if "images" in path else DocumentsAPIViewSet
        valid_order(query, viewset, viewset.model)
    elif path == "/api/v2/pages/find/":
        if "html_path" in query:
            query.pop("id", None)
        elif "id" in query:
            query["id"] = real_id(query["id"], demo.pages, keep_large=True)
    elif path == "/api/v2/sync/":
        query.pop("cursor", None)
    elif path == "/api/v2/preview/":
        query["token"] = demo.preview_token
    elif path in ("/api/v2/officers/", "/api/v2/employers/"):
        if path == "/api/v2/officers/":
            if "region" in query or "employer" not in query:
                query.pop("employer", None)
                query["region"] = query.get("region", 1)
            elif len(clean_query(str(query["employer"]))) < 2:
                query["employer"] = demo.employer
        if "region" in query:
            query["region"] = real_id(query["region"], demo.regions)
    case.query = query


@schemathesis.check
def a_400_names_the_parameter_at_fault(ctx, response, case):
    """A 400's message says which parameter was wrong (or, for a missing one, which the
    operation needs), so an app developer can fix the call."""
    if response.status_code != 400:
        return None
    message = response.json()["message"]
    # A name is quoted up to MAX_NAME_LENGTH characters.
    names = {str(name)[:MAX_NAME_LENGTH] for name in case.query or {}} or {
        parameter["name"] for parameter in case.operation.definition.raw.get("parameters", [])
    }
    if not any(name in message for name in names):
        raise AssertionError(f"The 400 message {message!r} names none of the parameters: {sorted(names)}")
    return None


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    # Schemathesis 4.32 relabels the test node through ``_nodeid``, which pytest 9.2 renamed.
    request.node._nodeid = request.node.nodeid


@pytest.fixture
def demo(db):
    return DemoContent.load()


@pytest.fixture
def api_schema(demo):
    # Django closes the database connection at the start and end of each request when it is
    # not in autocommit mode, which would close the test's transaction on PostgreSQL. Its
    # test client turns this off during a request; here it is off for the whole test.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v2/openapi.json", application, config=CONFIG)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_every_operation_conforms_to_the_openapi_document(case, demo):
    if case.method == "GET":
        follow_the_documented_rules(case, demo)
    # Schemathesis's WSGI transport asks for compressed responses but doesn't decompress them
    # (an HTTP client would); compression has its own tests (test_http_compression.py).
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"}, additional_checks=[a_400_names_the_parameter_at_fault]
    )
