"""Legal Eye articles carry a review date; once it has passed the article is flagged as overdue
(in the admin and the API) so the law in it gets checked again."""

import datetime

import pytest

from advice.models import LegalEyeArticlePage, default_review_due
from tests.factories import AdviceTopicPageFactory, LegalEyeArticlePageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today_when_the_test_runs")]

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def topic(site_tree):
    return AdviceTopicPageFactory(parent=site_tree.advice_index, title="Organisational change")


def article_due(topic, review_due, **kwargs):
    return LegalEyeArticlePageFactory(
        parent=topic,
        date=review_due - 400 * DAY,
        last_reviewed=review_due - 365 * DAY,
        review_due=review_due,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("days_from_today", "overdue"),
    [(-365, True), (-1, True), (0, False), (1, False)],
    ids=["a-year-ago", "yesterday", "today", "tomorrow"],
)
def test_an_article_is_overdue_once_its_review_date_has_passed(topic, days_from_today, overdue):
    assert article_due(topic, TODAY + days_from_today * DAY).review_overdue is overdue


def test_a_new_article_is_due_for_review_in_a_year_and_not_overdue(topic):
    assert default_review_due() == TODAY + 365 * DAY
    article = LegalEyeArticlePage(title="TUPE transfers", summary="Your rights when your job moves.")
    assert article.review_due == TODAY + 365 * DAY
    assert article.review_overdue is False


def test_overdue_articles_are_exactly_those_past_their_review_date(topic):
    overdue = [
        article_due(topic, TODAY - 100 * DAY, title="Restructuring"),
        article_due(topic, TODAY - DAY, title="Redundancy pay"),
    ]
    article_due(topic, TODAY, title="Consultation")
    article_due(topic, TODAY + 30 * DAY, title="Redeployment")

    assert sorted(LegalEyeArticlePage.objects.review_overdue(), key=lambda page: page.pk) == overdue


def test_overdue_list_includes_drafts_because_editors_must_review_them_too(topic):
    draft = article_due(topic, TODAY - 10 * DAY, title="Draft on fire and rehire", live=False)
    assert list(LegalEyeArticlePage.objects.review_overdue()) == [draft]


def test_overdue_list_can_be_taken_as_at_another_day(topic):
    next_month = article_due(topic, TODAY + 30 * DAY, title="Flexible working")
    article_due(topic, TODAY + 90 * DAY, title="Whistleblowing")

    assert list(LegalEyeArticlePage.objects.review_overdue()) == []
    assert list(LegalEyeArticlePage.objects.review_overdue(today=TODAY + 31 * DAY)) == [next_month]


def test_reviewing_an_article_takes_it_off_the_overdue_list(topic):
    article = article_due(topic, TODAY - 5 * DAY, title="Disciplinary hearings")
    article.last_reviewed = TODAY
    article.review_due = TODAY + 365 * DAY
    article.full_clean()
    article.save()

    assert list(LegalEyeArticlePage.objects.review_overdue()) == []
    assert LegalEyeArticlePage.objects.get(pk=article.pk).review_overdue is False
