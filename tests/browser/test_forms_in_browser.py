"""Website forms in a real browser: sending a form with mistakes moves focus to the error
summary (with and without JavaScript), its links take the member to the field, and the page
keeps to the Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from enquiries.models import EnquirySubmission, FormPage
from enquiries.routing import Routing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def contact_form_path():
    return FormPage.objects.get(routing=Routing.TOPIC).url


def csp_errors(page):
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return errors


def test_sending_an_empty_form_moves_focus_to_the_error_summary(demo_site, new_context):
    page = new_context().new_page()
    errors = csp_errors(page)
    page.goto(contact_form_path())

    page.get_by_role("button", name="Send message").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title("Error: Send us a message | Managers in Partnership")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    # A link in the summary takes the member to the field, with its label in view.
    summary.get_by_role("link", name="Enter your message").click()
    expect(page.locator("#id_your_message")).to_be_focused()
    expect(page.get_by_text("Your message", exact=True)).to_be_in_viewport()
    summary.get_by_role("link", name="Select what your message is about").click()
    expect(page.locator("#id_topic_0")).to_be_focused()
    assert errors == []
    assert EnquirySubmission.objects.count() == 0


def test_focus_moves_to_the_error_summary_without_javascript(demo_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(contact_form_path())

    page.get_by_role("button", name="Send message").click()

    expect(page.locator(".error-summary")).to_be_focused()
    # Without the script the links are plain links to the fields.
    page.locator(".error-summary").get_by_role("link", name="Enter your name").click()
    expect(page).to_have_url(f"{demo_site.url}{contact_form_path()}#id_name")


def test_a_member_sends_a_message_and_sees_who_it_went_to(demo_site, new_context):
    page = new_context().new_page()
    errors = csp_errors(page)
    page.goto(contact_form_path())

    page.get_by_label("Your name").fill("Jo Member")
    page.get_by_label("Your email address").fill("jo@example.com")
    page.get_by_label("Pay, terms and conditions").check()
    page.get_by_label("Your message", exact=True).fill("My pay was cut without notice.")
    page.get_by_role("checkbox", name="I agree").check()
    page.get_by_role("button", name="Send message").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_role("status")).to_contain_text("Your message has been sent to MiP member advice.")
    assert errors == []
    submission = EnquirySubmission.objects.get()
    assert submission.form_data["topic"] == "Pay, terms and conditions"
