"""``remento seed-demo [--size N] [--seed S] [--organization SLUG]``: the demo organisation.

It migrates the database first, so that it works on a new one as well.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from remento.core.errors import ServiceError
from remento.core.migrating import database_migrate
from remento.demo.people.data import COMPANY_SLUG
from remento.demo.people.seed import (
    DEFAULT_SEED,
    DEFAULT_SIZE,
    demo_organization_seed,
    demo_sign_in_lines,
)


class Command(BaseCommand):
    # The checks open the database: they run after database_migrate() made its folder.
    requires_system_checks: list[str] = []
    help = (
        "Build the demo organisation (Northwind Group): a deterministic, realistic company "
        "with an org chart, skills, interests and demo sign-ins. Reuses it if it exists. "
        "Migrates the database first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--skip-checks", action="store_true", help="skip the system checks")
        parser.add_argument(
            "--size", type=int, default=DEFAULT_SIZE, help=f"people (default {DEFAULT_SIZE})"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
        )
        parser.add_argument(
            "--organization",
            default=COMPANY_SLUG,
            metavar="SLUG",
            help=f"the organisation's slug (default {COMPANY_SLUG!r})",
        )

    def handle(self, *args: Any, size: int, seed: int, organization: str, **options: Any) -> None:
        database_migrate()
        if not options.get("skip_checks"):
            self.check()
        try:
            result = demo_organization_seed(
                size=size, seed=seed, slug=organization, log=self.stdout.write
            )
        except ServiceError as error:
            raise CommandError(str(error)) from error
        verb = "Created" if result.created else "Reused"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {result.organization.name} ({result.organization.slug}): "
                f"{result.people:,} people in {result.seconds:.1f} s."
            )
        )
        for line in demo_sign_in_lines(result):
            self.stdout.write(line)
