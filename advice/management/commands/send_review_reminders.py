from django.core.management.base import BaseCommand

from advice import reviews


class Command(BaseCommand):
    help = (
        "Email each Legal Eye author or owner the articles they answer for that are overdue for "
        "review or due within LEGAL_EYE_REVIEW_NOTICE_DAYS. The worker does this every Monday at 07:00."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would get what; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = reviews.reminders()
            for reminder in due:
                person = reminder.recipient
                self.stdout.write(
                    f"{person.name} <{person.email}> ({person.role}): {len(reminder.overdue)} overdue, "
                    f"{len(reminder.due_soon)} due soon"
                )
            self.stdout.write(f"Dry run: {len(due)} reminders not sent.")
            return
        sent = reviews.send_review_reminders()
        articles = sum(reminder.count for reminder in sent)
        self.stdout.write(self.style.SUCCESS(f"Sent {len(sent)} reminders covering {articles} articles."))
