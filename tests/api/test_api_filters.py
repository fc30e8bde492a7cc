"""The filters apps use to build news, advice and topic screens."""

import datetime

import pytest

from cms.nations import Nation
from home.models import ArticleType
from tests.factories import LegalEyeArticlePageFactory, NewsPageFactory, PersonPageFactory

pytestmark = pytest.mark.django_db

NEWS = "/api/v2/pages/?type=home.NewsPage&fields=date&limit=100"
LEGAL_EYE = "/api/v2/pages/?type=advice.LegalEyeArticlePage&limit=100"


@pytest.fixture
def newsroom(content):
    """Four news items that differ in topic, nation, type, author and date."""
    index = content.tree.news_index
    other_author = PersonPageFactory(parent=content.tree.people_index, title="Ray Writer")
    pages = {
        "pay": NewsPageFactory(
            parent=index, title="Pay award", date=datetime.date(2024, 3, 1), nations=[Nation.SCOTLAND]
        ),
        "feature": NewsPageFactory(
            parent=index,
            title="Managing change",
            date=datetime.date(2024, 6, 1),
            article_type=ArticleType.FEATURE,
            nations=[Nation.ENGLAND, Nation.WALES],
            author=other_author,
        ),
        "uk_wide": NewsPageFactory(parent=index, title="Conference report", date=datetime.date(2024, 9, 1)),
        "opinion": NewsPageFactory(
            parent=index,
            title="Why managers matter",
            date=datetime.date(2023, 12, 31),
            article_type=ArticleType.OPINION,
            nations=[Nation.NORTHERN_IRELAND],
        ),
    }
    pages["pay"].tags.add("pay")
    pages["pay"].save()
    pages["feature"].tags.add("restructuring")
    pages["feature"].save()
    pages["other_author"] = other_author
    return pages


def ids(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_tags_match_any_of_the_given_topics(api, content, newsroom):
    found = ids(api, NEWS + "&tags=pay,restructuring")

    assert newsroom["pay"].pk in found and newsroom["feature"].pk in found
    assert newsroom["uk_wide"].pk not in found
    assert len(found) == len(set(found)), "a page tagged with both topics is listed once"


def test_nations_include_uk_wide_pages(api, content, newsroom):
    found = ids(api, NEWS + "&nations=scotland")

    assert newsroom["pay"].pk in found
    assert newsroom["uk_wide"].pk in found, "news that names no nation is UK-wide"
    assert newsroom["feature"].pk not in found and newsroom["opinion"].pk not in found


def test_article_type(api, content, newsroom):
    assert ids(api, NEWS + "&article_type=feature") == [newsroom["feature"].pk]


def test_author(api, content, newsroom):
    assert ids(api, NEWS + f"&author={newsroom['other_author'].pk}") == [newsroom["feature"].pk]


def test_author_who_is_not_public_is_a_400(api, content, newsroom):
    newsroom["other_author"].unpublish()

    response = api.get(NEWS + f"&author={newsroom['other_author'].pk}")

    assert response.status_code == 400


def test_date_range_is_inclusive(api, content, newsroom):
    found = ids(api, NEWS + "&date_after=2024-03-01&date_before=2024-06-01")

    assert sorted(found) == sorted([newsroom["pay"].pk, newsroom["feature"].pk])


def test_order_by_date_newest_first_and_oldest_first(api, content, newsroom):
    newest_first = api.get(NEWS + "&order=-date&date_before=2024-12-31").json()["items"]
    oldest_first = api.get(NEWS + "&order=date&date_before=2024-12-31").json()["items"]

    dates = [item["date"] for item in newest_first]
    assert dates == sorted(dates, reverse=True)
    assert [item["id"] for item in oldest_first][0] == newsroom["opinion"].pk


def test_search_uses_the_sites_backend_and_finds_only_public_pages(api, content, newsroom):
    found = ids(api, "/api/v2/pages/?search=conference")

    assert found == [newsroom["uk_wide"].pk]
    assert ids(api, "/api/v2/pages/?search=private+pay+news") == []


def test_search_combines_with_type_and_filters(api, content, newsroom):
    found = ids(api, NEWS + "&search=managers&article_type=opinion")

    assert found == [newsroom["opinion"].pk]


def test_review_overdue(api, content):
    overdue = LegalEyeArticlePageFactory(
        parent=content.topic,
        title="Old advice",
        date=datetime.date(2020, 1, 1),
        last_reviewed=datetime.date(2020, 1, 1),
        review_due=datetime.date(2021, 1, 1),
    )

    assert ids(api, LEGAL_EYE + "&review_overdue=true") == [overdue.pk]
    assert ids(api, LEGAL_EYE + "&review_overdue=false") == [content.legal_eye.pk]


def test_stock_tree_filters_still_work(api, content, newsroom):
    children = ids(api, f"/api/v2/pages/?child_of={content.tree.news_index.pk}&limit=100")
    descendants = ids(api, f"/api/v2/pages/?descendant_of={content.tree.advice_index.pk}")

    assert newsroom["pay"].pk in children
    assert content.hidden["private"].pk not in children
    assert descendants == [content.topic.pk, content.legal_eye.pk]


def test_exact_field_filters_check_their_values(api, content, newsroom):
    assert ids(api, NEWS + "&date=2024-09-01") == [newsroom["uk_wide"].pk]
    assert api.get(NEWS + "&date=2024-02-30").status_code == 400
