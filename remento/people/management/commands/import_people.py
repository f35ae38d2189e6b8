"""``remento import-people FILE.csv [--organization SLUG] [--dry-run] [--full-sync]
[--ignore-column NAME]... [--confirm-privileged]``: import the directory from an HRIS
export, a CSV file or an Excel workbook (.xlsx).

The organisation: ``--organization SLUG``, which may be left out while there is exactly one.
With none yet, ``--organization SLUG --create-organization "Name" --email-domain DOMAIN``
sets it up in the same transaction as the import (a rejected file creates no organisation
either); the import accepts only emails of the organisation's declared domains.
Changes to the sign-ins of admins and coordinators are made only with
``--confirm-privileged``.
Exit status 1, with every problem as ``row N, column C: reason``, when any row is bad.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from remento.core.domains import email_domains_clean
from remento.core.errors import RowErrors, ServiceError
from remento.core.models import Organization
from remento.people.importing.plan import ImportPlan
from remento.people.importing.preview import counts_in_words
from remento.people.importing.services import people_import_apply, people_import_plan
from remento.people.services.organization import organization_setup

WARNINGS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import people from an HRIS export, CSV (UTF-8, comma or semicolon) or Excel "
        "workbook (.xlsx, its first sheet): upsert by "
        "employee id; all or nothing, every bad row reported as 'row N, column C: reason'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", metavar="FILE.csv", help="the CSV file or .xlsx workbook, or - for stdin"
        )
        parser.add_argument(
            "--organization",
            metavar="SLUG",
            help="the organisation to import into (optional while there is only one)",
        )
        parser.add_argument(
            "--create-organization",
            metavar="NAME",
            help="set up the organisation given by --organization, named NAME, if it is new",
        )
        parser.add_argument(
            "--email-domain",
            action="append",
            default=[],
            metavar="DOMAIN",
            help="with --create-organization: an email domain of its people (repeat for "
            "several); the import accepts only addresses of these domains",
        )
        parser.add_argument(
            "--confirm-privileged",
            action="store_true",
            help="also make the changes to the sign-ins of admins and coordinators (a new "
            "email, a return); without it they are listed and left as they are",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and count the changes; write nothing"
        )
        parser.add_argument(
            "--full-sync",
            action="store_true",
            help="deactivate active people missing from the file (nobody is deleted)",
        )
        parser.add_argument(
            "--ignore-column",
            action="append",
            default=[],
            metavar="NAME",
            help="a column of the file to ignore (repeat for several); unknown columns "
            "are otherwise an error",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data, file_name = self._read(options["file"])
        started = time.perf_counter()
        try:
            with transaction.atomic():
                organization = self._organization(
                    options["organization"],
                    options["create_organization"],
                    options["email_domain"],
                    options["dry_run"],
                )
                kwargs: dict[str, Any] = {
                    "actor": None,
                    "organization": organization,
                    "data": data,
                    "full_sync": options["full_sync"],
                    "ignore_columns": options["ignore_column"],
                    "confirm_privileged": options["confirm_privileged"],
                }
                if options["dry_run"]:
                    plan = people_import_plan(**kwargs)
                else:
                    plan = people_import_apply(**kwargs, file_name=file_name)
        except RowErrors as errors:
            for problem in errors.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(errors), returncode=1) from errors
        except ServiceError as error:
            raise CommandError(str(error), returncode=1) from error
        self._report(plan, file_name, options["dry_run"], time.perf_counter() - started)

    def _read(self, path: str) -> tuple[bytes, str]:
        if path == "-":
            return sys.stdin.buffer.read(), "stdin"
        try:
            return Path(path).read_bytes(), Path(path).name
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.", returncode=1) from error

    def _organization(
        self, slug: str | None, create_name: str | None, domains: list[str], dry_run: bool
    ) -> Organization:
        if create_name and not slug:
            raise CommandError("--create-organization needs --organization SLUG.", returncode=1)
        if slug:
            found = Organization.objects.filter(slug=slug).first()
            if found is not None:
                if domains:
                    raise CommandError(
                        f"--email-domain only goes with --create-organization: {slug!r} exists "
                        "already, and its admins declare its domains on its Settings page.",
                        returncode=1,
                    )
                return found
            if create_name:
                if dry_run:  # planned against the new, empty organisation; nothing is saved
                    return Organization(
                        name=create_name, slug=slug, email_domains=email_domains_clean(domains)
                    )
                return organization_setup(name=create_name, slug=slug, email_domains=domains)
            raise CommandError(
                f"No organisation has the slug {slug!r} ({self._known()}). To create it, add "
                f'--create-organization "Its Name".',
                returncode=1,
            )
        organizations = list(Organization.objects.all()[:2])
        if len(organizations) == 1:
            return organizations[0]
        if not organizations:
            raise CommandError(
                "There is no organisation yet: pass --organization SLUG "
                '--create-organization "Its Name" to set one up with this import.',
                returncode=1,
            )
        raise CommandError(
            f"Several organisations exist ({self._known()}): say which with --organization SLUG.",
            returncode=1,
        )

    def _known(self) -> str:
        slugs = list(Organization.objects.order_by("slug").values_list("slug", flat=True)[:20])
        return "known: " + ", ".join(slugs) if slugs else "there are none yet"

    def _report_levels(self, plan: ImportPlan, dry_run: bool) -> None:
        levels = plan.level_counts
        if levels["promotions"] or levels["demotions"]:
            verb = "would be recorded" if dry_run else "recorded"
            self.stdout.write(
                f"Level history: {levels['promotions']:,} promotions and "
                f"{levels['demotions']:,} demotions {verb}."
            )

    def _report(self, plan: ImportPlan, file_name: str, dry_run: bool, seconds: float) -> None:
        summary = counts_in_words(plan.reported_counts)
        where = f"{plan.organization.name} ({plan.organization.slug})"
        if dry_run:
            self.stdout.write(f"Dry run of {file_name} into {where}, nothing written: {summary}.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Imported {file_name} into {where}: {summary}.")
                + f" ({seconds:.1f} s)"
            )
        if plan.new_departments:
            verb = "would be created" if dry_run else "created"
            names = ", ".join(plan.new_departments[:10])
            more = (
                f" and {len(plan.new_departments) - 10} more"
                if len(plan.new_departments) > 10
                else ""
            )
            self.stdout.write(f"Departments {verb}: {names}{more}.")
        for note in plan.department_spellings[:WARNINGS_SHOWN]:
            self.stdout.write(note)
        if len(plan.department_spellings) > WARNINGS_SHOWN:
            rest = len(plan.department_spellings) - WARNINGS_SHOWN
            self.stdout.write(f"… and {rest:,} more departments written in several ways.")
        if plan.ignored_columns:
            self.stdout.write(f"Ignored columns: {', '.join(plan.ignored_columns)}.")
        self._report_levels(plan, dry_run)
        sign_ins = plan.sign_ins.counts
        parts = [
            f"{sign_ins[key]:,} {words}"
            for key, words in (
                ("sign_ins_created", "created"),
                ("sign_ins_linked", "linked to existing accounts"),
                ("sign_ins_email_changed", "with a new email"),
                ("sign_ins_deactivated", "switched off"),
                ("sign_ins_reactivated", "switched back on"),
                ("sign_ins_held", "left as they are (admins', coordinators' or operators')"),
            )
            if sign_ins[key]
        ]
        if parts:
            line = f"Sign-ins{' (dry run)' if dry_run else ''}: {', '.join(parts)}."
            if sign_ins["sign_ins_created"]:
                line += (
                    " A new sign-in has no password: its person chooses one through"
                    " “Set a password” on the sign-in page."
                )
            self.stdout.write(line)
        for warning in plan.warnings[:WARNINGS_SHOWN]:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        if len(plan.warnings) > WARNINGS_SHOWN:
            self.stdout.write(f"… and {len(plan.warnings) - WARNINGS_SHOWN:,} more warnings.")
