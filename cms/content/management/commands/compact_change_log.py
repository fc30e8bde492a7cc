"""Keep the content feed small without breaking anyone's sync cursor.

A sync delta returns each resource at its *latest* change, so older rows for a key that has
changed since are never needed, whatever cursor a client holds. This deletes those when
older than --days (the newest row is always kept: it is the content version). A cursor older
than what is kept still works: it is checked against the feed's time, not against its row."""

import datetime

from django.core.management.base import BaseCommand
from django.db.models import Max
from django.utils import timezone

from cms.content.models import Change


class Command(BaseCommand):
    help = "Delete superseded rows from the content feed."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Keep everything newer than this.")

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        head = Change.objects.aggregate(head=Max("id"))["head"]
        latest_per_key = Change.objects.values("key").annotate(last=Max("id")).values("last")
        deleted, _ = (
            Change.objects.filter(created_at__lt=cutoff)
            .exclude(id__in=latest_per_key)
            .exclude(id=head)
            .delete()
        )
        self.stdout.write(f"Deleted {deleted} superseded change(s).")
