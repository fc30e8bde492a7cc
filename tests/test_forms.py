"""Website forms (enquiries/): "Contact us" routed by topic, "Ask your national officer" routed
through the officer directory, the email news sign-up; the abuse limits (honeypot, rate limit,
sizes), data protection (consent, retention, export) and the accessible error summary.

Emails go from the background worker, never in the request: each test that sends runs the
worker (``run_background_tasks``) and reads Django's locmem outbox."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageViewRestriction

from cms import recurring_tasks
from cms.nations import Nation
from enquiries.models import EnquirySubmission, FormField, FormPage, FormTopic
from enquiries.routing import Inbox, Routing
from enquiries.tasks import prune_form_submissions_task
from home.models import SiteSettings
from tests.factories import (
    CampaignPageFactory,
    EmployerFactory,
    FormPageFactory,
    NewsPageFactory,
    PersonPageFactory,
    RegionFactory,
)
from tests.task_worker import run_background_tasks

pytestmark = pytest.mark.django_db

GENERAL_INBOX = "office@mip.example"
ADVICE_INBOX = "advice@mip.example"


@pytest.fixture
def site_settings(site_tree):
    site_settings = SiteSettings.for_site(site_tree.site)
    site_settings.contact_email = GENERAL_INBOX
    site_settings.member_advice_email = ADVICE_INBOX
    site_settings.save()
    return site_settings


@pytest.fixture
def contact_form(site_tree, site_settings):
    return FormPageFactory(
        parent=site_tree.about,
        title="Send us a message",
        slug="send-us-a-message",
        routing=Routing.TOPIC,
        subject="Website message",
        topics=[
            FormTopic(label="A problem at work", inbox=Inbox.MEMBER_ADVICE),
            FormTopic(label="Joining MiP", inbox=Inbox.GENERAL),
        ],
        form_fields=[
            FormField(label="Membership number", field_type="singleline", required=False),
            FormField(label="Your message", field_type="multiline", required=True),
        ],
    )


@pytest.fixture
def directory(site_tree):
    yorkshire = RegionFactory(name="Yorkshire and the Humber", nation=Nation.ENGLAND)
    london = RegionFactory(name="London", nation=Nation.ENGLAND)
    wales = RegionFactory(name="Wales", nation=Nation.WALES)
    EmployerFactory(name="Leeds Teaching Hospitals NHS Trust", region=yorkshire)
    EmployerFactory(name="Leeds and York Partnership NHS Foundation Trust", region=yorkshire)
    EmployerFactory(name="Guy's and St Thomas' NHS Foundation Trust", region=london)
    people = site_tree.people_index
    sam = PersonPageFactory(parent=people, title="Sam Northern", email="sam@mip.example", regions=[yorkshire])
    chris = PersonPageFactory(
        parent=people, title="Chris Twoplaces", email="chris@mip.example", regions=[yorkshire]
    )
    priya = PersonPageFactory(
        parent=people, title="Priya London", email="priya@mip.example", regions=[london]
    )
    # Never written to: a draft profile, a private one and a profile with no address.
    PersonPageFactory(
        parent=people, title="Newly Appointed", email="new@mip.example", live=False, regions=[yorkshire]
    )
    hidden = PersonPageFactory(
        parent=people, title="Hidden Officer", email="hidden@mip.example", regions=[yorkshire]
    )
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    PersonPageFactory(parent=people, title="No Address", email="", regions=[yorkshire])
    return {
        "yorkshire": yorkshire,
        "london": london,
        "wales": wales,
        "sam": sam,
        "chris": chris,
        "priya": priya,
    }


@pytest.fixture
def officer_form(site_tree, site_settings, directory):
    return FormPageFactory(
        parent=site_tree.about,
        title="Ask your national officer",
        slug="ask-your-national-officer",
        routing=Routing.OFFICER,
        subject="Question for your national officer",
        form_fields=[FormField(label="Your question", field_type="multiline", required=True)],
    )


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST to a form page as a browser would, running what is queued on commit."""

    def post(page, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(page.url, data, **extra)

    return post


def contact_answers(**changes):
    return {
        "name": "Jo Member",
        "email": "jo@example.com",
        "topic": "A problem at work",
        "membership_number": "123456",
        "your_message": "My post is being deleted in a restructure.",
        "consent": "on",
        "website": "",
        **changes,
    }


def officer_answers(**changes):
    return {
        "name": "Alex Manager",
        "email": "alex@example.com",
        "employer": "",
        "region": "",
        "your_question": "Can my employer change my hours?",
        "consent": "on",
        "website": "",
        **changes,
    }


def queued_emails():
    return DBTaskResult.objects.filter(task_path="enquiries.tasks.send_enquiry_emails")


def assert_nothing_stored():
    assert EnquirySubmission.objects.count() == 0
    assert not queued_emails().exists()
    run_background_tasks()
    assert mail.outbox == []


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


# Where form pages go


def test_form_pages_go_under_home_standard_pages_and_campaigns(site_tree):
    assert set(FormPage.allowed_parent_page_models()) >= {
        type(site_tree.home),
        type(site_tree.about),
        type(CampaignPageFactory(parent=site_tree.campaign_index)),
    }
    assert FormPage.can_create_at(site_tree.home)
    assert FormPage.can_create_at(site_tree.about)
    assert not FormPage.can_create_at(site_tree.news_index)
    assert not FormPage.can_create_at(site_tree.advice_index)
    assert FormPage.allowed_subpage_models() == []


# "Contact us": routed by topic to the inboxes in Site settings


@pytest.mark.parametrize(
    ("topic", "inbox", "inbox_name"),
    [
        ("A problem at work", ADVICE_INBOX, "MiP member advice"),
        ("Joining MiP", GENERAL_INBOX, "MiP head office"),
    ],
)
def test_contact_us_goes_to_the_inbox_for_the_topic_and_the_member_gets_a_copy(
    contact_form, post, topic, inbox, inbox_name
):
    response = post(contact_form, contact_answers(topic=topic))

    assert response.status_code == 200
    assert f"Your message has been sent to {inbox_name}." in response.content.decode()
    assert "We have emailed a copy to jo@example.com." in response.content.decode()
    # Nothing is sent during the request: the worker sends it.
    assert mail.outbox == []
    submission = EnquirySubmission.objects.get()
    assert submission.sent_to == [{"name": inbox_name, "email": inbox}]
    assert submission.form_data["topic"] == topic

    run_background_tasks()

    staff, copy = mail.outbox
    assert staff.to == [f"{inbox_name} <{inbox}>"]
    assert staff.subject == f"Website message: {topic}"
    assert staff.reply_to == ["jo@example.com"]
    assert "My post is being deleted in a restructure." in staff.body
    assert "Membership number:\n123456" in staff.body
    assert f"/admin/forms/submissions/{contact_form.pk}/" in staff.body
    assert copy.to == ["jo@example.com"]
    assert copy.reply_to == [f"{inbox_name} <{inbox}>"]
    assert f"We have sent your message to {inbox_name}" in copy.body
    assert "My post is being deleted in a restructure." in copy.body
    submission.refresh_from_db()
    assert submission.emailed_at is not None


def test_changing_an_inbox_in_site_settings_reroutes_the_form(contact_form, site_settings, post):
    site_settings.member_advice_email = "new-advice@mip.example"
    site_settings.save()

    post(contact_form, contact_answers())
    run_background_tasks()

    assert mail.outbox[0].to == ["MiP member advice <new-advice@mip.example>"]


def test_the_worker_sends_a_submission_once(contact_form, post):
    post(contact_form, contact_answers())
    run_background_tasks()
    submission = EnquirySubmission.objects.get()
    from enquiries.tasks import send_enquiry_emails

    send_enquiry_emails.enqueue(submission.pk)
    run_background_tasks()

    assert len(mail.outbox) == 2


def test_no_copy_when_the_page_says_so(contact_form, post):
    contact_form.send_member_copy = False
    contact_form.save()

    post(contact_form, contact_answers())
    run_background_tasks()

    assert [message.to for message in mail.outbox] == [[f"MiP member advice <{ADVICE_INBOX}>"]]


def test_a_topic_the_page_does_not_offer_is_refused(contact_form, post):
    response = post(contact_form, contact_answers(topic="Free holidays"))

    assert response.status_code == 400
    assert "Select what your message is about from the list" in response.content.decode()
    assert_nothing_stored()


# "Ask your national officer": routed through the officer directory


def test_an_employer_reaches_the_officers_covering_its_region(officer_form, post, directory):
    response = post(officer_form, officer_answers(employer="leeds teaching hospitals nhs trust"))

    assert response.status_code == 200
    assert "Your message has been sent to Chris Twoplaces and Sam Northern." in response.content.decode()
    run_background_tasks()

    staff, copy = mail.outbox
    assert sorted(staff.to) == ["Chris Twoplaces <chris@mip.example>", "Sam Northern <sam@mip.example>"]
    assert staff.subject == "Question for your national officer"
    assert staff.reply_to == ["alex@example.com"]
    assert "Employer:\nleeds teaching hospitals nhs trust" in staff.body
    assert "Can my employer change my hours?" in staff.body
    assert copy.to == ["alex@example.com"]
    assert "We have sent your message to Chris Twoplaces, Sam Northern" in copy.body
    assert sorted(copy.reply_to) == sorted(staff.to)


def test_part_of_an_employers_name_is_enough_when_it_fits_one_region(officer_form, post):
    post(officer_form, officer_answers(employer="Leeds"))
    run_background_tasks()

    assert sorted(mail.outbox[0].to) == [
        "Chris Twoplaces <chris@mip.example>",
        "Sam Northern <sam@mip.example>",
    ]


def test_a_region_reaches_its_officers(officer_form, post, directory):
    post(officer_form, officer_answers(region=str(directory["london"].pk)))
    run_background_tasks()

    assert mail.outbox[0].to == ["Priya London <priya@mip.example>"]
    assert EnquirySubmission.objects.get().form_data["region"] == "London"


def test_a_recognised_employer_wins_over_the_region_chosen(officer_form, post, directory):
    post(
        officer_form,
        officer_answers(
            employer="Guy's and St Thomas' NHS Foundation Trust", region=str(directory["yorkshire"].pk)
        ),
    )
    run_background_tasks()

    assert mail.outbox[0].to == ["Priya London <priya@mip.example>"]


def test_a_vague_employer_never_reaches_every_officer(officer_form, post, directory):
    # "NHS" fits employers in two regions: the region chosen decides.
    post(officer_form, officer_answers(employer="NHS", region=str(directory["london"].pk)))
    run_background_tasks()
    assert mail.outbox[0].to == ["Priya London <priya@mip.example>"]

    mail.outbox.clear()
    # With no region either, the member-advice team finds the right person.
    post(officer_form, officer_answers(employer="NHS"))
    run_background_tasks()
    assert mail.outbox[0].to == [f"MiP member advice <{ADVICE_INBOX}>"]


def test_when_nobody_covers_it_the_advice_inbox_gets_it(officer_form, post, directory):
    response = post(officer_form, officer_answers(region=str(directory["wales"].pk)))

    assert "Your message has been sent to MiP member advice." in response.content.decode()
    run_background_tasks()
    staff, copy = mail.outbox
    assert staff.to == [f"MiP member advice <{ADVICE_INBOX}>"]
    assert copy.to == ["alex@example.com"]


def test_an_unknown_employer_with_no_region_goes_to_the_advice_inbox(officer_form, post):
    post(officer_form, officer_answers(employer="Little Care Home Ltd"))
    run_background_tasks()

    assert mail.outbox[0].to == [f"MiP member advice <{ADVICE_INBOX}>"]
    assert EnquirySubmission.objects.get().form_data["employer"] == "Little Care Home Ltd"


def test_the_member_must_give_an_employer_or_a_region(officer_form, post):
    response = post(officer_form, officer_answers())

    assert response.status_code == 400
    page = soup(response)
    assert (
        page.select_one("#id_employer-error").get_text().strip()
        == "Error: Enter your employer or choose your region"
    )
    assert page.select_one(".error-summary a[href='#id_employer']")
    assert_nothing_stored()


def test_the_officer_form_offers_the_directorys_regions_and_employers(client, officer_form):
    page = soup(client.get(officer_form.url))

    groups = {
        group["label"]: [option.get_text() for option in group.select("option")]
        for group in page.select("#id_region optgroup")
    }
    assert groups == {"England": ["London", "Yorkshire and the Humber"], "Wales": ["Wales"]}
    assert page.select_one("#id_employer")["list"] == "employer-names"
    assert [option["value"] for option in page.select("#employer-names option")] == [
        "Guy's and St Thomas' NHS Foundation Trust",
        "Leeds and York Partnership NHS Foundation Trust",
        "Leeds Teaching Hospitals NHS Trust",
    ]


# Email news sign-up: kept for export, nobody emailed but the member


def test_a_sign_up_form_keeps_the_submission_and_confirms_to_the_member(site_tree, site_settings, post):
    campaign = CampaignPageFactory(parent=site_tree.campaign_index, title="Managers Matter")
    sign_up = FormPageFactory(
        parent=campaign,
        title="Get our email news",
        button_label="Sign up",
        form_fields=[FormField(label="Send me MiP's email news", field_type="checkbox", required=True)],
    )

    response = post(sign_up, {"name": "Sam", "email": "sam@example.com", "consent": "on"})
    assert response.status_code == 400
    assert "Tick the box ‘Send me MiP&#x27;s email news’" in response.content.decode()

    response = post(
        sign_up, {"name": "Sam", "email": "sam@example.com", "send_me_mips_email_news": "on", "consent": "on"}
    )
    assert response.status_code == 200
    assert "We have your details." in response.content.decode()
    submission = EnquirySubmission.objects.get()
    assert submission.sent_to == []
    assert submission.form_data["send_me_mips_email_news"] is True
    run_background_tasks()
    assert [message.to for message in mail.outbox] == [["sam@example.com"]]


# Abuse: honeypot, rate limit, sizes


def test_a_filled_in_honeypot_is_refused_and_shown_so_a_person_can_clear_it(contact_form, post):
    response = post(contact_form, contact_answers(website="http://spam.example"))

    assert response.status_code == 400
    page = soup(response)
    assert page.select_one(".error-summary a[href='#id_website']")
    # Shown as an ordinary field now, not hidden off-screen.
    assert page.select_one("#id_website").find_parent(class_="form-trap") is None
    assert_nothing_stored()


def test_the_honeypot_is_hidden_from_people(client, contact_form):
    trap = soup(client.get(contact_form.url)).select_one("#id_website")

    wrapper = trap.find_parent(class_="form-trap")
    assert wrapper["aria-hidden"] == "true"
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"


def test_too_many_posts_from_one_address_get_429_and_nothing_stored(contact_form, post, settings):
    settings.FORM_RATE_LIMIT = 2
    settings.FORM_RATE_LIMIT_WINDOW_MINUTES = 30
    for _ in range(2):
        assert post(contact_form, contact_answers(), REMOTE_ADDR="203.0.113.9").status_code == 200

    response = post(contact_form, contact_answers(your_message="Third message"), REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    page = soup(response)
    assert page.select_one(".error-summary h2").get_text() == "Too many messages from your connection"
    # The member's words are still in the form to copy.
    assert page.select_one("#id_your_message").get_text().strip() == "Third message"
    assert EnquirySubmission.objects.count() == 2
    assert not EnquirySubmission.objects.filter(form_data__your_message="Third message").exists()
    # Another address is not affected.
    assert post(contact_form, contact_answers(), REMOTE_ADDR="198.51.100.4").status_code == 200


def test_the_rate_limit_counts_the_address_the_proxy_saw(contact_form, post, settings):
    settings.FORM_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert (
        post(contact_form, contact_answers(), HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 200
    )
    # A client cannot dodge the limit by inventing an X-Forwarded-For of its own.
    response = post(contact_form, contact_answers(), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", **proxy)
    assert response.status_code == 429
    assert (
        post(contact_form, contact_answers(), HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy).status_code == 200
    )


def test_an_ipv6_client_is_counted_by_its_network(contact_form, post, settings):
    settings.FORM_RATE_LIMIT = 1
    assert post(contact_form, contact_answers(), REMOTE_ADDR="2001:db8:1:2::1").status_code == 200
    assert post(contact_form, contact_answers(), REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429


def test_an_answer_over_the_length_limit_is_refused(contact_form, post, settings):
    response = post(contact_form, contact_answers(your_message="x" * (settings.FORM_ANSWER_MAX_LENGTH + 1)))

    assert response.status_code == 400
    assert "Your message must be 5,000 characters or fewer" in response.content.decode()
    assert_nothing_stored()


def test_a_single_line_answer_over_its_limit_is_refused(contact_form, post):
    response = post(contact_form, contact_answers(name="J" * 201))

    assert response.status_code == 400
    assert "Your name must be 200 characters or fewer" in response.content.decode()
    assert_nothing_stored()


def test_answers_too_long_together_are_refused(contact_form, post, settings):
    settings.FORM_SUBMISSION_MAX_LENGTH = 300
    response = post(contact_form, contact_answers(your_message="x" * 150, membership_number="9" * 200))

    assert response.status_code == 400
    summary = soup(response).select_one(".error-summary").get_text()
    assert "Your answers are too long" in summary and "the most a form can take is 300" in summary
    assert_nothing_stored()


def test_a_request_too_large_is_refused_unread(contact_form, post, settings):
    settings.FORM_REQUEST_MAX_BYTES = 2_000
    response = post(contact_form, contact_answers(your_message="x" * 3_000))

    assert response.status_code == 413
    assert "Your message is too large to send" in response.content.decode()
    assert_nothing_stored()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"email": "not-an-address"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"email": ""}, "email", "Enter your email address"),
        ({"consent": ""}, "consent", "Tick the box to agree to how MiP uses your details"),
        ({"your_message": "   "}, "your_message", "Enter your message"),
        ({"name": ""}, "name", "Enter your name"),
    ],
)
def test_bad_input_gets_a_message_on_the_field_and_nothing_is_stored(
    contact_form, post, changes, field, message
):
    response = post(contact_form, contact_answers(**changes))

    assert response.status_code == 400
    page = soup(response)
    assert message in page.select_one(f"#id_{field}-error").get_text()
    assert page.select_one(f".error-summary a[href='#id_{field}']").get_text().startswith(message)
    # What the member typed elsewhere is kept.
    assert page.select_one("#id_membership_number")["value"] == "123456"
    assert_nothing_stored()


# Accessible forms


def test_the_error_summary_comes_first_takes_focus_and_links_to_every_field(client, contact_form, post):
    response = post(contact_form, {"website": ""})
    page = soup(response)

    assert page.title.get_text().startswith("Error: Send us a message")
    summary = page.select_one(".error-summary")
    assert summary["tabindex"] == "-1" and summary.has_attr("autofocus") and summary["role"] == "alert"
    # Before the page's h1, so it is the first thing read.
    assert summary.find_next("h1") is not None and page.select_one("h1").find_previous(class_="error-summary")
    links = [(link["href"], link.get_text()) for link in summary.select("a")]
    assert links == [
        ("#id_name", "Enter your name"),
        ("#id_email", "Enter your email address"),
        ("#id_topic_0", "Select what your message is about"),
        ("#id_your_message", "Enter your message"),
        ("#id_consent", "Tick the box to agree to how MiP uses your details, or we cannot send your message"),
    ]
    for href, _message in links:
        assert page.select_one(href) is not None, f"{href} links to nothing"
    # Each field names its error (and its hint) for screen readers.
    email = page.select_one("#id_email")
    assert email["aria-describedby"] == "id_email-hint id_email-error" and email["aria-invalid"] == "true"
    topic = page.select_one("#id_topic_0").find_parent("fieldset")
    assert topic["aria-describedby"] == "id_topic-error"
    assert topic.select_one("legend").get_text(strip=True) == "What is your message about?"
    # The scripts only help; the page is complete without them and none is inline.
    scripts = page.select("script")
    assert "/static/js/error-summary.js" in [script.get("src") for script in scripts]
    assert all(script.get("src") for script in scripts)


def test_every_field_has_a_real_label_and_hints_are_tied_to_fields(client, contact_form):
    page = soup(client.get(contact_form.url))

    form = page.select_one("form#enquiry-form")
    assert form.has_attr("novalidate") and form["method"] == "post"
    for control in form.select("input:not([type=hidden]), textarea, select"):
        label = form.select_one(f"label[for='{control['id']}']")
        assert label is not None and label.get_text(strip=True), f"{control['id']} has no label"
    assert (
        form.select_one("label[for=id_membership_number]").get_text(strip=True)
        == "Membership number (optional)"
    )
    message = form.select_one("#id_your_message")
    assert message["aria-describedby"] == "id_your_message-hint"
    assert "up to 5,000 characters" in form.select_one("#id_your_message-hint").get_text()
    # No maxlength on the long answer: it would cut off pasted text without saying so.
    assert not message.has_attr("maxlength")
    assert form.select_one("#id_email")["autocomplete"] == "email"
    assert not page.select(".error-summary") and not page.title.get_text().startswith("Error")


def test_the_consent_text_comes_from_site_settings_and_is_stored(contact_form, site_settings, client, post):
    site_settings.form_consent_text = "I agree MiP may use these details to reply to me."
    site_settings.save()

    label = soup(client.get(contact_form.url)).select_one("label[for=id_consent]").get_text(strip=True)
    post(contact_form, contact_answers())

    assert label == "I agree MiP may use these details to reply to me."
    assert (
        EnquirySubmission.objects.get().form_data["consent"]
        == "I agree MiP may use these details to reply to me."
    )


def test_a_form_page_is_never_cached(client, contact_form):
    first = client.get(contact_form.url)
    second = client.get(contact_form.url)

    for response in (first, second):
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "csrftoken" in response.cookies
    # A different token each time: neither page came from a cache.
    token = 'name="csrfmiddlewaretoken" value="'
    assert first.content.decode().split(token)[1][:64] != second.content.decode().split(token)[1][:64]


def test_the_page_cache_still_serves_other_pages(client, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index)
    client.get(news.url)
    assert client.get(news.url)["X-Page-Cache"] == "hit"


def test_a_dropdown_question_starts_with_no_answer(site_tree, site_settings, client):
    page = FormPageFactory(
        parent=site_tree.home,
        form_fields=[
            FormField(
                label="Where do you work?", field_type="dropdown", choices="NHS\nSocial care", required=False
            )
        ],
    )
    options = soup(client.get(page.url)).select("#id_where_do_you_work option")
    assert [(option["value"], option.get_text()) for option in options] == [
        ("", "Choose an option"),
        ("NHS", "NHS"),
        ("Social care", "Social care"),
    ]


# Data protection: retention


def make_submission(page, days_old):
    submission = EnquirySubmission.objects.create(page=page, form_data={"name": f"{days_old} days old"})
    EnquirySubmission.objects.filter(pk=submission.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=days_old)
    )
    return submission


