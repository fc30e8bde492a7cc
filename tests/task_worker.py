"""Running the background worker inside a test, as ``make run`` runs it beside the server."""

from unittest import mock

from django.core.management import call_command


def run_background_tasks():
    """Run every task queued on the "background" backend now (what ``db_worker`` would do
    within a second), then return.

    The worker closes "old" database connections between tasks; inside a test's transaction
    that would close the test's own connection (PostgreSQL), so it is told not to here."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        # Given as arguments: the command checks its --backend default before keyword options apply.
        call_command(
            "db_worker",
            "--backend=background",
            "--queue-name=*",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            verbosity=0,
        )
