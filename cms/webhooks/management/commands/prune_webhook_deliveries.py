from django.conf import settings
from django.core.management.base import BaseCommand

from cms.webhooks.sending import prune


class Command(BaseCommand):
    help = "Delete finished webhook deliveries older than WEBHOOKS_DELIVERY_RETENTION_DAYS (30)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.WEBHOOKS_DELIVERY_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        deleted = prune(days)
        self.stdout.write(f"Deleted {deleted} webhook deliveries older than {days} days.")
