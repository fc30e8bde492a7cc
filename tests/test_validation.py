"""Page-level rules an editor meets when saving: each one names the field at fault and says,
in plain English, what to do. And an invalid page saved in the admin keeps nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Revision

from advice.models import LegalEyeArticlePage
from home.models import ArticleType
from tests.factories import (
    AdviceTopicPageFactory,
    CampaignPageFactory,
    LegalEyeArticlePageFactory,
    NewsPageFactory,
    PersonPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def errors_on_save(page):
    """The messages ``full_clean()`` reports, by field, as the admin form shows them."""
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


@pytest.fixture
def topic(site_tree):
    return AdviceTopicPageFactory(parent=site_tree.advice_index, title="Discrimination & equality")


@pytest.fixture
def article(topic):
    return LegalEyeArticlePageFactory(
        parent=topic,
        title="Reasonable adjustments",
        date=TODAY - 30 * DAY,
        last_reviewed=TODAY - 7 * DAY,
        review_due=TODAY + 300 * DAY,
    )


# Legal Eye articles


def test_a_complete_legal_eye_article_is_valid(article):
    article.full_clean()


def test_legal_eye_cannot_be_reviewed_before_it_was_published(article):
    article.last_reviewed = article.date - DAY
    assert errors_on_save(article) == {
        "last_reviewed": ["The last reviewed date can't be before the published date."]
    }


def test_legal_eye_reviewed_on_its_publication_day_is_valid(article):
    article.last_reviewed = article.date
    article.full_clean()


@pytest.mark.parametrize("days_after_review", [0, -1], ids=["same-day", "before"])
def test_legal_eye_next_review_must_come_after_the_last_review(article, days_after_review):
    article.review_due = article.last_reviewed + days_after_review * DAY
    assert errors_on_save(article) == {"review_due": ["The next review must be due after the last review."]}


def test_legal_eye_must_say_which_nations_it_applies_to(article):
    article.nations = []
    errors = errors_on_save(article)
    assert "Tick at least one nation this advice applies to." in errors["nations"]
    assert set(errors) == {"nations"}


def test_legal_eye_reports_every_date_and_nation_problem_at_once(article):
    article.nations = []
    article.last_reviewed = article.date - DAY
    article.review_due = article.last_reviewed
    errors = errors_on_save(article)
    assert "Tick at least one nation this advice applies to." in errors["nations"]
    assert errors["last_reviewed"] == ["The last reviewed date can't be before the published date."]
    assert errors["review_due"] == ["The next review must be due after the last review."]


def test_legal_eye_rejects_an_unknown_nation(article):
    article.nations = ["england", "mars"]
    assert errors_on_save(article) == {"nations": ["Unknown nation: mars."]}


# News


@pytest.mark.parametrize("article_type", [ArticleType.FEATURE, ArticleType.OPINION])
def test_features_and_opinion_pieces_need_a_standfirst(site_tree, article_type):
    page = NewsPageFactory(parent=site_tree.news_index, article_type=article_type, standfirst="Summary.")
    page.standfirst = ""
    assert errors_on_save(page) == {
        "standfirst": [
            "Features and opinion pieces need a standfirst: "
            "one or two sentences saying what the piece is about."
        ]
    }


@pytest.mark.parametrize(
    "article_type", [ArticleType.NEWS, ArticleType.MEDIA_RELEASE, ArticleType.MIP_AT_WORK]
)
def test_other_news_items_may_leave_the_standfirst_blank(site_tree, article_type):
    page = NewsPageFactory(parent=site_tree.news_index, article_type=article_type, standfirst="")
    page.full_clean()


def test_a_feature_with_a_standfirst_is_valid(site_tree):
    NewsPageFactory(
        parent=site_tree.news_index, article_type=ArticleType.FEATURE, standfirst="Why managers matter."
    ).full_clean()


# Hero images: every page type that has one


HERO_ALT_MESSAGE = "Add alt text describing the hero image, so screen-reader users know what it shows."


@pytest.fixture(params=["home", "standard", "news", "campaign"])
def page_with_hero(request, site_tree):
    if request.param == "home":
        return site_tree.home
    if request.param == "standard":
        return StandardPageFactory(parent=site_tree.about, title="Equality & diversity")
    if request.param == "news":
        return NewsPageFactory(parent=site_tree.news_index)
    return CampaignPageFactory(parent=site_tree.campaign_index)


def test_hero_image_without_alt_text_or_description_is_rejected(page_with_hero, image_without_description):
    page_with_hero.hero_image = image_without_description
    page_with_hero.hero_image_alt = ""
    assert errors_on_save(page_with_hero) == {"hero_image_alt": [HERO_ALT_MESSAGE]}


def test_hero_image_with_its_own_description_needs_no_alt_text(page_with_hero, image):
    page_with_hero.hero_image = image
    page_with_hero.hero_image_alt = ""
    page_with_hero.full_clean()
    assert page_with_hero.hero_alt == "Three NHS managers talking around a table"


def test_hero_image_alt_text_makes_up_for_a_missing_description(page_with_hero, image_without_description):
    page_with_hero.hero_image = image_without_description
    page_with_hero.hero_image_alt = "Managers marching on Whitehall"
    page_with_hero.full_clean()
    assert page_with_hero.hero_alt == "Managers marching on Whitehall"


# People


@pytest.fixture
def person(site_tree):
    return PersonPageFactory(parent=site_tree.people_index, title="Jo Bloggs")


def test_person_photo_without_alt_text_or_description_is_rejected(person, image_without_description):
    person.photo = image_without_description
    person.photo_alt = ""
    assert errors_on_save(person) == {
        "photo_alt": ["Add alt text for the photo, e.g. 'Portrait of Jo Bloggs'."]
    }


def test_person_photo_with_alt_text_or_a_description_is_valid(person, image, image_without_description):
    person.photo = image
    person.full_clean()
    person.photo = image_without_description
    person.photo_alt = "Portrait of Jo Bloggs"
    person.full_clean()


def test_person_without_a_photo_needs_no_alt_text(person):
    person.photo = None
    person.photo_alt = ""
    person.full_clean()


# Home page


@pytest.mark.parametrize("count", [0, 13, 50])
def test_home_page_lists_between_one_and_twelve_news_items(site_tree, count):
    site_tree.home.latest_news_count = count
    assert errors_on_save(site_tree.home) == {"latest_news_count": ["Choose a number from 1 to 12."]}


@pytest.mark.parametrize("count", [1, 4, 12])
def test_home_page_news_count_within_range_is_valid(site_tree, count):
    site_tree.home.latest_news_count = count
    site_tree.home.full_clean()


# Through the admin


def legal_eye_edit_form(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "author": "",
        "body-count": "0",
        "date": article.date.isoformat(),
        "last_reviewed": article.last_reviewed.isoformat(),
        "review_due": article.review_due.isoformat(),
        "nations": article.nations,
        "tags": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


REVIEWED_BEFORE_PUBLISHED_HTML = "The last reviewed date can&#x27;t be before the published date."


@pytest.mark.parametrize(
    ("action", "changes", "field_message"),
    [
        ("save-draft", {"last_reviewed": -DAY}, REVIEWED_BEFORE_PUBLISHED_HTML),
        ("publish", {"last_reviewed": -DAY}, REVIEWED_BEFORE_PUBLISHED_HTML),
        ("publish", {"review_due": 0 * DAY}, "The next review must be due after the last review."),
        ("save-draft", {"nations": []}, "Tick at least one nation this advice applies to."),
        ("publish", {"nations": []}, "Tick at least one nation."),
    ],
    ids=[
        "reviewed-before-published-draft",
        "reviewed-before-published",
        "review-due-too-soon",
        "no-nations-draft",
        "no-nations",
    ],
)
def test_the_admin_shows_the_message_and_saves_nothing_for_an_invalid_article(
    admin_client, article, action, changes, field_message
):
    revisions_before = Revision.page_revisions.filter(object_id=str(article.pk)).count()
    form_changes = {"title": "Reasonable adjustments (updated)"}
    if "last_reviewed" in changes:
        form_changes["last_reviewed"] = (article.date + changes["last_reviewed"]).isoformat()
    if "review_due" in changes:
        form_changes["review_due"] = (article.last_reviewed + changes["review_due"]).isoformat()
    if "nations" in changes:
        form_changes["nations"] = changes["nations"]
    data = legal_eye_edit_form(article, **form_changes)
    if action == "publish":
        data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{article.pk}/edit/", data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "The page could not be saved due to validation errors" in content
    assert field_message in content
    assert Revision.page_revisions.filter(object_id=str(article.pk)).count() == revisions_before
    stored = LegalEyeArticlePage.objects.get(pk=article.pk)
    assert stored.title == "Reasonable adjustments"
    assert (stored.last_reviewed, stored.review_due, stored.nations) == (
        article.last_reviewed,
        article.review_due,
        article.nations,
    )
    assert not stored.has_unpublished_changes


def test_the_admin_saves_a_valid_change_to_an_article_as_a_new_revision(admin_client, article):
    revisions_before = Revision.page_revisions.filter(object_id=str(article.pk)).count()
    data = legal_eye_edit_form(article, title="Reasonable adjustments (updated)")

    response = admin_client.post(f"/admin/pages/{article.pk}/edit/", data)

    assert response.status_code == 302
    assert Revision.page_revisions.filter(object_id=str(article.pk)).count() == revisions_before + 1
    draft = LegalEyeArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert draft.title == "Reasonable adjustments (updated)"