def test_submissions_past_the_retention_period_are_deleted_by_the_command(contact_form, settings):
    settings.FORM_RETENTION_DAYS = 365
    make_submission(contact_form, 366)
    make_submission(contact_form, 400)
    kept = [make_submission(contact_form, 364), make_submission(contact_form, 0)]

    output = io.StringIO()
    call_command("prune_form_submissions", "--dry-run", stdout=output)
    assert "2 submissions are older than 365 days" in output.getvalue()
    assert EnquirySubmission.objects.count() == 4

    call_command("prune_form_submissions", stdout=output)
    assert "Deleted 2 submissions older than 365 days." in output.getvalue()
    assert sorted(EnquirySubmission.objects.values_list("pk", flat=True)) == sorted(item.pk for item in kept)


def test_the_retention_period_is_a_setting(contact_form, settings):
    settings.FORM_RETENTION_DAYS = 30
    make_submission(contact_form, 31)
    recent = make_submission(contact_form, 29)

    call_command("prune_form_submissions", stdout=io.StringIO())

    assert list(EnquirySubmission.objects.all()) == [recent]


def test_the_worker_prunes_every_night_and_keeps_the_schedule(contact_form):
    make_submission(contact_form, 400)
    recent = make_submission(contact_form, 10)
    DBTaskResult.objects.all().delete()

    prune_form_submissions_task.enqueue()
    run_background_tasks()

    assert list(EnquirySubmission.objects.all()) == [recent]
    # Running it queued the next night's run, at 03:00 Europe/London.
    next_run = DBTaskResult.objects.get(
        task_path="enquiries.tasks.prune_form_submissions_task", status="READY"
    )
    local = timezone.localtime(next_run.run_after)
    assert (local.hour, local.minute) == (3, 0)
    assert timezone.now() < next_run.run_after <= timezone.now() + datetime.timedelta(days=1)


