"""Print a "Preview in app" link for a page, as the page editor's button makes it.

The link goes to stdout alone, so a script can use it; when it expires goes to stderr.
``--user`` makes the link as that editor (refused if they can't edit the page; the link then
stops working if they lose that right); without it, the link is made by whoever runs the
server. ``--qr`` also draws the QR code in the terminal."""

import io

import segno
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Page

from cms.api import preview


class Command(BaseCommand):
    help = "Print a signed, expiring link that shows a page's latest draft in the app."

    def add_arguments(self, parser):
        parser.add_argument(
            "page_id", type=int, help="The page's id (in the admin's URL: /admin/pages/<id>/)."
        )
        parser.add_argument("--user", help="Make the link as this editor (their username).")
        parser.add_argument("--qr", action="store_true", help="Also draw the QR code in the terminal.")

    def handle(self, *args, page_id, user=None, qr=False, **options):
        page = Page.objects.filter(pk=page_id).first()
        if page is None or page.is_root():
            raise CommandError(f"There is no page with id {page_id}.")
        editor = None
        if user:
            editor = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: user}).first()
            if editor is None:
                raise CommandError(f"There is no user {user!r}.")
        try:
            link = preview.make_link(page, editor)
        except PermissionDenied as error:
            raise CommandError(f"{user} can't edit {page.title!r}, so can't preview it.") from error
        self.stdout.write(link.url)
        expires = timezone.localtime(link.expires_at).strftime("%d/%m/%Y %H:%M")
        self.stderr.write(f"Shows {page.title!r} as last saved; works until {expires}.")
        if qr:
            # Drawn whole, then written once: Django's output wrapper ends every write with a newline.
            drawing = io.StringIO()
            segno.make(link.url, error="m").terminal(out=drawing, compact=True)
            self.stdout.write(drawing.getvalue(), ending="")
