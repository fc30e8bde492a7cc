"""``/.well-known/security.txt`` follows RFC 9116: plain text, a Contact and exactly one
Expires (from settings, or a year from start-up), the file's Canonical address on the site
itself (never the request's Host), and the preferred language."""

import datetime
import re

import pytest
from django.test import override_settings

from tests.test_settings import run_python

pytestmark = pytest.mark.django_db

RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def fields(response):
    found = {}
    for line in response.content.decode().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition(": ")
            found.setdefault(name, []).append(value)
    return found


def test_security_txt_is_plain_text_with_every_field_rfc_9116_asks_for(client, site_tree):
    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response)
    assert found["Contact"] == ["mailto:info@miphealth.org.uk"]
    assert len(found["Expires"]) == 1 and RFC_3339.match(found["Expires"][0])
    assert found["Canonical"] == ["http://testserver/.well-known/security.txt"]
    assert found["Preferred-Languages"] == ["en"]
    assert set(found) == {"Contact", "Expires", "Canonical", "Preferred-Languages"}


def test_by_default_it_expires_a_year_from_start_up(client, site_tree):
    expires = datetime.datetime.fromisoformat(fields(client.get("/.well-known/security.txt"))["Expires"][0])
    year_ahead = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=365)

    assert abs(expires - year_ahead) < datetime.timedelta(days=1)


def test_contact_and_expiry_come_from_settings(client, site_tree):
    expires = datetime.datetime(2027, 6, 30, tzinfo=datetime.UTC)
    with override_settings(
        SECURITY_TXT_CONTACT=["mailto:security@miphealth.org.uk", "https://www.miphealth.org.uk/contact/"],
        SECURITY_TXT_EXPIRES=expires,
    ):
        found = fields(client.get("/.well-known/security.txt"))

    assert found["Contact"] == ["mailto:security@miphealth.org.uk", "https://www.miphealth.org.uk/contact/"]
    assert found["Expires"] == ["2027-06-30T00:00:00Z"]


def test_the_canonical_address_ignores_the_requests_host(client, site_tree, settings):
    settings.ALLOWED_HOSTS = ["*"]

    found = fields(client.get("/.well-known/security.txt", headers={"host": "evil.example"}))

    assert found["Canonical"] == ["http://testserver/.well-known/security.txt"]


def test_the_environment_sets_contact_and_expiry():
    result = run_python(
        "-c",
        "from cms.settings import base as b; "
        "print(b.SECURITY_TXT_CONTACT, b.SECURITY_TXT_EXPIRES.isoformat())",
        SECURITY_TXT_CONTACT="mailto:security@miphealth.org.uk,tel:+442079700",
        SECURITY_TXT_EXPIRES="2027-01-31T12:00:00+01:00",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['mailto:security@miphealth.org.uk', 'tel:+442079700'] 2027-01-31T11:00:00+00:00"
    )


def test_a_bad_expiry_date_refuses_to_start_with_a_clear_message():
    result = run_python("manage.py", "check", "--settings=cms.settings.dev", SECURITY_TXT_EXPIRES="next year")

    assert result.returncode != 0
    assert result.stderr.startswith(
        "Configuration error: SECURITY_TXT_EXPIRES must be a date and time in ISO 8601"
    )
