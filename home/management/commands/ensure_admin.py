import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = Path(settings.BASE_DIR) / ".admin-password"


class Command(BaseCommand):
    help = (
        "Make sure an admin user exists and say how to log in. Uses DJANGO_SUPERUSER_USERNAME "
        "(default 'admin') and DJANGO_SUPERUSER_PASSWORD; without a password, generates one once "
        "and keeps it in .admin-password (git-ignored) so re-runs can show it again."
    )

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        User = get_user_model()
        user = User.objects.filter(username=username).first()

        if user is None:
            password = password or self._generated_password()
            User.objects.create_superuser(username=username, email="admin@example.com", password=password)
            action = "Created admin user"
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
            action = "Reset the password of admin user (from DJANGO_SUPERUSER_PASSWORD)"
        else:
            password = PASSWORD_FILE.read_text().strip() if PASSWORD_FILE.exists() else ""
            action = "Admin user already exists"

        self.stdout.write(self.style.SUCCESS(f"{action}: {username}"))
        self.stdout.write(f"  Log in at {settings.WAGTAILADMIN_BASE_URL}/admin/")
        self.stdout.write(f"  Username: {username}")
        if password and user is not None and not user.check_password(password):
            password = ""
        if password:
            self.stdout.write(f"  Password: {password}")
        else:
            self.stdout.write(
                f"  Password: unchanged (reset it with: .venv/bin/python manage.py changepassword {username})"
            )

    def _generated_password(self):
        password = secrets.token_urlsafe(12)
        PASSWORD_FILE.write_text(password + "\n")
        PASSWORD_FILE.chmod(0o600)
        return password
