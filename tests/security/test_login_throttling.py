"""Guessing an editor's password: after five wrong passwords for one username from one
address, that username is refused from that address for 15 minutes, even with the right
password. Other editors, and the same editor from elsewhere, sign in as normal."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editors(db):
    User = get_user_model()
    return [
        User.objects.create_superuser(username=name, email=f"{name}@miphealth.org.uk", password=PASSWORD)
        for name in ("jo", "sam")
    ]


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN_URL, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def is_signed_in(client):
    return client.get("/admin/").status_code == 200


def fail(client, username, times, address="203.0.113.7"):
    return [sign_in(client, username, "wrong password", address) for _ in range(times)]


def test_the_admin_sign_in_works_normally(client, editors):
    response = sign_in(client, "jo", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert is_signed_in(client)


def test_a_wrong_password_shows_the_sign_in_form_again_with_an_error(client, editors):
    response = sign_in(client, "jo", "wrong password")
    assert response.status_code == 200
    assert "Your username and password didn" in response.content.decode()
    assert not is_signed_in(client)


def test_five_wrong_passwords_lock_the_username_even_against_the_right_password(client, editors):
    responses = fail(client, "jo", 5)
    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]

    response = sign_in(client, "jo", PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "paused for 15 minutes" in page
    assert not is_signed_in(client)


def test_another_editor_at_the_same_address_is_not_locked_out(client, editors):
    fail(client, "jo", 5)
    assert sign_in(client, "sam", PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_the_same_editor_from_another_address_is_not_locked_out(client, editors):
    fail(client, "jo", 5, address="203.0.113.7")
    assert sign_in(client, "jo", PASSWORD, address="198.51.100.20").status_code == 302


def test_a_successful_sign_in_clears_the_count(client, editors):
    fail(client, "jo", 4)
    assert sign_in(client, "jo", PASSWORD).status_code == 302
    client.logout()

    assert [response.status_code for response in fail(client, "jo", 4)] == [200] * 4
    assert sign_in(client, "jo", PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, editors):
    from axes.models import AccessAttempt

    fail(client, "jo", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    assert sign_in(client, "jo", PASSWORD).status_code == 302


def test_an_administrator_can_unlock_an_editor(client, editors):
    from django.core.management import call_command

    fail(client, "jo", 5)
    call_command("axes_reset_username", "jo")

    assert sign_in(client, "jo", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_lock_follows_the_browser_not_the_proxy(client, editors, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        client.post(
            LOGIN_URL,
            {"username": "jo", "password": "wrong password"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    other_browser = client.post(
        LOGIN_URL,
        {"username": "jo", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    spoofed = client.post(
        LOGIN_URL,
        {"username": "jo", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR=proxy,
        # A client prepending its own X-Forwarded-For entry does not escape the lock.
        HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7",
    )

    assert other_browser.status_code == 302
    assert spoofed.status_code == 429


def test_force_login_and_test_client_login_still_work_for_other_tests(client, editors):
    assert client.login(username="sam", password=PASSWORD)
    assert is_signed_in(client)
    client.logout()
    client.force_login(editors[0])
    assert is_signed_in(client)
