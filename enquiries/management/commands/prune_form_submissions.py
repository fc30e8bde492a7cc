from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from enquiries import retention


class Command(BaseCommand):
    help = (
        "Delete website form submissions older than FORM_RETENTION_DAYS (the worker also does "
        "this every night)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help=f"Keep this many days instead (default {settings.FORM_RETENTION_DAYS})."
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would go, delete nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        kept = settings.FORM_RETENTION_DAYS if days is None else days
        if dry_run:
            count = sum(queryset.count() for queryset in retention.expired(days=days))
            self.stdout.write(f"{count} submissions are older than {kept} days (dry run: nothing deleted).")
            return
        count = retention.prune_form_submissions(days=days)
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} submissions older than {kept} days."))
