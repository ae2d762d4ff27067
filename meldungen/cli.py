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
    try:
        run(argv)
    except KeyboardInterrupt:  # Ctrl+C: one line, not the traceback of wherever it struck
        sys.stderr.write("\nmeldungen: interrupted\n")
        raise SystemExit(130) from None


def run(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldungen.settings")
    import django
    from django.core.management import execute_from_command_line

    from meldungen.hardening import ConfigError

    try:
        django.setup()  # reads the settings: an unusable variable is one line, exit 2
    except ConfigError as exc:
        sys.stderr.write(f"meldungen: {exc}\n")
        raise SystemExit(2) from None
    command = argv[1] if len(argv) > 1 else "help"
    if command not in NO_DB_COMMANDS and command != "migrate":
        from django.db import DatabaseError

        try:
            ensure_migrated()
        except DatabaseError as exc:  # unreachable server, read-only file, ...
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            sys.stderr.write(f"meldungen: cannot open the database (DATABASE_URL): {first}\n")
            raise SystemExit(1) from None
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
