"""The ``remento`` command: Django's management commands under one name.

``remento import-people FILE`` runs the ``import_people`` command; hyphens and
underscores are interchangeable, in ``remento help NAME`` too. ``remento demo`` and
``remento seed-demo`` run with DEBUG on unless told otherwise, since a demo is by
definition not production.

Help (``remento``, ``remento --help``, ``remento help NAME``, ``remento NAME --help``) needs
neither a secret nor a database. A configuration error (a malformed or missing environment
variable) is reported as one line that names the variable, with exit status 2.
"""

from __future__ import annotations

import importlib
import os
import sys

# Help only reads the commands' argument parsers: nothing is signed, so a placeholder key
# lets the settings load (and every Remento command be listed) when no secret is set.
HELP_ONLY_SECRET_KEY = "remento-help-only-never-used-to-sign-anything"
HELP_FLAGS = ("-h", "--help")
# A demo is not production, match-csv works on files alone (no database, no secrets), and
# the chat sandbox is the demo's stand-in for Slack and Teams, so none of them needs a
# SECRET_KEY.
DEBUG_BY_DEFAULT = ("demo", "seed_demo", "match_csv", "chat_sandbox")
CONFIGURATION_ERROR_STATUS = 2


def command_name(name: str) -> str:
    """The management command's own name: ``import-people`` → ``import_people``."""
    return name.replace("-", "_")


def normalised_arguments(args: list[str]) -> list[str]:
    """``args`` with the command's name (and the one after ``help``) in underscore form."""
    args = list(args)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = command_name(args[1])
        if args[1] == "help" and len(args) > 2 and not args[2].startswith("-"):
            args[2] = command_name(args[2])
    return args


def asks_for_help(args: list[str]) -> bool:
    """Whether the command line only asks for help or the list of commands."""
    if len(args) < 2 or args[1] in (*HELP_FLAGS, "help"):
        return True
    return any(arg in HELP_FLAGS for arg in args[2:])


def main(argv: list[str] | None = None) -> None:
    args = normalised_arguments(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] in DEBUG_BY_DEFAULT:
        os.environ.setdefault("REMENTO_DEBUG", "1")
    if asks_for_help(args) and not os.environ.get("SECRET_KEY_FILE"):
        os.environ.setdefault("SECRET_KEY", HELP_ONLY_SECRET_KEY)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loading the settings is the point)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"remento: configuration error: {error}\n")
        sys.exit(CONFIGURATION_ERROR_STATUS)
    if len(args) > 1 and args[1] in FILES_ONLY and not asks_for_help(args):
        # Reads and writes files only: no model, so no app loading (django.setup() and
        # every app's imports: most of a second of a small match's start-up).
        importlib.import_module(FILES_ONLY[args[1]]).Command().run_from_argv(args)
        return
    execute_from_command_line(args)


FILES_ONLY = {"match_csv": "remento.matching.management.commands.match_csv"}
"""Commands that need the settings but no app (their modules): run without
``django.setup()``."""


if __name__ == "__main__":
    main()
