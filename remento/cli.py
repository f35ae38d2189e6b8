"""The ``remento`` command: Django's management commands under one name.

``remento import-people FILE`` runs the ``import_people`` command; hyphens and
underscores are interchangeable. ``remento demo`` runs with DEBUG on unless told otherwise,
since a demo is by definition not production.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
        # A demo is not production, and match-csv works on files alone (no database, no
        # secrets), so neither needs a SECRET_KEY.
        if args[1] in ("demo", "match_csv"):
            os.environ.setdefault("REMENTO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
