"""Keep the change log small without breaking anyone's sync cursor.

A sync delta returns each page at its *latest* change, so older changes of a page that
has changed since are never needed, whatever cursor a client holds. This deletes those,
and page-less events, when older than --days (the newest change is always kept: it is
the content version)."""

import datetime

from django.core.management.base import BaseCommand
from django.db.models import Max
from django.utils import timezone

from cms.api.models import ContentChange


class Command(BaseCommand):
    help = "Delete superseded entries from the API's content change log."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Keep everything newer than this.")

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        head = ContentChange.objects.aggregate(head=Max("id"))["head"]
        latest_per_page = (
            ContentChange.objects.filter(page_id__isnull=False)
            .values("page_id")
            .annotate(last=Max("id"))
            .values("last")
        )
        deleted, _ = (
            ContentChange.objects.filter(created_at__lt=cutoff)
            .exclude(id__in=latest_per_page)
            .exclude(id=head)
            .delete()
        )
        self.stdout.write(f"Deleted {deleted} superseded change(s).")
