"""``/api/v2/images/?tags=`` and ``/api/v2/documents/?tags=`` filter by tag, or answer 400;
never silently ignored (they used to list everything). A tag that only private images or
documents have answers exactly as a tag nothing has."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import DocumentFactory, ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(db):
    private = Collection.get_first_root_node().add_child(name="Members only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    items = {
        "conference": ImageFactory(title="Conference hall"),
        "picket": ImageFactory(title="Picket line"),
        "untagged": ImageFactory(title="Office"),
        "private": ImageFactory(title="Private", collection=private),
        "guide": DocumentFactory(title="Pay guide"),
        "private-document": DocumentFactory(title="Private guide", collection=private),
    }
    items["conference"].tags.add("conference", "annual-meeting")
    items["picket"].tags.add("pay")
    items["private"].tags.add("secret-ballot", "pay")
    items["guide"].tags.add("pay")
    items["private-document"].tags.add("secret-ballot")
    return items


def ids(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["items"])


def test_images_are_filtered_by_tag(client, tagged):
    assert ids(client, "/api/v2/images/?tags=conference") == [tagged["conference"].pk]
    assert ids(client, "/api/v2/images/?tags=pay") == [tagged["picket"].pk]
    assert ids(client, "/api/v2/images/?tags=conference,pay") == sorted(
        [tagged["conference"].pk, tagged["picket"].pk]
    )
    assert len(ids(client, "/api/v2/images/")) == 3


def test_documents_are_filtered_by_tag_too(client, tagged):
    assert ids(client, "/api/v2/documents/?tags=pay") == [tagged["guide"].pk]


def test_the_tag_filter_combines_with_search_and_order(client, tagged):
    assert ids(client, "/api/v2/images/?tags=conference,pay&search=hall") == [tagged["conference"].pk]
    response = client.get("/api/v2/images/?tags=conference,pay&order=-title")
    assert [item["title"] for item in response.json()["items"]] == ["Picket line", "Conference hall"]


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_a_tag_only_private_items_have_answers_like_a_tag_nothing_has(client, tagged, endpoint):
    private_only = client.get(f"/api/v2/{endpoint}/?tags=secret-ballot")
    unknown = client.get(f"/api/v2/{endpoint}/?tags=no-such-tag")

    assert private_only.status_code == unknown.status_code == 200
    assert private_only.json() == unknown.json() == {"meta": {"total_count": 0}, "items": []}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "tags needs at least one value (comma-separated)"),
        ("pay day", "tags takes tag slugs such as 'pay', got 'pay day'"),
        ("<script>", "tags takes tag slugs such as 'pay', got '<script>'"),
        (",".join(f"t{n}" for n in range(21)), "tags takes at most 20 values"),
    ],
)
@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_a_bad_tags_value_is_a_400_with_a_message(client, tagged, endpoint, value, message):
    response = client.get(f"/api/v2/{endpoint}/", {"tags": value})

    assert response.status_code == 400
    assert response.json() == {"message": message}


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_the_openapi_document_describes_the_tags_filter(client, endpoint):
    operation = client.get("/api/v2/openapi.json").json()["paths"][f"/api/v2/{endpoint}/"]["get"]
    tags = next(parameter for parameter in operation["parameters"] if parameter["name"] == "tags")

    assert tags["schema"]["type"] == "array"
    assert tags["style"] == "form" and tags["explode"] is False
    assert f"Tag slugs, comma-separated: {endpoint} with any of them" in tags["description"]