def test_every_migrate_makes_sure_the_nightly_run_is_queued_once():
    DBTaskResult.objects.all().delete()
    schedule = recurring_tasks.SCHEDULES["enquiries.tasks.prune_form_submissions_task"]

    first = recurring_tasks.ensure_scheduled(schedule)
    again = recurring_tasks.ensure_scheduled(schedule)

    assert first == again
    assert DBTaskResult.objects.filter(task_path="enquiries.tasks.prune_form_submissions_task").count() == 1


def test_a_schedule_finds_its_next_time_in_london_time():
    schedule = recurring_tasks.Schedule(task=None, at=datetime.time(7, 0), weekday=0)
    # Sunday 29 March 2026, 12:00 UTC: the clocks went forward that morning.
    after = datetime.datetime(2026, 3, 29, 12, 0, tzinfo=datetime.UTC)
    next_run = schedule.next_run(after)
    assert timezone.localtime(next_run).strftime("%A %d %B %H:%M") == "Monday 30 March 07:00"
    assert next_run == datetime.datetime(2026, 3, 30, 6, 0, tzinfo=datetime.UTC)


# Editors: the submissions listing and its CSV export


def test_an_editor_exports_submissions_as_csv(contact_form, post, client, django_user_model):
    post(contact_form, contact_answers())
    post(contact_form, contact_answers(name="Sam Second", email="sam@example.com", topic="Joining MiP"))
    editor = django_user_model.objects.create_user("editor", "editor@mip.example", "pw", is_staff=False)
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    listing = client.get(f"/admin/forms/submissions/{contact_form.pk}/")
    assert listing.status_code == 200
    assert "Sam Second" in listing.content.decode()

    export = client.get(f"/admin/forms/submissions/{contact_form.pk}/?export=csv")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "Submission date",
        "Name",
        "Email address",
        "Topic",
        "Membership number",
        "Your message",
        "Consent",
        "Sent to",
        "Emailed",
    ]
    assert [row[1:4] for row in rows[1:]] == [
        ["Jo Member", "jo@example.com", "A problem at work"],
        ["Sam Second", "sam@example.com", "Joining MiP"],
    ]
    assert rows[1][7] == f"MiP member advice <{ADVICE_INBOX}>"
    assert rows[2][7] == f"MiP head office <{GENERAL_INBOX}>"


