"""Listings of a dated page type come newest first unless the app asks for another order
(``api_default_order`` on the model; README, "Ordering")."""

import datetime

import pytest
from wagtail.models import get_page_models

from cms.api.filters import default_order
from tests.factories import LegalEyeArticlePageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def listed(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def dated_news(content):
    """Created in an order that is neither their date order nor its reverse, so tree order
    (the order they were created in) can't pass for newest first."""
    index = content.tree.news_index
    return {
        "middle": NewsPageFactory(parent=index, title="Middle", date=datetime.date(2024, 6, 1)),
        "oldest": NewsPageFactory(parent=index, title="Oldest", date=datetime.date(2023, 1, 1)),
        "newest": NewsPageFactory(parent=index, title="Newest", date=datetime.date(2025, 2, 1)),
        "same_day": NewsPageFactory(parent=index, title="Same day", date=datetime.date(2024, 6, 1)),
    }


def test_news_is_listed_newest_first_by_default(api, dated_news):
    found = listed(api, "/api/v2/pages/?type=home.NewsPage&date_before=2025-12-31&limit=100")

    assert found == [
        dated_news["newest"].pk,
        # Same date: the later id first, so offset paging never repeats or skips one.
        dated_news["same_day"].pk,
        dated_news["middle"].pk,
        dated_news["oldest"].pk,
    ]


def test_paging_through_the_default_order_sees_every_item_once(api, dated_news):
    url = "/api/v2/pages/?type=home.NewsPage&date_before=2025-12-31&limit=1"
    pages = [listed(api, f"{url}&offset={offset}") for offset in range(4)]

    assert [page[0] for page in pages] == listed(api, url.replace("limit=1", "limit=100"))


def test_an_order_the_app_asks_for_wins(api, dated_news):
    found = listed(api, "/api/v2/pages/?type=home.NewsPage&date_before=2025-12-31&order=date&limit=100")

    assert found[0] == dated_news["oldest"].pk and found[-1] == dated_news["newest"].pk


def test_legal_eye_is_listed_newest_first_by_default(api, content):
    older = LegalEyeArticlePageFactory(parent=content.topic, date=datetime.date(2020, 5, 1))
    newer = LegalEyeArticlePageFactory(
        parent=content.topic, date=datetime.date.today(), last_reviewed=datetime.date.today()
    )

    found = listed(api, "/api/v2/pages/?type=advice.LegalEyeArticlePage&limit=100")

    assert found == [newer.pk, content.legal_eye.pk, older.pk]


def test_undated_types_and_mixed_listings_keep_the_tree_order(api, content):
    people = listed(api, "/api/v2/pages/?type=people.PersonPage")
    everything = listed(api, "/api/v2/pages/?limit=100")

    assert people == [content.author.pk, content.officer.pk]
    assert everything[0] == content.tree.home.pk


def test_every_declared_default_order_names_a_field_of_its_model():
    declared = {model: default_order(model) for model in get_page_models() if default_order(model)}

    assert {model._meta.label for model in declared} >= {"home.NewsPage", "advice.LegalEyeArticlePage"}
    for model, names in declared.items():
        for name in names:
            model._meta.get_field(name.lstrip("-"))
