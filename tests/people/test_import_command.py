"""``remento import-people``: the command-line import."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from remento.core.models import AuditEvent, Organization
from remento.people.management.commands.import_people import Command
from remento.people.models import Employee
from tests.factories import OrganizationFactory
from tests.people.import_files import HEADER, csv_bytes, person


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", *args, stdout=out, stderr=err, skip_checks=True)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "hris.csv"
    path.write_bytes(csv_bytes([person("E2", manager_id="E1"), person("E1")]))
    return path


def test_a_good_file_is_imported_and_the_counts_printed(
    organization: Organization, good_file: Path
) -> None:
    out, _ = run(str(good_file))

    assert (
        "Imported hris.csv into Acme Retail (acme): 2 created, 0 updated, 0 unchanged, "
        "0 deactivated." in out
    )
    assert "Departments created: Finance." in out
    assert Employee.objects.filter(organization=organization).count() == 2
    assert AuditEvent.objects.get(verb="people.imported").data["source"] == "command line"


def test_a_bad_file_exits_with_status_1_listing_every_problem_and_writes_nothing(
    organization: Organization,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # run_from_argv closes every connection when it ends, which on PostgreSQL would close
    # the test's own transaction under it; the command's exit status is what is tested here.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes([person("E1", email="nope"), person("E2", manager_id="E7", hire_date="1/2/20")])
    )

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["remento", "import_people", str(path), "--skip-checks"])

    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "row 2, column email: “nope” is not a valid email address" in err
    assert "row 3, column hire_date: “1/2/20” is not a date; expected yyyy-mm-dd" in err
    assert "row 3, column manager_id: manager E7 is neither in the file nor in the directory" in err
    assert "3 problems in the file; nothing was written." in err
    assert not Employee.objects.exists()


def test_a_dry_run_counts_the_changes_and_writes_nothing(
    organization: Organization, good_file: Path
) -> None:
    out, _ = run(str(good_file), "--dry-run")

    assert "Dry run of hris.csv into Acme Retail (acme), nothing written: 2 created" in out
    assert not Employee.objects.exists()


def test_a_full_sync_deactivates_and_reports_it(
    organization: Organization, good_file: Path, tmp_path: Path
) -> None:
    run(str(good_file))
    smaller = tmp_path / "smaller.csv"
    smaller.write_bytes(csv_bytes([person("E1")]))

    out, _ = run(str(smaller), "--full-sync")

    assert "0 created, 0 updated, 1 unchanged, 1 deactivated" in out
    assert not Employee.objects.get(employee_id="E2").is_active


def test_an_unknown_column_is_accepted_once_ignored(
    organization: Organization, tmp_path: Path
) -> None:
    path = tmp_path / "extra.csv"
    path.write_bytes(csv_bytes([person("E1")], header=[*HEADER, "Cost Center", "Notes"]))

    with pytest.raises(CommandError):
        run(str(path))
    out, _ = run(str(path), "--ignore-column", "cost center", "--ignore-column", "Notes")

    assert "Ignored columns: Cost Center, Notes." in out


def test_the_organisation_is_chosen_by_slug_when_there_are_several(
    organization: Organization, good_file: Path
) -> None:
    # The same domain as acme's, so that only the slug decides.
    other = OrganizationFactory(name="Other", slug="other", email_domains=["acme.example"])

    with pytest.raises(CommandError, match="Several organisations exist"):
        run(str(good_file))
    run(str(good_file), "--organization", "other")

    assert Employee.objects.filter(organization=other).count() == 2
    assert not Employee.objects.filter(organization=organization).exists()


def test_an_unknown_slug_is_refused_and_names_the_known_ones(
    organization: Organization, good_file: Path
) -> None:
    with pytest.raises(CommandError, match="No organisation has the slug 'nope' \\(known: acme\\)"):
        run(str(good_file), "--organization", "nope")


def test_a_new_organisation_is_created_only_when_asked_and_only_with_a_good_file(
    db: None, good_file: Path, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="There is no organisation yet"):
        run(str(good_file))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([person("E1", level="")]))
    create = ["--organization", "globex", "--create-organization", "Globex"]
    with pytest.raises(CommandError):
        run(str(bad), *create, "--email-domain", "acme.example")
    assert not Organization.objects.exists()

    out, _ = run(str(good_file), *create, "--email-domain", "acme.example")

    assert "into Globex (globex): 2 created" in out
    assert Employee.objects.filter(organization__slug="globex").count() == 2
    assert Organization.objects.get(slug="globex").email_domains == ["acme.example"]


def test_a_new_organisation_without_email_domains_imports_nobody(db: None, good_file: Path) -> None:
    with pytest.raises(CommandError):
        run(str(good_file), "--organization", "globex", "--create-organization", "Globex")

    assert not Organization.objects.exists()


def test_email_domains_are_declared_only_for_an_organisation_the_command_creates(
    organization: Organization, good_file: Path
) -> None:
    with pytest.raises(CommandError, match="--email-domain only goes with"):
        run(str(good_file), "--organization", "acme", "--email-domain", "evil.example")

    assert organization.email_domains == ["acme.example"]
    assert not Employee.objects.exists()


def test_a_missing_file_is_reported(organization: Organization, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.csv"):
        run(str(tmp_path / "missing.csv"))