def test_a_formula_in_an_answer_stays_text_in_the_csv(contact_form, post, admin_client):
    post(contact_form, contact_answers(your_message='=HYPERLINK("http://evil.example","Click")'))

    export = admin_client.get(f"/admin/forms/submissions/{contact_form.pk}/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))

    assert rows[1][5] == '\'=HYPERLINK("http://evil.example","Click")'
    assert rows[1][1] == "Jo Member"


def test_the_form_page_editor_shows_the_submission_count(contact_form, post, admin_client):
    post(contact_form, contact_answers())

    response = admin_client.get(f"/admin/pages/{contact_form.pk}/edit/")

    assert response.status_code == 200
    assert f"/admin/forms/submissions/{contact_form.pk}/" in response.content.decode()


def test_the_forms_menu_lists_form_pages(contact_form, admin_client):
    response = admin_client.get("/admin/forms/")
    assert "Send us a message" in response.content.decode()


# Editors: building a form page


def form_page_data(**changes):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    data = {
        "title": "Contact us",
        "slug": "contact-us-form",
        "intro": "",
        "body": streamfield([]),
        "button_label": "Send",
        "thank_you_text": rich_text("<p>Thank you.</p>"),
        "form_fields": inline_formset(
            [
                {
                    "label": "Your message",
                    "field_type": "multiline",
                    "required": "on",
                    "help_text": "",
                    "choices": "",
                    "default_value": "",
                }
            ]
        ),
        "routing": Routing.TOPIC,
        "topics": inline_formset([]),
        "to_address": "",
        "subject": "",
        "from_address": "",
        "send_member_copy": "on",
        **changes,
    }
    return nested_form_data(data)


def test_an_editor_cannot_publish_a_topic_form_without_topics(site_tree, admin_client):
    response = admin_client.post(
        f"/admin/pages/add/enquiries/formpage/{site_tree.about.pk}/",
        {**form_page_data(), "action-publish": "action-publish"},
    )

    assert response.status_code == 200
    assert "Add at least one topic under ‘Topics’" in response.content.decode()
    assert not FormPage.objects.exists()


def test_an_editor_cannot_reuse_a_built_in_question(site_tree, admin_client):
    from wagtail.test.utils.form_data import inline_formset

    data = form_page_data(
        routing=Routing.ADDRESSES,
        form_fields=inline_formset(
            [
                {
                    "label": "Email",
                    "field_type": "email",
                    "required": "on",
                    "help_text": "",
                    "choices": "",
                    "default_value": "",
                }
            ]
        ),
    )
    response = admin_client.post(
        f"/admin/pages/add/enquiries/formpage/{site_tree.about.pk}/",
        {**data, "action-publish": "action-publish"},
    )

    assert response.status_code == 200
    assert "Every form already asks for ‘Email’" in response.content.decode()
    assert not FormPage.objects.exists()


def test_an_editor_publishes_a_topic_form(site_tree, admin_client, client):
    from wagtail.test.utils.form_data import inline_formset

    data = form_page_data(topics=inline_formset([{"label": "Pay", "inbox": Inbox.MEMBER_ADVICE}]))
    response = admin_client.post(
        f"/admin/pages/add/enquiries/formpage/{site_tree.about.pk}/",
        {**data, "action-publish": "action-publish"},
    )

    assert response.status_code == 302
    page = FormPage.objects.get()
    assert page.live and [topic.label for topic in page.topics.all()] == ["Pay"]
    assert soup(client.get(page.url)).select_one("#id_topic_0")["value"] == "Pay"


def test_an_editor_previews_the_form_and_its_thank_you_page(contact_form, rf, admin_user):
    contact_form.thank_you_text = "<p>We reply within two working days.</p>"
    request = rf.get(contact_form.url)
    request.user = admin_user

    form = contact_form.make_preview_request(original_request=request, preview_mode="form")
    landing = contact_form.make_preview_request(original_request=request, preview_mode="landing")

    assert form.status_code == 200 and 'id="id_your_message"' in form.content.decode()
    assert landing.status_code == 200 and "We reply within two working days." in landing.content.decode()


# The API describes the form for the apps


def test_the_api_lists_a_forms_questions(client, contact_form):
    response = client.get(f"/api/v2/pages/{contact_form.pk}/")

    assert response.status_code == 200
    questions = response.json()["questions"]
    assert [question["name"] for question in questions] == [
        "name",
        "email",
        "topic",
        "membership_number",
        "your_message",
        "consent",
    ]
    topic = questions[2]
    assert topic["type"] == "radio" and topic["choices"] == ["A problem at work", "Joining MiP"]
    assert questions[4]["type"] == "textarea" and questions[4]["required"] is True
    # Where messages go is the site's business, not the apps'.
    assert "to_address" not in response.json() and "routing" not in response.json()


# The demo site


def test_the_demo_content_has_working_forms(client):
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("load_demo_content", stdout=io.StringIO())

    forms = {page.slug: page for page in FormPage.objects.live()}
    assert set(forms) == {"send-us-a-message", "ask-your-national-officer", "email-news"}
    assert forms["send-us-a-message"].routing == Routing.TOPIC
    assert {topic.inbox for topic in forms["send-us-a-message"].topics.all()} == {
        Inbox.GENERAL,
        Inbox.MEMBER_ADVICE,
    }
    assert forms["ask-your-national-officer"].routing == Routing.OFFICER
    assert forms["email-news"].get_parent().slug == "managers-matter"

    # "Get our email news" on Managers Matter leads to the sign-up form, which has a form.
    from campaigns.models import CampaignPage

    campaign = CampaignPage.objects.get(slug="managers-matter")
    email_news = next(
        block for block in campaign.calls_to_action if block.value["button_label"] == "Get our email news"
    )
    assert email_news.value["page"].specific == forms["email-news"]
    page = soup(client.get(forms["email-news"].url))
    assert page.select_one("form#enquiry-form button").get_text() == "Sign up"
