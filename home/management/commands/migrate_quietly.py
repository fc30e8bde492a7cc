from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = (
        "Apply every migration and say so in one line: how many were applied, to which database "
        "(what `make run` prints instead of a line per migration)."
    )

    def handle(self, *args, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        to_apply = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        call_command("migrate", interactive=False, verbosity=0)
        database = describe(connection)
        if to_apply:
            noun = "migration" if to_apply == 1 else "migrations"
            self.stdout.write(self.style.SUCCESS(f"Database ready: {to_apply} {noun} applied to {database}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Database ready: {database} is up to date."))


def describe(connection):
    """ "the SQLite file db.sqlite3" or "PostgreSQL database mip on 127.0.0.1"."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"the SQLite file {settings['NAME']}"
    host = settings.get("HOST") or "localhost"
    return f"{connection.display_name} database {settings['NAME']} on {host}"
