"""`manage.py ensure_admin` (run by `make run`): there is always an admin user, and the command
says how to log in. The generated password file lives in a temporary folder in these tests."""

import io
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from home.management.commands import ensure_admin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def password_file(tmp_path, monkeypatch):
    path = tmp_path / ".admin-password"
    monkeypatch.setattr(ensure_admin, "PASSWORD_FILE", path)
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    return path


def run_ensure_admin():
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def printed(output, label):
    """The value on the ``  Label: value`` line of the command's output."""
    for line in output.splitlines():
        if line.strip().startswith(f"{label}:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {label!r} line in:\n{output}")


def test_creates_a_superuser_with_the_given_password_and_says_how_to_log_in(monkeypatch, password_file):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "union-strong-together-2025")

    output = run_ensure_admin()

    assert "Created admin user: admin" in output
    assert "Log in at http://testserver/admin/" in output
    assert printed(output, "Username") == "admin"
    assert printed(output, "Password") == "union-strong-together-2025"
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    assert user.check_password("union-strong-together-2025")
    assert not password_file.exists()


def test_the_printed_credentials_open_the_wagtail_admin(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "union-strong-together-2025")
    output = run_ensure_admin()

    response = client.post(
        "/admin/login/",
        {"username": printed(output, "Username"), "password": printed(output, "Password")},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_second_run_keeps_the_one_admin_user(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "union-strong-together-2025")
    run_ensure_admin()
    first = get_user_model().objects.get(username="admin")
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD")

    output = run_ensure_admin()

    assert "Admin user already exists: admin" in output
    assert printed(output, "Username") == "admin"
    assert printed(output, "Password").startswith("unchanged (reset it with")
    assert get_user_model().objects.filter(username="admin").count() == 1
    user = get_user_model().objects.get(username="admin")
    assert user.pk == first.pk
    assert user.check_password("union-strong-together-2025")


def test_a_second_run_with_a_new_password_resets_it(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "first-password-for-mip")
    run_ensure_admin()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "second-password-for-mip")

    output = run_ensure_admin()

    assert "Reset the password of admin user" in output
    assert printed(output, "Password") == "second-password-for-mip"
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert get_user_model().objects.get(username="admin").check_password("second-password-for-mip")


def test_without_a_password_one_is_generated_kept_private_and_shown_again(password_file):
    output = run_ensure_admin()

    password = printed(output, "Password")
    assert len(password) >= 12
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert password_file.read_text().strip() == password
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600

    again = run_ensure_admin()
    assert "Admin user already exists: admin" in again
    assert printed(again, "Password") == password
    assert get_user_model().objects.count() == 1


def test_a_stale_password_file_is_not_shown_as_the_password(password_file):
    run_ensure_admin()
    user = get_user_model().objects.get(username="admin")
    user.set_password("changed-by-hand-later")
    user.save()

    output = run_ensure_admin()

    assert printed(output, "Password").startswith("unchanged (reset it with")
    assert password_file.read_text().strip() not in output


def test_the_username_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "mip-editor")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "union-strong-together-2025")

    output = run_ensure_admin()

    assert "Created admin user: mip-editor" in output
    assert printed(output, "Username") == "mip-editor"
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["mip-editor"]
