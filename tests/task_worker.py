"""Running the background worker inside a test, as ``make run`` runs it beside the server."""

from django.core.management import call_command


def run_background_tasks():
    """Run every task queued on the "background" backend now (what ``db_worker`` would do
    within a second), then return."""
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
