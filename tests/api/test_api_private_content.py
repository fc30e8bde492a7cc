"""Private (view-restricted, including a child of a restricted page), draft, unpublished and
scheduled pages never leave through the API, whatever credentials the caller sends."""

import base64
import json

import pytest

pytestmark = pytest.mark.django_db


def hidden_ids(content):
    return {page.pk for page in content.hidden.values()}


def listed_ids(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_listings_leave_out_every_hidden_kind(api, content):
    for url in (
        "/api/v2/pages/?limit=100",
        "/api/v2/pages/?type=home.NewsPage&limit=100",
        "/api/v2/pages/?type=home.StandardPage&limit=100",
        f"/api/v2/pages/?descendant_of={content.tree.home.pk}&limit=100",
    ):
        assert not listed_ids(api, url) & hidden_ids(content), url


@pytest.mark.parametrize(
    "kind", ["draft", "private", "private_section", "private_child", "unpublished", "scheduled"]
)
def test_detail_and_find_answer_404(api, content, kind):
    page = content.hidden[kind]

    assert api.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    assert api.get(f"/api/v2/pages/find/?id={page.pk}").status_code == 404
    assert api.get(f"/api/v2/pages/find/?html_path={page.url_path[len('/home') :]}").status_code == 404


def test_search_does_not_find_hidden_pages(api, content):
    for title in ("Draft pay news", "Private pay news", "Child of a private page", "Unpublished pay news"):
        assert not listed_ids(api, f"/api/v2/pages/?search={title}") & hidden_ids(content), title


def test_tree_filters_cannot_start_from_a_private_page(api, content):
    response = api.get(f"/api/v2/pages/?child_of={content.hidden['private_section'].pk}")

    assert response.status_code == 400


def test_a_logged_in_editor_sees_no_more_than_anyone_else(client, content, editor):
    client.force_login(editor)
    private = content.hidden["private"]

    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404
    assert private.pk not in listed_ids(client, "/api/v2/pages/?type=home.NewsPage&limit=100")


def test_http_basic_credentials_unlock_nothing(api, content, editor):
    credentials = base64.b64encode(b"api-editor:correct horse battery").decode()
    private = content.hidden["private_child"]

    response = api.get(f"/api/v2/pages/{private.pk}/", HTTP_AUTHORIZATION=f"Basic {credentials}")

    assert response.status_code == 404


def test_related_content_and_links_to_private_pages_are_dropped(api, content):
    news = api.get(f"/api/v2/pages/{content.news[0].pk}/").json()
    raw = json.dumps(news["body"])

    related = next(block for block in news["body"] if block["type"] == "related_pages")
    assert content.hidden["private"].pk not in [link["id"] for link in related["value"]["pages"]]
    assert "Private pay news" not in raw


def test_author_object_is_null_for_a_private_profile(api, content):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=content.author, restriction_type=PageViewRestriction.LOGIN)

    assert api.get(f"/api/v2/pages/{content.news[0].pk}/").json()["author"] is None
    assert api.get(f"/api/v2/pages/{content.legal_eye.pk}/").json()["author"] is None


def test_pages_become_hidden_as_soon_as_they_are_restricted(api, content):
    from wagtail.models import PageViewRestriction

    news = content.news[0]
    assert api.get(f"/api/v2/pages/{news.pk}/").status_code == 200

    PageViewRestriction.objects.create(
        page=content.tree.news_index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert api.get(f"/api/v2/pages/{news.pk}/").status_code == 404
    assert news.pk not in listed_ids(api, "/api/v2/pages/?type=home.NewsPage")
