"""Guessing a page's password (Wagtail's "private, accessible with a password"): after five
wrong passwords for one protected page from one address, that address gets 429 for 15
minutes, even with the right password. Other pages, other addresses and a right password
before the limit are unaffected. Before this, 200 wrong tries in 22 s were all answered."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.security.models import PagePasswordFailure
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

PASSWORD = "members-only-2025"
ADDRESS = "203.0.113.7"


@pytest.fixture
def protected_pages(site_tree):
    pages = [
        NewsPageFactory(parent=site_tree.news_index, title=title, slug=slug)
        for title, slug in (("Pay offer for members", "pay-offer"), ("Ballot result", "ballot-result"))
    ]
    for page in pages:
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
        )
    return pages


def form_action(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    assert "You need a password to access this page." in response.content.decode()
    return response.context["action_url"]


def try_password(client, page, password, address=ADDRESS):
    return client.post(
        form_action(client, page), {"password": password, "return_url": page.url}, REMOTE_ADDR=address
    )


def can_read(client, page):
    response = client.get(page.url)
    return (
        response.status_code == 200
        and page.title in response.content.decode()
        and "password" not in (response.context.get("action_url") or "")
    )


def test_the_right_password_opens_the_page(client, protected_pages):
    page = protected_pages[0]

    response = try_password(client, page, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == page.url
    assert can_read(client, page)


def test_the_throttle_is_in_front_of_wagtails_own_view(client, protected_pages):
    assert form_action(client, protected_pages[0]).startswith("/_util/authenticate_with_password/")
    response = try_password(client, protected_pages[0], "wrong")
    assert response.status_code == 200
    assert "The password you have entered is not correct." in response.content.decode()
    assert PagePasswordFailure.objects.get().failures == 1


def test_five_wrong_passwords_lock_the_page_for_that_address_even_against_the_right_one(
    client, protected_pages
):
    page = protected_pages[0]

    statuses = [try_password(client, page, f"guess-{n}").status_code for n in range(5)]
    right = try_password(client, page, PASSWORD)

    assert statuses == [200, 200, 200, 200, 429]
    assert right.status_code == 429
    text = right.content.decode()
    assert "Too many wrong passwords" in text
    assert "paused for 15 minutes" in text
    assert not can_read(client, page)


def test_two_hundred_rapid_guesses_are_answered_429_after_the_fifth(client, protected_pages):
    page = protected_pages[0]
    action = form_action(client, page)

    statuses = [
        client.post(
            action, {"password": f"guess-{n}", "return_url": page.url}, REMOTE_ADDR=ADDRESS
        ).status_code
        for n in range(200)
    ]

    assert statuses[:4] == [200] * 4
    assert set(statuses[4:]) == {429}
    # Guesses while locked are not counted: the lock ends 15 minutes after the fifth.
    assert PagePasswordFailure.objects.get().failures == 5


def test_another_address_and_another_page_are_not_locked(client, protected_pages):
    for n in range(5):
        try_password(client, protected_pages[0], f"guess-{n}")

    assert try_password(client, protected_pages[0], PASSWORD, address="198.51.100.20").status_code == 302
    assert try_password(client, protected_pages[1], PASSWORD).status_code == 302


def test_a_right_password_before_the_limit_clears_the_count(client, protected_pages):
    page = protected_pages[0]
    for n in range(4):
        try_password(client, page, f"guess-{n}")

    assert try_password(client, page, PASSWORD).status_code == 302
    assert not PagePasswordFailure.objects.exists()
    client.cookies.clear()
    assert [try_password(client, page, f"again-{n}").status_code for n in range(4)] == [200] * 4


def test_the_lock_ends_after_the_cooloff(client, protected_pages):
    page = protected_pages[0]
    for n in range(5):
        try_password(client, page, f"guess-{n}")
    PagePasswordFailure.objects.update(last_failure_at=timezone.now() - datetime.timedelta(minutes=16))

    assert try_password(client, page, PASSWORD).status_code == 302


def test_old_wrong_passwords_do_not_add_up(client, protected_pages):
    page = protected_pages[0]
    for n in range(4):
        try_password(client, page, f"guess-{n}")
    PagePasswordFailure.objects.update(last_failure_at=timezone.now() - datetime.timedelta(minutes=16))

    assert try_password(client, page, "one more").status_code == 200
    assert PagePasswordFailure.objects.get().failures == 1


def test_behind_a_proxy_the_browsers_address_is_counted(client, protected_pages):
    page = protected_pages[0]
    with override_settings(TRUSTED_PROXY_COUNT=1):
        for n in range(5):
            client.post(
                form_action(client, page),
                {"password": f"guess-{n}", "return_url": page.url},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR="203.0.113.7",
            )
        other_reader = client.post(
            form_action(client, page),
            {"password": PASSWORD, "return_url": page.url},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.20",
        )

    assert other_reader.status_code == 302
    assert PagePasswordFailure.objects.get().ip_address == "203.0.113.7"


@override_settings(PAGE_PASSWORD_FAILURE_LIMIT=2, PAGE_PASSWORD_COOLOFF_MINUTES=1)
def test_the_limit_and_cooloff_come_from_settings(client, protected_pages):
    statuses = [try_password(client, protected_pages[0], f"guess-{n}").status_code for n in range(2)]

    assert statuses == [200, 429]
    assert "paused for 1 minute." in try_password(client, protected_pages[0], PASSWORD).content.decode()
