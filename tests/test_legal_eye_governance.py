"""Legal Eye governance: the admin dashboard's "Legal Eye reviews due" panel, the weekly review
reminders, and the rule that an article can't be published with an empty body."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from advice.models import LegalEyeArticlePage
from advice.tasks import send_review_reminders_task
from home.models import SiteSettings
from tests.factories import AdviceTopicPageFactory, LegalEyeArticlePageFactory, PersonPageFactory
from tests.task_worker import run_background_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today_when_the_test_runs")]

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
BODY = {"body__0__paragraph__value": "<p>The Equality Act 2010 sets out the duty.</p>"}


@pytest.fixture
def topic(site_tree):
    return AdviceTopicPageFactory(parent=site_tree.advice_index, title="Organisational change")


@pytest.fixture
def people(site_tree, django_user_model):
    index = site_tree.people_index
    return {
        "author": PersonPageFactory(parent=index, title="Priya Author", email="priya@mip.example"),
        "no_email": PersonPageFactory(parent=index, title="Nadia Noemail", email=""),
        "left": PersonPageFactory(parent=index, title="Larry Left", email="larry@mip.example", live=False),
        "owner": django_user_model.objects.create_user(
            "olive", "olive@mip.example", "pw", first_name="Olive", last_name="Owner"
        ),
    }


def article(topic, title, review_due, author=None, owner=None, **kwargs):
    return LegalEyeArticlePageFactory(
        parent=topic,
        title=title,
        date=review_due - 400 * DAY,
        last_reviewed=review_due - 365 * DAY,
        review_due=review_due,
        author=author,
        owner=owner,
        **BODY,
        **kwargs,
    )


@pytest.fixture
def articles(topic, people):
    """Overdue, due soon and not yet due, answered for by an author or an owner (or nobody)."""
    return {
        "overdue": article(topic, "Redundancy pay", TODAY - 20 * DAY, author=people["author"]),
        "overdue_owner": article(topic, "TUPE transfers", TODAY - 3 * DAY, owner=people["owner"]),
        "due_soon": article(topic, "Flexible working", TODAY + 10 * DAY, author=people["author"]),
        "due_today": article(
            topic, "Whistleblowing", TODAY, author=people["no_email"], owner=people["owner"]
        ),
        "author_left": article(
            topic, "Sickness absence", TODAY + 29 * DAY, author=people["left"], owner=people["owner"]
        ),
        "nobody": article(topic, "Fire and rehire", TODAY - DAY),
        "draft": article(topic, "Menopause at work", TODAY + 5 * DAY, author=people["author"], live=False),
        "not_due": article(topic, "Maternity leave", TODAY + 31 * DAY, author=people["author"]),
        "far_off": article(topic, "Pensions", TODAY + 300 * DAY, owner=people["owner"]),
    }


def dashboard_panel(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("#legal-eye-reviews-section")


def rows(table):
    cells = [row.select("td") for row in table.select("tbody tr")]
    return [[" ".join(cell.get_text(" ").split()) for cell in row] for row in cells]


# The dashboard panel


def test_the_dashboard_lists_overdue_and_due_soon_reviews_with_who_answers_for_them(admin_client, articles):
    panel = dashboard_panel(admin_client)

    assert panel.select_one("h2").get_text(strip=True) == "Legal Eye reviews due"
    overdue, due_soon = panel.select("table")
    assert rows(overdue) == [
        ["Redundancy pay", f"{(TODAY - 20 * DAY):%-d %b %Y} 20 days overdue", "Priya Author (author)"],
        ["TUPE transfers", f"{(TODAY - 3 * DAY):%-d %b %Y} 3 days overdue", "Olive Owner (owner)"],
        [
            "Fire and rehire",
            f"{(TODAY - DAY):%-d %b %Y} 1 day overdue",
            "Nobody named: reminders go to the member-advice inbox",
        ],
    ]
    assert rows(due_soon) == [
        ["Whistleblowing", f"{TODAY:%-d %b %Y} (today)", "Olive Owner (owner)"],
        ["Menopause at work", f"{(TODAY + 5 * DAY):%-d %b %Y} (in 5 days)", "Priya Author (author)"],
        ["Flexible working", f"{(TODAY + 10 * DAY):%-d %b %Y} (in 10 days)", "Priya Author (author)"],
        ["Sickness absence", f"{(TODAY + 29 * DAY):%-d %b %Y} (in 29 days)", "Olive Owner (owner)"],
    ]
    headings = [heading.get_text(strip=True) for heading in panel.select("h3")]
    assert headings == ["Overdue (3)", "Due in the next 30 days (4)"]
    text = panel.get_text()
    assert "Maternity leave" not in text and "Pensions" not in text
    edit = panel.find("a", string="Redundancy pay")
    assert edit["href"] == f"/admin/pages/{articles['overdue'].pk}/edit/"


def test_the_panel_lists_only_articles_the_editor_can_edit(
    client, topic, site_tree, django_user_model, articles
):
    other_topic = AdviceTopicPageFactory(parent=site_tree.advice_index, title="Discrimination")
    mine = article(other_topic, "Reasonable adjustments", TODAY - 2 * DAY)
    group = Group.objects.create(name="Discrimination editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=other_topic, permission_type="change")
    editor = django_user_model.objects.create_user("dee", "dee@mip.example", "pw")
    editor.groups.add(group)
    client.force_login(editor)

    panel = dashboard_panel(client)

    assert [row[0] for table in panel.select("table") for row in rows(table)] == [mine.title]


def test_an_editor_who_edits_no_advice_sees_no_panel(client, django_user_model, articles):
    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("visitor", "visitor@mip.example", "pw")
    user.groups.add(group)
    client.force_login(user)

    assert dashboard_panel(client) is None


def test_the_panel_says_when_nothing_is_due(admin_client, topic):
    article(topic, "Pensions", TODAY + 300 * DAY)

    panel = dashboard_panel(admin_client)

    assert "No Legal Eye article is overdue for review or due in the next 30 days." in panel.get_text()
    assert panel.select("table") == []


def test_the_panel_shows_ten_of_each_and_links_to_the_rest(admin_client, topic):
    for number in range(12):
        article(topic, f"Overdue article {number}", TODAY - (number + 1) * DAY)

    panel = dashboard_panel(admin_client)

    assert len(rows(panel.select_one("table"))) == 10
    link = panel.find("a", string="See all 12 overdue articles")
    assert link["href"] == "/admin/legal-eye/?review_overdue=true"
    assert admin_client.get(link["href"]).status_code == 200


def test_the_panel_costs_the_same_queries_however_many_articles_are_due(admin_client, topic, people):
    article(topic, "First", TODAY - DAY, author=people["author"])
    admin_client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        admin_client.get("/admin/")
    for number in range(8):
        article(topic, f"More {number}", TODAY - DAY, author=people["author"], owner=people["owner"])
    with CaptureQueriesContext(connection) as many:
        admin_client.get("/admin/")
    assert len(many) == len(few)


# Weekly reminders


def sent_to(message):
    return message.to[0]


def test_each_author_or_owner_gets_one_reminder_listing_their_due_reviews(articles, site_tree):
    site_settings = SiteSettings.for_site(site_tree.site)
    site_settings.member_advice_email = "advice@mip.example"
    site_settings.save()

    output = io.StringIO()
    call_command("send_review_reminders", stdout=output)

    assert "Sent 3 reminders covering 7 articles." in output.getvalue()
    by_person = {sent_to(message): message for message in mail.outbox}
    assert set(by_person) == {
        "Priya Author <priya@mip.example>",
        "Olive Owner <olive@mip.example>",
        "MiP member advice <advice@mip.example>",
    }

    priya = by_person["Priya Author <priya@mip.example>"]
    assert priya.subject == "Legal Eye: 3 articles are due for review"
    assert "Redundancy pay: the review was due on" in priya.body and "(20 days ago)" in priya.body
    assert "Flexible working: due on" in priya.body and "(in 10 days)" in priya.body
    # Drafts are reviewed before they go out, so they are listed too.
    assert "Menopause at work" in priya.body
    assert f"http://testserver/admin/pages/{articles['overdue'].pk}/edit/" in priya.body
    assert (
        priya.body.index("Overdue")
        < priya.body.index("Redundancy pay")
        < priya.body.index("Due in the next 30 days")
    )
    assert "Maternity leave" not in priya.body

    olive = by_person["Olive Owner <olive@mip.example>"]
    # Her own article, and two whose authors cannot be written to (no address; profile unpublished).
    for title in ("TUPE transfers", "Whistleblowing", "Sickness absence"):
        assert title in olive.body
    assert "as owner" in olive.body and "Pensions" not in olive.body
    assert "Whistleblowing: due on" in olive.body and "(today)" in olive.body

    inbox = by_person["MiP member advice <advice@mip.example>"]
    assert inbox.subject == "Legal Eye: 1 article is due for review"
    assert "Fire and rehire" in inbox.body and "no author or page owner with an email address" in inbox.body


def test_nobody_is_reminded_when_nothing_is_due(topic, people):
    article(topic, "Pensions", TODAY + 300 * DAY, author=people["author"])

    call_command("send_review_reminders", stdout=io.StringIO())

    assert mail.outbox == []


def test_a_dry_run_lists_who_would_be_reminded_and_sends_nothing(articles):
    output = io.StringIO()
    call_command("send_review_reminders", "--dry-run", stdout=output)

    assert "Priya Author <priya@mip.example> (author): 1 overdue, 2 due soon" in output.getvalue()
    assert "Olive Owner <olive@mip.example> (owner): 1 overdue, 2 due soon" in output.getvalue()
    assert mail.outbox == []


def test_the_worker_sends_the_reminders_every_monday_morning(articles):
    DBTaskResult.objects.all().delete()

    send_review_reminders_task.enqueue()
    run_background_tasks()

    assert len(mail.outbox) == 3
    next_run = DBTaskResult.objects.get(task_path="advice.tasks.send_review_reminders_task", status="READY")
    local = timezone.localtime(next_run.run_after)
    assert (local.strftime("%A"), local.hour, local.minute) == ("Monday", 7, 0)
    assert timezone.now() < next_run.run_after <= timezone.now() + datetime.timedelta(days=7)


# No publishing with an empty body


def legal_eye_form(topic, body, **changes):
    data = nested_form_data(
        {
            "title": "Reasonable adjustments at work",
            "slug": "reasonable-adjustments-at-work",
            "summary": "What your employer must do if you are disabled.",
            "author": "",
            "body": streamfield(body),
            "date": (TODAY - 10 * DAY).isoformat(),
            "last_reviewed": (TODAY - 2 * DAY).isoformat(),
            "review_due": (TODAY + 365 * DAY).isoformat(),
            "tags": "",
            **changes,
        }
    )
    data["nations"] = ["england", "scotland", "wales"]
    return data


EMPTY_BODY_MESSAGE = "a Legal Eye article can&#x27;t be published with an empty body"


@pytest.mark.parametrize(
    "body",
    [[], [("paragraph", rich_text("<p> </p>"))]],
    ids=["no-blocks", "an-empty-paragraph"],
)
def test_an_article_with_an_empty_body_cannot_be_published(admin_client, topic, body):
    response = admin_client.post(
        f"/admin/pages/add/advice/legaleyearticlepage/{topic.pk}/",
        {**legal_eye_form(topic, body), "action-publish": "action-publish"},
    )

    assert response.status_code == 200
    assert "The page could not be created due to validation errors" in response.content.decode()
    assert EMPTY_BODY_MESSAGE in response.content.decode()
    assert not LegalEyeArticlePage.objects.exists()


def test_a_draft_with_an_empty_body_can_be_saved_but_not_published(admin_client, topic):
    response = admin_client.post(
        f"/admin/pages/add/advice/legaleyearticlepage/{topic.pk}/", legal_eye_form(topic, [])
    )

    assert response.status_code == 302
    draft = LegalEyeArticlePage.objects.get()
    assert not draft.live

    response = admin_client.post(
        f"/admin/pages/{draft.pk}/edit/", {**legal_eye_form(topic, []), "action-publish": "action-publish"}
    )
    assert response.status_code == 200
    assert EMPTY_BODY_MESSAGE in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live

    body = [("paragraph", rich_text("<p>The Equality Act 2010 sets out the duty.</p>"))]
    response = admin_client.post(
        f"/admin/pages/{draft.pk}/edit/", {**legal_eye_form(topic, body), "action-publish": "action-publish"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live


def test_emptying_a_live_articles_body_cannot_be_published(admin_client, topic):
    live = article(topic, "Redundancy pay", TODAY + 100 * DAY)

    response = admin_client.post(
        f"/admin/pages/{live.pk}/edit/",
        {**legal_eye_form(topic, [], title=live.title, slug=live.slug), "action-publish": "action-publish"},
    )

    assert response.status_code == 200
    assert EMPTY_BODY_MESSAGE in response.content.decode()
    live.refresh_from_db()
    assert "Equality Act" in str(live.body[0].value)


def test_no_other_way_of_publishing_lets_an_empty_article_out(topic):
    draft = LegalEyeArticlePageFactory(parent=topic, title="Empty draft", live=False)
    revision = draft.save_revision()

    with pytest.raises(ValidationError, match="can't be published with an empty body"):
        revision.publish()

    draft.refresh_from_db()
    assert not draft.live


def test_bulk_publishing_an_empty_article_is_refused_with_the_reason(admin_client, topic):
    empty = LegalEyeArticlePageFactory(parent=topic, title="Empty draft", live=False)
    empty.save_revision()
    ready = article(topic, "Ready to go", TODAY + 100 * DAY, live=False)
    ready.save_revision()

    url = f"/admin/bulk/wagtailcore/page/publish/?id={empty.pk}&id={ready.pk}&next=/admin/pages/{topic.pk}/"
    response = admin_client.post(url, {"include_descendants": ""}, follow=True)

    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert any("Nothing was published" in message and "Empty draft" in message for message in messages)
    assert not LegalEyeArticlePage.objects.filter(
        live=True, title__in=["Empty draft", "Ready to go"]
    ).exists()


def test_bulk_publishing_a_topic_with_its_drafts_checks_the_drafts_too(admin_client, site_tree):
    topic = AdviceTopicPageFactory(parent=site_tree.advice_index, title="Pay", live=False)
    topic.save_revision()
    LegalEyeArticlePageFactory(parent=topic, title="Empty draft", live=False).save_revision()

    url = (
        f"/admin/bulk/wagtailcore/page/publish/?id={topic.pk}&next=/admin/pages/{site_tree.advice_index.pk}/"
    )
    response = admin_client.post(url, {"include_descendants": "on"}, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert any("Empty draft" in message for message in messages)
    topic.refresh_from_db()
    assert not topic.live


def test_bulk_publishing_articles_with_bodies_still_works(admin_client, topic):
    ready = article(topic, "Ready to go", TODAY + 100 * DAY, live=False)
    ready.save_revision()

    url = f"/admin/bulk/wagtailcore/page/publish/?id={ready.pk}&next=/admin/pages/{topic.pk}/"
    admin_client.post(url, {"include_descendants": ""})

    ready.refresh_from_db()
    assert ready.live


def test_the_legal_eye_listing_shows_each_review_date_and_flags_the_overdue_ones(admin_client, topic):
    article(topic, "Overdue article", datetime.date(2026, 1, 5))
    article(topic, "Current article", datetime.date(2099, 3, 1))

    page = BeautifulSoup(admin_client.get("/admin/legal-eye/").content, "html.parser")
    cells = {cell.get_text(" ", strip=True) for cell in page.select("td")}

    assert "Overdue since 5 Jan 2026" in cells
    assert "1 Mar 2099" in cells
