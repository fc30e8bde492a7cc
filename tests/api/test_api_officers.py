"""The officer finder: from a region or an employer to the national officers who cover it."""

import pytest
from wagtail.models import PageViewRestriction

from people.models import PersonRole
from tests.factories import EmployerFactory, PersonPageFactory

pytestmark = pytest.mark.django_db


def test_officers_for_a_region_are_person_objects_with_contact_details(api, content):
    response = api.get(f"/api/v2/officers/?region={content.region.pk}")

    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["region"] == {"id": content.region.pk, "name": "London", "nation": "england"}
    assert [item["name"] for item in data["items"]] == ["Sam Officer"]
    officer = data["items"][0]
    assert officer["api_url"] == f"http://testserver/api/v2/pages/{content.officer.pk}/"
    assert officer["email"] == content.officer.email
    assert officer["phone"] == "020 7654 3210"
    assert officer["regions"] == [{"id": content.region.pk, "name": "London", "nation": "england"}]
    for name in ("id", "job_title", "url", "photo", "role"):
        assert name in officer


def test_officers_for_an_employer_by_part_of_its_name(api, content):
    data = api.get("/api/v2/officers/?employer=barts").json()

    assert [item["id"] for item in data["items"]] == [content.officer.pk]
    assert data["meta"]["employers"][0]["name"] == "Barts Health NHS Trust"
    assert data["meta"]["employers"][0]["region"]["name"] == "London"


def test_only_public_national_officers_are_offered(api, content):
    PersonPageFactory(
        parent=content.tree.people_index,
        title="Head Office Person",
        role=PersonRole.HEAD_OFFICE,
        regions=[content.region],
    )
    hidden = PersonPageFactory(
        parent=content.tree.people_index, title="Hidden Officer", regions=[content.region]
    )
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    draft = PersonPageFactory(
        parent=content.tree.people_index, title="Draft Officer", regions=[content.region]
    )
    draft.unpublish()

    names = [
        item["name"] for item in api.get(f"/api/v2/officers/?region={content.region.pk}").json()["items"]
    ]

    assert names == ["Sam Officer"]


def test_a_region_nobody_covers_gives_an_empty_list(api, content):
    data = api.get(f"/api/v2/officers/?region={content.other_region.pk}").json()

    assert data == {"meta": {"total_count": 0, "region": data["meta"]["region"]}, "items": []}


@pytest.mark.parametrize(
    "query, mentions",
    [
        ("", "either region"),
        ("?region=1&employer=barts", "either region"),
        ("?region=abc", "region"),
        ("?region=999999", "unknown region"),
        ("?region=" + "9" * 20, "region"),
        ("?employer=b", "employer"),
        ("?employer=" + "b" * 201, "employer"),
        ("?employer=barts&colour=blue", "colour"),
    ],
)
def test_bad_finder_queries_are_400(api, content, query, mentions):
    response = api.get("/api/v2/officers/" + query)

    assert response.status_code == 400
    assert mentions in response.json()["message"]


def test_regions_list(api, content):
    data = api.get("/api/v2/regions/").json()

    assert data["meta"]["total_count"] == 2
    assert {item["name"] for item in data["items"]} == {"London", "Wales"}
    assert api.get("/api/v2/regions/?nation=wales").json()["items"] == [
        {"id": content.other_region.pk, "name": "Wales", "nation": "wales"}
    ]
    assert api.get(f"/api/v2/regions/{content.region.pk}/").json()["name"] == "London"
    assert api.get("/api/v2/regions/?nation=atlantis").status_code == 400
    assert api.get("/api/v2/regions/999999/").status_code == 404


def test_employers_search_and_pagination(api, content):
    for number in range(3):
        EmployerFactory(name=f"Leeds Trust {number}", region=content.region)

    found = api.get("/api/v2/employers/?search=leeds&limit=2").json()

    assert found["meta"]["total_count"] == 3
    assert [item["name"] for item in found["items"]] == ["Leeds Trust 0", "Leeds Trust 1"]
    assert found["items"][0]["region"]["id"] == content.region.pk
    assert (
        api.get("/api/v2/employers/?search=leeds&limit=2&offset=2").json()["items"][0]["name"]
        == "Leeds Trust 2"
    )
    assert api.get(f"/api/v2/employers/?region={content.other_region.pk}").json()["items"] == []
    assert api.get("/api/v2/employers/?limit=1000").status_code == 400
