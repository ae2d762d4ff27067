"""The `meldungen` command: Django's management under the hood.

Every command that needs the database first creates and migrates an empty data dir, so
`meldungen serve` (or `ingest`, `sources list`, ...) works on a fresh machine with no set-up.
"""

from __future__ import annotations

import os
import sys

# Commands that never touch the database (and must not create one).
NO_DB_COMMANDS = {
    "help",
    "--help",
    "-h",
    "version",
    "--version",
    "makemigrations",
    "check",
    "shell",
    "test",
    "eval",
    "diffsettings",
    "collectstatic",
}


def ensure_migrated() -> None:
    """Apply pending migrations quietly (creates the SQLite file on first use)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldungen.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    command = argv[1] if len(argv) > 1 else "help"
    if command not in NO_DB_COMMANDS and command != "migrate":
        ensure_migrated()
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
